import { CellValue, SheetGrid } from "../workbook/grid";
import { TransactionSum, TransactionsDigest } from "../workbook/offloaded-transactions";

/**
 * A TransactionsDigest as the transactions worker posts it: its sums (one per customer and
 * currency, 100,000 at 100k customers) as one string and a few typed arrays instead of 200,000
 * small objects, and its thin grid (a million rows, all but a few the same empty row) as those
 * few rows and a length. Structured clone copies a string or a typed array at memory speed, but
 * builds every object and every small string one by one on the receiving side (about 0.9 s of
 * the main thread at 100k customers on a loaded machine, against a few dozen ms unpacked here).
 */

export interface PackedDigest {
  /** The digest, its sums emptied and its grid's rows taken out. */
  digest: TransactionsDigest;
  sums: PackedSums;
  grid: PackedRows | null;
}

export interface PackedSums {
  /** Per sum its account, currency, amount and source address, one after another. */
  text: string;
  /** The four lengths per sum of those pieces of `text`. */
  lengths: Int32Array;
  negativeZero: Uint8Array;
  /** The sources' sheet names, and each sum's index among them. */
  sheets: string[];
  sheetOf: Int32Array;
}

/** A grid's rows: its length, the rows with cells of their own (by index), all others one empty row. */
export interface PackedRows {
  length: number;
  rows: [number, CellValue[]][];
}

const NO_CELLS: CellValue[] = [];

/** The digest packed for posting (the digest itself is emptied of what was packed: it is not used again). */
export function packDigest(digest: TransactionsDigest): PackedDigest {
  const sums = packSums(digest.sums);
  digest.sums = [];
  let grid: PackedRows | null = null;
  if (digest.grid) {
    grid = packRows(digest.grid.rows);
    digest.grid = { ...digest.grid, rows: [] };
  }
  return { digest, sums, grid };
}

/** The digest packDigest packed, as it was. */
export function unpackDigest(packed: PackedDigest): TransactionsDigest {
  const digest = packed.digest;
  digest.sums = unpackSums(packed.sums);
  if (digest.grid && packed.grid) digest.grid.rows = unpackRows(packed.grid);
  return digest;
}

export function packSums(sums: readonly TransactionSum[]): PackedSums {
  const pieces: string[] = [];
  const lengths = new Int32Array(sums.length * 4);
  const negativeZero = new Uint8Array(sums.length);
  const sheets: string[] = [];
  const sheetIndex = new Map<string, number>();
  const sheetOf = new Int32Array(sums.length);
  for (let i = 0; i < sums.length; i++) {
    const s = sums[i];
    pieces.push(s.account, s.currency, s.amount, s.source.address);
    lengths[4 * i] = s.account.length;
    lengths[4 * i + 1] = s.currency.length;
    lengths[4 * i + 2] = s.amount.length;
    lengths[4 * i + 3] = s.source.address.length;
    negativeZero[i] = s.negativeZero ? 1 : 0;
    let sheet = sheetIndex.get(s.source.sheet);
    if (sheet === undefined) {
      sheet = sheets.length;
      sheets.push(s.source.sheet);
      sheetIndex.set(s.source.sheet, sheet);
    }
    sheetOf[i] = sheet;
  }
  return { text: pieces.join(""), lengths, negativeZero, sheets, sheetOf };
}

export function unpackSums(packed: PackedSums): TransactionSum[] {
  const { text, lengths, negativeZero, sheets, sheetOf } = packed;
  const count = negativeZero.length;
  const sums = new Array<TransactionSum>(count);
  let at = 0;
  const next = (length: number): string => {
    const piece = text.slice(at, at + length);
    at += length;
    return piece;
  };
  for (let i = 0; i < count; i++) {
    const account = next(lengths[4 * i]);
    const currency = next(lengths[4 * i + 1]);
    const amount = next(lengths[4 * i + 2]);
    const address = next(lengths[4 * i + 3]);
    sums[i] = { account, currency, amount, negativeZero: negativeZero[i] === 1, source: { sheet: sheets[sheetOf[i]], address } };
  }
  return sums;
}

export function packRows(rows: SheetGrid["rows"]): PackedRows {
  const kept: [number, CellValue[]][] = [];
  for (let i = 0; i < rows.length; i++) if (rows[i].length > 0) kept.push([i, rows[i]]);
  return { length: rows.length, rows: kept };
}

export function unpackRows(packed: PackedRows): CellValue[][] {
  const rows = new Array<CellValue[]>(packed.length).fill(NO_CELLS);
  for (const [i, cells] of packed.rows) rows[i] = cells;
  return rows;
}
