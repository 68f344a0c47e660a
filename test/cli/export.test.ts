import { parse } from "csv-parse/sync";
import { existsSync, mkdirSync, mkdtempSync, promises, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cli } from "../support/cli-harness";
import { readXlsx } from "../../src/file/xlsx-read";
import { writeSnapshotXlsx } from "../../src/file/xlsx-write";
import { SHEETS } from "../../src/workbook/contract";
import { bookAfterRun, cancelInvoices, editInvoices, hostileBook, isoOf } from "../export/ap-book";
import { sheetRows } from "../support/sheet-rows";
import { openPackage } from "../export/export-files";

// The clock these tests read, in local time as the CLI does.
const NOW = new Date(2026, 10, 30, 9, 0, 0);

describe("reimburse export", () => {
  let dir: string;
  let input: string;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "reimburse-export-"));
    input = path.join(dir, "book.xlsx");
    await writeSnapshotXlsx(hostileBook(), input);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the Dynamics 365 data package and marks the invoices Exported in the workbook itself", async () => {
    const journal = path.join(dir, "journal.zip");
    const before = readFileSync(input);
    const io = await cli(["export", input, "--format", "d365", "-o", journal], NOW);
    expect(io.code).toBe(0);
    expect(io.stdout).toContain("Exported 4 invoices and 0 credit notes in the workbook (d365).");
    const lines = openPackage(new Uint8Array(readFileSync(journal))).rows("Vendor invoice journal line");
    expect(lines.map((l) => [l.INVOICE, l.CREDIT])).toEqual([["RB-000001", "120.50"], ["RB-000002", "30.00"], ["RB-000003", "45.99"], ["RB-000004", "12.00"]]);
    expect(io.stdout).toMatch(/Marked as exported on 2026-11-30: .*book\.xlsx \(updated in place; previous version kept as /);
    const marked = await readXlsx(input);
    expect(sheetRows(marked, SHEETS.invoices).map((r) => isoOf(r.Exported))).toEqual(["2026-11-30", "2026-11-30", "2026-11-30", "2026-11-30"]);
    const [backup] = readdirSync(path.join(dir, ".reimburse", "backups"));
    expect(readFileSync(path.join(dir, ".reimburse", "backups", backup)).equals(before)).toBe(true);
  });

  it("writes the marks to a separate ledger only with --workbook-out, leaving the input as it was", async () => {
    const copy = path.join(dir, "copy.xlsx");
    const before = readFileSync(input);
    const io = await cli(["export", input, "--format", "csv", "-o", path.join(dir, "j.csv"), "-w", copy], NOW);
    expect(io.code).toBe(0);
    expect(io.stdout).toContain(`Marked as exported on 2026-11-30: ${copy}, a separate ledger: ${input} is unchanged`);
    expect(readFileSync(input).equals(before)).toBe(true);
    expect(sheetRows(await readXlsx(copy), SHEETS.invoices).map((r) => isoOf(r.Exported))).toEqual(["2026-11-30", "2026-11-30", "2026-11-30", "2026-11-30"]);
  });

  it("says there is nothing to export, writes no file and exits 0 when everything was exported", async () => {
    const marked = path.join(dir, "marked.xlsx");
    expect((await cli(["export", input, "--format", "csv", "-o", path.join(dir, "first.csv"), "-w", marked], NOW)).code).toBe(0);
    const io = await cli(["export", marked, "--format", "csv", "-o", path.join(dir, "second.csv")], NOW);
    expect(io.code).toBe(0);
    expect(io.stdout).toMatch(/^Nothing to export: no invoice or cancellation in the workbook is waiting for export/);
    expect(existsSync(path.join(dir, "second.csv"))).toBe(false);
  });

  it("accepts --in-place (the default), and exports a run's cancellation there", async () => {
    const runId = String(sheetRows(hostileBook(), SHEETS.invoices)[0]["Run id"]);
    expect((await cli(["export", input, "--format", "d365", "-o", path.join(dir, "a.csv"), "--in-place", "--run", runId], NOW)).code).toBe(0);
    expect(sheetRows(await readXlsx(input), SHEETS.invoices).map((r) => isoOf(r.Exported))).toEqual(["2026-11-30", "2026-11-30", "2026-11-30", "2026-11-30"]);
    const cancelled = cancelInvoices(await readXlsx(input), ["RB-000002"]);
    await writeSnapshotXlsx(cancelled, input);
    const io = await cli(["export", input, "--format", "d365", "-o", path.join(dir, "b.zip"), "--in-place", "--date", "2026-12-02"], NOW);
    expect(io.code).toBe(0);
    expect(io.stdout).toContain("Exported 0 invoices and 1 credit note in the workbook (d365).");
    const [line] = openPackage(new Uint8Array(readFileSync(path.join(dir, "b.zip")))).rows("Vendor invoice journal line");
    expect([line.INVOICE, line.DEBIT, line.DATE]).toEqual(["RB-000002-CN", "30.00", "2026-12-02"]);
    expect(sheetRows(await readXlsx(input), SHEETS.invoices).map((r) => isoOf(r["Cancellation exported"]))).toEqual([null, "2026-12-02", null, null]);
    expect((await cli(["export", input, "--format", "d365", "-o", path.join(dir, "b.zip")], NOW)).code).toBe(2);
  });

  it("holds back an invoice that cannot be read, naming its cell, and exports the others", async () => {
    await writeSnapshotXlsx(editInvoices(hostileBook(), [{ invoice: "RB-000003", header: "Amount", value: "n/a" }]), input);
    const io = await cli(["export", input, "--format", "d365", "-o", path.join(dir, "j.zip")], NOW);
    expect(io.code).toBe(0);
    expect(io.stdout).toContain("Not exported: 1\n  Sheet 'Vendor invoices', cell G4: Invoice RB-000003 not exported: Amount");
    const lines = openPackage(new Uint8Array(readFileSync(path.join(dir, "j.zip")))).rows("Vendor invoice journal line");
    expect(lines.map((l) => l.INVOICE)).toEqual(["RB-000001", "RB-000002", "RB-000004"]);
  });

  it("stops with exit 1 and writes nothing when an Exported mark contradicts the Export log", async () => {
    await writeSnapshotXlsx(editInvoices(hostileBook(), [{ invoice: "RB-000003", header: "Exported", value: new Date("2026-11-29T00:00:00Z") }]), input);
    const io = await cli(["export", input, "--format", "d365", "-o", path.join(dir, "j.csv")], NOW);
    expect(io.code).toBe(1);
    expect(io.stderr).toContain("Sheet 'Vendor invoices', cell L4: Exported is filled in, but the invoice RB-000003 is not on sheet Export log");
    expect(readdirSync(dir)).toEqual(["book.xlsx"]);
  });

  it("leaves no export file behind when the workbook cannot be written", async () => {
    const rename = promises.rename;
    jest.spyOn(promises, "rename").mockImplementation(async (from, to) => {
      if (String(to).endsWith("out.xlsx")) throw Object.assign(new Error("ENOSPC: no space left on device, rename"), { code: "ENOSPC" });
      return rename(from, to);
    });
    const { code } = await cli(["export", input, "--format", "csv", "-o", path.join(dir, "j.csv"), "-w", path.join(dir, "out.xlsx")], NOW);
    jest.restoreAllMocks();
    expect(code).toBe(1);
    expect(readdirSync(dir)).toEqual(["book.xlsx"]);
  });

  it("refuses an export file name that exists, or is a folder, before doing anything", async () => {
    writeFileSync(path.join(dir, "notes.txt"), "keep me");
    mkdirSync(path.join(dir, "folder"));
    const before = readFileSync(input);
    const exists = await cli(["export", input, "--format", "csv", "-o", path.join(dir, "notes.txt")], NOW);
    expect([exists.code, exists.stderr]).toEqual([2, `reimburse: ${path.join(dir, "notes.txt")} already exists; add --force to replace it, or name another file\n`]);
    const folder = await cli(["export", input, "--format", "csv", "-o", path.join(dir, "folder"), "--force"], NOW);
    expect([folder.code, folder.stderr]).toEqual([2, `reimburse: Cannot write ${path.join(dir, "folder")}: it is a folder; name a file\n`]);
    expect(readFileSync(path.join(dir, "notes.txt"), "utf8")).toBe("keep me");
    expect(readFileSync(input).equals(before)).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["book.xlsx", "folder", "notes.txt"]);
    expect((await cli(["export", input, "--format", "csv", "-o", path.join(dir, "notes.txt"), "--force"], NOW)).code).toBe(0);
    expect(readFileSync(path.join(dir, "notes.txt"), "utf8")).toContain("RB-000001");
  });

  it.each([
    [["export", "IN", "-o", "x.csv"]],
    [["export", "IN", "--format", "sap", "-o", "x.csv"]],
    [["export", "IN", "--format", "d365"]],
    [["export", "IN", "--format", "d365", "-o", "x.csv", "-w", "IN"]],
    [["export", "IN", "--format", "d365", "-o", "IN"]],
    [["export", "IN", "--format", "d365", "-o", "x.csv", "--date", "30/11/2026"]],
  ])("exits 2 on a wrong command line: %j", async (args) => {
    const io = await cli(args.map((a) => (a === "IN" ? input : a)), NOW);
    expect(io.code).toBe(2);
    expect(readdirSync(dir)).toEqual(["book.xlsx"]);
  });

  it("exports a workbook with hostile names that the plain CSV keeps inert, the one-time vendors beside it", async () => {
    const file = path.join(dir, "plain.csv");
    const io = await cli(["export", input, "--format", "csv", "-o", file], NOW);
    expect(io.code).toBe(0);
    expect(io.stdout).toContain(`Written: ${file}, ${path.join(dir, "plain.one-time-vendors.csv")}`);
    expect(readFileSync(file, "utf8")).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    const vendors = parse(readFileSync(path.join(dir, "plain.one-time-vendors.csv"), "utf8"), { bom: true, columns: true }) as Record<string, string>[];
    expect(vendors.map((v) => [v["Vendor account"], v.Name, v["Customer account"]])).toEqual([
      ["OTV-000001", `'=HYPERLINK("http://x","y")`, "C001"], ["OTV-000002", "'@SUM(A1)", "C002"], ["OTV-000003", "'-1+2", "'+cmd"], ["OTV-000004", "Ørsted, Müller & Søn", "C004"],
    ]);
  });

  it.each([["d365"], ["d365-general-journal"], ["ubl"]])("writes --format %s as a zip package", async (format) => {
    const file = path.join(dir, "out.zip");
    expect((await cli(["export", input, "--format", format, "-o", file], NOW)).code).toBe(0);
    expect([...readFileSync(file).subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]);
  });
});

// A workbook without any invoice: the command still succeeds.
describe("reimburse export on a workbook before any run", () => {
  it("has nothing to export", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "reimburse-export-"));
    try {
      const input = path.join(dir, "empty.xlsx");
      await writeSnapshotXlsx(bookAfterRun({ customers: [{ account: "C001" }] }), input);
      const io = await cli(["export", input, "--format", "d365", "-o", path.join(dir, "j.csv")], NOW);
      expect(io.code).toBe(0);
      expect(io.stdout).toContain("Nothing to export");
      expect(readdirSync(dir)).toEqual(["empty.xlsx"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
