import { OfficeWorkbookHost } from "../../src/excel/office-host";
import { readSnapshot } from "../../src/excel/read-snapshot";
import { applyPatch } from "../../src/excel/write-patch";
import { COLUMNS, SHEETS } from "../../src/workbook/contract";
import { CellValue, SheetPatch, WorkbookPatch } from "../../src/workbook/grid";
import { readParameters } from "../../src/workbook/read-parameters";
import { updateCells } from "../../src/workbook/update";
import { appendRows } from "../../src/workbook/append";
import { LimitedExcel, REQUEST_LIMIT_BYTES } from "./fake-excel-limits";

/**
 * The Office host against the limits Microsoft documents (test/excel/fake-excel-limits.ts):
 * each case failed before the host was fixed for real Excel (issue 13).
 */

const INVOICE_HEADER = COLUMNS.invoices.map((c) => c.header);
const host = (excel: LimitedExcel): OfficeWorkbookHost => new OfficeWorkbookHost(excel.run, (set, v) => excel.supports(set, v));

/** An Invoices sheet of n rows, as a run leaves it. */
function invoices(excel: LimitedExcel, n: number, name = (i: number) => `Vendor ${i}`): void {
  const col = (h: string) => INVOICE_HEADER.indexOf(h);
  const rows = Array.from({ length: n }, (_, i) => INVOICE_HEADER.map((h, j) => (j === col("Invoice") ? `RB-${i}` : j === col("Vendor name") ? name(i) : h === "Amount" ? 10 : "")));
  excel.addSheet(SHEETS.invoices, [INVOICE_HEADER, ...rows]);
}

/** The patch an export writes: one status cell per invoice row. */
async function markAll(excel: LimitedExcel, header: string, value: CellValue): Promise<SheetPatch> {
  const book = await readSnapshot(excel.context, [SHEETS.invoices]);
  const n = book.sheets[0].rows.length - 1;
  const patch = updateCells(book, SHEETS.invoices, COLUMNS.invoices, Array.from({ length: n }, (_, i) => ({ row: i + 2, header, value })));
  if (!patch) throw new Error("no patch");
  return patch;
}

const largest = (excel: LimitedExcel): number => Math.max(...excel.syncLog.map((s) => s.request));

