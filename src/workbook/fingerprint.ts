// A plain "crypto" specifier: Node's native SHA-256 in the CLI (several times faster at a
// million rows); the task pane's bundle maps it to an empty module and @noble/hashes is used.
// Both give the same digest of the same bytes.
import * as nodeCrypto from "crypto";
import { centsText, decimalFromDouble } from "./cells";
import { SHEETS } from "./contract";
import { DAY_MS, DayCache } from "./day-cache";
import { CellValue, SheetGrid, WorkbookSnapshot, isCellError } from "./grid";
import { JsonBytes } from "./json-bytes";
import { sheetNamed } from "./table";

/**
 * The fingerprint of a run: SHA-256 (hex) of a canonical text of the sheets the run was computed
 * from, so that a later reader holding a copy of the input can prove it is the one that was used.
 * docs/reverse.md#fingerprint describes the text exactly; keep the two in step.
 */

/** The sheets a reimbursement run reads, in the order they are serialized. */
export const RUN_INPUT_SHEETS: readonly string[] = [
  SHEETS.parameters, SHEETS.customers, SHEETS.balances, SHEETS.transactions, SHEETS.vendors, SHEETS.rates,
];

/** The sheets a reversal decides from. */
export const REVERSAL_INPUT_SHEETS: readonly string[] = [SHEETS.reimbursements, SHEETS.invoices];

/**
 * One cell as the readers see it: text trimmed (non-breaking spaces count as spaces), numbers
 * with the 15 significant digits Excel shows, so that values the parser cannot tell apart do
 * not change the fingerprint. The type tag keeps the number 12 apart from the text "12".
 */
export function canonicalCell(value: CellValue): string {
  if (value === null) return "";
  if (isCellError(value)) return `e:${value.error}`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "d:invalid" : `d:${value.toISOString()}`;
  if (typeof value === "boolean") return value ? "b:TRUE" : "b:FALSE";
  if (typeof value === "number") return `n:${canonicalNumber(value)}`;
  const spaced = value.includes("\u00a0") || value.includes("\u202f") ? value.replace(/[\u00a0\u202f]/g, " ") : value;
  const text = spaced.trim();
  return text === "" ? "" : `s:${text}`;
}

/**
 * The 15 significant digits Excel shows, in plain decimal notation. A decimal of at most 15
 * digits survives a round trip through a double, so the shortest form of the double rounded to
 * 15 digits is that decimal: the fast path gives what decimalFromDouble gives, without Decimals.
 */
function canonicalNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n === 0) return "0";
  // Amounts in hundredths: their shortest form, made without printing a double.
  const cents = centsText(n);
  if (cents !== null) return cents;
  // Most other ledger numbers are short already: their shortest form has at most 15 digits.
  const shortest = String(n);
  if (plainDigits(shortest) <= 15) return shortest;
  const abs = Math.abs(n);
  if (abs >= 1e-6 && abs < 1e21) return String(Number(n.toPrecision(15)));
  return decimalFromDouble(n).toFixed();
}

/** The significant digits of a number written as [-]digits[.digits]; Infinity for any other form. */
function plainDigits(text: string): number {
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  // Leading zeros (and the point among them) are not significant.
  while (i < text.length && (text.charCodeAt(i) === 48 || text.charCodeAt(i) === 46)) i++;
  let digits = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c !== 46) return Infinity;
  }
  return digits;
}

/** Each distinct day's text once: a ledger's million dates hold a few hundred days. */
const dayTexts = new Map<number, string>();

/** canonicalCell, with each day's text made once. */
function canonicalCellFast(value: CellValue): string {
  if (!(value instanceof Date)) return canonicalCell(value);
  const time = value.getTime();
  let text = dayTexts.get(time);
  if (text === undefined) {
    text = canonicalCell(value);
    if (dayTexts.size >= 4096) dayTexts.clear();
    dayTexts.set(time, text);
  }
  return text;
}

/**
 * A row's line: the JSON array of its canonical cells from column A, without its trailing
 * empty cells; null for a blank row. Hosts differ in where a used range starts and ends, and a
 * blank row or column changes nothing the run reads. `out` is scratch space, reused per row.
 */
function canonicalRowLine(grid: SheetGrid, cells: readonly CellValue[], out: string[]): string | null {
  out.length = 0;
  for (let i = 1; i < grid.startCol; i++) out.push("");
  let last = -1;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    const text = cell === null ? "" : canonicalCellFast(cell);
    out.push(text);
    if (text !== "") last = out.length - 1;
  }
  if (last < 0) return null;
  out.length = last + 1;
  return JSON.stringify(out);
}

