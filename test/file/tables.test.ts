import { execFileSync } from "node:child_process";
import { mkdtempSync, promises as fs, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readXlsxBuffer } from "../../src/file/xlsx-read";
import { applyPatchToXlsxBuffer } from "../../src/file/xlsx-patch";
import { ZipArchive } from "../../src/file/zip-archive";
import { OfficeWorkbookHost } from "../../src/excel/office-host";
import { CellValue, findSheet, WorkbookPatch } from "../../src/workbook/grid";
import { LimitedExcel } from "../excel/fake-excel-limits";
import { hasTool, pythonHas } from "../support/tools";

/**
 * Rows appended under an Excel table join it (issue 15): a table with a totals row takes them
 * above its totals row, which stays last, as Excel does when a row is added to such a table.
 */
const PYTHON = "/usr/bin/python3";
const tools = hasTool(PYTHON) && hasTool("soffice") && pythonHas(PYTHON, "openpyxl") && pythonHas(PYTHON, "xlsxwriter");

// xlsxwriter: table Sales on A1:C5, data in rows 2-4, totals in row 5 (SUBTOTAL over [Amount],
// an A1 formula =MAX(C2:C4) under Date), and a note in E5 beside the totals row; saved without
// xlsxwriter's fullCalcOnLoad, as Excel saves a book.
const MAKE_BOOK = `
import sys, datetime, xlsxwriter
wb = xlsxwriter.Workbook(sys.argv[1])
ws = wb.add_worksheet("Data")
date = wb.add_format({"num_format": "yyyy-mm-dd"})
ws.add_table("A1:C5", {"name": "Sales", "total_row": True, "columns": [
    {"header": "Region", "total_string": "Total"},
    {"header": "Amount", "total_function": "sum"},
    {"header": "Date"},
]})
for i, (region, amount) in enumerate([("North", 10.5), ("South", 0), ("East", -3.25)], start=1):
    ws.write_string(i, 0, region)
    ws.write_number(i, 1, amount)
    ws.write_datetime(i, 2, datetime.datetime(2026, 1, i), date)
ws.write_formula("C5", "=MAX(C2:C4)", date, 46025)
ws.write_string("E5", "checked")
wb.close()
# As Excel saves it: no request to recalculate on opening (xlsxwriter asks for one).
import zipfile, shutil
shutil.move(sys.argv[1], sys.argv[1] + ".tmp")
with zipfile.ZipFile(sys.argv[1] + ".tmp") as src, zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as dst:
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename == "xl/workbook.xml":
            data = data.replace(b' fullCalcOnLoad="1"', b"")
        dst.writestr(item, data)
`;

const READ_BOOK = `
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Data"]
t = ws.tables["Sales"]
print(json.dumps({"ref": t.ref, "filter": t.autoFilter.ref if t.autoFilter else None, "totals": t.totalsRowCount,
  "rows": [[c.value if not hasattr(c.value, "isoformat") else c.value.isoformat()[:10] for c in row] for row in ws.iter_rows(min_row=1, max_row=8, max_col=5)]}))
`;