describe("requests stay under Excel on the web's 5 MB, counted in bytes", () => {
  it("marks 20,000 exported invoices in a few column ranges, not 20,000 one-cell requests", async () => {
    const excel = new LimitedExcel();
    invoices(excel, 20_000);
    const patch = await markAll(excel, "Exported", "Yes");
    const before = excel.syncs;
    await host(excel).apply({ sheets: [patch] });
    expect(excel.syncLog.filter((s) => s.refused)).toEqual([]);
    expect(excel.syncs - before).toBeLessThanOrEqual(4);
    expect(largest(excel)).toBeLessThan(REQUEST_LIMIT_BYTES);
    const exported = String.fromCharCode(65 + INVOICE_HEADER.indexOf("Exported"));
    expect(excel.sheet(SHEETS.invoices).get(`${exported}20001`)).toBe("Yes");
  });

  it("costs text in UTF-8 bytes: 20,000 rows of Greek names fit, though each letter is two bytes", async () => {
    const excel = new LimitedExcel();
    excel.addSheet("Customers", [["Customer account"]]);
    const greek = "Αθηναϊκή Εταιρεία Εμπορίου Ελαιολάδου και Τροφίμων Α.Ε.";
    const header = COLUMNS.reimbursements.map((c) => c.header);
    const values = Array.from({ length: 20_000 }, (_, i) => header.map((h) => (h === "Amount" ? i : `${greek} ${i}`)));
    const patch: WorkbookPatch = { sheets: [{ sheet: SHEETS.reimbursements, create: true, headerRow: 1, header, columnKinds: COLUMNS.reimbursements.map((c) => c.kind), blocks: [{ row: 1, col: 1, values: [header] }, { row: 2, col: 1, values }] }] };
    await host(excel).apply(patch);
    expect(excel.syncLog.filter((s) => s.refused)).toEqual([]);
    expect(excel.sheet(SHEETS.reimbursements).get("C20001")).toBe(`${greek} 19999`);
  });

  it("retries a batch Excel still refuses as too large in halves", async () => {
    const excel = new LimitedExcel();
    invoices(excel, 200);
    const patch = await markAll(excel, "Exported", "Yes");
    // Excel counts more than the planner's estimate: a 200-cell column range (about 3.6 kB) is refused.
    excel.requestLimit = 3000;
    await host(excel).apply({ sheets: [patch] });
    expect(excel.syncLog.filter((s) => s.refused).map((s) => s.refused)).toEqual(["RequestPayloadSizeLimitExceeded"]);
    expect(excel.sheet(SHEETS.invoices).get(`${String.fromCharCode(65 + INVOICE_HEADER.indexOf("Exported"))}201`)).toBe("Yes");
  });

  it("undoes a failed 20,000-cell update without a request over the limit", async () => {
    const excel = new LimitedExcel();
    invoices(excel, 20_000);
    const book = await readSnapshot(excel.context, [SHEETS.invoices]);
    // Every other row: 10,000 separate cells that cannot merge.
    const patch = updateCells(book, SHEETS.invoices, COLUMNS.invoices, Array.from({ length: 10_000 }, (_, i) => ({ row: 2 + 2 * i, header: "Exported", value: "Yes" })));
    excel.failures.set(excel.syncs + 4, { code: "GeneralException", partial: true });
    const error = await host(excel).apply({ sheets: [patch as SheetPatch] }).catch((e: Error) => e);
    expect(error?.message).toContain("Nothing was kept");
    expect(excel.syncLog.filter((s) => s.refused && s.refused !== "GeneralException")).toEqual([]);
    expect(excel.sheet(SHEETS.invoices).get(`${String.fromCharCode(65 + INVOICE_HEADER.indexOf("Exported"))}2`)).toBe("");
  });
});

describe("one run, one undo record", () => {
  it("merges a run's syncs into one undo record on Excel with ExcelApi 1.20, so Ctrl+Z undoes the whole run", async () => {
    const excel = new LimitedExcel({ apiVersion: "1.20" });
    invoices(excel, 12_000);
    const patch = await markAll(excel, "Vendor name", "x".repeat(400));
    await host(excel).apply({ sheets: [patch] });
    expect(excel.undoStack).toHaveLength(1);
    excel.undo();
    expect(excel.sheet(SHEETS.invoices).get(`${String.fromCharCode(65 + INVOICE_HEADER.indexOf("Vendor name"))}2`)).toBe("Vendor 0");
    expect(excel.sheet(SHEETS.invoices).get(`${String.fromCharCode(65 + INVOICE_HEADER.indexOf("Vendor name"))}12001`)).toBe("Vendor 11999");
    expect(excel.syncLog.filter((s) => s.request > 500_000).length).toBeGreaterThan(1); // it did take several syncs
  });

  it("asks older Excel for no option it lacks, and waits for a cell edit everywhere", async () => {
    const excel = new LimitedExcel({ apiVersion: "1.12" });
    invoices(excel, 3);
    await host(excel).apply({ sheets: [await markAll(excel, "Exported", "Yes")] });
    expect(excel.runOptions).toEqual([{ delayForCellEdit: true }]);
  });
});

