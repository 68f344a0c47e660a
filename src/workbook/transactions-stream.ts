import { balanceSummer, scaledAdderOf, withScaledAdder } from "../core/balance";
import { decimalPlaces } from "../core/money";
import { RUN_ID_PREFIX } from "../core/numbering";
import { IsoDate, RowProblem } from "../core/types";
import { WorkbookError } from "./errors";
import { sheetRowsTextWriter } from "./fingerprint";
import { CellValue, SheetGrid, WorkbookSnapshot, padsRowsToWidth } from "./grid";
import { idsSeen } from "./ids-seen";
import { DigestOptions, TransactionsDigest, transactionSums } from "./offloaded-transactions";
import { transactionDataRows } from "./read-ledger";
import { readParameters } from "./read-parameters";
import { rowIsBlank } from "./table";

/**
 * digestTransactions for a Customer transactions sheet read row by row: each row is parsed and
 * summed (readTransactions' row reader), scanned for ids (idsSeen, a batch at a time) and written as fingerprint
 * text (sheetRowsText's) as the sheet reader gives it, then dropped; only the digest is kept,
 * never the million-row grid. The same per-row functions as on a grid, so the same rules.
 *
 * A row stream is the grid only while the rows come in ascending order, without merged cells
 * (the grid empties merged cells; merges are known after the rows), and with no cell left of
 * the header row's first one (the grid's first column is the leftmost over all rows, which
 * addresses are counted from). On anything else, and whenever the digest would hold a failure
 * (a Parameters sheet or a header the run refuses), the stream gives up with NotStreamable: the
 * caller digests the whole grid instead, which answers exactly as the run does.
 */

/** The stream gave up: the sheet is to be digested as a whole grid. */
export class NotStreamable extends Error {
  constructor(what: string) {
    super(`the transactions sheet is digested as a whole grid: ${what}`);
    this.name = "NotStreamable";
  }
}

/** Where a sheet reader hands the rows (the file host's RowSink), and the digest once they are all in. */
export interface TransactionsStream {
  /** A row with a value, in ascending order: its sheet row and its cells from column A. */
  row(row: number, cells: CellValue[]): void;
  unstreamable(what: string): Error;
  /** The digest digestTransactions gives of the sheet whose rows were given. */
  end(): TransactionsDigest;
  /** After end(): the shape of the rows given, which the thin grid is made from (a part's, to be merged: transactions-merge.ts). */
  shape(): RowsShape;
  /** After end(), for a stream of a sheet's tail (StreamOptions.tailFrom): bounds of its amounts. */
  bounds(): AmountBounds;
}

/**
 * The rows a stream was given as SheetReader.grid() would shape them: enough to make the thin
 * grid (thinGridOfShape), and to make it for two parts of one sheet read apart.
 */
export interface RowsShape {
  /** First and last row given (0 when none), how many, their cells, the longest. */
  startRow: number;
  lastRow: number;
  rowsKept: number;
  cellsKept: number;
  widest: number;
  /** The header row (the first non-blank one), its first value's column (0-based) and its cells. */
  headerRow: number;
  headerFirst: number;
  headerCells: CellValue[];
  /** The last non-blank row (0 when none) and its cells. */
  lastNonBlank: number;
  lastCells: CellValue[];
  /** The table totals rows among the rows given, with their cells. */
  totals: [number, CellValue[]][];
}

/**
 * What bounds every partial sum of a tail's amounts (transactions-merge.ts proves a merged sum
 * exact with it): how many amounts, the largest decimal exponent of one (Decimal's e: |x| <
 * 10^(e+1)), the most decimal places of one.
 */
export interface AmountBounds {
  count: number;
  maxExponent: number;
  maxDecimals: number;
}

export interface StreamOptions extends DigestOptions {
  /**
   * The stream is of a sheet's tail, read after its head (transactions-offload.ts): rows below
   * this one must be exactly the header row, which sets the columns up but is not digested (the
   * head's part holds it); the rest are. A head holding anything else gives up (NotStreamable).
   */
  tailFrom?: number;
}

const NO_CELLS: CellValue[] = [];
/** Rows per batch (about 100 KB of cells). */
const BATCH = 1024;

