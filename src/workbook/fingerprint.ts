import { decimalFromDouble } from "./cells";
import { SHEETS } from "./contract";
import { CellValue, SheetGrid, WorkbookSnapshot, isCellError } from "./grid";
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
  if (typeof value === "number") return Number.isFinite(value) ? `n:${decimalFromDouble(value).toFixed()}` : `n:${value}`;
  const text = value.replace(/[\u00a0\u202f]/g, " ").trim();
  return text === "" ? "" : `s:${text}`;
}

/**
 * A row from column A, without its trailing empty cells; null for a blank row. Hosts differ in
 * where a used range starts and ends, and a blank row or column changes nothing the run reads.
 */
function canonicalRow(grid: SheetGrid, cells: readonly CellValue[]): string[] | null {
  const out: string[] = [];
  for (let i = 1; i < grid.startCol; i++) out.push("");
  let last = -1;
  for (const cell of cells) {
    const text = canonicalCell(cell);
    out.push(text);
    if (text !== "") last = out.length - 1;
  }
  return last < 0 ? null : out.slice(0, last + 1);
}

/**
 * The canonical text, line by line (each line is followed by "\n"): per sheet, in the given order,
 * `["sheet","<contract name>",true|false]` (false: the workbook has no such sheet), then one JSON
 * array of canonical cells per non-blank row, top to bottom.
 */
export function* canonicalLines(snapshot: WorkbookSnapshot, sheets: readonly string[]): Generator<string> {
  for (const name of sheets) {
    const grid = sheetNamed(snapshot, name);
    yield JSON.stringify(["sheet", name, grid !== undefined]);
    if (!grid) continue;
    // Many blank rows of a huge sheet are one shared array: remember the verdict per array.
    let lastBlank: readonly CellValue[] | null = null;
    for (const cells of grid.rows) {
      if (cells === lastBlank) continue;
      const row = canonicalRow(grid, cells);
      if (row === null) lastBlank = cells;
      else yield JSON.stringify(row);
    }
  }
}

/** SHA-256 hex of the canonical text of `sheets` (by default the run's input sheets). */
export function fingerprint(snapshot: WorkbookSnapshot, sheets: readonly string[] = RUN_INPUT_SHEETS): string {
  const hash = new Sha256();
  const encoder = new TextEncoder();
  for (const line of canonicalLines(snapshot, sheets)) hash.update(encoder.encode(`${line}\n`));
  return hash.hex();
}

// SHA-256 (FIPS 180-4). @noble/hashes 2 is ESM-only and Jest on Node 20 cannot load it without a
// jest.config transform; this streaming version is checked against node:crypto in the tests.
const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const rotr = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

export class Sha256 {
  private readonly state = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  private readonly block = new Uint8Array(64);
  private readonly w = new Uint32Array(64);
  private filled = 0;
  private bytes = 0;

  update(data: Uint8Array): this {
    this.bytes += data.length;
    let i = 0;
    while (i < data.length) {
      const n = Math.min(64 - this.filled, data.length - i);
      this.block.set(data.subarray(i, i + n), this.filled);
      this.filled += n;
      i += n;
      if (this.filled === 64) {
        this.compress();
        this.filled = 0;
      }
    }
    return this;
  }

  hex(): string {
    const bits = this.bytes * 8;
    const tail = new Uint8Array(((this.filled + 8) >> 6) * 64 + 64 - this.filled);
    tail[0] = 0x80;
    const view = new DataView(tail.buffer);
    view.setUint32(tail.length - 8, Math.floor(bits / 2 ** 32));
    view.setUint32(tail.length - 4, bits >>> 0);
    const bytes = this.bytes;
    this.update(tail);
    this.bytes = bytes;
    return Array.from(this.state, (x) => x.toString(16).padStart(8, "0")).join("");
  }

  private compress(): void {
    const { w, block, state } = this;
    for (let t = 0; t < 16; t++) w[t] = (block[4 * t] << 24) | (block[4 * t + 1] << 16) | (block[4 * t + 2] << 8) | block[4 * t + 3];
    for (let t = 16; t < 64; t++) {
      const s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
      const s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    let [a, b, c, d, e, f, g, h] = state;
    for (let t = 0; t < 64; t++) {
      const t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
    state[4] += e; state[5] += f; state[6] += g; state[7] += h;
  }
}