describe("protected sheets", () => {
  it("refuses before writing anything when a sheet the run writes is protected", async () => {
    const excel = new LimitedExcel();
    invoices(excel, 3);
    excel.sheet(SHEETS.invoices).protected = true;
    const patch = await markAll(excel, "Exported", "Yes");
    const created = appendRows({ sheets: [] }, SHEETS.reimbursements, COLUMNS.reimbursements, [{ "Run id": "RUN-1" }]);
    await expect(host(excel).apply({ sheets: [created as SheetPatch, patch] })).rejects.toThrow(`Sheet '${SHEETS.invoices}' is protected. Unprotect it (Review > Unprotect Sheet) and run again; nothing was written.`);
    expect(excel.sheets.map((s) => s.name)).toEqual([SHEETS.invoices]);
    expect(excel.undoStack).toEqual([]);
  });

  it("refuses to add sheets to a workbook whose structure is protected", async () => {
    const excel = new LimitedExcel();
    excel.workbookProtected = true;
    const created = appendRows({ sheets: [] }, SHEETS.reimbursements, COLUMNS.reimbursements, [{ "Run id": "RUN-1" }]);
    await expect(host(excel).apply({ sheets: [created as SheetPatch] })).rejects.toThrow("The workbook's structure is protected, so the add-in cannot add the sheet 'Reimbursements'. Unprotect it (Review > Protect Workbook) and run again; nothing was written.");
    expect(excel.syncLog.filter((s) => s.refused)).toEqual([]);
  });
});

describe("cell-edit mode", () => {
  it("waits for the user to leave the cell instead of failing with InvalidOperationInCellEditMode", async () => {
    const excel = new LimitedExcel();
    excel.addSheet(SHEETS.parameters, [["Parameter", "Value"], ["Minimum reimbursement", 10]]);
    excel.cellEditMode = true;
    const book = await host(excel).readSnapshot([SHEETS.parameters]);
    expect(book.sheets[0].rows[1]).toEqual(["Minimum reimbursement", 10]);
    expect(excel.syncLog.filter((s) => s.refused)).toEqual([]);
  });
});

describe("the 1904 date system", () => {
  const date = new Date("2026-12-01T00:00:00Z");
  const serial1900 = 46357;

  it("reads a date cell of a 1904 workbook as the same day", async () => {
    const excel = new LimitedExcel({ date1904: true });
    const sheet = excel.addSheet(SHEETS.parameters, [["Parameter", "Value"], ["Minimum reimbursement", 10], ["Accounting currency", "EUR"], ["Reimbursement date", serial1900 - 1462]]);
    sheet.set(3, 1, { format: "yyyy-mm-dd" });
    const book = await host(excel).readSnapshot([SHEETS.parameters]);
    expect(readParameters(book, date).date).toBe("2026-12-01");
    // A number that is not a date is not moved.
    expect(book.sheets[0].rows[1][1]).toBe(10);
  });

  it("writes a date into a 1904 workbook as that workbook's serial", async () => {
    const excel = new LimitedExcel({ date1904: true });
    excel.addSheet("Customers", [["Customer account"]]);
    const patch = appendRows({ sheets: [] }, SHEETS.reimbursements, COLUMNS.reimbursements, [{ "Run id": "RUN-1", Date: date }]);
    await host(excel).apply({ sheets: [patch as SheetPatch] });
    const col = String.fromCharCode(65 + COLUMNS.reimbursements.findIndex((c) => c.header === "Date"));
    expect(excel.sheet(SHEETS.reimbursements).get(`${col}2`)).toBe(serial1900 - 1462);
  });

  it("refuses the workbook when Excel cannot say which date system it uses", async () => {
    const excel = new LimitedExcel({ apiVersion: "1.1" });
    excel.addSheet(SHEETS.parameters, [["Parameter", "Value"]]);
    await expect(host(excel).readSnapshot([SHEETS.parameters])).rejects.toThrow(/Excel did not say which date system this workbook uses/);
  });
});

describe("a used range made huge by one stray cell", () => {
  it("stops with a message naming the sheet and the far cell instead of reading 17 billion cells", async () => {
    const excel = new LimitedExcel();
    const sheet = excel.addSheet(SHEETS.transactions, [["Customer account", "Date", "Currency", "Amount"], ["C1", 46000, "EUR", 5]]);
    sheet.set(1_048_575, 16_383, { value: "x" });
    await expect(host(excel).readSnapshot([SHEETS.transactions])).rejects.toThrow(/Sheet 'Customer transactions' has values as far as XFD1048576.*Ctrl\+End/);
    expect(excel.syncs).toBeLessThanOrEqual(2);
  });
});

