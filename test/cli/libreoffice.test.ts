import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { writeSnapshotXlsx } from "../../src/file/xlsx-write";
import { sampleWorkbook } from "../../src/workbook/sample";
import { cli, tempDir } from "../support/cli-harness";
import { hasTool } from "../support/tools";

const describeWithSoffice = hasTool("soffice") ? describe : describe.skip;

/** Converts every sheet of a workbook to CSV with LibreOffice, an independent xlsx reader. */
function libreOfficeSheets(file: string, outDir: string): Map<string, string> {
  execFileSync("soffice", [
    `-env:UserInstallation=file://${path.join(outDir, "lo-profile")}`, "--headless", "--norestore",
    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
    "--outdir", outDir, file,
  ], { stdio: "ignore", timeout: 120_000 });
  const base = path.basename(file, ".xlsx");
  const sheets = new Map<string, string>();
  for (const f of fs.readdirSync(outDir)) {
    if (f.startsWith(`${base}-`) && f.endsWith(".csv")) sheets.set(f.slice(base.length + 1, -4), fs.readFileSync(path.join(outDir, f), "utf8"));
  }
  return sheets;
}

describeWithSoffice("the reimbursed workbook in LibreOffice", () => {
  it("opens, with every output sheet and the invoices' amounts as the CLI printed them", async () => {
    const dir = tempDir();
    const input = path.join(dir, "sample.xlsx");
    await writeSnapshotXlsx(sampleWorkbook({ customers: 40, seed: 7 }), input);
    const output = path.join(dir, "out.xlsx");
    const run = await cli(["run", input, "-o", output, "--json"]);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    const sheets = libreOfficeSheets(output, dir);
    for (const name of ["Vendor invoices", "Reimbursements", "Customer transactions", "One-time vendors", "Reimbursement exceptions", "Customers"]) {
      expect(sheets.has(name)).toBe(true);
    }
    const invoiceRows: string[][] = parse(sheets.get("Vendor invoices") ?? "");
    expect(invoiceRows[0].slice(0, 7)).toEqual(["Invoice", "Vendor account", "Vendor name", "Invoice date", "Due date", "Currency", "Amount"]);
    expect(invoiceRows.length - 1).toBe(summary.reimbursed);
    const eurTotal = invoiceRows.slice(1).filter((c) => c[5] === "EUR").reduce((s, c) => s + Math.round(Number(c[6]) * 100), 0);
    const eur = summary.totals.find((t: { currency: string }) => t.currency === "EUR");
    expect((eurTotal / 100).toFixed(2)).toBe(eur.amount);
  }, 180_000);
});
