import { Money } from "../../src/core/money";
import { ReversalPlan } from "../../src/core/reverse";
import { nothingToExport } from "../../src/taskpane/export-model";
import { exportFile, paymentFile } from "../../src/taskpane/output-file";
import { reversalModel } from "../../src/taskpane/reversal-model";
import { restorePatch } from "../../src/taskpane/restore-cells";
import { runChoices } from "../../src/taskpane/run-choices";
import { SHEETS } from "../../src/workbook/contract";
import { SheetPatch, WorkbookSnapshot } from "../../src/workbook/grid";
import { sheet } from "../support/workbook-builder";

describe("the runs to choose from", () => {
  it("lists runs newest first, without reversals or repeats", () => {
    const book: WorkbookSnapshot = {
      sheets: [sheet(SHEETS.runs, [["Run id", "Kind"], ["RUN-1", "Run"], ["REV-1", "Reversal"], ["RUN-2", null], [" run-1 ", "Run"], ["RUN-3", "Run"]])],
    };
    expect(runChoices(book)).toEqual(["RUN-3", "run-1", "RUN-2"]);
    expect(runChoices({ sheets: [] })).toEqual([]);
  });
});

describe("the files the pane hands out", () => {
  it("names them after what, when and which run, with what a file name can hold", () => {
    expect(exportFile("csv", "2026-11-24", null, "x")).toEqual({ name: "vendor-invoices-2026-11-24.csv", type: "text/csv;charset=utf-8", text: "x" });
    const zip = exportFile("d365", "2026-11-24", null, new Uint8Array([0x50, 0x4b]));
    expect([zip.name, zip.type, zip.bytes]).toEqual(["vendor-invoice-journal-2026-11-24.zip", "application/zip", new Uint8Array([0x50, 0x4b])]);
    expect(exportFile("csv", "2026-11-24", "RUN 1/2", "x").name).toBe("vendor-invoices-2026-11-24-RUN_1_2.csv");
    expect(paymentFile("RBP-20261124-103000-1A2B3C", "<x/>")).toEqual({ name: "payments-RBP-20261124-103000-1A2B3C.xml", type: "application/xml;charset=utf-8", text: "<x/>" });
  });

  it("says how to export again when nothing is waiting, unless that was asked already", () => {
    expect(nothingToExport({ format: "d365", runId: "RUN-1", again: false })).toContain('of run RUN-1 is waiting for export. Nothing was written. Tick "Export again"');
    expect(nothingToExport({ format: "d365", runId: null, again: true })).not.toContain("Tick");
  });
});

describe("cells to write back after Excel's undo", () => {
  const header = ["Invoice", "Status", "Exported"];
  const book: WorkbookSnapshot = {
    sheets: [sheet(SHEETS.invoices, [header, ["RB-1", "Open", 46350], ["RB-2", "Open", null], ["RB-3", "Open", { error: "#N/A" }]])],
  };
  const update: SheetPatch = {
    sheet: SHEETS.invoices, create: false, headerRow: 1, header, columnKinds: ["text", "text", "date"],
    blocks: [{ row: 2, col: 3, values: [["x"]] }, { row: 3, col: 3, values: [["x"]] }, { row: 4, col: 3, values: [["x"]] }],
  };
  const created: SheetPatch = { sheet: "Vendor payments", create: true, headerRow: 1, header: ["a"], columnKinds: ["text"], blocks: [{ row: 1, col: 1, values: [["a"]] }] };

  it("keeps only cells that held a value, dates as dates, and lists error values as not restorable", () => {
    const { patch, cells } = restorePatch(book, { sheets: [update, created] });
    expect(cells).toEqual([
      { sheet: SHEETS.invoices, address: "C2", text: "2026-11-24", restorable: true },
      { sheet: SHEETS.invoices, address: "C4", text: "#N/A", restorable: false },
    ]);
    expect(patch.sheets).toHaveLength(1);
    expect(patch.sheets[0].blocks).toEqual([{ row: 2, col: 3, values: [[new Date("2026-11-24T00:00:00Z")]] }]);
  });

  it("has nothing to write back for rows appended below a table", () => {
    const append: SheetPatch = { ...update, blocks: [{ row: 5, col: 1, values: [["RB-4", "Open", null]] }] };
    expect(restorePatch(book, { sheets: [append] })).toEqual({ patch: { sheets: [] }, cells: [] });
  });
});

describe("the reversal as the pane words it", () => {
  const base: ReversalPlan = { reversalId: "REV-1", runId: "RUN-1", found: 3, reversed: [], alreadyReversed: 0, refused: [], transactions: [], totals: [] };
  const cell = (row: number): string => `K${row}`;

  it("tells apart a run that reimbursed nobody, one already reversed, and one whose rows are all refused", () => {
    expect(reversalModel({ ...base, found: 0 }, cell).headline).toBe("Nothing to reverse: RUN-1 reimbursed no customer.");
    expect(reversalModel({ ...base, found: 1, alreadyReversed: 1 }, cell).headline).toBe("Nothing to reverse: the only reimbursement of RUN-1 is already reversed.");
    const refused = { row: 7, customerAccount: "C1", currency: "EUR", amount: new Money("1234.5"), invoice: "RB-7", reason: "it is Paid: the money has left the company; recover it from the vendor instead" };
    const model = reversalModel({ ...base, found: 2, alreadyReversed: 1, refused: [refused] }, cell);
    expect(model.headline).toBe("Nothing can be reversed in RUN-1: 1 reimbursement of 2 cannot be (see below).");
    expect(model.canReverse).toBe(false);
    expect(model.refusedHeading).toBe("1 reimbursement cannot be reversed; 1 reimbursement reversed earlier");
    expect(model.refused).toEqual([
      { sheet: "Reimbursements", cell: "K7", text: "Sheet 'Reimbursements', cell K7: customer C1, 1,234.50 EUR, invoice RB-7: it is Paid: the money has left the company; recover it from the vendor instead" },
    ]);
  });
});