/**
 * The canonical text, line by line (each line is followed by "\n"): per sheet, in the given order,
 * `["sheet","<contract name>",true|false]` (false: the workbook has no such sheet), then one JSON
 * array of canonical cells per non-blank row, top to bottom. A table's totals row (grid.totalsRows)
 * is hashed like any row, in both hosts: only the row readers skip it, so a changed total still
 * counts as a change since the read.
 */
export function* canonicalLines(snapshot: WorkbookSnapshot, sheets: readonly string[]): Generator<string> {
  const out: string[] = [];
  for (const name of sheets) {
    const grid = sheetNamed(snapshot, name);
    yield JSON.stringify(["sheet", name, grid !== undefined]);
    if (!grid) continue;
    // Many blank rows of a huge sheet are one shared array: remember the verdict per array.
    let lastBlank: readonly CellValue[] | null = null;
    for (const cells of grid.rows) {
      if (cells === lastBlank) continue;
      const line = canonicalRowLine(grid, cells, out);
      if (line === null) lastBlank = cells;
      else yield line;
    }
  }
}

/**
 * SHA-256 hex of the canonical text of `sheets` (by default the run's input sheets). `rowsText`
 * holds, per sheet name, its rows' canonical text made elsewhere (sheetRowsText in a worker
 * thread): hashed in the sheet's place, it gives the same digest as the sheet's cells would.
 */
export function fingerprint(snapshot: WorkbookSnapshot, sheets: readonly string[] = RUN_INPUT_SHEETS, rowsText?: ReadonlyMap<string, readonly Uint8Array[]>): string {
  const hash = sha256Hasher();
  // The text canonicalLines gives, written as its UTF-8 bytes without making its strings.
  const out = new JsonBytes((bytes) => hash.update(bytes));
  writeSheets(snapshot, sheets, out, (name) => {
    const made = rowsText?.get(name);
    if (made === undefined) return false;
    out.flush();
    for (const chunk of made) hash.update(chunk);
    return true;
  });
  out.flush();
  return hash.hex();
}

/**
 * fingerprint(snapshot, sheets, new Map([[later, rows]])) begun before `later`'s rows' text is
 * made (by a worker thread, meanwhile): the other sheets' text is made now, hashed up to
 * `later`'s place and kept as bytes after it; `rows` hashes `later`'s text, chunk by chunk in
 * order as it comes, and `end` the rest. `later` is one of `sheets` and counts as present (the
 * snapshot need not hold it yet).
 */
export function fingerprintBefore(snapshot: WorkbookSnapshot, later: string, sheets: readonly string[] = RUN_INPUT_SHEETS): FingerprintUnderway {
  if (!sheets.includes(later)) throw new Error(`internal error: ${later} is not a fingerprinted sheet`);
  const hash = sha256Hasher();
  let after: Uint8Array[] | null = null;
  const out = new JsonBytes((bytes) => (after ? void after.push(bytes.slice()) : hash.update(bytes)));
  const withLater: WorkbookSnapshot = { sheets: [...snapshot.sheets, { name: later, startRow: 1, startCol: 1, rows: [] }] };
  writeSheets(withLater, sheets, out, (name) => {
    if (name !== later) return false;
    out.flush();
    after = [];
    return true;
  });
  out.flush();
  const kept: readonly Uint8Array[] = after ?? [];
  return {
    rows: (chunk) => hash.update(chunk),
    end: () => {
      for (const chunk of kept) hash.update(chunk);
      return hash.hex();
    },
  };
}

export interface FingerprintUnderway {
  /** The next chunk of the later sheet's rows' text. */
  rows(chunk: Uint8Array): void;
  /** The fingerprint, once the later sheet's text is all in. */
  end(): string;
}

/**
 * Per sheet, in order, its ["sheet",...] line and its rows' lines into `out`; where `elsewhere`
 * returns true (a sheet present whose rows' text was made elsewhere) it has put them in their place.
 */
function writeSheets(snapshot: WorkbookSnapshot, sheets: readonly string[], out: JsonBytes, elsewhere: (name: string) => boolean): void {
  for (const name of sheets) {
    const grid = sheetNamed(snapshot, name);
    out.text(JSON.stringify(["sheet", name, grid !== undefined]));
    out.ascii("\n");
    if (grid && !elsewhere(name)) writeSheetRows(grid, out);
  }
}

