import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { reverse } from "../../src/cli/commands/reverse";
import * as xlsxPatch from "../../src/file/xlsx-patch";
import * as xlsxWrite from "../../src/file/xlsx-write";
import { readXlsx } from "../../src/file/xlsx-read";
import { CellValue, WorkbookSnapshot } from "../../src/workbook/grid";
import { cli, tempDir } from "../support/cli-harness";
import { SHEETS, baseBook, sheet, withCell, withRows, withSheet } from "./generators";
import { sheetRows } from "../support/sheet-rows";

/**
 * Hostile workbooks as files, through the CLI: the message names sheet, cell and reason; a
 * refused or failed write leaves no output file and no temporary file behind; an input the CLI
 * was not told to overwrite stays byte for byte as it was.
 */
const hash = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const later = new Date("2026-11-25T14:00:00Z");
let dir: string;

async function file(name: string, book: WorkbookSnapshot): Promise<string> {
  const p = path.join(dir, name);
  await xlsxWrite.writeSnapshotXlsx(book, p);
  return p;
}

/** What a CLI call left behind: exit code, messages, and whether anything new appeared beside the input. */
async function attempt(input: string, args: string[], now?: Date) {
  const before = { hash: hash(input), files: fs.readdirSync(dir).sort() };
  const result = await cli([args[0], input, ...args.slice(1)], now);
  return { ...result, inputUnchanged: hash(input) === before.hash, newFiles: fs.readdirSync(dir).sort().filter((f) => !before.files.includes(f)) };
}

beforeAll(() => {
  dir = tempDir("reimburse-hostile-");
});

afterEach(() => jest.restoreAllMocks());

describe("a workbook the run must refuse", () => {
  const cases: [string, () => WorkbookSnapshot, string][] = [
    ["a minimum in words", () => withCell(baseBook(), SHEETS.parameters, 1, "Value", "ten"), "Sheet 'Parameters', cell B2: Minimum reimbursement: expected an amount such as 1234.50, found \"ten\""],
    ["no Customers sheet", () => withSheet(baseBook(), SHEETS.customers, () => null), "Sheet 'Customers': the workbook has no sheet named 'Customers'"],
    ["no Balance column", () => withSheet(baseBook(), SHEETS.balances, (g) => ({ ...g, rows: [["Customer account", "Currency", "Amount"], ...g.rows.slice(1)] })), "Sheet 'Customer balances', cell A1: required column 'Balance' is missing from the header row (row 1)"],
    ["colliding sheet names", () => ({ sheets: [...baseBook().sheets, sheet(" customer BALANCES ", [["Customer account"]])] }), "Sheet 'Customer balances': 2 sheets are named 'Customer balances' ('Customer balances', ' customer BALANCES '); rename all but one"],
    ["a rate holding an error", () => withCell(baseBook(), SHEETS.rates, 1, "Rate", { error: "#REF!" }), "Sheet 'Exchange rates', cell B2: Rate: expected an amount, found the error #REF!"],
  ];

  it.each(cases)("%s: exit 1 with the message, no file written, the input unchanged", async (name, book, message) => {
    const input = await file(`${name.replace(/\W+/g, "-")}.xlsx`, book());
    for (const args of [["run"], ["run", "--in-place"], ["preview"]]) {
      const result = await attempt(input, args);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/nothing was written/i);
      expect(result.stderr).toContain(`\n${message}\n`);
      expect(result).toEqual(expect.objectContaining({ stdout: "", inputUnchanged: true, newFiles: [] }));
    }
  });

  it("a file that is not a workbook: exit 1, nothing written", async () => {
    const input = path.join(dir, "not-a-workbook.xlsx");
    fs.writeFileSync(input, "Customer account;Balance\nC001;-10\n");
    const result = await attempt(input, ["run"]);
    expect(result).toEqual(expect.objectContaining({ code: 1, inputUnchanged: true, newFiles: [] }));
    expect(result.stderr).toMatch(/^reimburse: .*zip.*\nNothing was written\.\n$/);
  });
});

