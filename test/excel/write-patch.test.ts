import { applyPatch } from "../../src/excel/write-patch";
import { readSnapshot } from "../../src/excel/read-snapshot";
import { ExcelWriteError } from "../../src/excel/write-error";
import { COLUMNS, SHEETS } from "../../src/workbook/contract";
import { CellValue, SheetPatch, WorkbookPatch, WorkbookSnapshot } from "../../src/workbook/grid";
import { prepareRun } from "../../src/workbook/run";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { readInvoiceRows } from "../../src/workbook/read-outputs";
import { updateCells } from "../../src/workbook/update";
import { buildBook } from "../support/workbook-builder";
import { LimitedExcel, REQUEST_LIMIT_BYTES } from "./fake-excel-limits";

const now = new Date("2026-11-24T09:30:00Z");
type Scalar = string | number | boolean;

/** Puts a snapshot's sheets into a mock Excel, dates as serials as Excel holds them. */
function excelWith(book: WorkbookSnapshot): LimitedExcel {
  const excel = new LimitedExcel();
  for (const s of book.sheets) {
    const rows = s.rows.map((r) => r.map((v): Scalar => (v === null ? "" : v instanceof Date ? v.getTime() / 86400000 + 25569 : typeof v === "object" ? v.error : v)));
    excel.addSheet(s.name, rows);
  }
  return excel;
}

const book = buildBook({
  customers: [
    { account: "C001", name: "=HYPERLINK(\"http://x\")" },
    { account: "C002", currency: "JPY", name: "-5 Ltd" },
    { account: "C003", blocked: "Payment" },
  ],
  balances: [["C001", "EUR", -120.5], ["C002", "JPY", -5000], ["C003", "EUR", -50]],
  rates: [["JPY", 0.0062]],
});