/**
 * A stream of the sheet `sheet` (its name as the workbook spells it) whose table totals rows
 * are `totalsRows`; `others` holds the Parameters sheet (for the date and the id prefixes).
 */
export function streamTransactions(others: WorkbookSnapshot, sheet: string, totalsRows: readonly number[], options: StreamOptions): TransactionsStream {
  let date: IsoDate;
  let prefixes: string[];
  try {
    const parameters = readParameters(others, options.now, options.date);
    date = parameters.date;
    prefixes = [parameters.invoicePrefix, parameters.oneTimeVendorPrefix, RUN_ID_PREFIX];
  } catch (error) {
    if (error instanceof WorkbookError) throw new NotStreamable("the Parameters sheet is refused");
    throw error;
  }
  const summer = balanceSummer();
  const problems: RowProblem[] = [];
  // Column A on: the text starts each row from column A whatever the grid's first column.
  const text = sheetRowsTextWriter(1, options.text);
  const ids: string[][] = prefixes.map(() => []);
  const totals = new Set(totalsRows);
  const totalsCells = new Map<number, CellValue[]>();

  // The grid's shape, as SheetReader.grid() would make it: rows kept, their lengths, the widest.
  let startRow = 0;
  let lastRow = 0;
  let rowsKept = 0;
  let cellsKept = 0;
  let widest = 0;
  /** The leftmost first value so far (0-based column). */
  let leftmost = Infinity;
  // The header row, and the last non-blank row (the thin grid's rows).
  let headerRow = 0;
  let headerFirst = -1;
  let headerCells: CellValue[] = NO_CELLS;
  let lastNonBlank = 0;
  let lastCells: CellValue[] = NO_CELLS;
  let dataRow: ((row: number, cells: readonly CellValue[]) => void) | null = null;

  // Rows are digested in batches: the scanner's loop and the digest's each run hot in turn
  // rather than alternating per row, and a batch is still young garbage when dropped.
  const batchNumbers: number[] = [];
  const batchCells: CellValue[][] = [];
  const flush = (): void => {
    // idsSeen itself on the batch: the ids in the sheet's order, batch after batch.
    const seen = idsSeen({ sheets: [{ name: sheet, startRow: 1, startCol: 1, rows: batchCells }] }, prefixes);
    prefixes.forEach((p, i) => {
      const found = seen.get(p);
      if (found?.length) ids[i].push(...found);
    });
    for (let i = 0; i < batchCells.length; i++) digestRow(batchNumbers[i], batchCells[i]);
    batchNumbers.length = 0;
    batchCells.length = 0;
  };
  const tailFrom = options.tailFrom ?? 0;
  const bounds: AmountBounds = { count: 0, maxExponent: -Infinity, maxDecimals: 0 };
  let take = summer.add;
  const scaled = scaledAdderOf(summer.add);
  if (tailFrom && scaled) {
    // Every amount summed is bounded as it goes by (transactions-merge.ts), on both of the
    // summer's paths: a Money, or an exact integer term x 10^-dp (|term| < 10^15, so below 10^(15 - dp)).
    take = withScaledAdder(
      (transaction) => {
        summer.add(transaction);
        const amount = transaction.amount;
        bounds.count++;
        if (amount.e > bounds.maxExponent) bounds.maxExponent = amount.e;
        const dp = decimalPlaces(amount);
        if (!(dp <= bounds.maxDecimals)) bounds.maxDecimals = dp;
      },
      (account, currency, term, dp, source) => {
        scaled(account, currency, term, dp, source);
        bounds.count++;
        if (14 - dp > bounds.maxExponent) bounds.maxExponent = 14 - dp;
        if (dp > bounds.maxDecimals) bounds.maxDecimals = dp;
      },
    );
  } else if (tailFrom) throw new Error("internal error: the tail's summer takes no scaled amounts");
  const row = (n: number, cells: CellValue[]): void => {
    if (n < tailFrom) {
      // The head of the sheet, read for its header only.
      if (dataRow !== null || rowIsBlank(cells)) throw new NotStreamable(`the head of the sheet's tail holds row ${n}, not only its header row`);
      header(n, cells, firstValue(cells));
      return;
    }
    if (tailFrom && dataRow === null) throw new NotStreamable("the head of the sheet's tail holds no header row");
    batchNumbers.push(n);
    batchCells.push(cells);
    if (batchCells.length >= BATCH) flush();
  };

  const digestRow = (n: number, cells: CellValue[]): void => {
    const first = firstValue(cells);
    if (first < leftmost) leftmost = first;
    if (headerFirst >= 0 && first < headerFirst) throw new NotStreamable(`row ${n} has a value left of the header row's first column`);
    if (startRow === 0) startRow = n;
    lastRow = n;
    rowsKept++;
    cellsKept += cells.length;
    if (cells.length > widest) widest = cells.length;
    text.row(cells);
    if (totals.size && totals.has(n)) totalsCells.set(n, cells);
    if (rowIsBlank(cells)) return;
    lastNonBlank = n;
    lastCells = cells;
    if (dataRow !== null) {
      dataRow(n, headerFirst ? cells.slice(headerFirst) : cells);
      return;
    }
    // The first non-blank row is the header (readTableHeader).
    if (leftmost < first) throw new NotStreamable(`a row above the header row has a value left of its first column`);
    header(n, cells, first);
  };

  const header = (n: number, cells: CellValue[], first: number): void => {
    headerRow = n;
    headerFirst = first;
    headerCells = cells;
    const grid: SheetGrid = { name: sheet, startRow: n, startCol: first + 1, rows: [] };
    if (totalsRows.length) grid.totalsRows = [...totalsRows];
    try {
      dataRow = transactionDataRows(grid, first ? cells.slice(first) : cells, date, take, problems);
    } catch (error) {
      if (error instanceof WorkbookError) throw new NotStreamable("the header row is refused");
      throw error;
    }
  };

  const shape = (): RowsShape => ({
    startRow, lastRow, rowsKept, cellsKept, widest, headerRow, headerFirst, headerCells, lastNonBlank, lastCells, totals: [...totalsCells],
  });

  const end = (): TransactionsDigest => {
    flush();
    if (dataRow === null) throw new NotStreamable("the sheet has no header row");
    return {
      present: true,
      parametersRead: true,
      sums: transactionSums(summer),
      problems,
      failure: null,
      prefixes,
      ids,
      fingerprintRows: text.end(),
      // A tail's rows are a part of the sheet's (no grid of their own: the merge makes the sheet's).
      grid: tailFrom ? { name: sheet, startRow: headerRow, startCol: headerFirst + 1, rows: [] } : thinGridOfShape(sheet, shape(), totalsRows),
    };
  };

  return { row, unstreamable: (what) => new NotStreamable(what), end, shape, bounds: () => bounds };
}