describe("a workbook with bad rows", () => {
  it("is reimbursed for its good customers; each bad cell is listed with sheet, cell and reason, and the input stays as it was", async () => {
    const book = withRows(withCell(baseBook(), SHEETS.balances, 2, "Balance", "-1.234,50"), SHEETS.balances, [
      ["C003", "EUR", "thirty"], ["C004", "EUR", { error: "#N/A" }], ["Total", "EUR", -1385.0], [1e16, "EUR", -1], ["C005", "JPY", "-12.5"],
    ]);
    const input = await file("bad-rows.xlsx", book);
    const out = path.join(dir, "bad-rows.out.xlsx");
    const result = await attempt(input, ["run", "-o", out, "--json"]);
    expect(result).toEqual(expect.objectContaining({ code: 0, inputUnchanged: true, newFiles: ["bad-rows.out.xlsx"] }));
    const written = await readXlsx(out);
    expect(sheetRows(written, SHEETS.reimbursements).map((r) => [r["Customer account"], r.Amount])).toEqual([["C001", 100.5], ["C002", 1234.5]]);
    expect(sheetRows(written, SHEETS.exceptions).map((r) => `${r.Sheet}!${r.Cell}: ${r.Reason}`)).toEqual([
      'Customer balances!C4: Balance: expected an amount such as 1234.50, found "thirty"',
      "Customer balances!C5: Balance: expected an amount, found the error #N/A",
      'Customer balances!A6: Customer account: "Total" looks like a subtotal row; remove it from the data',
      "Customer balances!A7: Customer account: 10000000000000000 is a number too long for Excel to keep exactly; type the account as text",
      "Customer balances!C8: Balance: -12.5 has more than the 0 decimals JPY allows",
    ]);
  });

  it("reads a merged account cell (its value only in the top-left cell) as empty below the first row, and says where", async () => {
    const workbook = new ExcelJS.Workbook();
    for (const grid of baseBook().sheets) {
      const ws = workbook.addWorksheet(grid.name);
      for (const row of grid.rows) ws.addRow(row.map((c: CellValue) => (c === null ? undefined : c)));
    }
    const balances = workbook.getWorksheet(SHEETS.balances);
    balances?.addRow([null, "USD", -40]);
    balances?.mergeCells("A3:A4");
    const input = path.join(dir, "merged.xlsx");
    await workbook.xlsx.writeFile(input);
    const out = path.join(dir, "merged.out.xlsx");
    const result = await attempt(input, ["run", "-o", out]);
    expect(result).toEqual(expect.objectContaining({ code: 0, inputUnchanged: true }));
    expect(result.stdout).toContain("Sheet 'Customer balances', cell A4: Customer account: expected a customer account, found an empty cell");
  });
});

