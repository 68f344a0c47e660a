import { execFileSync } from "node:child_process";
import { mkdtempSync, promises as fs, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { OfficeWorkbookHost } from "../../src/excel/office-host";
import { readSnapshot } from "../../src/excel/read-snapshot";
import { applyPatchToXlsxBuffer } from "../../src/file/xlsx-patch";
import { readXlsxBuffer } from "../../src/file/xlsx-read";
import { appendRows } from "../../src/workbook/append";
import { COLUMNS, SHEETS } from "../../src/workbook/contract";
import { SheetPatch, WorkbookSnapshot, findSheet } from "../../src/workbook/grid";
import { readTransactions } from "../../src/workbook/read-ledger";
import { LimitedExcel } from "../excel/fake-excel-limits";
import { hasTool, pythonHas } from "../support/tools";

/**
 * An Excel table's totals row ("Total | | =SUBTOTAL(109,[Amount])") is not a transaction: the
 * file reader marks it from the sheet's table parts (totalsRowCount), the row readers skip it,
 * and rows a run appends go into the table above it, even when the totals row is blank.
 */
const PYTHON = "/usr/bin/python3";
const tools = hasTool(PYTHON) && pythonHas(PYTHON, "xlsxwriter");
const HEADER = COLUMNS.transactions.map((c) => c.header);

// xlsxwriter: table on Customer transactions A1:G4, two transactions in rows 2-3 and a totals
// row in row 4: "label" has "Total" and a SUBTOTAL under Amount, "unlabelled" only the
// SUBTOTAL, "blank" nothing at all (xlsxwriter writes no cells for it).
const MAKE_BOOK = `
import sys, datetime, xlsxwriter
wb = xlsxwriter.Workbook(sys.argv[1])
ws = wb.add_worksheet(sys.argv[3])
date = wb.add_format({"num_format": "yyyy-mm-dd"})
mode = sys.argv[2]
columns = [{"header": h} for h in sys.argv[4].split("|")]
if mode == "label": columns[0]["total_string"] = "Total"
if mode in ("label", "unlabelled"): columns[3]["total_function"] = "sum"
ws.add_table("A1:G4", {"name": "Transactions", "total_row": True, "columns": columns})
for i, (account, amount) in enumerate([("C1", -10), ("C2", 5)], start=1):
    ws.write_string(i, 0, account)
    ws.write_datetime(i, 1, datetime.datetime(2026, 1, i), date)
    ws.write_string(i, 2, "EUR")
    ws.write_number(i, 3, amount)
wb.close()
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "reimburse-totals-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function book(mode: "label" | "unlabelled" | "blank"): Promise<Buffer> {
  const file = path.join(dir, `${mode}.xlsx`);
  execFileSync(PYTHON, ["-c", MAKE_BOOK, file, mode, SHEETS.transactions, HEADER.join("|")]);
  return fs.readFile(file);
}

/** The same table on a fake Excel: header, two transactions, and the totals row (a blank one holds no cells). */
function excelBook(totals: (string | number)[] | null): LimitedExcel {
  const excel = new LimitedExcel();
  const cells = [HEADER, ["C1", 46023, "EUR", -10, "", "", ""], ["C2", 46024, "EUR", 5, "", "", ""]];
  const sheet = excel.addSheet(SHEETS.transactions, totals ? [...cells, totals] : cells);
  if (totals && typeof totals[3] === "number") sheet.set(3, 3, { formula: "=SUBTOTAL(109,[Amount])" });
  sheet.tables.push({ name: "Transactions", box: { row: 0, col: 0, rows: 4, cols: HEADER.length }, showTotals: true });
  return excel;
}

const newRow = [{ "Customer account": "C3", Date: new Date(Date.UTC(2026, 0, 5)), Currency: "EUR", Amount: -2 }];

function accounts(snapshot: WorkbookSnapshot): { items: string[]; problems: string[] } {
  const read = readTransactions(snapshot, null);
  return { items: read.items.map((t) => t.account), problems: read.problems.map((p) => `${p.source?.address}: ${p.message}`) };
}

(tools ? describe : describe.skip)("a totals row of a Customer transactions table is not a transaction (file host)", () => {
  it.each(["label", "unlabelled"] as const)("with a %s totals row: the two transactions, no exception", async (mode) => {
    const snapshot = await readXlsxBuffer(await book(mode));
    const grid = findSheet(snapshot, SHEETS.transactions);
    expect(grid?.totalsRows).toEqual([4]);
    // The row is read (the fingerprint hashes it), only the row readers pass it by.
    expect(grid?.rows[3]?.[3]).toBe(0);
    expect(accounts(snapshot)).toEqual({ items: ["C1", "C2"], problems: [] });
  });
});

describe("a totals row of a Customer transactions table is not a transaction (Office.js host)", () => {
  it.each([
    ["label", ["Total", "", "", 0, "", "", ""]],
    ["unlabelled", ["", "", "", 0, "", "", ""]],
  ] as const)("with a %s totals row: the two transactions, no exception", async (_mode, totals) => {
    const excel = excelBook([...totals]);
    const snapshot = await readSnapshot(excel.context, [SHEETS.transactions]);
    expect(findSheet(snapshot, SHEETS.transactions)?.totalsRows).toEqual([4]);
    expect(accounts(snapshot)).toEqual({ items: ["C1", "C2"], problems: [] });
  });

  it("a sheet whose table hides its totals row has every row as data", async () => {
    const excel = excelBook(["C4", 46025, "EUR", 1, "", "", ""]);
    excel.sheet(SHEETS.transactions).tables[0].showTotals = false;
    const snapshot = await readSnapshot(excel.context, [SHEETS.transactions]);
    expect(findSheet(snapshot, SHEETS.transactions)?.totalsRows).toBeUndefined();
    expect(accounts(snapshot).items).toEqual(["C1", "C2", "C4"]);
  });
});

(tools ? describe : describe.skip)("a blank totals row stays the table's totals row after a run appends", () => {
  it("in the file the rows go above it, and both hosts agree on the rows and the table's range", async () => {
    const bytes = await book("blank");
    const before = await readXlsxBuffer(bytes);
    expect(findSheet(before, SHEETS.transactions)?.totalsRows).toEqual([4]);
    const patch = appendRows(before, SHEETS.transactions, COLUMNS.transactions, newRow, [2]) as SheetPatch;
    // Below the blank totals row, not on it: the table logic moves it down under the new row.
    expect(patch.blocks.map((b) => b.row)).toEqual([5]);

    const after = await readXlsxBuffer(await applyPatchToXlsxBuffer(bytes, { sheets: [patch] }));
    const grid = findSheet(after, SHEETS.transactions);
    expect(grid?.totalsRows).toEqual([5]);
    expect(accounts(after)).toEqual({ items: ["C1", "C2", "C3"], problems: [] });
    expect(grid?.rows[3]?.[0]).toBe("C3");

    const excel = excelBook(null);
    const excelPatch = appendRows(await readSnapshot(excel.context, [SHEETS.transactions]), SHEETS.transactions, COLUMNS.transactions, newRow, [2]) as SheetPatch;
    expect(excelPatch.blocks.map((b) => b.row)).toEqual([5]);
    await new OfficeWorkbookHost(excel.run, (set, v) => excel.supports(set, v)).apply({ sheets: [excelPatch] });
    const sheet = excel.sheet(SHEETS.transactions);
    expect(sheet.tableAddresses()).toEqual([`${SHEETS.transactions}!A1:G5`]);
    expect([sheet.get("A4"), sheet.get("A5")]).toEqual(["C3", ""]);
    const reread = await readSnapshot(excel.context, [SHEETS.transactions]);
    expect(findSheet(reread, SHEETS.transactions)?.totalsRows).toEqual(grid?.totalsRows);
    expect(accounts(reread)).toEqual(accounts(after));
  });
});