describe("writing a run to Excel", () => {
  it("writes each output sheet with its header, typed values and number formats, and makes it a table", async () => {
    const excel = excelWith(book);
    const { plan, patch } = prepareRun(book, { now });
    await applyPatch(excel.context, patch);

    const sheet = excel.sheet(SHEETS.reimbursements);
    const header = COLUMNS.reimbursements.map((c) => c.header);
    expect(sheet.grid()[0]).toEqual(header);
    const col = (h: string): string => String.fromCharCode(65 + header.indexOf(h));
    expect(sheet.get(`${col("Customer account")}2`)).toBe("C001");
    expect(sheet.get(`${col("Customer name")}2`)).toBe("=HYPERLINK(\"http://x\")");
    expect(sheet.format(`${col("Customer name")}2`)).toBe("@");
    expect(sheet.get(`${col("Customer name")}3`)).toBe("-5 Ltd");
    expect(sheet.format(`${col("Customer name")}3`)).toBe("@");
    expect(sheet.get(`${col("Amount")}2`)).toBe(120.5);
    expect(sheet.format(`${col("Amount")}2`)).toBe("#,##0.00");
    expect(sheet.get(`${col("Amount")}3`)).toBe(5000);
    expect(sheet.format(`${col("Amount")}3`)).toBe("#,##0");
    expect(sheet.get(`${col("Date")}2`)).toBe(46350); // 2026-11-24
    expect(sheet.format(`${col("Date")}2`)).toBe("yyyy-mm-dd");
    expect(sheet.get(`${col("Run id")}2`)).toBe(plan.runId);
    expect(sheet.tableAddresses()).toEqual([`${SHEETS.reimbursements}!A1:${String.fromCharCode(64 + header.length)}3`]);
    expect(excel.sheet(SHEETS.exceptions).grid()).toHaveLength(2);
    expect(excel.suspendCalls).toBe(excel.syncs - 1);

    // What Excel now holds reads back as the run wrote it.
    const after = await readSnapshot(excel.context);
    expect(prepareRun(after, { now }).plan.reimbursements).toEqual([]);
  });

  it("appends below an existing sheet's rows and adds missing columns to the right of its header", async () => {
    const existing = [["Run id", "Customer account", "Currency", "Amount", "My notes"], ["RUN-OLD", "C900", "EUR", 12, "keep me"]];
    const withSheet: WorkbookSnapshot = { sheets: [...book.sheets, { name: SHEETS.reimbursements, startRow: 1, startCol: 1, rows: existing }] };
    const excel = excelWith(withSheet);
    const { patch } = prepareRun(withSheet, { now });
    await applyPatch(excel.context, patch);
    const grid = excel.sheet(SHEETS.reimbursements).grid();
    expect(grid[0].slice(0, 6)).toEqual(["Run id", "Customer account", "Currency", "Amount", "My notes", "Date"]);
    expect(grid[1].slice(0, 5)).toEqual(["RUN-OLD", "C900", "EUR", 12, "keep me"]);
    expect(grid[2][1]).toBe("C001");
    expect(grid[3][1]).toBe("C002");
    expect(excel.sheet(SHEETS.reimbursements).tables).toEqual([]);
  });

  it("formats an updated cell by its own column's kind, not by the first column the patch touches", async () => {
    const after = applyPatchToSnapshot(book, prepareRun(book, { now }).patch);
    const excel = excelWith(after);
    const rows = readInvoiceRows(after);
    const update = updateCells(after, SHEETS.invoices, COLUMNS.invoices, rows.map((r) => ({ row: r.row, header: "Amount", value: 99.5 })));
    await applyPatch(excel.context, { sheets: update ? [update] : [] });
    const header = excel.sheet(SHEETS.invoices).grid()[0];
    const amount = String.fromCharCode(65 + header.indexOf("Amount"));
    expect(excel.sheet(SHEETS.invoices).get(`${amount}2`)).toBe(99.5);
    expect(excel.sheet(SHEETS.invoices).format(`${amount}2`)).toBe("#,##0.00");
  });

  it("needs two syncs for a small run, however many customers it has", async () => {
    for (const customers of [3, 300]) {
      const many = buildBook({
        customers: Array.from({ length: customers }, (_, i) => ({ account: `C${i}` })),
        balances: Array.from({ length: customers }, (_, i): [CellValue, CellValue, CellValue] => [`C${i}`, "EUR", -100]),
      });
      const excel = excelWith(many);
      await applyPatch(excel.context, prepareRun(many, { now }).patch);
      expect(excel.syncs).toBe(2);
    }
  });

  it("writes 50,000 rows in chunks of under 5 MB each, reporting progress per chunk", async () => {
    const rows = 50_000;
    const header = COLUMNS.reimbursements.map((c) => c.header);
    const values: CellValue[][] = Array.from({ length: rows }, (_, i) => [
      "RUN-1", new Date("2026-11-24T00:00:00Z"), `C${i}`, `Customer ${i}`, "EUR", 10 + i, 10 + i, `OTV-${i}`, "Yes", `RB-${i}`, "Open",
    ]);
    const patch: WorkbookPatch = { sheets: [reimbursementsSheet(header, values)] };
    const excel = new LimitedExcel();
    excel.addSheet("Customers", [["Customer account"]]);
    const progress: [number, number][] = [];
    await applyPatch(excel.context, patch, (done, total) => progress.push([done, total]));
    expect(Math.max(...excel.syncLog.map((s) => s.request))).toBeLessThan(REQUEST_LIMIT_BYTES);
    expect(excel.syncLog.every((s) => !s.refused)).toBe(true);
    // One sync for the checks, then one per chunk: rows of 11 cells of ~12 bytes each, about 4 MB a chunk.
    expect(excel.syncs).toBeLessThanOrEqual(1 + Math.ceil(rows / 20_000) + 1);
    expect(progress).toHaveLength(excel.syncs - 1);
    expect(progress[progress.length - 1]).toEqual([rows + 1, rows + 1]);
    const sheet = excel.sheet(SHEETS.reimbursements);
    expect(sheet.get(`C${rows + 1}`)).toBe(`C${rows - 1}`);
    expect(sheet.get(`F${rows + 1}`)).toBe(10 + rows - 1);
    expect(sheet.tableAddresses()).toEqual([`${SHEETS.reimbursements}!A1:K${rows + 1}`]);
  });
});

