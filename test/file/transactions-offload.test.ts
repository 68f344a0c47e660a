import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import * as garbage from "../../src/file/garbage-collection";
import { xlsxLimits } from "../../src/file/limits";
import { openWorkbookPackage } from "../../src/file/package-parts";
import { CutSlot } from "../../src/file/transactions-cut";
import { DigestResult, OffloadOptions, RunRead, digestJob, digestThroughCut, readForRun, startDigestJob } from "../../src/file/transactions-offload";
import { cutTarget } from "../../src/file/transactions-tail";
import { readXlsxBuffer } from "../../src/file/xlsx-read";
import { writeSnapshotXlsx } from "../../src/file/xlsx-write";
import { currentBalances } from "../../src/core/balance";
import { IsoDate } from "../../src/core/types";
import { COLUMNS, SHEETS } from "../../src/workbook/contract";
import { WorkbookError } from "../../src/workbook/errors";
import { fingerprint, fingerprintBefore, sheetRowsText } from "../../src/workbook/fingerprint";
import { CellValue, WorkbookSnapshot } from "../../src/workbook/grid";
import { ReadOptions, readReimbursementInput } from "../../src/workbook/read";
import { prepareRun } from "../../src/workbook/run";
import { buildBook, sheet } from "../support/workbook-builder";

/**
 * `reimburse run` reads the Customer transactions sheet in a worker thread (or in-process when
 * no worker can be started) and plans from its digest: the run must be the one the plain,
 * single-threaded read gives, to the cell: same plan, same patch, same problems in the same
 * order, same fingerprint, same errors.
 */

const NOW = new Date("2026-11-24T09:30:00Z");
const HEADER = COLUMNS.transactions.map((c) => c.header);
const WORKER = path.resolve(__dirname, "../../dist/file/transactions-worker.js");

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "reimburse-offload-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** An amount the parser reads as -0 (a number cell's -0 is read as 0). */
const NEGATIVE_ZERO = "-0";

interface FileChanges {
  /** The transactions sheet's rows stored bottom to top (a reader must sort them). */
  reversed?: boolean;
  /** A merge over the Type..Run id cells of its first two data rows. */
  merged?: boolean;
  /** Its last row is an Excel table's totals row. */
  totalsRow?: boolean;
  /** A comment after its rows: the byte scanner leaves the part there and saxes reads it again from its start. */
  lateComment?: boolean;
  /**
   * The row just before where the main thread cuts the sheet when it reads this share of it
   * (cutTarget) numbered far below: rows out of order that only the worker, at the cut, sees.
   */
  outOfOrderAtCut?: number;
}

