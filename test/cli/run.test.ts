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
const backups = (dir: string) => {
  const folder = path.join(dir, ".reimburse", "backups");
  return fs.existsSync(folder) ? fs.readdirSync(folder).sort() : [];
};

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

  /** A fresh copy of the book, so each test starts from the unreimbursed ledger. */
  function ledger(name: string): string {
    const folder = fs.mkdtempSync(path.join(dir, `${name}-`));
    const copy = path.join(folder, "book.xlsx");
    fs.copyFileSync(input, copy);
    return copy;
  }

  it("updates the workbook in place and keeps the previous version, byte for byte, as a backup", async () => {
    const book = ledger("in-place");
    const before = hash(book);
    const result = await cli(["run", book]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const [backup] = backups(path.dirname(book));
    expect(backup).toMatch(/^book\.\d{8}-\d{6}-\d{3}\.run\.xlsx$/);
    expect(hash(path.join(path.dirname(book), ".reimburse", "backups", backup))).toBe(before);
    expect(result.stdout).toContain(`Written: ${book} (updated in place; previous version kept as `);
    const invoices = sheetNamed(await readXlsx(book), SHEETS.invoices);
    expect(invoices?.rows.slice(1).map((r) => [r[0], r[1], r[5], r[6]])).toEqual([
      ["RB-000001", "V1", "EUR", 1250.4],
      ["RB-000002", "OTV-000001", "USD", 30],
    ]);
    // Nothing else beside the workbook: no lock, no unfinished file, no journal.
    expect(fs.readdirSync(path.dirname(book)).sort()).toEqual([".reimburse", "book.xlsx"]);
    expect(fs.readdirSync(path.join(path.dirname(book), ".reimburse"))).toEqual(["backups"]);
  });

  it("finds nothing to reimburse when run again on the ledger", async () => {
    const book = ledger("twice");
    expect((await cli(["run", book])).code).toBe(0);
    const again = await cli(["run", book, "--json"]);
    expect(JSON.parse(again.stdout).reimbursed).toBe(0);
  });

  it("writes a separate ledger with -o, says so, and leaves the input byte for byte as it was", async () => {
    const book = ledger("separate");
    const before = hash(book);
    const out = path.join(path.dirname(book), "copy.xlsx");
    const result = await cli(["run", book, "-o", out]);
    expect(result.code).toBe(0);
    expect(hash(book)).toBe(before);
    expect(result.stdout).toContain(`Written: ${out}, a separate ledger: ${book} is unchanged`);
    expect(sheetNamed(await readXlsx(out), SHEETS.invoices)?.rows).toHaveLength(3);
    expect(backups(path.dirname(book))).toEqual([]);
  });

  it("follows a symbolic link and updates the file it names, keeping the link", async () => {
    const book = ledger("link");
    const link = path.join(path.dirname(book), "link.xlsx");
    fs.symlinkSync(book, link);
    expect((await cli(["run", link])).code).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(sheetNamed(await readXlsx(book), SHEETS.invoices)?.rows).toHaveLength(3);
  });

  it("never replaces an existing file with -o unless told --force", async () => {
    const book = ledger("force");
    const out = path.join(path.dirname(book), "notes.xlsx");
    fs.writeFileSync(out, "my notes");
    const refused = await cli(["run", book, "-o", out]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(`reimburse: ${out} already exists; add --force to replace it, or name another file\n`);
    expect(fs.readFileSync(out, "utf8")).toBe("my notes");
    expect((await cli(["run", book, "-o", out, "--force"])).code).toBe(0);
    expect(sheetNamed(await readXlsx(out), SHEETS.invoices)?.rows).toHaveLength(3);
  });

  it.each([
    ["a folder", (d: string) => d, "it is a folder"],
    ["a device", () => "/dev/null", "it is a device"],
  ])("refuses -o %s before anything is done, even with --force", async (_name, target, reason) => {
    const book = ledger("special");
    const before = hash(book);
    const result = await cli(["run", book, "-o", target(path.dirname(book)), "--force"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(reason);
    expect(hash(book)).toBe(before);
    expect(fs.readdirSync(path.dirname(book))).toEqual(["book.xlsx"]);
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

  it("refuses -o naming the input itself (usage error, exit 2): in place is the default", async () => {
    const result = await cli(["run", input, "-o", input]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("is the input workbook; leave -o out: the workbook is updated in place by default");
    expect((await cli(["run", input, "-o", path.join(dir, "x.xlsx"), "--in-place"])).code).toBe(2);
  });

  it("exits 2 on an unknown option or a malformed selection", async () => {
    expect((await cli(["run", input, "--frobnicate"])).code).toBe(2);
    expect((await cli(["run", input, "--range", "C1"])).code).toBe(2);
    expect((await cli(["run", input, "--date", "2026-13-01"])).code).toBe(2);
  });

  it("exits 1 naming the sheet and cell when the workbook is invalid, and writes nothing", async () => {
    const folder = fs.mkdtempSync(path.join(dir, "bad-"));
    const bad = path.join(folder, "bad.xlsx");
    await writeSnapshotXlsx(buildBook({ minimum: "lots", customers: [{ account: "C1" }], balances: [["C1", "EUR", -5]] }), bad);
    const before = hash(bad);
    const result = await cli(["run", bad]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Sheet 'Parameters', cell B2: Minimum reimbursement: expected an amount");
    expect(hash(bad)).toBe(before);
    expect(fs.readdirSync(folder)).toEqual(["bad.xlsx"]);
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

describe("a file that is not a workbook", () => {
  it("is named in a plain message with exit 1, for preview and run alike, and left as it was", async () => {
    const dir = tempDir();
    const notes = path.join(dir, "notes.xlsx");
    fs.writeFileSync(notes, "meeting notes, not a spreadsheet\n");
    const before = hash(notes);
    for (const command of ["preview", "run"]) {
      const result = await cli([command, notes]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`${notes} is not an .xlsx workbook (it is not a zip package)`);
    }
    expect(hash(notes)).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(["notes.xlsx"]);
  });
});
