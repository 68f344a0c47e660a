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
  /** Every sum's account, currency, amount, sheet and address, then every id, end to end. */
  text: string;
  /** The length of each of those strings, in that order. */
  lengths: Uint32Array;
  /** Per sum, 1 when its amount is -0. */
  negativeZero: Uint8Array;
  sumCount: number;
  /** How many ids each prefix has. */
  idCounts: number[];
  /** The thin grid's row count, and its non-empty rows by index (every other row is empty). */
  gridLength: number;
  gridRowIndex: number[];
  gridRows: CellValue[][];
}

export type PackedDigest = TransactionsDigest & { columns: DigestColumns };

const SUM_FIELDS = 5;

/** The digest to post: the same digest (fingerprint text, problems... untouched) with its sums, ids and grid rows in columns. */
export function packDigest(digest: TransactionsDigest): PackedDigest {
  const strings: string[] = [];
  const negativeZero = new Uint8Array(digest.sums.length);
  digest.sums.forEach((s, i) => {
    strings.push(s.account, s.currency, s.amount, s.source.sheet, s.source.address);
    if (s.negativeZero) negativeZero[i] = 1;
  });
  for (const list of digest.ids) for (const id of list) strings.push(id);
  const lengths = new Uint32Array(strings.length);
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
    sumCount: digest.sums.length,
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
  // A ledger has a handful of currencies and one sheet name: one string each, not one per sum.
  let currency = "";
  let sheet = "";
  for (let i = 0; i < columns.sumCount; i++) {
    const account = next();
    const c = next();
    if (c !== currency) currency = c;
    const amount = next();
    const sh = next();
    if (sh !== sheet) sheet = sh;
    sums[i] = { account, currency, amount, negativeZero: columns.negativeZero[i] === 1, source: { sheet, address: next() } };
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