describe("rows appended below an Excel table", () => {
  it("join the table, keep their number formats, and leave it as it was when the run fails", async () => {
    const excel = new LimitedExcel();
    const header = COLUMNS.transactions.map((c) => c.header);
    const sheet = excel.addSheet(SHEETS.transactions, [header, header.map((h) => (h === "Amount" ? 5 : h === "Date" ? 46000 : "x"))]);
    sheet.tables.push({ name: "Ledger", box: { row: 0, col: 0, rows: 2, cols: header.length }, showTotals: false });
    const book = await readSnapshot(excel.context, [SHEETS.transactions]);
    const rows = [{ "Customer account": "=HYPERLINK(\"x\")", Amount: -5, Date: new Date("2026-11-24T00:00:00Z"), Currency: "EUR" }];
    const patch = appendRows(book, SHEETS.transactions, COLUMNS.transactions, rows, [2]) as SheetPatch;
    await host(excel).apply({ sheets: [patch] });
    expect(sheet.tableAddresses()).toEqual([`${SHEETS.transactions}!A1:${String.fromCharCode(64 + header.length)}3`]);
    expect(sheet.get("A3")).toBe("=HYPERLINK(\"x\")");
    expect(sheet.cell(2, 0)?.formula).toBeUndefined();

    const failing = appendRows(await readSnapshot(excel.context, [SHEETS.transactions]), SHEETS.transactions, COLUMNS.transactions, rows, [2]) as SheetPatch;
    excel.failures.set(excel.syncs + 4, { code: "GeneralException", partial: true });
    await expect(host(excel).apply({ sheets: [failing] })).rejects.toThrow("Nothing was kept");
    expect(sheet.tableAddresses()).toEqual([`${SHEETS.transactions}!A1:${String.fromCharCode(64 + header.length)}3`]);
    expect(sheet.get("A4")).toBe("");
  });
});

describe("rows appended below an Excel table when the run adds a column the sheet lacks", () => {
  const header = COLUMNS.transactions.map((c) => c.header);
  const lacking = header.slice(0, -1); // the sheet has no 'Run id' column yet
  const last = (n: number): string => String.fromCharCode(64 + n);
  const ledger = (excel: LimitedExcel) => {
    const sheet = excel.addSheet(SHEETS.transactions, [lacking, lacking.map((h) => (h === "Amount" ? 5 : h === "Date" ? 46000 : "x"))]);
    sheet.tables.push({ name: "Ledger", box: { row: 0, col: 0, rows: 2, cols: lacking.length }, showTotals: false });
    return sheet;
  };
  const rows = [{ "Customer account": "C1", Amount: -5, Date: new Date("2026-11-24T00:00:00Z"), Currency: "EUR", "Run id": "RUN-7" }];

  it("widen the table with table.columns.add, then join it, so the table covers the new column and rows", async () => {
    const excel = new LimitedExcel();
    const sheet = ledger(excel);
    const patch = appendRows(await readSnapshot(excel.context, [SHEETS.transactions]), SHEETS.transactions, COLUMNS.transactions, rows, [2]) as SheetPatch;
    await host(excel).apply({ sheets: [patch] });
    expect(excel.syncLog.filter((s) => s.refused)).toEqual([]);
    expect(sheet.tableAddresses()).toEqual([`${SHEETS.transactions}!A1:${last(header.length)}3`]);
    expect(sheet.get(`${last(header.length)}1`)).toBe("Run id");
    expect(sheet.get(`${last(header.length)}3`)).toBe("RUN-7");
    expect(sheet.get("A3")).toBe("C1");
  });

  it("leave the table as it was, narrow and short, when the run fails after widening it", async () => {
    const excel = new LimitedExcel();
    const sheet = ledger(excel);
    const patch = appendRows(await readSnapshot(excel.context, [SHEETS.transactions]), SHEETS.transactions, COLUMNS.transactions, rows, [2]) as SheetPatch;
    // Syncs 1-3 are the checks; the write batch (widen, add rows, write) fails after running its first half.
    excel.failures.set(excel.syncs + 4, { code: "GeneralException", partial: true });
    await expect(host(excel).apply({ sheets: [patch] })).rejects.toThrow("Nothing was kept");
    expect(sheet.tableAddresses()).toEqual([`${SHEETS.transactions}!A1:${last(lacking.length)}2`]);
    expect(sheet.get(`${last(header.length)}1`)).toBe("");
    expect(sheet.get("A3")).toBe("");
  });

  it("the fake refuses rows.add of a width other than the table's, as Excel does", async () => {
    const excel = new LimitedExcel();
    ledger(excel);
    const context = excel.context;
    context.workbook.worksheets.getItem(SHEETS.transactions).tables.getItem("Ledger").rows.add(undefined, [header.map(() => "")]);
    await expect(context.sync()).rejects.toMatchObject({ code: "InvalidArgument" });
  });

  it("the fake refuses columns.add at the end or with a name before ExcelApi 1.4, as documented", () => {
    const excel = new LimitedExcel({ apiVersion: "1.3" });
    ledger(excel);
    const columns = excel.context.workbook.worksheets.getItem(SHEETS.transactions).tables.getItem("Ledger").columns;
    expect(() => columns.add(undefined, undefined, "Run id")).toThrow(expect.objectContaining({ code: "ApiNotFound" }));
  });
});