const appendTwo: WorkbookPatch = {
  sheets: [{
    sheet: "Data", create: false, headerRow: 1, header: ["Region", "Amount", "Date"], columnKinds: ["text", "amount", "date"],
    // Where a run appends: below the last used row, which is the totals row.
    blocks: [{ row: 6, col: 1, values: [["West", 4, new Date(Date.UTC(2026, 0, 4))], ["Central", 1.25, new Date(Date.UTC(2026, 0, 5))]] }],
  }],
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "reimburse-tables-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

(tools ? describe : describe.skip)("rows appended under an Excel table with a totals row (xlsxwriter)", () => {
  let out: string;
  beforeAll(async () => {
    const book = path.join(dir, "totals.xlsx");
    execFileSync(PYTHON, ["-c", MAKE_BOOK, book]);
    out = path.join(dir, "totals.out.xlsx");
    await fs.writeFile(out, await applyPatchToXlsxBuffer(await fs.readFile(book), appendTwo));
  });

  it("go above the totals row, which stays last with its formulas adjusted, and the table and its autofilter grow", () => {
    const seen = JSON.parse(execFileSync(PYTHON, ["-c", READ_BOOK, out], { encoding: "utf8" })) as { ref: string; filter: string; totals: number; rows: unknown[][] };
    expect(seen.ref).toBe("A1:C7");
    expect(seen.filter).toBe("A1:C6");
    expect(seen.totals).toBe(1);
    expect(seen.rows.slice(4, 7)).toEqual([
      ["West", 4, "2026-01-04", null, null],
      ["Central", 1.25, "2026-01-05", null, null],
      // The structured reference needs no change; the A1 range grows with the table; E5 moved with its row.
      ["Total", "=SUBTOTAL(109,[Amount])", "=MAX(C2:C6)", null, "checked"],
    ]);
  });

  it("is read back with the new rows inside the table and the totals row last", async () => {
    const grid = findSheet(await readXlsxBuffer(await fs.readFile(out)), "Data");
    expect(grid?.rows.map((r) => r[0])).toEqual(["Region", "North", "South", "East", "West", "Central", "Total"]);
    const sheet = ZipArchive.open(await fs.readFile(out));
    const xml = sheet.text(sheet.find("xl/worksheets/sheet1.xml") as NonNullable<ReturnType<ZipArchive["find"]>>);
    expect(xml).toMatch(/<dimension ref="A1:E7"\/>/);
    // The totals row's cached results predate the new rows: Excel recalculates on opening.
    const workbook = sheet.text(sheet.find("xl/workbook.xml") as NonNullable<ReturnType<ZipArchive["find"]>>);
    expect(workbook.match(/<calcPr\b[^>]*>/g)).toEqual([expect.stringContaining('fullCalcOnLoad="1"')]);
  });

  it("opens in LibreOffice, which sees the rows in the table's range", () => {
    const resaved = path.join(dir, "lo");
    execFileSync("soffice", [`-env:UserInstallation=file://${dir}/lo-profile`, "--headless", "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", resaved, out], { stdio: "ignore", timeout: 180_000 });
    const seen = JSON.parse(execFileSync(PYTHON, ["-c", READ_BOOK, path.join(resaved, "totals.out.xlsx")], { encoding: "utf8" })) as { ref: string; rows: unknown[][] };
    expect(seen.ref).toBe("A1:C7");
    expect(seen.rows.slice(4, 7).map((r) => r[0])).toEqual(["West", "Central", "Total"]);
  }, 200_000);
});

/**
 * Rows appended under an Excel table when the run also adds columns (a "Run id" header right of
 * the table): the table grows by the new columns and the rows, in the file as in Excel, where
 * the Office.js host calls table.columns.add then table.rows.add. Both hosts take the decision
 * from workbook/table-growth, and end with the same table range.
 */
const WIDE_HEADER = ["Customer account", "Amount", "Date", "Currency", "Status", "Note"];

// openpyxl: table Ledger on A1:F2 (one data row); xlsxwriter: table Sums on A1:C4 with a totals row.
const MAKE_WIDE_BOOKS = `
import sys, openpyxl, xlsxwriter
from openpyxl.worksheet.table import Table
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Data"
ws.append(${JSON.stringify(WIDE_HEADER)})
ws.append(["C1", 5, 46000, "EUR", "open", "x"])
ws.add_table(Table(displayName="Ledger", ref="A1:F2"))
wb.save(sys.argv[1])
wb = xlsxwriter.Workbook(sys.argv[2])
ws = wb.add_worksheet("Data")
ws.add_table("A1:C4", {"name": "Sums", "total_row": True, "data": [["North", 10.5, "a"], ["South", 2, "b"]], "columns": [
    {"header": "Region", "total_string": "Total"}, {"header": "Amount", "total_function": "sum"}, {"header": "Note"}]})
wb.close()
`;

const READ_TABLE = `
import sys, json, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Data"]
t = list(ws.tables.values())[0]
print(json.dumps({"ref": t.ref, "filter": t.autoFilter.ref if t.autoFilter else None, "totals": t.totalsRowCount,
  "columns": [c.name for c in t.tableColumns], "ids": [c.id for c in t.tableColumns],
  "rows": [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=6, max_col=8)]}))
`;

interface SeenTable { ref: string; filter: string | null; totals: number | null; columns: string[]; ids: number[]; rows: unknown[][] }

const readTable = (file: string): SeenTable => JSON.parse(execFileSync(PYTHON, ["-c", READ_TABLE, file], { encoding: "utf8" })) as SeenTable;

/** A run that adds the `added` header cells right of the table's header and one row below `below`. */
function widening(header: string[], added: string[], below: number, row: CellValue[]): WorkbookPatch {
  return {
    sheets: [{
      sheet: "Data", create: false, headerRow: 1, header: [...header, ...added], columnKinds: [...header, ...added].map(() => "text"),
      blocks: [{ row: 1, col: header.length + 1, values: [added] }, { row: below + 1, col: 1, values: [row] }],
    }],
  };
}

/** The same patch through the Office.js host, on a fake Excel holding the same table: its range after the run. */
async function excelTableAfter(patch: WorkbookPatch, rows: (string | number)[][], box: { rows: number; cols: number }, showTotals: boolean): Promise<string[]> {
  const excel = new LimitedExcel();
  const sheet = excel.addSheet("Data", rows);
  sheet.tables.push({ name: "T", box: { row: 0, col: 0, ...box }, showTotals });
  await new OfficeWorkbookHost(excel.run, (set, v) => excel.supports(set, v)).apply(patch);
  return sheet.tableAddresses();
}

function openInLibreOffice(file: string, profile: string): string {
  const outdir = path.join(dir, `${profile}-csv`);
  execFileSync("soffice", [`-env:UserInstallation=file://${dir}/${profile}`, "--headless", "--norestore", "--convert-to", "csv", "--outdir", outdir, file], { stdio: "ignore", timeout: 180_000 });
  return readFileSync(path.join(outdir, `${path.basename(file, ".xlsx")}.csv`), "utf8");
}

(tools ? describe : describe.skip)("rows appended under an Excel table when the run adds columns", () => {
  let plain: string;
  let totals: string;
  const runRow: CellValue[] = ["C2", -5, 46001, "EUR", "new", "y", "RUN-7"];
  const addRunId = widening(WIDE_HEADER, ["Run id"], 2, runRow);
  beforeAll(() => {
    plain = path.join(dir, "wide.xlsx");
    totals = path.join(dir, "wide-totals.xlsx");
    execFileSync(PYTHON, ["-c", MAKE_WIDE_BOOKS, plain, totals]);
  });

  it("widen the table by the new column and take the rows: openpyxl reads the new ref and column names", async () => {
    const out = path.join(dir, "wide.out.xlsx");
    await fs.writeFile(out, await applyPatchToXlsxBuffer(await fs.readFile(plain), addRunId));
    const seen = readTable(out);
    expect(seen.ref).toBe("A1:G3");
    expect(seen.filter).toBe("A1:G3");
    expect(seen.columns).toEqual([...WIDE_HEADER, "Run id"]);
    expect(new Set(seen.ids).size).toBe(7);
    expect(seen.rows[0][6]).toBe("Run id");
    expect(seen.rows[2]).toEqual([...runRow, null]);
    const part = ZipArchive.open(await fs.readFile(out));
    const xml = part.text(part.find("xl/tables/table1.xml") as NonNullable<ReturnType<ZipArchive["find"]>>);
    expect(xml).toMatch(/<tableColumns count="7">/);
    // LibreOffice opens it (a broken table part makes it fail the conversion) and sees the new cells.
    expect(openInLibreOffice(out, "lo-wide").split(/\r?\n/).slice(0, 3)).toEqual([
      "Customer account,Amount,Date,Currency,Status,Note,Run id",
      "C1,5,46000,EUR,open,x,",
      "C2,-5,46001,EUR,new,y,RUN-7",
    ]);
  }, 200_000);

  it("give the same table range as the Office.js host for the same patch", async () => {
    const out = await applyPatchToXlsxBuffer(await fs.readFile(plain), addRunId);
    const file = path.join(dir, "wide.same.xlsx");
    await fs.writeFile(file, out);
    const excel = await excelTableAfter(addRunId, [WIDE_HEADER, ["C1", 5, 46000, "EUR", "open", "x"]], { rows: 2, cols: 6 }, false);
    expect(excel).toEqual([`Data!${readTable(file).ref}`]);
  });

  it("widen a table with a totals row: the rows go above it, which stays last with an empty cell in the new column", async () => {
    const patch = widening(["Region", "Amount", "Note"], ["Run id"], 4, ["West", 4, "c", "RUN-7"]);
    const out = path.join(dir, "wide-totals.out.xlsx");
    await fs.writeFile(out, await applyPatchToXlsxBuffer(await fs.readFile(totals), patch));
    const seen = readTable(out);
    expect(seen.ref).toBe("A1:D5");
    expect(seen.filter).toBe("A1:D4");
    expect(seen.totals).toBe(1);
    expect(seen.columns).toEqual(["Region", "Amount", "Note", "Run id"]);
    expect(seen.rows.slice(0, 5).map((r) => r.slice(0, 4))).toEqual([
      ["Region", "Amount", "Note", "Run id"],
      ["North", 10.5, "a", null],
      ["South", 2, "b", null],
      ["West", 4, "c", "RUN-7"],
      ["Total", "=SUBTOTAL(109,[Amount])", null, null],
    ]);
    expect(openInLibreOffice(out, "lo-wide-totals").split(/\r?\n/)[3]).toBe("West,4,c,RUN-7");
    const excel = await excelTableAfter(patch, [["Region", "Amount", "Note"], ["North", 10.5, "a"], ["South", 2, "b"], ["Total", 12.5, ""]], { rows: 4, cols: 3 }, true);
    expect(excel).toEqual(["Data!A1:D5"]);
  }, 200_000);

  it("do not give the table a second column of a name it has (compared case-insensitively): it keeps its range", async () => {
    const patch = widening(WIDE_HEADER, ["amount"], 2, ["C2", -5, 46001, "EUR", "new", "y", "dup"]);
    const out = path.join(dir, "wide-dup.out.xlsx");
    await fs.writeFile(out, await applyPatchToXlsxBuffer(await fs.readFile(plain), patch));
    const seen = readTable(out);
    expect(seen.ref).toBe("A1:F2");
    expect(seen.columns).toEqual(WIDE_HEADER);
    expect(seen.rows[2]).toEqual(["C2", -5, 46001, "EUR", "new", "y", "dup", null]);
    const excel = await excelTableAfter(patch, [WIDE_HEADER, ["C1", 5, 46000, "EUR", "open", "x"]], { rows: 2, cols: 6 }, false);
    expect(excel).toEqual(["Data!A1:F2"]);
  });
});

(tools ? describe : describe.skip)("a prefixed table part (x:table) widened by the run", () => {
  // openpyxl's table, rewritten with a prefix on every element, as some producers write SpreadsheetML.
  const PREFIX_TABLE = `
import sys, re, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "xl/tables/table1.xml":
            xml = data.decode("utf-8")
            xml = re.sub(r"<(/?)([A-Za-z])", r"<\\1x:\\2", xml).replace(' xmlns="', ' xmlns:x="')
            data = xml.encode("utf-8")
        zout.writestr(item, data)
`;

  it("gets its new column in the part's own prefix, and openpyxl reads the widened table", async () => {
    const plain = path.join(dir, "prefix-src.xlsx");
    const book = path.join(dir, "prefix.xlsx");
    execFileSync(PYTHON, ["-c", MAKE_WIDE_BOOKS, plain, path.join(dir, "prefix-unused.xlsx")]);
    execFileSync(PYTHON, ["-c", PREFIX_TABLE, plain, book]);
    const out = path.join(dir, "prefix.out.xlsx");
    await fs.writeFile(out, await applyPatchToXlsxBuffer(await fs.readFile(book), widening(WIDE_HEADER, ["Run id"], 2, ["C2", -5, 46001, "EUR", "new", "y", "RUN-7"])));
    const zip = ZipArchive.open(await fs.readFile(out));
    const xml = zip.text(zip.find("xl/tables/table1.xml") as NonNullable<ReturnType<ZipArchive["find"]>>);
    expect(xml).toMatch(/<x:tableColumns count="7">/);
    expect(xml).toMatch(/<x:tableColumn id="7" name="Run id"\/><\/x:tableColumns>/);
    expect(xml).not.toMatch(/<tableColumn\b/);
    const seen = readTable(out);
    expect(seen.ref).toBe("A1:G3");
    expect(seen.columns).toEqual([...WIDE_HEADER, "Run id"]);
  });
});