/** The 0-based column of a row's first value (its length when it has none). */
function firstValue(cells: readonly CellValue[]): number {
  let first = 0;
  while (first < cells.length && cells[first] === null) first++;
  return first;
}

/** thinGrid(grid) of the grid SheetReader.grid() would have made of rows of this shape (a header among them). */
export function thinGridOfShape(sheet: string, shape: RowsShape, totalsRows: readonly number[]): SheetGrid {
  const { startRow, lastRow, rowsKept, cellsKept, widest, headerRow, headerCells, lastNonBlank, lastCells } = shape;
  // No value left of the header's first: it is the grid's first column.
  const minCol = shape.headerFirst;
  const width = widest - minCol;
  const present = cellsKept - rowsKept * minCol;
  const padded = padsRowsToWidth(lastRow - startRow + 1, width, present);
  const shaped = (cells: readonly CellValue[]): CellValue[] => {
    const row = cells.slice(minCol);
    return padded && row.length < width ? row.concat(new Array<CellValue>(width - row.length).fill(null)) : row;
  };
  const totalsCells = new Map(shape.totals);
  const length = lastNonBlank - startRow + 1;
  const rows = new Array<CellValue[]>(length).fill(NO_CELLS);
  rows[headerRow - startRow] = shaped(headerCells);
  rows[lastNonBlank - startRow] = shaped(lastCells);
  for (const r of totalsRows) {
    const i = r - startRow;
    if (i >= 0 && i < length) rows[i] = shaped(totalsCells.get(r) ?? NO_CELLS);
  }
  const grid: SheetGrid = { name: sheet, startRow, startCol: minCol + 1, rows };
  if (totalsRows.length) grid.totalsRows = [...totalsRows];
  return grid;
}
