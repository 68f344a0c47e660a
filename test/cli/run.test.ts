import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { readXlsx } from "../../src/file/xlsx-read";
import { writeSnapshotXlsx } from "../../src/file/xlsx-write";
import { SHEETS } from "../../src/workbook/contract";
import { sheetNamed } from "../../src/workbook/table";
import { buildBook } from "../support/workbook-builder";
import { cli, tempDir } from "../support/cli-harness";

const hash = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");

describe("reimburse run and preview on an .xlsx workbook", () => {
  let dir: string;
  let input: string;

  beforeAll(async () => {
    dir = tempDir();
    input = path.join(dir, "book.xlsx");
    const book = buildBook({
      customers: [{ account: "C001", vendor: "V1" }, { account: "C002" }, { account: "C003", blocked: "All" }],
      balances: [["C001", "EUR", "(1,250.40)"], ["C002", "USD", -30], ["C003", "EUR", -99]],
      vendors: [["V1", "Vendor one"]],
      rates: [["USD", 0.9]],
    });
    await writeSnapshotXlsx(book, input);
  });

  it("writes the reimbursed workbook beside the input and leaves the input byte for byte as it was", async () => {
    const before = hash(input);
    const result = await cli(["run", input]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(hash(input)).toBe(before);
    const out = path.join(dir, "book.reimbursed.xlsx");
    expect(result.stdout).toContain(`Written: ${out}`);
    const written = await readXlsx(out);
    const invoices = sheetNamed(written, SHEETS.invoices);
    expect(invoices?.rows.slice(1).map((r) => [r[0], r[1], r[5], r[6]])).toEqual([
      ["RB-000001", "V1", "EUR", 1250.4],
      ["RB-000002", "OTV-000001", "USD", 30],
    ]);
  });

  it("prints the reimbursed count, totals per currency, one-time vendors and exceptions", async () => {
    const result = await cli(["preview", input]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Reimbursed: 2 credits of 2 customers");
    expect(result.stdout).toMatch(/EUR\s+1\s+1,250\.40\s+1,250\.40/);
    expect(result.stdout).toMatch(/USD\s+1\s+30\.00\s+27\.00/);
    expect(result.stdout).toContain("OTV-000001  for customer C002");
    expect(result.stdout).toContain("Sheet 'Customers', cell A4: customer C003: Customer is blocked (All)");
    expect(result.stdout).toContain("Preview only: nothing was written.");
  });

  it("gives a machine-readable summary with --json, amounts as decimal strings", async () => {
    const result = await cli(["preview", input, "--json", "--customers", "C002"]);
    const summary = JSON.parse(result.stdout);
    expect(summary.totals).toEqual([{ currency: "USD", count: 1, amount: "30.00", accountingAmount: "27.00" }]);
    expect(summary.written).toBe(false);
  });

  it("finds nothing to reimburse when run again on its own output", async () => {
    const out = path.join(dir, "book.reimbursed.xlsx");
    const again = await cli(["run", out, "-o", path.join(dir, "again.xlsx"), "--json"]);
    expect(JSON.parse(again.stdout).reimbursed).toBe(0);
  });

  it("refuses to overwrite the input unless told --in-place (usage error, exit 2)", async () => {
    const result = await cli(["run", input, "-o", input]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("add --in-place to overwrite it");
  });

  it("exits 2 on an unknown option or a malformed selection", async () => {
    expect((await cli(["run", input, "--frobnicate"])).code).toBe(2);
    expect((await cli(["run", input, "--range", "C1"])).code).toBe(2);
    expect((await cli(["run", input, "--date", "2026-13-01"])).code).toBe(2);
  });

  it("exits 1 naming the sheet and cell when the workbook is invalid, and writes nothing", async () => {
    const bad = path.join(dir, "bad.xlsx");
    await writeSnapshotXlsx(buildBook({ minimum: "lots", customers: [{ account: "C1" }], balances: [["C1", "EUR", -5]] }), bad);
    const result = await cli(["run", bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Sheet 'Parameters', cell B2: Minimum reimbursement: expected an amount");
    expect(fs.existsSync(path.join(dir, "bad.reimbursed.xlsx"))).toBe(false);
  });

  it("prints its version", async () => {
    const result = await cli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")).version);
  });

  it("exits 1 with a clear message when the input file does not exist", async () => {
    const result = await cli(["run", path.join(dir, "missing.xlsx")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/missing\.xlsx/);
  });
});