describe("a run Excel refuses part-way", () => {
  const header = COLUMNS.reimbursements.map((c) => c.header);
  const rows = 30_000;
  const values: CellValue[][] = Array.from({ length: rows }, (_, i) => ["RUN-2", null, `C${i}`, "n", "EUR", 1, 1, "V", "No", `RB-${i}`, "Open"]);
  const transactionsHeader = ["Customer account", "Date", "Currency", "Amount", "Type", "Document", "Run id"];

  function partlyFailingExcel(): LimitedExcel {
    const excel = new LimitedExcel();
    excel.addSheet(SHEETS.transactions, [transactionsHeader, ["C1", 46000, "EUR", 50, "Invoice", "D1", ""]]);
    return excel;
  }

  const patch: WorkbookPatch = {
    sheets: [
      {
        sheet: SHEETS.transactions, create: false, headerRow: 1, header: [...transactionsHeader, "Note"],
        columnKinds: ["text", "date", "text", "amount", "text", "text", "text", "text"],
        blocks: [
          { row: 1, col: 8, values: [["Note"]] },
          { row: 3, col: 1, values: [["C2", null, "EUR", -1, "Reimbursement", "RB-1", "RUN-2", "x"]] },
        ],
      },
      reimbursementsSheet(header, values),
    ],
  };

  it("removes the sheets it added and clears the rows it appended, then says so", async () => {
    const excel = partlyFailingExcel();
    const before = excel.sheet(SHEETS.transactions).grid();
    excel.failures.set(3, { code: "InvalidOperation", partial: true });
    const error = await applyPatch(excel.context, patch).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExcelWriteError);
    expect((error as Error).message).toMatch(/^Excel could not write to the workbook: Sync 3 failed \(InvalidOperation\)\. Nothing was kept: the new sheet 'Reimbursements' was removed and the cells written at 'Customer transactions'!H1, 'Customer transactions'!A3:H3 were cleared\./);
    expect(excel.sheets.map((s) => s.name)).toEqual([SHEETS.transactions]);
    expect(excel.sheet(SHEETS.transactions).grid()).toEqual(before);
  });

  it("tells the user what to remove by hand when the undo fails too", async () => {
    const excel = partlyFailingExcel();
    excel.failures.set(3, { code: "InvalidOperation", partial: true });
    excel.failures.set(4, { code: "GeneralException" });
    const error = await applyPatch(excel.context, patch).catch((e: unknown) => e);
    expect((error as Error).message).toContain("Undoing it also failed (Sync 4 failed (GeneralException)): delete the sheets 'Reimbursements' and clear 'Customer transactions'!H1, 'Customer transactions'!A3:H3");
  });

  it("writes nothing when a sheet it would add appeared since the preview", async () => {
    const excel = partlyFailingExcel();
    excel.addSheet(SHEETS.reimbursements, [["Run id"]]);
    await expect(applyPatch(excel.context, patch)).rejects.toThrow("Sheet 'Reimbursements' was added since the preview was made; preview again before running.");
    expect(excel.syncs).toBe(1);
    expect(excel.sheet(SHEETS.transactions).get("H1")).toBe("");
  });
});

function reimbursementsSheet(header: string[], values: CellValue[][]): SheetPatch {
  return {
    sheet: SHEETS.reimbursements, create: true, headerRow: 1, header,
    columnKinds: COLUMNS.reimbursements.map((c) => c.kind),
    blocks: [{ row: 1, col: 1, values: [header] }, { row: 2, col: 1, values, rowDecimals: values.map(() => 2) }],
  };
}
