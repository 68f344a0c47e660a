import { CellValue, SheetGrid } from "./grid";
import { TransactionSum, TransactionsDigest } from "./offloaded-transactions";

/**
 * A TransactionsDigest as a worker posts it: its many small parts packed into a few columns.
 * Structured clone copies an object graph object by object, and a digest of 100,000 customers
 * is 100,000 sums each with its cell reference (200,000 objects, 500,000 strings) and a thin
 * grid of a million row slots: about 0.35 s on the main thread to rebuild, plus the garbage
 * collector's share, while the main thread has nothing else to do but wait for it. Packed, the
 * sums and ids are one string and one array of lengths, the grid its few non-empty rows: the
 * clone is a copy of a few megabytes, and unpackDigest rebuilds the very same digest.
 */

/** The columns of a packed digest; `sums`, `ids` and the grid's rows are empty beside them. */
export interface DigestColumns {
  /** Every sum's account, amount and address, then every id, end to end. */
  text: string;
  /** The length of each of those strings, in that order (16 bits when every one fits). */
  lengths: Uint16Array | Uint32Array;
  /** Per sum, 1 when its amount is -0. */
  negativeZero: Uint8Array;
  /** A ledger's few currencies and sheet names, once each, and each sum's index into them. */
  currencies: string[];
  currencyOf: Uint32Array;
  sheets: string[];
  sheetOf: Uint32Array;
  sumCount: number;
  /** How many ids each prefix has. */
  idCounts: number[];
  /** The thin grid's row count, and its non-empty rows by index (every other row is empty). */
  gridLength: number;
  gridRowIndex: number[];
  gridRows: CellValue[][];
}

export type PackedDigest = TransactionsDigest & { columns: DigestColumns };

const SUM_FIELDS = 3;

/** Distinct strings in order of first appearance, each with its index. */
class Table {
  readonly values: string[] = [];
  private readonly indexes = new Map<string, number>();
  private last = "";
  private lastIndex = -1;

  index(value: string): number {
    // Sums come customer by customer: mostly the currency (and always the sheet) of the one before.
    if (value === this.last && this.lastIndex >= 0) return this.lastIndex;
    let i = this.indexes.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.indexes.set(value, i);
    }
    this.last = value;
    this.lastIndex = i;
    return i;
  }
}

/** The digest to post: the same digest (fingerprint text, problems... untouched) with its sums, ids and grid rows in columns. */
export function packDigest(digest: TransactionsDigest): PackedDigest {
  const strings: string[] = [];
  const count = digest.sums.length;
  const negativeZero = new Uint8Array(count);
  const currencies = new Table();
  const sheets = new Table();
  const currencyOf = new Uint32Array(count);
  const sheetOf = new Uint32Array(count);
  digest.sums.forEach((s, i) => {
    strings.push(s.account, s.amount, s.source.address);
    currencyOf[i] = currencies.index(s.currency);
    sheetOf[i] = sheets.index(s.source.sheet);
    if (s.negativeZero) negativeZero[i] = 1;
  });
  for (const list of digest.ids) for (const id of list) strings.push(id);
  let longest = 0;
  for (const text of strings) if (text.length > longest) longest = text.length;
  const lengths = longest < 0x10000 ? new Uint16Array(strings.length) : new Uint32Array(strings.length);
  for (let i = 0; i < strings.length; i++) lengths[i] = strings[i].length;
  const gridRowIndex: number[] = [];
  const gridRows: CellValue[][] = [];
  digest.grid?.rows.forEach((row, i) => {
    if (row.length) {
      gridRowIndex.push(i);
      gridRows.push(row);
    }
  });
  const columns: DigestColumns = {
    text: strings.join(""),
    lengths,
    negativeZero,
    currencies: currencies.values,
    currencyOf,
    sheets: sheets.values,
    sheetOf,
    sumCount: count,
    idCounts: digest.ids.map((list) => list.length),
    gridLength: digest.grid?.rows.length ?? 0,
    gridRowIndex,
    gridRows,
  };
  const grid: SheetGrid | null = digest.grid ? { ...digest.grid, rows: [] } : null;
  return { ...digest, sums: [], ids: [], grid, columns };
}

/** The digest packDigest packed, rebuilt (a digest never packed is returned as it is). */
export function unpackDigest(digest: TransactionsDigest | PackedDigest): TransactionsDigest {
  if (!("columns" in digest)) return digest;
  const { columns, ...rest } = digest;
  const { text, lengths } = columns;
  let at = 0;
  let field = 0;
  const next = (): string => {
    const end = at + lengths[field++];
    const s = text.slice(at, end);
    at = end;
    return s;
  };
  const sums: TransactionSum[] = new Array<TransactionSum>(columns.sumCount);
  const { currencies, currencyOf, sheets, sheetOf, negativeZero } = columns;
  for (let i = 0; i < columns.sumCount; i++) {
    const account = next();
    const amount = next();
    sums[i] = { account, currency: currencies[currencyOf[i]], amount, negativeZero: negativeZero[i] === 1, source: { sheet: sheets[sheetOf[i]], address: next() } };
  }
  const ids = columns.idCounts.map((count) => {
    const list: string[] = new Array<string>(count);
    for (let i = 0; i < count; i++) list[i] = next();
    return list;
  });
  let grid: SheetGrid | null = null;
  if (rest.grid) {
    const empty: CellValue[] = [];
    const rows = new Array<CellValue[]>(columns.gridLength).fill(empty);
    columns.gridRowIndex.forEach((index, i) => (rows[index] = columns.gridRows[i]));
    grid = { ...rest.grid, rows };
  }
  if (field !== lengths.length || at !== text.length || field !== columns.sumCount * SUM_FIELDS + ids.reduce((n, l) => n + l.length, 0)) {
    throw new Error("internal error: the transactions digest was unpacked from columns of another shape");
  }
  return { ...rest, sums, ids, grid };
}
