import { execFileSync } from "node:child_process";
import { mkdtempSync, promises as fs, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readXlsxBuffer } from "../../src/file/xlsx-read";
import { applyPatchToXlsxBuffer } from "../../src/file/xlsx-patch";
import { ZipArchive } from "../../src/file/zip-archive";
import { findSheet, WorkbookPatch } from "../../src/workbook/grid";
import { hasTool, pythonHas } from "../support/tools";

/**
 * Rows appended under an Excel table join it (issue 15): a table with a totals row takes them
 * above its totals row, which stays last, as Excel does when a row is added to such a table.
 */
const PYTHON = "/usr/bin/python3";
const tools = hasTool(PYTHON) && hasTool("soffice") && pythonHas(PYTHON, "openpyxl") && pythonHas(PYTHON, "xlsxwriter");

// xlsxwriter: table Sales on A1:C5, data in rows 2-4, totals in row 5 (SUBTOTAL over [Amount],
// an A1 formula =MAX(C2:C4) under Date), and a note in E5 beside the totals row.
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
  });

  it("opens in LibreOffice, which sees the rows in the table's range", () => {
    const resaved = path.join(dir, "lo");
    execFileSync("soffice", [`-env:UserInstallation=file://${dir}/lo-profile`, "--headless", "--norestore", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", resaved, out], { stdio: "ignore", timeout: 180_000 });
    const seen = JSON.parse(execFileSync(PYTHON, ["-c", READ_BOOK, path.join(resaved, "totals.out.xlsx")], { encoding: "utf8" })) as { ref: string; rows: unknown[][] };
    expect(seen.ref).toBe("A1:C7");
    expect(seen.rows.slice(4, 7).map((r) => r[0])).toEqual(["West", "Central", "Total"]);
  }, 200_000);
});
