import ExcelJS from "exceljs";
import { existsSync, promises as fs } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { excelValueOf } from "../../src/file/cell-values";
import { readXlsx, readXlsxBuffer } from "../../src/file/xlsx-read";
import { amountFormat } from "../../src/file/xlsx-patch";
import { applyPatchToXlsx, applyPatchToXlsxBuffer, writeSnapshotXlsx } from "../../src/file/xlsx-write";
import { COLUMNS, ColumnSpec, SHEETS } from "../../src/workbook/contract";
import { CellValue, SheetGrid, SheetPatch, WorkbookPatch, WorkbookSnapshot, cellAddress, findSheet } from "../../src/workbook/grid";
import { sampleWorkbook } from "../../src/workbook/sample";

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), "reimburse-xlsx-"));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

const path = (name: string): string => join(dir, name);

function sheet(snapshot: WorkbookSnapshot, name: string): SheetGrid {
  const grid = findSheet(snapshot, name);
  if (!grid) throw new Error(`no sheet ${name}`);
  return grid;
}

async function excelJsWorkbook(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

async function openWithExcelJs(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

const invoicesHeader = COLUMNS.invoices.map((c) => c.header);
const transactionsHeader = COLUMNS.transactions.map((c) => c.header);
const date = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** A row in the contract's column order, whatever columns the contract has grown. */
function row(specs: readonly ColumnSpec[], values: Readonly<Record<string, CellValue>>): CellValue[] {
  return specs.map((s) => values[s.header] ?? null);
}
const colOf = (specs: readonly ColumnSpec[], header: string): number => specs.findIndex((s) => s.header === header) + 1;

const invoiceRows = [
  row(COLUMNS.invoices, { Invoice: "RB-000001", "Vendor account": "V000001", "Vendor name": "Anna Müller", "Invoice date": date("2026-11-24"), "Due date": date("2026-12-08"), Currency: "EUR", Amount: 1234.5, "Customer account": "C000002", Description: "Reimbursement", "Run id": "R1" }),
  row(COLUMNS.invoices, { Invoice: "RB-000002", "Vendor account": "OTV-000001", "Vendor name": "Sato K.K.", "Invoice date": date("2026-11-24"), "Due date": date("2026-12-08"), Currency: "JPY", Amount: 15000, "Customer account": "C000007", Description: "=1+1", "Run id": "R1" }),
  row(COLUMNS.invoices, { Invoice: "RB-000003", "Vendor account": "V000009", "Vendor name": "Kanoo W.L.L.", "Invoice date": date("2026-11-24"), "Due date": date("2026-12-08"), Currency: "BHD", Amount: 12.125, "Customer account": "C000011", Description: { error: "#N/A" }, "Run id": "R1" }),
];
const transactionRowsAdded = [
  row(COLUMNS.transactions, { "Customer account": "C000002", Date: date("2026-11-24"), Currency: "EUR", Amount: 1234.5, Type: "Reimbursement", Document: "RB-000001", "Run id": "R1" }),
  row(COLUMNS.transactions, { "Customer account": "C000011", Date: date("2026-11-24"), Currency: "BHD", Amount: 12.125, Type: "Reimbursement", Document: "RB-000003", "Run id": "R1" }),
];

/** A new Vendor invoices sheet and two rows appended under the sample's transactions. */
function runPatch(transactionRows: number): WorkbookPatch {
  const invoices: SheetPatch = {
    sheet: SHEETS.invoices,
    create: true,
    headerRow: 1,
    header: invoicesHeader,
    columnKinds: COLUMNS.invoices.map((c) => c.kind),
    blocks: [
      { row: 1, col: 1, values: [invoicesHeader] },
      { row: 2, col: 1, values: invoiceRows, rowDecimals: [2, 0, 3] },
    ],
  };
  const transactions: SheetPatch = {
    sheet: SHEETS.transactions,
    create: false,
    headerRow: 1,
    header: transactionsHeader,
    columnKinds: COLUMNS.transactions.map((c) => c.kind),
    blocks: [{ row: transactionRows + 1, col: 1, values: transactionRowsAdded, rowDecimals: [2, 3] }],
  };
  return { sheets: [invoices, transactions] };
}

describe("reading and writing .xlsx files", () => {
  const sample = sampleWorkbook({ customers: 60, seed: 11 });
  const transactionRows = sheet(sample, SHEETS.transactions).rows.length;
  let samplePath: string;

  beforeAll(async () => {
    samplePath = path("sample.xlsx");
    await writeSnapshotXlsx(sample, samplePath);
  });

  it("reads back a written sample workbook cell for cell: numbers, text, dates, serials and errors", async () => {
    const back = await readXlsx(samplePath);
    expect(back).toEqual(sample);
    const amounts = sheet(back, SHEETS.transactions).rows.map((r) => r[3]);
    expect(amounts).toContainEqual({ error: "#N/A" });
    expect(amounts.some((a) => typeof a === "string")).toBe(true);
    expect(sheet(back, SHEETS.transactions).rows.some((r) => r[1] instanceof Date)).toBe(true);
  });

  it("writes the header bold and frozen, and dates as yyyy-mm-dd", async () => {
    const wb = await openWithExcelJs(samplePath);
    const ws = wb.getWorksheet(SHEETS.transactions);
    if (!ws) throw new Error("no transactions sheet");
    expect(ws.getCell("A1").font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const dated = ws.getColumn(2).values.findIndex((v) => v instanceof Date);
    expect(ws.getCell(dated, 2).numFmt).toBe("yyyy-mm-dd");
    expect(ws.getColumn(1).width).toBeGreaterThanOrEqual(9);
  });

  it("adds a new sheet and appends below an existing table, at the right cells with the currency's decimals", async () => {
    const out = path("patched.xlsx");
    await applyPatchToXlsx(samplePath, runPatch(transactionRows), out);
    const back = await readXlsx(out);

    const invoices = sheet(back, SHEETS.invoices);
    expect([invoices.startRow, invoices.startCol]).toEqual([1, 1]);
    expect(invoices.rows[0]).toEqual(invoicesHeader);
    expect(invoices.rows.slice(1)).toEqual(invoiceRows);
    const transactions = sheet(back, SHEETS.transactions);
    expect(transactions.rows.length).toBe(transactionRows + 2);
    expect(transactions.rows.slice(0, transactionRows)).toEqual(sheet(sample, SHEETS.transactions).rows);
    expect(transactions.rows.slice(transactionRows)).toEqual(transactionRowsAdded);

    const wb = await openWithExcelJs(out);
    const ws = wb.getWorksheet(SHEETS.invoices);
    if (!ws) throw new Error("no invoices sheet");
    expect(ws.getCell("A1").font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    const amount = colOf(COLUMNS.invoices, "Amount");
    expect([2, 3, 4].map((r) => ws.getCell(r, amount).numFmt)).toEqual(["#,##0.00", "#,##0", "#,##0.000"]);
    expect(ws.getCell(2, colOf(COLUMNS.invoices, "Invoice date")).numFmt).toBe("yyyy-mm-dd");
    expect(ws.getCell(4, colOf(COLUMNS.invoices, "Due date")).numFmt).toBe("yyyy-mm-dd");
    const tx = wb.getWorksheet(SHEETS.transactions);
    if (!tx) throw new Error("no transactions sheet");
    const txAmount = colOf(COLUMNS.transactions, "Amount");
    expect(tx.getCell(transactionRows + 1, txAmount).numFmt).toBe("#,##0.00");
    expect(tx.getCell(transactionRows + 2, txAmount).numFmt).toBe("#,##0.000");
    expect(tx.getCell(transactionRows + 2, colOf(COLUMNS.transactions, "Date")).numFmt).toBe("yyyy-mm-dd");
  });

  it("formats amounts by column even when the user's table does not start in column A", async () => {
    const input = await excelJsWorkbook((wb) => {
      const ws = wb.addWorksheet(SHEETS.transactions);
      ws.getRow(3).values = [undefined, undefined, ...transactionsHeader];
      ws.getRow(4).values = [undefined, undefined, ...row(COLUMNS.transactions, { "Customer account": "C000001", Date: date("2026-01-02"), Currency: "EUR", Amount: 10, Type: "Invoice", Document: "INV-1" }).map(excelValueOf)];
    });
    const added = row(COLUMNS.transactions, { "Customer account": "C000001", Date: date("2026-11-24"), Currency: "JPY", Amount: 1500, Type: "Reimbursement", Document: "RB-1", "Run id": "R1" });
    const patch: WorkbookPatch = {
      sheets: [{
        sheet: "customer TRANSACTIONS", create: false, headerRow: 3, headerCol: 3,
        header: transactionsHeader, columnKinds: COLUMNS.transactions.map((c) => c.kind),
        blocks: [{ row: 5, col: 3, values: [added], rowDecimals: [0] }],
      }],
    };
    const output = await applyPatchToXlsxBuffer(input, patch);
    const back = await readXlsxBuffer(output);
    const grid = sheet(back, SHEETS.transactions);
    expect([grid.startRow, grid.startCol]).toEqual([3, 3]);
    expect(grid.rows[2]).toEqual(added);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(output.slice().buffer);
    const ws = wb.getWorksheet(SHEETS.transactions);
    expect(ws?.getCell(5, 2 + colOf(COLUMNS.transactions, "Amount")).numFmt).toBe("#,##0");
    expect(ws?.getCell(5, 2 + colOf(COLUMNS.transactions, "Date")).numFmt).toBe("yyyy-mm-dd");
  });

  it("leaves the input file byte for byte unchanged when writing to another path", async () => {
    const before = await fs.readFile(samplePath);
    await applyPatchToXlsx(samplePath, runPatch(transactionRows), path("other.xlsx"));
    expect((await fs.readFile(samplePath)).equals(before)).toBe(true);
  });

  it("replaces the input when the output is the input itself", async () => {
    const copy = path("in-place.xlsx");
    await fs.copyFile(samplePath, copy);
    await applyPatchToXlsx(copy, runPatch(transactionRows), copy);
    expect(findSheet(await readXlsx(copy), SHEETS.invoices)).toBeDefined();
    expect((await fs.readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("stores a formula-looking description as text, and reads it back as that text", async () => {
    const out = path("formula-text.xlsx");
    await applyPatchToXlsx(samplePath, runPatch(transactionRows), out);
    const description = colOf(COLUMNS.invoices, "Description");
    const cell = (await openWithExcelJs(out)).getWorksheet(SHEETS.invoices)?.getCell(cellAddress(3, description));
    expect(cell?.type).toBe(ExcelJS.ValueType.String);
    expect(cell?.formula).toBeUndefined();
    expect(sheet(await readXlsx(out), SHEETS.invoices).rows[2][description - 1]).toBe("=1+1");

    await writeSnapshotXlsx({ sheets: [{ name: "Notes", startRow: 1, startCol: 1, rows: [["Note"], ["=1+1"], ["=SUM(A1:A2)"]] }] }, path("notes.xlsx"));
    expect(sheet(await readXlsx(path("notes.xlsx")), "Notes").rows).toEqual([["Note"], ["=1+1"], ["=SUM(A1:A2)"]]);
  });

  it("round-trips error values through a patch and through a new workbook", async () => {
    const out = path("errors.xlsx");
    await applyPatchToXlsx(samplePath, runPatch(transactionRows), out);
    expect(sheet(await readXlsx(out), SHEETS.invoices).rows[3][colOf(COLUMNS.invoices, "Description") - 1]).toEqual({ error: "#N/A" });
    const errors = [["Error"], [{ error: "#DIV/0!" }], [{ error: "#REF!" }], [{ error: "#VALUE!" }]];
    await writeSnapshotXlsx({ sheets: [{ name: "Errors", startRow: 1, startCol: 1, rows: errors }] }, path("errors2.xlsx"));
    expect(sheet(await readXlsx(path("errors2.xlsx")), "Errors").rows).toEqual(errors);
  });

  it("writes no output and leaves the input alone when the output cannot be written", async () => {
    const before = await fs.readFile(samplePath);
    const out = path("missing-folder/out.xlsx");
    await expect(applyPatchToXlsx(samplePath, runPatch(transactionRows), out)).rejects.toThrow(`Cannot write ${out}: ENOENT`);
    expect(existsSync(out)).toBe(false);
    expect((await fs.readFile(samplePath)).equals(before)).toBe(true);
    await expect(writeSnapshotXlsx(sample, out)).rejects.toThrow();
    expect(existsSync(path("missing-folder"))).toBe(false);
    expect((await fs.readdir(dir)).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("writes nothing when the patch names a sheet the workbook lacks, or adds one it has", async () => {
    const out = path("refused.xlsx");
    const missing: WorkbookPatch = { sheets: [{ ...runPatch(transactionRows).sheets[1], sheet: "Nope" }] };
    await expect(applyPatchToXlsx(samplePath, missing, out)).rejects.toThrow(/Nope/);
    const duplicate: WorkbookPatch = { sheets: [{ ...runPatch(transactionRows).sheets[0], sheet: SHEETS.customers }] };
    await expect(applyPatchToXlsx(samplePath, duplicate, out)).rejects.toThrow(/already/);
    expect(existsSync(out)).toBe(false);
  });

  it("keeps the user's formulas, formats and other sheets when applying a patch", async () => {
    const input = await excelJsWorkbook((wb) => {
      const ws = wb.addWorksheet(SHEETS.transactions);
      ws.addRow(transactionsHeader);
      ws.addRow(row(COLUMNS.transactions, { "Customer account": "C000001", Date: date("2026-01-02"), Currency: "EUR", Amount: 10, Type: "Invoice", Document: "INV-1" }));
      const totals = wb.addWorksheet("Totals");
      totals.getCell("A1").value = { formula: "SUM('Customer transactions'!D:D)", result: 10 };
      totals.getCell("A1").numFmt = "0.00 €";
      totals.getCell("B1").fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } };
    });
    const patch: WorkbookPatch = { sheets: [{ ...runPatch(2).sheets[1] }] };
    const before = input.slice();
    const output = await applyPatchToXlsxBuffer(input, patch);
    expect(input).toEqual(before);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(output.slice().buffer);
    const a1 = wb.getWorksheet("Totals")?.getCell("A1");
    expect(a1?.formula).toBe("SUM('Customer transactions'!D:D)");
    expect(a1?.numFmt).toBe("0.00 €");
    expect(wb.getWorksheet("Totals")?.getCell("B1").fill).toMatchObject({ pattern: "solid" });
    expect(sheet(await readXlsxBuffer(output), SHEETS.transactions).rows.length).toBe(4);
  });
});

describe("reading cells the way Excel shows them", () => {
  let grid: SheetGrid;

  beforeAll(async () => {
    const input = await excelJsWorkbook((wb) => {
      wb.addWorksheet("Empty");
      const ws = wb.addWorksheet("Ledger");
      ws.getCell("C3").value = "Customer account";
      ws.getCell("D3").value = "Amount";
      ws.getCell("E3").value = "Date";
      ws.getCell("C4").value = { richText: [{ text: "C00" }, { font: { bold: true }, text: "0001" }] };
      ws.getCell("D4").value = { formula: "10+2.5", result: 12.5 };
      ws.getCell("E4").value = new Date("2026-03-04T15:30:00Z");
      ws.getCell("E4").numFmt = "yyyy-mm-dd hh:mm";
      ws.getCell("C5").value = { text: "C000002", hyperlink: "https://example.com/c2" };
      ws.getCell("D5").value = { formula: "1/0", result: { error: "#DIV/0!" } };
      ws.getCell("E5").value = 46000;
      ws.getCell("D6").value = { sharedFormula: "D4", result: 7 };
      ws.getCell("C7").value = true;
      ws.getCell("D7").value = { formula: "NOW()" };
      ws.getCell("C8").value = "Merged";
      ws.mergeCells("C8:E8");
    });
    const snapshot = await readXlsxBuffer(input);
    expect(sheet(snapshot, "Empty")).toEqual({ name: "Empty", startRow: 1, startCol: 1, rows: [] });
    grid = sheet(snapshot, "Ledger");
  });

  it("reports where the used range starts, so cell addresses in messages are exact", () => {
    expect([grid.startRow, grid.startCol]).toEqual([3, 3]);
    expect(grid.rows[0]).toEqual(["Customer account", "Amount", "Date"]);
  });

  it("reads rich text and hyperlinks as their text, formulas as their last result", () => {
    expect(grid.rows[1].slice(0, 2)).toEqual(["C000001", 12.5]);
    expect(grid.rows[2].slice(0, 2)).toEqual(["C000002", { error: "#DIV/0!" }]);
    expect(grid.rows[3][1]).toBe(7);
    expect(grid.rows[4].slice(0, 2)).toEqual([true, null]);
  });

  it("reads a date-time cell as its day at UTC midnight and keeps a plain serial a number", () => {
    expect(grid.rows[1][2]).toEqual(date("2026-03-04"));
    expect(grid.rows[2][2]).toBe(46000);
  });

  it("gives a merged range's value to its top-left cell only", () => {
    expect(grid.rows[5]).toEqual(["Merged", null, null]);
  });
});

describe("amount formats", () => {
  it("show each currency's decimals", () => {
    expect([amountFormat(0), amountFormat(2), amountFormat(3)]).toEqual(["#,##0", "#,##0.00", "#,##0.000"]);
  });
});