describe("cells holding Excel data types (entities, linked data types, pictures)", () => {
  const entity = (text: string) => ({ type: "Entity", text, basicType: "Error", basicValue: "#VALUE!", properties: { Name: { type: "String", basicValue: text } } });
  const linked = (text: string) => ({ type: "LinkedEntity", text, basicType: "Error", basicValue: "#VALUE!", id: { entityId: "x", domainId: "y", serviceId: 268, culture: "en-US" } });
  const picture = { type: "WebImage", address: "https://example.invalid/logo.png", basicType: "Error", basicValue: "#VALUE!" };
  const balancesSheet = (excel: LimitedExcel) =>
    excel.addSheet(SHEETS.balances, [["Customer account", "Currency", "Balance"], ["", "EUR", -150], ["", "EUR", -20], ["C003", "EUR", "#VALUE!"]]);

  it("reads an entity and a linked entity by the text the cell shows, not as the error #VALUE!, and keeps a real #VALUE! an error", async () => {
    const excel = new LimitedExcel({ apiVersion: "1.16" });
    const sheet = balancesSheet(excel);
    sheet.setDataType("A2", entity("C001"));
    sheet.setDataType("A3", linked("C002"));
    const book = await host(excel).readSnapshot([SHEETS.balances]);
    expect(book.sheets[0].rows.map((r) => r[0])).toEqual(["Customer account", "C001", "C002", "C003"]);
    expect(book.sheets[0].rows[3][2]).toEqual({ error: "#VALUE!" });
    expect(excel.syncLog.filter((s) => s.refused)).toEqual([]);
  });

  it("costs no extra sync when no cell can hold a data type", async () => {
    const excel = new LimitedExcel({ apiVersion: "1.16" });
    excel.addSheet(SHEETS.balances, [["Customer account", "Currency", "Balance"], ["C001", "EUR", -150]]);
    await host(excel).readSnapshot([SHEETS.balances]);
    expect(excel.syncs).toBe(3); // names and date system, used ranges, one chunk
  });

  it("refuses a picture where an amount is expected, naming the cell and what was expected", async () => {
    const excel = new LimitedExcel({ apiVersion: "1.16" });
    const sheet = excel.addSheet(SHEETS.parameters, [["Parameter", "Value"], ["Minimum reimbursement", ""], ["Accounting currency", "EUR"]]);
    sheet.setDataType("B2", picture);
    const book = await host(excel).readSnapshot([SHEETS.parameters]);
    expect(() => readParameters(book, new Date("2026-12-01T00:00:00Z"))).toThrow(/B2.*expected .*a picture in the cell/);
  });

  it("on Excel without valuesAsJson (before ExcelApi 1.16) reads as before, and a cell typed RichValue is refused by name", async () => {
    const excel = new LimitedExcel({ apiVersion: "1.12" });
    const sheet = balancesSheet(excel);
    sheet.setDataType("A2", entity("C001"));
    sheet.setDataType("A3", linked("C002"));
    sheet.types.set("A3", "RichValue"); // as some builds type a data type in valueTypes
    const book = await host(excel).readSnapshot([SHEETS.balances]);
    expect(book.sheets[0].rows[1][0]).toEqual({ error: "#VALUE!" });
    expect(book.sheets[0].rows[2][0]).toMatchObject({ error: "#VALUE!", dataType: expect.stringContaining("data type") });
    expect(excel.syncLog.filter((s) => s.refused)).toEqual([]);
  });
});

