import ExcelJS from "exceljs";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { prepareExport } from "../../src/export/prepare-export";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { HOSTILE, hostileBook, cancelInvoices } from "./ap-book";
import { unzip } from "./export-files";

function sofficeAvailable(): boolean {
  try {
    execFileSync("soffice", ["--version"], { stdio: "ignore", timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

type Cell = ExcelJS.CellValue;

async function readBack(file: string): Promise<Record<string, Cell>[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  const header = (sheet.getRow(1).values as Cell[]).slice(1).map(String);
  const rows: Record<string, Cell>[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) rows.push(Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value])));
  });
  return rows;
}

const isFormula = (v: Cell): boolean => typeof v === "object" && v !== null && !(v instanceof Date) && ("formula" in v || "sharedFormula" in v);

describe("the exported CSVs opened in LibreOffice", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "reimburse-lo-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("show the hostile names as text, and the amounts as numbers", async () => {
    if (!sofficeAvailable()) {
      console.warn("soffice (LibreOffice) is not installed: skipping the LibreOffice check of the CSV exports");
      return;
    }
    const book = hostileBook();
    const first = prepareExport(book, { format: "d365", date: "2026-11-30" });
    const cancelled = cancelInvoices(applyPatchToSnapshot(book, first.patch), ["RB-000001"]);
    const plain = prepareExport(cancelled, { format: "csv", date: "2026-12-01", again: true });
    // The package's journal lines as D365 reads them: UTF-16 with a byte order mark.
    const lineFile = unzip(first.content).find(([name]) => name === "Vendor invoice journal line.csv")?.[1];
    writeFileSync(path.join(dir, "journal.csv"), lineFile ?? "");
    writeFileSync(path.join(dir, "plain.csv"), plain.files[0].content);
    writeFileSync(path.join(dir, "vendors.csv"), plain.files[1].content);

    // One call for all files: LibreOffice takes seconds to start. It reads the byte order mark.
    execFileSync("soffice", [
      `-env:UserInstallation=file://${path.join(dir, "profile")}`, "--headless", "--norestore",
      "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", dir,
      path.join(dir, "journal.csv"), path.join(dir, "plain.csv"), path.join(dir, "vendors.csv"),
    ], { stdio: "ignore", timeout: 120_000 });

    const journal = await readBack(path.join(dir, "journal.xlsx"));
    expect(journal.map((r) => [r.ACCOUNTDISPLAYVALUE, r.INVOICE, r.CREDIT, r.LINENUMBER])).toEqual([
      ["OTV-000001", "RB-000001", 120.5, 1],
      ["OTV-000002", "RB-000002", 30, 2],
      ["OTV-000003", "RB-000003", 45.99, 3],
      ["OTV-000004", "RB-000004", 12, 4],
    ]);

    const vendors = await readBack(path.join(dir, "vendors.xlsx"));
    expect(vendors.map((r) => [r["Vendor account"], r.Name, r["Customer account"], r.IBAN])).toEqual([
      ["OTV-000001", `'${HOSTILE.hyperlink}`, "C001", "FR7630006000011234567890189"],
      ["OTV-000002", `'${HOSTILE.sum}`, "C002", "FR7630006000011234567890189"],
      ["OTV-000003", `'${HOSTILE.minus}`, `'${HOSTILE.plus}`, "FR7630006000011234567890189"],
      ["OTV-000004", "Ørsted, Müller & Søn", "C004", "FR7630006000011234567890189"],
    ]);

    const rows = await readBack(path.join(dir, "plain.xlsx"));
    expect(rows.map((r) => [r["Line type"], r["Vendor name"], r["Customer account"], r.Amount])).toEqual([
      ["Invoice", `'${HOSTILE.hyperlink}`, "C001", 120.5],
      ["Credit note", `'${HOSTILE.hyperlink}`, "C001", -120.5],
      ["Invoice", `'${HOSTILE.sum}`, "C002", 30],
      ["Invoice", `'${HOSTILE.minus}`, `'${HOSTILE.plus}`, 45.99],
      ["Invoice", "Ørsted, Müller & Søn", "C004", 12],
    ]);
    for (const row of [...journal, ...rows, ...vendors]) for (const value of Object.values(row)) expect(isFormula(value)).toBe(false);
  }, 180_000);
});