async function xlsxBytes(book: WorkbookSnapshot, changes: FileChanges = {}): Promise<Uint8Array> {
  const file = path.join(dir, `book-${process.hrtime.bigint()}.xlsx`);
  await writeSnapshotXlsx(book, file);
  const bytes = new Uint8Array(fs.readFileSync(file));
  fs.rmSync(file);
  const at = book.sheets.findIndex((s) => s.name === SHEETS.transactions);
  if (at < 0 || !(changes.reversed || changes.merged || changes.totalsRow || changes.lateComment || changes.outOfOrderAtCut)) return bytes;
  const parts = unzipSync(bytes);
  const part = `xl/worksheets/sheet${at + 1}.xml`;
  let xml = strFromU8(parts[part]);
  const rows = book.sheets[at].rows.length;
  if (changes.reversed) {
    const found = xml.match(/<row\b[^>]*?(?:\/>|>[\s\S]*?<\/row>)/g) ?? [];
    xml = xml.replace(/<sheetData>[\s\S]*<\/sheetData>/, `<sheetData>${[...found].reverse().join("")}</sheetData>`);
  }
  if (changes.outOfOrderAtCut) {
    // The sheet's XML is ASCII (its text is in the shared strings): string offsets are byte offsets.
    const cutAt = xml.indexOf("<row ", cutTarget(xml.length, changes.outOfOrderAtCut));
    const row = Number(/^<row r="(\d+)"/.exec(xml.slice(cutAt))?.[1]);
    const before = xml.lastIndexOf("<row ", cutAt - 1);
    const renumbered = xml.slice(before, cutAt).replace(/ r="([A-Z]*)(\d+)"/g, (all, col: string, n: string) => (Number(n) === row - 1 ? ` r="${col}${row + 100_000}"` : all));
    xml = xml.slice(0, before) + renumbered + xml.slice(cutAt);
    expect(cutTarget(xml.length, changes.outOfOrderAtCut)).toBeGreaterThan(before);
  }
  if (changes.lateComment) xml = xml.replace("</sheetData>", "<!-- rows above --></sheetData>");
  if (changes.merged && rows >= 3) xml = xml.replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="E2:G3"/></mergeCells>');
  if (changes.totalsRow && rows >= 2) {
    xml = xml.replace("</worksheet>", '<tableParts count="1"><tablePart xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rIdOffload"/></tableParts></worksheet>');
    const rels = `xl/worksheets/_rels/sheet${at + 1}.xml.rels`;
    const relation = '<Relationship Id="rIdOffload" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/table" Target="../tables/tableOffload.xml"/>';
    parts[rels] = strToU8(parts[rels] ? strFromU8(parts[rels]).replace("</Relationships>", `${relation}</Relationships>`) : `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${relation}</Relationships>`);
    const columns = HEADER.map((h, i) => `<tableColumn id="${i + 1}" name="${h}"/>`).join("");
    parts["xl/tables/tableOffload.xml"] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="99" name="Offload" displayName="Offload" ref="A1:G${rows}" totalsRowCount="1"><tableColumns count="${HEADER.length}">${columns}</tableColumns></table>`);
  }
  parts[part] = strToU8(xml);
  return zipSync(parts);
}

type Outcome =
  | { ok: true; prepared: ReturnType<typeof prepareRun>; fingerprint: string; input: ReturnType<typeof readReimbursementInput> }
  | { ok: false; error: string; problems?: unknown };

function outcome(run: () => { prepared: ReturnType<typeof prepareRun>; fingerprint: string; input: ReturnType<typeof readReimbursementInput> }): Outcome {
  try {
    return { ok: true, ...run() };
  } catch (error) {
    if (error instanceof WorkbookError) return { ok: false, error: `${error.name}: ${error.message}`, problems: error.problems };
    return { ok: false, error: String(error) };
  }
}

/** The run from the plain read, and from the offloaded read. */
async function bothRuns(bytes: Uint8Array, options: ReadOptions, offload: Partial<OffloadOptions> = { workerScript: null }): Promise<{ plain: Outcome; offloaded: Outcome; read: RunRead }> {
  const plainSnapshot = await readXlsxBuffer(bytes);
  const plain = outcome(() => ({ prepared: prepareRun(plainSnapshot, options), fingerprint: fingerprint(plainSnapshot), input: readReimbursementInput(plainSnapshot, options) }));
  const read = await readForRun(bytes, { now: options.now, date: options.date, minimumBytes: 0, ...offload });
  const withSource: ReadOptions = { ...options, transactions: read.transactions, ahead: read.ahead };
  const offloaded = outcome(() => ({
    prepared: prepareRun(read.snapshot, withSource),
    fingerprint: read.transactions ? read.transactions.fingerprint(read.snapshot) : fingerprint(read.snapshot),
    input: readReimbursementInput(read.snapshot, withSource),
  }));
  return { plain, offloaded, read };
}

/** Everything but the transactions list itself (the offloaded run holds one sum per customer and currency instead). */
function comparable(o: Outcome): unknown {
  if (!o.ok) return o;
  const { transactions: _transactions, ...input } = o.input;
  // The balances as the plan sums them, -0 told apart from 0 (Decimal's sign).
  const balances = [...currentBalances(o.input.balances, o.input.transactions).values()].map((b) => ({ ...b, negative: b.amount.isNegative() }));
  return { plan: o.prepared.plan, patch: o.prepared.patch, audit: o.prepared.audit, customers: o.prepared.customers, fingerprint: o.fingerprint, input, balances };
}

const ACCOUNTS = ["C001", "c001", "C002", "C003", "C004", "OTV-000007"];

const amountCell: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -500_000, max: 500_000 }).map((cents) => cents / 100) },
  { weight: 1, arbitrary: fc.constant(NEGATIVE_ZERO) },
  { weight: 1, arbitrary: fc.constantFrom("(1,250.40)", "12,50", "-7.5", "abc", "", "10.005", "1234567890123456", "(0)", "-0.00") },
  { weight: 1, arbitrary: fc.constantFrom(1234567890123456, 123456789012345.6, 99999999999999.99, 1e-7) },
  { weight: 1, arbitrary: fc.constantFrom<CellValue>({ error: "#N/A" }, { error: "#DIV/0!" }, true) },
);

const dateCell: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 800 }).map((d) => new Date(Date.UTC(2025, 6, 1) + d * 86_400_000)) },
  { weight: 1, arbitrary: fc.constantFrom<CellValue>(null, "next week", "2026-02-30", { error: "#VALUE!" }, "2026-03-01") },
);

const transactionRow: fc.Arbitrary<CellValue[]> = fc.tuple(
  fc.oneof({ weight: 8, arbitrary: fc.constantFrom<CellValue>(...ACCOUNTS) }, { weight: 1, arbitrary: fc.constantFrom<CellValue>(null, "Total", { error: "#REF!" }, 1234567890123456) }),
  dateCell,
  fc.oneof({ weight: 8, arbitrary: fc.constantFrom<CellValue>("EUR", "USD", "eur") }, { weight: 1, arbitrary: fc.constantFrom<CellValue>("EURO", null, 5) }),
  amountCell,
  fc.constantFrom<CellValue>("Invoice", "Payment", null, { error: "#N/A" }),
  fc.constantFrom<CellValue>(null, "DOC-1", "RB-000041", "rb-000099"),
  fc.constantFrom<CellValue>(null, "RUN-20260101-000000", "OTV-000012"),
);

const bookCase: fc.Arbitrary<BookCase> = fc.record({
  rows: fc.array(transactionRow, { maxLength: 24 }),
  present: fc.boolean(),
  header: fc.constantFrom<BookCase["header"]>("contract", "no Amount column", "extra column"),
  openings: fc.array(fc.tuple(fc.constantFrom("C001", "C002", "C003", "C004"), fc.constantFrom("EUR", "USD"), amountCell), { maxLength: 6 }) as fc.Arbitrary<[string, string, CellValue][]>,
  reversed: fc.boolean(),
  merged: fc.boolean(),
  totalsRow: fc.boolean(),
  date: fc.constantFrom<IsoDate | undefined>(undefined, "2026-01-15", "2027-06-30"),
  selection: fc.constantFrom<ReadOptions["selection"]>({}, { accounts: ["C002", "C004"] }, { currency: "USD" }),
  others: fc.constantFrom<BookCase["others"]>("fine", "fine", "fine", "bad minimum", "Customers without a Name column", "bad customer and balance rows"),
  shift: fc.constantFrom<BookCase["shift"]>("none", "none", "table from column B", "table from column B", "blank note left of the header", "note left of the table's rows"),
  gaps: fc.boolean(),
  stray: fc.constantFrom(false, false, false, true),
});

function bookOf(c: BookCase): WorkbookSnapshot {
  const book = buildBook({
    date: "2026-11-24",
    customers: [{ account: "C001", vendor: "V1" }, { account: "C002" }, { account: "C003", currency: "USD" }, { account: "C004", vendor: "V1" }],
    balances: c.openings.map(([a, cur, amount]) => [a, cur, amount]),
    vendors: [["V1", "Vendor one"], ["OTV-000003", "Earlier one-time vendor"]],
    rates: [["USD", 0.9]],
  });
  const others = c.others ?? "fine";
  if (others === "bad minimum") book.sheets[0].rows[1][1] = "ten";
  const customers = book.sheets[1];
  if (others === "Customers without a Name column") customers.rows[0] = customers.rows[0].map((h) => (h === "Name" ? "Full name" : h));
  if (others === "bad customer and balance rows") {
    customers.rows.push(["C009", "Customer nine", "EURO", null, "RETAIL", "Maybe", null, null, null, null, null]);
    book.sheets[2].rows.push(["C001", "EUR", "twelve"], ["C001", "EUR", -1]);
  }
  if (c.present) {
    const header = c.header === "no Amount column" ? HEADER.map((h) => (h === "Amount" ? "Amount paid" : h)) : c.header === "extra column" ? [...HEADER, "Note"] : HEADER;
    const rows: CellValue[][] = c.rows.map((r) => (c.header === "extra column" ? [...r, "note"] : r));
    // Blank rows among the data: one of no cells (no row in the file), one of white space only.
    if (c.gaps) rows.splice(Math.floor(rows.length / 2), 0, new Array<CellValue>(7).fill(null), ["  ", null, "\u00a0", null, null, null, null]);
    // A stray value far right (column WQJ): the grid's rows are then not padded to its width.
    if (c.stray && rows.length) rows[rows.length - 1] = [...rows[rows.length - 1], ...new Array<CellValue>(16_000 - rows[rows.length - 1].length).fill(null), "far note"];
    let all: CellValue[][] = [header, ...rows];
    const shift = c.shift ?? "none";
    if (shift !== "none") all = all.map((r) => [null, ...r]);
    // A value left of the table's first column: the grid's first column is the sheet's leftmost.
    if (shift === "blank note left of the header") all.unshift([" "]);
    if (shift === "note left of the table's rows") {
      const at = Math.min(all.length, 1 + Math.floor(rows.length / 3));
      all.splice(at, 0, ["a note", null, null, null, null, null, null, null]);
    }
    // The transactions sheet between the balances and the vendors, as a workbook lists them.
    book.sheets.splice(3, 0, sheet(SHEETS.transactions, all));
  }
  return book;
}

/**
 * The digest's path the worker must take: row by row for a plain sheet; the whole grid where
 * only it answers right (rows out of order, a merge, a value left of the header) or where the
 * digest holds a failure (a refused header or Parameters sheet).
 */
function expectedPath(c: BookCase, bytes: Uint8Array): DigestResult["path"] {
  const parts = unzipSync(bytes);
  const at = bookOf(c).sheets.findIndex((s) => s.name === SHEETS.transactions);
  const xmlRows = (strFromU8(parts[`xl/worksheets/sheet${at + 1}.xml`]).match(/<row\b/g) ?? []).length;
  if (c.reversed && xmlRows >= 2) return "grid";
  if (c.merged && 1 + c.rows.length + (c.gaps ? 2 : 0) + (c.shift === "none" || c.shift === "table from column B" || c.shift === undefined ? 0 : 1) >= 3) return "grid";
  if (c.shift === "blank note left of the header" || c.shift === "note left of the table's rows") return "grid";
  if (c.header === "no Amount column" || c.others === "bad minimum") return "grid";
  return "streamed";
}

/** Half of them a sheet the worker can digest row by row (so that the stream's own edges are met often). */
const streamableOrNot: fc.Arbitrary<BookCase> = fc.tuple(bookCase, fc.boolean()).map(([c, streamable]) => {
  const present = { ...c, present: true };
  if (!streamable) return present;
  const shift = c.shift === "table from column B" ? c.shift : "none";
  return { ...present, reversed: false, merged: false, shift, header: c.header === "no Amount column" ? "contract" : c.header, others: "fine" };
});

/** The worker's digest of the sheet, row by row (or given up) and as a whole grid. */
async function bothDigests(bytes: Uint8Array, options: ReadOptions): Promise<{ streamed: DigestResult; grid: DigestResult }> {
  const sheetIndex = openWorkbookPackage(bytes).sheets.findIndex((s) => s.name === SHEETS.transactions);
  const request = { sheetIndex, now: options.now.getTime(), date: options.date, limits: { ...xlsxLimits } };
  return { streamed: await digestJob(bytes, request), grid: await digestJob(bytes, { ...request, stream: false }) };
}

/** A digest as compared: its fingerprint text as one text (its chunking aside). */
function comparableDigest(result: DigestResult): unknown {
  const { fingerprintRows, ...digest } = result.digest;
  return { ...digest, cells: result.cells, text: fingerprintRows.map((chunk) => strFromU8(chunk)).join("") };
}

type BookCase = {
  rows: CellValue[][];
  present: boolean;
  header: "contract" | "no Amount column" | "extra column";
  openings: [string, string, CellValue][];
  reversed: boolean;
  merged: boolean;
  totalsRow: boolean;
  date: IsoDate | undefined;
  selection: ReadOptions["selection"];
  /** What is wrong on the other sheets, read by the main thread meanwhile (their errors and problems come in the plain run's order). */
  others?: "fine" | "bad minimum" | "Customers without a Name column" | "bad customer and balance rows";
  /** The table from column B, perhaps with a value in column A above it or among its rows. */
  shift?: "none" | "table from column B" | "blank note left of the header" | "note left of the table's rows";
  /** Blank rows among the data rows. */
  gaps?: boolean;
  /** A value far right of the table on its last row. */
  stray?: boolean;
};

describe("the Customer transactions sheet read apart (worker thread, or in-process)", () => {
  it("gives the plain run's plan, patch, problems, ids and fingerprint on generated ledgers", async () => {
    await fc.assert(
      fc.asyncProperty(bookCase, async (c) => {
        const bytes = await xlsxBytes(bookOf(c), c);
        const options: ReadOptions = { now: NOW, date: c.date, selection: c.selection, user: "accountant" };
        const { plain, offloaded, read } = await bothRuns(bytes, options);
        expect(comparable(offloaded)).toEqual(comparable(plain));
        // The split was taken whenever there is a sheet to split off.
        expect(read.transactions !== undefined).toBe(c.present);
        expect(read.ahead !== undefined).toBe(c.present);
        // Row by row wherever that answers as the grid does, else the grid.
        if (c.present) expect(read.digestPath).toBe(expectedPath(c, bytes));
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it("below the worker's threshold, digests the sheet row by row on the main thread and gives the plain run; reads the plain way where the stream gives up", async () => {
    await fc.assert(
      fc.asyncProperty(streamableOrNot, async (c) => {
        const bytes = await xlsxBytes(bookOf(c), c);
        const options: ReadOptions = { now: NOW, date: c.date, selection: c.selection, user: "accountant" };
        const { plain, offloaded, read } = await bothRuns(bytes, options, { minimumBytes: Infinity, streamMinimumBytes: 0 });
        expect(comparable(offloaded)).toEqual(comparable(plain));
        // Streamed wherever the worker's stream would be; else the plain read, no digest at all.
        const streamed = expectedPath(c, bytes) === "streamed";
        expect(read.digestPath).toBe(streamed ? "streamed" : undefined);
        expect(read.transactions !== undefined).toBe(streamed);
        expect(read.ahead !== undefined).toBe(streamed);
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it("reads a sheet smaller than the stream's threshold the plain way", async () => {
    const c: BookCase = { rows: [["C001", null, "EUR", -5, null, null, null]], present: true, header: "contract", openings: [], reversed: false, merged: false, totalsRow: false, date: undefined, selection: {} };
    const bytes = await xlsxBytes(bookOf(c));
    const small = await readForRun(bytes, { now: NOW, minimumBytes: Infinity });
    expect(small.transactions).toBeUndefined();
    const streamed = await readForRun(bytes, { now: NOW, minimumBytes: Infinity, streamMinimumBytes: 1 });
    expect(streamed.digestPath).toBe("streamed");
  });

  it("digests a sheet row by row into the digest the whole grid gives, or gives up and digests the grid", async () => {
    await fc.assert(
      fc.asyncProperty(streamableOrNot, async (c) => {
        const bytes = await xlsxBytes(bookOf(c), c);
        const { streamed, grid } = await bothDigests(bytes, { now: NOW, date: c.date });
        expect(grid.path).toBe("grid");
        expect(streamed.path).toBe(expectedPath(c, bytes));
        if (streamed.path === "grid") expect(streamed.gaveUp).toMatch(/whole grid/);
        expect(comparableDigest(streamed)).toEqual(comparableDigest(grid));
      }),
      { numRuns: 60 },
    );
  }, 120_000);

  it("streams a plain ledger, its table from column B, with blank rows and a totals row, and gives up on rows out of order", async () => {
    const rows: CellValue[][] = [["C001", new Date(Date.UTC(2026, 0, 3)), "EUR", -120.5, "Payment", "RB-000050", null], ["C002", null, "USD", -40, null, null, "RUN-20250101-000001"], ["C001", null, "EUR", 7, null, null, null]];
    const plainCase: BookCase = { rows, present: true, header: "contract", openings: [], reversed: false, merged: false, totalsRow: true, date: undefined, selection: {}, shift: "table from column B", gaps: true };
    const plain = await bothDigests(await xlsxBytes(bookOf(plainCase), plainCase), { now: NOW });
    expect(plain.streamed.path).toBe("streamed");
    expect(plain.streamed.digest.ids).toEqual([["RB-000050"], [], ["RUN-20250101-000001"]]);
    expect(plain.streamed.digest.grid?.startCol).toBe(2);
    expect(comparableDigest(plain.streamed)).toEqual(comparableDigest(plain.grid));
    // Streamed again from the first row when saxes reads the part anew.
    const again = await bothDigests(await xlsxBytes(bookOf(plainCase), { lateComment: true, totalsRow: true }), { now: NOW });
    expect(again.streamed.path).toBe("streamed");
    expect(comparableDigest(again.streamed)).toEqual(comparableDigest(again.grid));
    expect(comparableDigest(again.streamed)).toEqual(comparableDigest(plain.grid));
    const reversed = await bothDigests(await xlsxBytes(bookOf({ ...plainCase, reversed: true }), { reversed: true }), { now: NOW });
    expect(reversed.streamed).toMatchObject({ path: "grid", gaveUp: expect.stringContaining("after row") });
    expect(comparableDigest(reversed.streamed)).toEqual(comparableDigest(reversed.grid));
  });

  it("hashes the other sheets while the transactions' text is made, into the fingerprint of the whole workbook", () => {
    fc.assert(
      fc.property(bookCase.filter((c) => c.present), (c) => {
        const book = bookOf(c);
        const at = book.sheets.findIndex((s) => s.name === SHEETS.transactions);
        const others = { sheets: book.sheets.filter((_, i) => i !== at) };
        const underway = fingerprintBefore(others, SHEETS.transactions);
        for (const chunk of sheetRowsText(book.sheets[at])) underway.rows(chunk);
        expect(underway.end()).toBe(fingerprint(book));
      }),
      { numRuns: 30 },
    );
  });

  it("sums a customer's many transactions in several currencies exactly, -0 and 15-digit amounts included", async () => {
    const rows: CellValue[][] = [];
    for (let i = 0; i < 400; i++) {
      const amount = [NEGATIVE_ZERO, 0.01, -0.1, 99999999999.99, -99999999999.99, -12.34][i % 6];
      rows.push([i % 2 ? "C001" : "c001", new Date(Date.UTC(2026, 0, 1 + (i % 28))), ["EUR", "USD", "JPY"][i % 3], i % 3 === 2 && typeof amount === "number" ? Math.trunc(amount) : amount, "Invoice", null, null]);
    }
    // Only -0 on C002 EUR (the opening too) and on C004 USD (no opening): balances of -0.
    rows.push(["C002", null, "EUR", NEGATIVE_ZERO, null, null, null], ["C002", null, "EUR", NEGATIVE_ZERO, null, null, null], ["C004", null, "USD", NEGATIVE_ZERO, null, null, null], ["C003", null, "USD", -45.5, null, null, null]);
    const c: BookCase = { rows, present: true, header: "contract", openings: [["C002", "EUR", NEGATIVE_ZERO], ["C001", "USD", 10]], reversed: false, merged: false, totalsRow: false, date: undefined, selection: {} };
    const { plain, offloaded } = await bothRuns(await xlsxBytes(bookOf(c)), { now: NOW });
    expect(plain.ok).toBe(true);
    expect(comparable(offloaded)).toEqual(comparable(plain));
  });

  it("stops with the plain run's WorkbookError when the sheet lacks a required column", async () => {
    const c: BookCase = { rows: [["C001", null, "EUR", -5, null, null, null]], present: true, header: "no Amount column", openings: [], reversed: false, merged: false, totalsRow: false, date: undefined, selection: {} };
    const { plain, offloaded } = await bothRuns(await xlsxBytes(bookOf(c)), { now: NOW });
    expect(plain).toMatchObject({ ok: false, error: expect.stringContaining("required column 'Amount' is missing") });
    expect(offloaded).toEqual(plain);
  });

  it("makes the worker's digest as soon as it stops at the cut, and digests the sheet again whole when the main thread did not read the tail", async () => {
    const rows: CellValue[][] = [];
    for (let i = 0; i < 6000; i++) rows.push([`C00${1 + (i % 4)}`, new Date(Date.UTC(2026, 0, 1 + (i % 28))), i % 3 ? "EUR" : "USD", -((i % 997) + 0.25), "Invoice", i % 2000 === 7 ? `RB-00${i}` : null, null]);
    const bytes = await xlsxBytes(bookOf({ rows, present: true, header: "contract", openings: [], reversed: false, merged: false, totalsRow: false, date: undefined, selection: {} }));
    const pkg = openWorkbookPackage(bytes);
    const sheetIndex = pkg.sheets.findIndex((s) => s.name === SHEETS.transactions);
    const xml = strFromU8(unzipSync(bytes)[pkg.sheets[sheetIndex].path]);
    const offset = xml.indexOf("<row ", Math.floor(xml.length * 0.7));
    const cut = { offset, row: Number(/^<row r="(\d+)"/.exec(xml.slice(offset))?.[1]) };
    const request = { sheetIndex, now: NOW.getTime(), limits: { ...xlsxLimits } };
    const textOf = (posts: [Uint8Array, number][], attempt: number): string => posts.filter(([, a]) => a === attempt).map(([chunk]) => strFromU8(chunk)).join("");
    const wholePosts: [Uint8Array, number][] = [];
    const whole = await digestJob(bytes, request, (chunk, attempt) => wholePosts.push([chunk.slice(), attempt]));
    for (const read of [true, false]) {
      const slot = new CutSlot();
      expect(slot.offer(cut)).toBe(true);
      const posts: [Uint8Array, number][] = [];
      const packed: DigestResult[] = [];
      // The verdict comes only once the worker's digest is packed (the main thread still reading its tail).
      const pack = (result: DigestResult): DigestResult => {
        packed.push(result);
        if (packed.length === 1) slot.verdict(read);
        return result;
      };
      const result = await digestThroughCut(bytes, { ...request, cut: slot.buffer }, pack, (chunk, attempt) => posts.push([chunk.slice(), attempt]));
      expect(packed[0].cut).toMatchObject(cut);
      if (read) {
        expect(packed).toHaveLength(1);
        expect(result).toBe(packed[0]);
        expect(result.textPosted?.attempt).toBe(1);
      } else {
        // Read again without the cut: the whole sheet's digest, its text a second attempt (the first one's text is dropped).
        expect(packed).toHaveLength(2);
        expect(result.cut).toBeUndefined();
        expect(result.textPosted).toEqual({ attempt: 2, chunks: posts.filter(([, a]) => a === 2).length });
        expect(textOf(posts, 2)).toBe(textOf(wholePosts, 1));
        const { textPosted: _t, ...again } = result;
        const { textPosted: _w, ...plain } = whole;
        expect(comparableDigest({ ...again, digest: { ...again.digest } })).toEqual(comparableDigest({ ...plain, digest: { ...plain.digest } }));
      }
      expect(textOf(posts, 1).length).toBeGreaterThan(0);
      expect(textOf(posts, 1).length).toBeLessThan(textOf(wholePosts, 1).length);
    }
  }, 60_000);
});

const workerBuilt = fs.existsSync(WORKER);

(workerBuilt ? describe : describe.skip)("the worker thread itself (dist/, built by npm ci's prepare)", () => {
  const c: BookCase = {
    rows: [["C001", new Date(Date.UTC(2026, 0, 3)), "EUR", -120.5, "Payment", "RB-000050", null], ["C002", "soon", "USD", -40, null, null, null], ["c001", new Date(Date.UTC(2026, 0, 4)), "EUR", -0, null, null, "RUN-20250101-000001"], ["C003", null, "USD", "x", null, null, null]],
    present: true, header: "contract", openings: [["C002", "USD", -5]], reversed: true, merged: true, totalsRow: false, date: "2026-06-30", selection: {},
  };

  it("reads the sheet in a real worker and gives the plain run", async () => {
    const { plain, offloaded, read } = await bothRuns(await xlsxBytes(bookOf(c), c), { now: NOW, date: c.date }, { workerScript: WORKER });
    expect(read.transactions).toBeDefined();
    // The other sheets hold most of this small book's cells: the main thread's table is a list, not shared.
    expect(read.stringsGiven).toBeUndefined();
    expect(comparable(offloaded)).toEqual(comparable(plain));
  });

  it("posts a long sheet's fingerprint text as it is made, and gives the plain run when its stream gives up after some of it or reads the part again", async () => {
    // 20,000 rows: their text is more than the megabyte of one chunk, so some is posted before the stream ends.
    const rows: CellValue[][] = [];
    for (let i = 0; i < 20_000; i++) rows.push([`C00${1 + (i % 4)}`, new Date(Date.UTC(2026, 0, 1 + (i % 28))), i % 3 ? "EUR" : "USD", -((i % 997) + 0.25), "Invoice", i % 5000 === 7 ? `RB-00${i}` : null, null]);
    const long: BookCase = { ...c, rows, reversed: false, merged: false, date: undefined };
    for (const changes of [{}, { merged: true }, { lateComment: true }] as FileChanges[]) {
      const { plain, offloaded, read } = await bothRuns(await xlsxBytes(bookOf(long), changes), { now: NOW }, { workerScript: WORKER });
      expect(read.digestPath).toBe(changes.merged ? "grid" : "streamed");
      // Its strings are the table the main thread read (kept compact, the sheet holding most cells), on either path.
      expect(read.stringsGiven).toBe(true);
      expect(comparable(offloaded)).toEqual(comparable(plain));
    }
  }, 60_000);

  it("splits a long sheet at a row near its end, the main thread reading the rows after it, and gives the plain run; or leaves the sheet to the worker where only it reads right", async () => {
    // 20,000 rows, customers' rows interleaved (most sums in both parts), several currencies, -0, ids in both parts.
    const rows: CellValue[][] = [];
    for (let i = 0; i < 20_000; i++) rows.push([`C00${1 + (i % 4)}`, new Date(Date.UTC(2026, 0, 1 + (i % 28))), i % 3 ? "EUR" : "USD", i % 11 === 5 ? NEGATIVE_ZERO : -((i % 997) + 0.25), "Invoice", i % 4000 === 7 ? `RB-00${i}` : null, i % 7000 === 3 ? `RUN-20260101-00${i}` : null]);
    rows.push(["C005", null, "EUR", NEGATIVE_ZERO, null, null, null], ["C003", null, "JPY", 12, null, null, null]);
    const long: BookCase = { ...c, rows, reversed: false, merged: false, date: undefined };
    // The cases that leave the sheet to the worker on a shorter sheet (a cut near its start is a cut as well).
    const short: BookCase = { ...long, rows: [...rows.slice(0, 3000), ...rows.slice(-2)] };
    const share = 0.3;
    const cases: [BookCase, FileChanges, boolean][] = [[long, {}, true], [short, { totalsRow: true }, true], [short, { merged: true }, false], [short, { lateComment: true }, false], [short, { outOfOrderAtCut: share }, false]];
    for (const [book, changes, split] of cases) {
      const { plain, offloaded, read } = await bothRuns(await xlsxBytes(bookOf(book), changes), { now: NOW }, { workerScript: WORKER, tailShare: share, holdWorker: true });
      expect({ changes, split: read.split !== undefined }).toEqual({ changes, split });
      // At a MiB boundary of the part (the worker's chunks) below its last 30%: well inside the sheet.
      if (split) expect(read.split?.row).toBeGreaterThan(2);
      if (split) expect(read.split?.row).toBeLessThan(book.rows.length);
      // Rows out of order just before the cut: the worker's own check at the cut gives the split up, and the grid is read.
      if (changes.outOfOrderAtCut) expect(read.digestPath).toBe("grid");
      expect(comparable(offloaded)).toEqual(comparable(plain));
    }
    // Without the main thread's share, the worker reads it all.
    const alone = await bothRuns(await xlsxBytes(bookOf(short)), { now: NOW }, { workerScript: WORKER, tailShare: 0 });
    expect(alone.read.split).toBeUndefined();
    expect(comparable(alone.offloaded)).toEqual(comparable(alone.plain));
  }, 90_000);

  it("collects the read's garbage once, while the worker ends its part, and still gives the plain run", async () => {
    const collect = jest.spyOn(garbage, "collectAfterRead");
    try {
      const { plain, offloaded, read } = await bothRuns(await xlsxBytes(bookOf(c), c), { now: NOW, date: c.date }, { workerScript: WORKER });
      expect(read.transactions).toBeDefined();
      expect(collect).toHaveBeenCalledTimes(1);
      expect(comparable(offloaded)).toEqual(comparable(plain));
    } finally {
      collect.mockRestore();
      garbage.restoreHeapGrowth();
    }
  }, 30_000);

  it("reads the workbook the plain way when the worker fails, without hanging", async () => {
    const failing = path.join(dir, "failing-worker.js");
    fs.writeFileSync(failing, "process.exit(3);\n");
    const { plain, offloaded, read } = await bothRuns(await xlsxBytes(bookOf(c), c), { now: NOW, date: c.date }, { workerScript: failing });
    expect(read.transactions).toBeUndefined();
    expect(comparable(offloaded)).toEqual(comparable(plain));
  });

  it("ends the worker as soon as its digest is in, not when the read is done (its heap is not held beside the merge)", async () => {
    // The real worker, kept alive after it has posted: only the main thread's terminate ends it.
    const lingering = path.join(dir, "lingering-worker.js");
    fs.writeFileSync(lingering, `require(${JSON.stringify(WORKER)});\nsetInterval(() => undefined, 1000);\n`);
    const bytes = await xlsxBytes(bookOf(c), c);
    const sheetIndex = openWorkbookPackage(bytes).sheets.findIndex((s) => s.name === SHEETS.transactions);
    const job = startDigestJob(bytes, { sheetIndex, now: NOW.getTime(), date: c.date, limits: { ...xlsxLimits } }, lingering);
    try {
      await job.result;
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<string>((resolve) => (timer = setTimeout(() => resolve("still running"), 10_000)));
      expect(await Promise.race([job.ended.then(() => "ended"), waited])).toBe("ended");
      clearTimeout(timer);
    } finally {
      await job.stop();
    }
  }, 30_000);

  it("runs the job in-process when no worker can be started", async () => {
    const { plain, offloaded, read } = await bothRuns(await xlsxBytes(bookOf(c), c), { now: NOW, date: c.date }, { workerScript: path.join(dir, "no-such-worker.js") });
    expect(read.transactions).toBeDefined();
    expect(comparable(offloaded)).toEqual(comparable(plain));
  });

  const MAIN = path.resolve(__dirname, "../../dist/cli/main.js");
  const cli = (args: string[], threshold: string) => spawnSync(process.execPath, [MAIN, ...args], { encoding: "utf8", env: { ...process.env, REIMBURSE_OFFLOAD_MIN_BYTES: threshold }, timeout: 60_000 });

  it("`reimburse run` writes the same workbook, and reports a missing column with the same message and exit code", async () => {
    const good = path.join(dir, "good.xlsx");
    fs.writeFileSync(good, await xlsxBytes(bookOf(c), c));
    const bad = path.join(dir, "bad.xlsx");
    fs.writeFileSync(bad, await xlsxBytes(bookOf({ ...c, header: "no Amount column" })));
    const outcomes = ["0", "1e12"].map((threshold) => {
      const preview = cli(["preview", good, "--json"], threshold);
      const refused = cli(["run", bad, "-o", path.join(dir, `bad-out-${threshold}.xlsx`)], threshold);
      return { preview: { status: preview.status, stdout: preview.stdout.replace(/"runId": "[^"]*"/, ""), stderr: preview.stderr }, refused: { status: refused.status, stderr: refused.stderr.replace(/bad-out-[^ ]*/g, "") } };
    });
    expect(outcomes[0].refused.status).toBe(outcomes[1].refused.status);
    expect(outcomes[0].refused.status).not.toBe(0);
    expect(outcomes[0].refused.stderr).toContain("'Amount'");
    expect(outcomes[0]).toEqual(outcomes[1]);
    // The worker was ended: the process exited on its own, well before the spawn's timeout.
    expect(outcomes[0].preview.status).toBe(0);
  });
});