describe("rows appended to an Excel table with a totals row", () => {
  const header = COLUMNS.transactions.map((c) => c.header);
  const last = String.fromCharCode(64 + header.length);
  const ledger = (excel: LimitedExcel) => {
    const sheet = excel.addSheet(SHEETS.transactions, [
      header,
      header.map((h) => (h === "Amount" ? 5 : h === "Date" ? 46000 : "x")),
      header.map((h) => (h === "Customer account" ? "Total" : h === "Amount" ? 5 : "")),
    ]);
    sheet.set(2, header.indexOf("Amount"), { formula: "=SUBTOTAL(109,[Amount])" });
    sheet.tables.push({ name: "Ledger", box: { row: 0, col: 0, rows: 3, cols: header.length }, showTotals: true });
    return sheet;
  };
  const rows = [{ "Customer account": "C1", Amount: -5, Date: new Date("2026-11-24T00:00:00Z"), Currency: "EUR" }];
  const amount = String.fromCharCode(65 + header.indexOf("Amount"));

  it("go above the totals row, which stays last, as the file host puts them (src/file/tables.ts)", async () => {
    const excel = new LimitedExcel();
    const sheet = ledger(excel);
    // The run appends below the last row it read, the totals row.
    const patch = appendRows(await readSnapshot(excel.context, [SHEETS.transactions]), SHEETS.transactions, COLUMNS.transactions, rows, [2]) as SheetPatch;
    expect(patch.blocks[patch.blocks.length - 1].row).toBe(4);
    await host(excel).apply({ sheets: [patch] });
    expect(excel.syncLog.filter((s) => s.refused)).toEqual([]);
    expect(sheet.tableAddresses()).toEqual([`${SHEETS.transactions}!A1:${last}4`]);
    expect([sheet.get("A3"), sheet.get(`${amount}3`), sheet.get("A4"), sheet.cell(3, header.indexOf("Amount"))?.formula]).toEqual(["C1", -5, "Total", "=SUBTOTAL(109,[Amount])"]);
  });

  it("leave the table and its totals row as they were when the run fails", async () => {
    const excel = new LimitedExcel();
    const sheet = ledger(excel);
    const patch = appendRows(await readSnapshot(excel.context, [SHEETS.transactions]), SHEETS.transactions, COLUMNS.transactions, rows, [2]) as SheetPatch;
    excel.failures.set(excel.syncs + 4, { code: "GeneralException", partial: true });
    await expect(host(excel).apply({ sheets: [patch] })).rejects.toThrow("Nothing was kept");
    expect(sheet.tableAddresses()).toEqual([`${SHEETS.transactions}!A1:${last}3`]);
    expect([sheet.get("A2"), sheet.get("A3"), sheet.get("A4"), sheet.cell(2, header.indexOf("Amount"))?.formula]).toEqual(["x", "Total", "", "=SUBTOTAL(109,[Amount])"]);
  });
});