/**
 * sheetRowsText one row at a time, for a sheet read row by row (transactions-stream.ts): `row`
 * takes the sheet's rows top to bottom, cells from column `startCol` (false for a blank row,
 * which adds nothing: writeRow, as for a grid); `end` gives the text, in chunks of about a
 * megabyte, or nothing when each chunk went to `sink`.
 */
export function sheetRowsTextWriter(startCol: number, sink?: (chunk: Uint8Array) => void): { row(cells: readonly CellValue[]): boolean; end(): Uint8Array[] } {
  const chunks: Uint8Array[] = [];
  // JsonBytes reuses its buffer: each chunk handed on is copied (to `sink` as it is made, when given).
  const out = new JsonBytes((bytes) => (sink ? sink(bytes.slice()) : void chunks.push(bytes.slice())));
  const grid: SheetGrid = { name: "", startRow: 1, startCol, rows: [] };
  // Its rows go to writeRow directly: seen every kind of cell first, as writeSheetRows' are.
  warmUp();
  return {
    row: (cells) => writeRow(grid, cells, out),
    end: () => {
      out.flush();
      return chunks;
    },
  };
}

/**
 * One sheet's rows as fingerprint hashes them (the lines after its ["sheet",...] line), as
 * UTF-8 bytes in chunks of about a megabyte: a million rows' text is not copied into one buffer.
 */
export function sheetRowsText(grid: SheetGrid): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  // JsonBytes reuses its buffer: each chunk handed on is copied.
  const out = new JsonBytes((bytes) => void chunks.push(bytes.slice()));
  writeSheetRows(grid, out);
  out.flush();
  return chunks;
}

/**
 * Rows with a cell of every kind writeRow tells apart, written once per process before the
 * first sheet (to nowhere). The engine optimizes writeRow after a few thousand rows; optimized on
 * the Customers sheet's text alone, it is thrown away at the first amount, again at the first
 * date, each time running unoptimized until it is compiled anew (six times in a 10k run). Seen
 * first, every kind is in the optimized code from the start.
 */
const WARM_UP_ROWS: CellValue[][] = [
  ["Account", "Mäkinen Oy", 'a "quoted" \\ text', " padded ", "\u00a0", "\ufeffx\ufeff", "", null],
  ["C1", new Date(Date.UTC(2026, 10, 24)), "EUR", 38.21, -1812.6, 1234567.891, 0, null, "INV-1"],
  ["C2", new Date(NaN), 0.1 + 0.2, 1e21, 45e9, true, false, { error: "#N/A" }, null, " "],
];
let warmedUp = false;

function warmUp(): void {
  if (warmedUp) return;
  warmedUp = true;
  const out = new JsonBytes(() => undefined, 256);
  const grid: SheetGrid = { name: "", startRow: 1, startCol: 1, rows: WARM_UP_ROWS };
  for (let i = 0; i < WARM_UP_PASSES; i++) writeSheetRows(grid, out);
}
const WARM_UP_PASSES = 50;

function writeSheetRows(grid: SheetGrid, out: JsonBytes): void {
  warmUp();
  let lastBlank: readonly CellValue[] | null = null;
  // Indexed, not for-of: see idsSeen.
  const rows = grid.rows;
  for (let r = 0; r < rows.length; r++) {
    const cells = rows[r];
    if (cells === lastBlank) continue;
    if (!writeRow(grid, cells, out)) lastBlank = cells;
  }
}

