import { prepareExport } from "../../src/export/prepare-export";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { SHEETS } from "../../src/workbook/contract";
import { WorkbookSnapshot } from "../../src/workbook/grid";
import { prepareRun } from "../../src/workbook/run";
import { buildBook } from "../support/workbook-builder";
import { bookAfterRun, editInvoices, isoOf } from "./ap-book";
import { sheetRows } from "../support/sheet-rows";

const linesOf = (book: WorkbookSnapshot, options: { runId?: string; again?: boolean } = {}) =>
  prepareExport(book, { format: "csv", date: "2026-11-30", ...options }).lines.map((l) => `${l.kind} ${l.invoice.invoice}`);

const exported = (book: WorkbookSnapshot, options: { runId?: string; again?: boolean } = {}, date = "2026-11-30"): WorkbookSnapshot =>
  applyPatchToSnapshot(book, prepareExport(book, { format: "csv", date, ...options }).patch);

describe("which invoices an export takes", () => {
  const book = bookAfterRun({
    customers: [{ account: "C001" }, { account: "C002" }],
    balances: [["C001", "EUR", -50], ["C002", "EUR", -60]],
  });

  it("takes every invoice not yet exported and marks it Exported with the export date", () => {
    expect(linesOf(book)).toEqual(["invoice RB-000001", "invoice RB-000002"]);
    const after = exported(book);
    expect(sheetRows(after, SHEETS.invoices).map((r) => isoOf(r.Exported))).toEqual(["2026-11-30", "2026-11-30"]);
  });

  it("does not export the same invoice twice, unless asked to again", () => {
    const after = exported(book);
    expect(linesOf(after)).toEqual([]);
    expect(linesOf(after, { again: true })).toEqual(["invoice RB-000001", "invoice RB-000002"]);
    const twice = exported(after, { again: true }, "2026-12-01");
    expect(sheetRows(twice, SHEETS.invoices).map((r) => isoOf(r.Exported))).toEqual(["2026-12-01", "2026-12-01"]);
  });

  it("takes only the invoices of the run asked for", () => {
    const base = buildBook({ customers: [{ account: "C001" }, { account: "C002" }], balances: [["C001", "EUR", -50]] });
    const first = applyPatchToSnapshot(base, prepareRun(base, { selection: {}, now: new Date("2026-11-24T09:00:00Z") }).patch);
    const withSecond = applyPatchToSnapshot(first, {
      sheets: [{
        sheet: "Customer balances", create: false, headerRow: 1, header: ["Customer account", "Currency", "Balance"],
        columnKinds: ["text", "text", "amount"], blocks: [{ row: 3, col: 1, values: [["C002", "EUR", -70]] }],
      }],
    });
    const second = applyPatchToSnapshot(withSecond, prepareRun(withSecond, { selection: { accounts: ["C002"] }, now: new Date("2026-11-25T09:00:00Z") }).patch);
    const runs = sheetRows(second, SHEETS.invoices).map((r) => [r.Invoice, r["Run id"]]);
    expect(runs).toEqual([["RB-000001", "RUN-20261124-090000"], ["RB-000002", "RUN-20261125-090000"]]);
    expect(linesOf(second, { runId: "RUN-20261125-090000" })).toEqual(["invoice RB-000002"]);
    expect(linesOf(second, { runId: "run-20261124-090000" })).toEqual(["invoice RB-000001"]);
  });

  it("exports a cancellation once, and only for an invoice that reached accounts payable", () => {
    const cancelledBeforeExport = editInvoices(book, [{ invoice: "RB-000001", header: "Status", value: "Cancelled" }]);
    expect(linesOf(cancelledBeforeExport)).toEqual(["invoice RB-000002"]);

    const cancelledAfterExport = editInvoices(exported(book), [{ invoice: "RB-000001", header: "Status", value: "Cancelled" }]);
    expect(linesOf(cancelledAfterExport)).toEqual(["credit note RB-000001"]);
    const after = exported(cancelledAfterExport, {}, "2026-12-02");
    expect(sheetRows(after, SHEETS.invoices).map((r) => [r.Invoice, isoOf(r.Exported), isoOf(r["Cancellation exported"])])).toEqual([
      ["RB-000001", "2026-11-30", "2026-12-02"],
      ["RB-000002", "2026-11-30", null],
    ]);
    expect(linesOf(after)).toEqual([]);
    expect(linesOf(after, { again: true })).toEqual(["invoice RB-000001", "credit note RB-000001", "invoice RB-000002"]);
  });

  it("has nothing to export, and changes nothing, in a workbook without invoices", () => {
    const empty = buildBook({ customers: [{ account: "C001" }] });
    const result = prepareExport(empty, { format: "d365", date: "2026-11-30" });
    expect([result.content, result.patch.sheets]).toEqual([null, []]);
  });
});