describe("a host write that fails half way", () => {
  let input: string;
  beforeAll(async () => {
    input = await file("write-fails.xlsx", baseBook());
  });

  it("leaves neither the output nor a temporary file, and the input as it was", async () => {
    const rename = fs.promises.rename;
    jest.spyOn(fs.promises, "rename").mockImplementation(async (from, to) => {
      if (String(to).endsWith(".out.xlsx")) throw Object.assign(new Error("EIO: i/o error, rename"), { code: "EIO" });
      return rename(from, to);
    });
    const result = await attempt(input, ["run", "-o", path.join(dir, "write-fails.out.xlsx")]);
    expect(result).toEqual(expect.objectContaining({ code: 1, stdout: "", inputUnchanged: true, newFiles: [] }));
    expect(result.stderr).toMatch(/^reimburse: Cannot write .*write-fails\.out\.xlsx: EIO: i\/o error, rename\nNothing was written\.\n$/);
  });

  it("the disk filling up while the new workbook is written: nothing is left, and the message names the workbook", async () => {
    // The new workbook goes to its file while it is made (FileSink), through a file handle's writev.
    const probe = await fs.promises.open(input, "r");
    const handles = Object.getPrototypeOf(probe) as { writev: (...args: unknown[]) => Promise<unknown> };
    await probe.close();
    jest.spyOn(handles, "writev").mockRejectedValue(Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }));
    for (const args of [["run", "-o", path.join(dir, "disk-full.out.xlsx")], ["run", "--in-place"]]) {
      const result = await attempt(input, args);
      expect(result).toEqual(expect.objectContaining({ code: 1, stdout: "", inputUnchanged: true, newFiles: [] }));
      const named = args[1] === "-o" ? "disk-full\\.out\\.xlsx" : "write-fails\\.xlsx";
      expect(result.stderr).toMatch(new RegExp(`^reimburse: Cannot write .*${named}: ENOSPC: no space left on device, write\nNothing was written\.\n$`));
    }
    expect(fs.existsSync(path.join(dir, ".reimburse", "pending"))).toBe(false);
  });

  it("leaves the input byte for byte as it was even when told to write in place", async () => {
    jest.spyOn(fs.promises, "rename").mockRejectedValue(Object.assign(new Error("ENOSPC: no space left on device"), { code: "ENOSPC" }));
    const result = await attempt(input, ["run", "--in-place"]);
    expect(result).toEqual(expect.objectContaining({ code: 1, inputUnchanged: true, newFiles: [] }));
    expect(result.stderr).toContain("ENOSPC: no space left on device");
  });

  it("writes nothing when the output's folder disappears between reading and writing", async () => {
    const gone = path.join(dir, "gone");
    fs.mkdirSync(gone);
    // The file host writes the new package as its pieces (applyPatchToXlsxPieces): the folder goes while they are made.
    const apply = xlsxPatch.applyPatchToXlsxPieces;
    jest.spyOn(xlsxPatch, "applyPatchToXlsxPieces").mockImplementation(async (bytes, patch, prepared) => {
      fs.rmSync(gone, { recursive: true });
      return apply(bytes, patch, prepared);
    });
    const result = await attempt(input, ["run", "-o", path.join(gone, "out.xlsx")]);
    expect(result).toEqual(expect.objectContaining({ code: 1, inputUnchanged: true, newFiles: [] }));
    expect(result.stderr).toMatch(/ENOENT/);
    expect(fs.existsSync(gone)).toBe(false);
  });

  it("a reversal whose write fails leaves the workbook as it was, so it can simply be run again", async () => {
    const run = await cli(["run", input, "-o", path.join(dir, "to-reverse.xlsx"), "--json"]);
    const reimbursed = path.join(dir, "to-reverse.xlsx");
    const before = hash(reimbursed);
    const failing = jest.spyOn(xlsxPatch, "applyPatchToXlsxPieces").mockRejectedValue(new Error("the disk went away"));
    const io = { stdout: () => undefined, stderr: () => undefined, interactive: false, now: () => later };
    await expect(reverse(reimbursed, { run: JSON.parse(run.stdout).runId, inPlace: true }, io)).rejects.toThrow("the disk went away");
    failing.mockRestore();
    expect(hash(reimbursed)).toBe(before);
    const again = await attempt(reimbursed, ["reverse", "--run", JSON.parse(run.stdout).runId, "--in-place"], later);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("2 of 2 reimbursements reversed");
  });
});

describe("a reversal of a hostile workbook", () => {
  it("exits 1 with the message when the Reimbursements sheet lost a column, writing nothing", async () => {
    const book = { sheets: [...baseBook().sheets, sheet(SHEETS.reimbursements, [["Run id", "Customer account", "Currency"], ["RUN-1", "C001", "EUR"]])] };
    const input = await file("reverse-no-amount.xlsx", book);
    const result = await attempt(input, ["reverse", "--run", "RUN-1"], later);
    expect(result).toEqual(expect.objectContaining({ code: 1, stdout: "", inputUnchanged: true, newFiles: [] }));
    expect(result.stderr).toBe("The run cannot be reversed; nothing was written.\nSheet 'Reimbursements', cell A1: required column 'Amount' is missing from the header row (row 1)\n");
  });

  it("refuses, row by row, reimbursements whose cells were damaged by hand", async () => {
    const ledger = await file("damaged.xlsx", baseBook());
    const run = await cli(["run", ledger, "--json"]);
    const runId = JSON.parse(run.stdout).runId;
    const reimbursed = await readXlsx(ledger);
    const damaged = withSheet(reimbursed, SHEETS.reimbursements, (g) => ({ ...g, rows: g.rows.map((r, i) => (i === 2 ? r.map((c, j) => (j === 5 ? { error: "#VALUE!" } : c)) : r)) }));
    const input = await file("damaged.reimbursed2.xlsx", damaged);
    const result = await attempt(input, ["reverse", "--run", runId, "--json", "-o", path.join(dir, "damaged.reversed.xlsx")], later);
    expect(result).toEqual(expect.objectContaining({ code: 0, inputUnchanged: true }));
    expect(JSON.parse(result.stdout).notReversed).toEqual([
      expect.objectContaining({ customerAccount: "C002", row: 3, reason: "its row cannot be read: Sheet 'Reimbursements', cell F3: Amount: expected an amount, found the error #VALUE!" }),
    ]);
  });
});