/** JavaScript's white space and line ends, as String.prototype.trim removes them. */
function isTrimmed(c: number): boolean {
  // Visible ASCII first: nearly every character tested is one.
  if (c > 32 && c < 127) return false;
  return c === 32 || (c >= 9 && c <= 13) || (c >= 0x2000 && c <= 0x200a) || c === 0xa0 || c === 0x1680 || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** The trimmed bounds of the text trimBounds looked at last (no object per cell). */
const bounds = { start: 0, end: 0 };

function trimBounds(text: string): boolean {
  let start = 0;
  let end = text.length;
  while (start < end && isTrimmed(text.charCodeAt(start))) start++;
  while (end > start && isTrimmed(text.charCodeAt(end - 1))) end--;
  bounds.start = start;
  bounds.end = end;
  return end > start;
}

function isEmptyCell(cell: CellValue): boolean {
  return cell === null || (typeof cell === "string" && !trimBounds(cell));
}

/**
 * Per column (the first REPEAT_COLUMNS), the last plain ASCII text writeRow wrote there and its
 * bytes, quotes included. A ledger repeats a column's text from row to row (a customer's
 * account on each of its transactions, one currency throughout), as the very same string (the
 * shared-strings table's): told by identity, without reading its characters, its bytes are
 * copied. The same string always has the same bytes, so what is cached can never be stale.
 */
const REPEAT_COLUMNS = 32;
const REPEAT_BYTES = 64;
/** What no cell is (a hole in a row's array is undefined, so not that either). */
const NOT_YET: unique symbol = Symbol("not yet");
const repeated: (string | typeof NOT_YET)[] = new Array<string | typeof NOT_YET>(REPEAT_COLUMNS).fill(NOT_YET);
const repeatedLength = new Int32Array(REPEAT_COLUMNS);
const repeatedBytes = new Uint8Array(REPEAT_COLUMNS * REPEAT_BYTES);

/**
 * One row's line of canonicalLines and its "\n" written to `out`; false (nothing written) for a
 * blank row. The cells most rows hold (plain text, amounts in cents, dates, empty cells) are
 * written here byte by byte, without a call per cell: a 10,000-customer run hashes a million
 * cells, mostly before the engine has optimized this code, where each call costs. Every other
 * cell goes through writeCell, the plain path this one must match (fingerprint-hash.test.ts).
 */
function writeRow(grid: SheetGrid, cells: readonly CellValue[], out: JsonBytes): boolean {
  let last = cells.length - 1;
  while (last >= 0 && isEmptyCell(cells[last])) last--;
  if (last < 0) return false;
  const lead = grid.startCol - 1;
  out.room(1 + 3 * lead);
  let b = out.buffer;
  let at = out.at;
  b[at++] = 91;
  for (let i = 0; i < lead; i++) {
    b[at++] = 34;
    b[at++] = 34;
    b[at++] = 44;
  }
  for (let i = 0; i <= last; i++) {
    const cell = cells[i];
    // Told before the string itself is read: its characters may be anywhere in the heap.
    const again = i < REPEAT_COLUMNS && cell === repeated[i];
    // Room for a separator and the cell in its plain form: quoted ASCII text, or at most 40
    // bytes of a number or a date.
    const need = again ? REPEAT_BYTES + 1 : typeof cell === "string" ? cell.length + 8 : 48;
    if (at + need > b.length) {
      out.at = at;
      out.room(need);
      b = out.buffer;
      at = out.at;
    }
    if (i) b[at++] = 44;
    if (cell === null) {
      b[at++] = 34;
      b[at++] = 34;
    } else if (again) {
      // The very string of this column's last row (an account, a currency): its bytes again.
      const from = i * REPEAT_BYTES;
      const to = from + repeatedLength[i];
      for (let k = from; k < to; k++) b[at++] = repeatedBytes[k];
    } else if (typeof cell === "string") {
      const n = cell.length;
      const first = cell.charCodeAt(0);
      const end = cell.charCodeAt(n - 1);
      // Visible ASCII at both ends: trimming changes nothing ("" gives NaN: not plain).
      if (first > 32 && first < 127 && end > 32 && end < 127) {
        const start = at;
        b[at++] = 34;
        b[at++] = 115;
        b[at++] = 58;
        let j = 0;
        for (; j < n; j++) {
          const c = cell.charCodeAt(j);
          if (c < 0x20 || c >= 0x80 || c === 34 || c === 92) break;
          b[at++] = c;
        }
        if (j < n) {
          // From the first character JSON escapes or UTF-8 encodes on, as textCell goes on.
          out.at = at;
          out.quoted(cell, j, n, true);
          out.byte(34);
          b = out.buffer;
          at = out.at;
        } else {
          b[at++] = 34;
          if (i < REPEAT_COLUMNS && at - start <= REPEAT_BYTES) {
            repeated[i] = cell;
            repeatedLength[i] = at - start;
            for (let k = start, to = i * REPEAT_BYTES; k < at; k++) repeatedBytes[to++] = b[k];
          }
        }
      } else {
        out.at = at;
        writeCell(cell, out);
        b = out.buffer;
        at = out.at;
      }
    } else if (typeof cell === "number") {
      const m = Math.round(cell * 100);
      if (cell !== 0 && m / 100 === cell && m < INT32 && m > -INT32) {
        // Cents below 2^31 (21 million): what writeNumber writes (scaledDecimal(m, 2)), in int32.
        b[at++] = 34;
        b[at++] = 110;
        b[at++] = 58;
        let a = m | 0;
        if (a < 0) {
          b[at++] = 45;
          a = -a;
        }
        const whole = (a / 100) | 0;
        const cents = a - whole * 100;
        at = writeDigits(b, at, whole);
        if (cents !== 0) {
          b[at++] = 46;
          const tens = (cents / 10) | 0;
          b[at++] = 48 + tens;
          const units = cents - tens * 10;
          if (units !== 0) b[at++] = 48 + units;
        }
        b[at++] = 34;
      } else {
        out.at = at;
        writeCell(cell, out);
        b = out.buffer;
        at = out.at;
      }
    } else if (cell instanceof Date) {
      // A byte loop: set() is a call into the runtime, costly for 28 bytes.
      const quoted = quotedDate(cell);
      for (let k = 0; k < quoted.length; k++) b[at++] = quoted[k];
    } else {
      out.at = at;
      writeCell(cell, out);
      b = out.buffer;
      at = out.at;
    }
  }
  if (at + 2 > b.length) {
    out.at = at;
    out.room(2);
    b = out.buffer;
    at = out.at;
  }
  b[at++] = 93;
  b[at++] = 10;
  out.at = at;
  return true;
}

const INT32 = 2 ** 31;

/** A non-negative int32's decimal digits at b[at]; the end of what was written. */
function writeDigits(b: Uint8Array, at: number, n: number): number {
  let count = 1;
  for (let p = 10; count < 10 && n >= p; p *= 10) count++;
  let end = at + count;
  const after = end;
  let x = n;
  do {
    const next = (x / 10) | 0;
    b[--end] = 48 + x - next * 10;
    x = next;
  } while (end > at);
  return after;
}

/** Each distinct date's cell as the fingerprint writes it, quotes included (ASCII), made once per day. */
const quotedDates = new DayCache<Uint8Array>(DAY_MS, new Uint8Array(0));

function quotedDate(date: Date): Uint8Array {
  return quotedDates.get(date.getTime(), quotedDateOf);
}

function quotedDateOf(time: number): Uint8Array {
  const text = `"${canonicalCell(new Date(time))}"`;
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

function writeCell(cell: Exclude<CellValue, null>, out: JsonBytes): void {
  if (typeof cell === "string") {
    if (!trimBounds(cell)) out.ascii('""');
    else out.textCell(cell, bounds.start, bounds.end);
  } else if (typeof cell === "number") {
    out.ascii('"n:');
    writeNumber(cell, out);
    out.byte(34);
  } else {
    const text = canonicalCellFast(cell);
    out.byte(34);
    // A date's text is ISO digits and punctuation: nothing to escape.
    if (cell instanceof Date) out.ascii(text);
    else out.quoted(text, 0, text.length, false);
    out.byte(34);
  }
}

const SCALES = [1, 10, 100, 1000, 10000];

/**
 * canonicalNumber's text. A whole number of hundredths, thousandths or ten-thousandths below
 * 10^15 of them is written from that integer: its String() is that decimal (it has at most 15
 * digits, and no other decimal of as few digits reads as the same double).
 */
function writeNumber(n: number, out: JsonBytes): void {
  if (n !== 0) {
    for (let dp = 2; dp <= 4; dp++) {
      const m = Math.round(n * SCALES[dp]);
      if (m / SCALES[dp] === n && m < 1e15 && m > -1e15) {
        out.scaledDecimal(m, dp);
        return;
      }
    }
  }
  out.ascii(canonicalNumber(n));
}

interface Hasher {
  update(bytes: Uint8Array): void;
  /** The UTF-8 bytes of `text`. */
  text(text: string): void;
  hex(): string;
}

/** Node's native SHA-256 where it exists, else @noble/hashes (audited, dependency-free). */
export function sha256Hasher(native = typeof (nodeCrypto as Partial<typeof nodeCrypto>).createHash === "function"): Hasher {
  if (native) {
    const hash = nodeCrypto.createHash("sha256");
    return { update: (b) => void hash.update(b), text: (t) => void hash.update(t, "utf8"), hex: () => hash.digest("hex") };
  }
  // Loaded where it is used (the task pane): in the CLI it would be 10 ms of every run's start.
  const { sha256 } = require("@noble/hashes/sha256") as typeof import("@noble/hashes/sha256");
  const { bytesToHex } = require("@noble/hashes/utils") as typeof import("@noble/hashes/utils");
  const hash = sha256.create();
  const encoder = new TextEncoder();
  return { update: (b) => void hash.update(b), text: (t) => void hash.update(encoder.encode(t)), hex: () => bytesToHex(hash.digest()) };
}
