import { CellValue, SheetPatch } from "../workbook/grid";
import { DateSystem, ExcelScalar, numberFormatFor, toExcel } from "./cell-values";
import { MAX_ROWS_PER_CHUNK, REQUEST_BUDGET_BYTES } from "./chunks";
import { RANGE_OVERHEAD_BYTES, jsonGridBytes, jsonScalarBytes } from "./request-size";

/**
 * The write planner: turns a sheet's patch blocks into the fewest rectangular ranges Excel can
 * take, each small enough for one request, and packs them into batches (one context.sync each)
 * costed in UTF-8 bytes with a per-range overhead. An export that marks 20,000 rows is then one
 * column range of 20,000 cells, not 20,000 one-cell ranges.
 */

/** One rectangle to write: values, and the number format of each cell. 1-based row and column. */
export interface WriteRange {
  row: number;
  col: number;
  values: ExcelScalar[][];
  /** null leaves that cell's number format as it is (Office.js: null in a 2-D array means no change). */
  formats: (string | null)[][];
  /** Request bytes: values, formats and the range's framing. */
  bytes: number;
}

interface Single {
  row: number;
  col: number;
  value: ExcelScalar;
  format: string | null;
}

/** A range's data alone may use this much of a request, leaving room for the rest of its batch. */
const RANGE_BUDGET_BYTES = REQUEST_BUDGET_BYTES - RANGE_OVERHEAD_BYTES;

/** The ranges that write a sheet's patch, in an order that keeps a block's rows together. */
export function planRanges(sp: SheetPatch, dates: DateSystem = "1900"): WriteRange[] {
  const headerCol = sp.headerCol ?? 1;
  const kindFormat = (value: CellValue, col: number, row: number, decimals?: number): string =>
    row === sp.headerRow ? "@" : numberFormatFor(value, sp.columnKinds[col - headerCol] ?? "text", decimals);
  const singles = new Map<string, Single>();
  const ranges: WriteRange[] = [];
  for (const block of sp.blocks) {
    const given = block.numberFormats;
    const formatOf = (value: CellValue, col: number, row: number, decimals?: number): string | null => {
      const fixed = given?.[row - block.row]?.[col - block.col];
      return fixed !== undefined ? fixed : kindFormat(value, col, row, decimals);
    };
    const cols = Math.max(0, ...block.values.map((r) => r.length));
    if (!cols || !block.values.length) continue;
    if (cols === 1 && block.values.length === 1) {
      const value = block.values[0][0] ?? null;
      const single = { row: block.row, col: block.col, value: toExcel(value, dates), format: formatOf(value, block.col, block.row, block.rowDecimals?.[0]) };
      singles.delete(`${single.row}:${single.col}`); // a later write of the same cell wins, and goes last
      singles.set(`${single.row}:${single.col}`, single);
      continue;
    }
    const values = block.values.map((cells) => Array.from({ length: cols }, (_, j) => toExcel(cells[j] ?? null, dates)));
    const formats = block.values.map((cells, i) => Array.from({ length: cols }, (_, j) => formatOf(cells[j] ?? null, block.col + j, block.row + i, block.rowDecimals?.[i])));
    ranges.push(...splitRows({ row: block.row, col: block.col, values, formats, bytes: 0 }));
  }
  for (const rect of mergeSingles([...singles.values()])) ranges.push(...splitRows(rect));
  return ranges;
}

/**
 * One-cell writes merged into rectangles: first runs of consecutive rows in a column, then runs
 * with the same rows in neighbouring columns. Only cells the patch writes are covered, never a
 * cell between them.
 */
export function mergeSingles(cells: readonly Single[]): WriteRange[] {
  const byColumn = [...cells].sort((a, b) => a.col - b.col || a.row - b.row);
  const runs: Single[][] = [];
  for (const cell of byColumn) {
    const run = runs[runs.length - 1];
    const last = run?.[run.length - 1];
    if (last && last.col === cell.col && last.row + 1 === cell.row) run.push(cell);
    else runs.push([cell]);
  }
  // Runs covering the same rows, keyed by their span, joined across adjacent columns.
  const bySpan = new Map<string, Single[][]>();
  for (const run of runs) {
    const key = `${run[0].row}:${run.length}`;
    const list = bySpan.get(key) ?? [];
    list.push(run);
    bySpan.set(key, list);
  }
  const rects: WriteRange[] = [];
  for (const list of bySpan.values()) {
    let group: Single[][] = [];
    const flush = (): void => {
      if (!group.length) return;
      const rows = group[0].length;
      rects.push({
        row: group[0][0].row,
        col: group[0][0].col,
        values: Array.from({ length: rows }, (_, i) => group.map((run) => run[i].value)),
        formats: Array.from({ length: rows }, (_, i) => group.map((run) => run[i].format)),
        bytes: 0,
      });
      group = [];
    };
    for (const run of list) {
      const prev = group[group.length - 1];
      if (prev && prev[0].col + 1 !== run[0].col) flush();
      group.push(run);
    }
    flush();
  }
  return rects.sort((a, b) => a.row - b.row || a.col - b.col);
}

/** Cuts a rectangle into row chunks of at most 20,000 rows that fit one request, and costs them. */
export function splitRows(rect: WriteRange, budget = RANGE_BUDGET_BYTES): WriteRange[] {
  const out: WriteRange[] = [];
  let start = 0;
  let bytes = 0;
  for (let i = 0; i < rect.values.length; i++) {
    const rowBytes = rowCost(rect.values[i], rect.formats[i]);
    if (i > start && (bytes + rowBytes > budget || i - start >= MAX_ROWS_PER_CHUNK)) {
      out.push(slice(rect, start, i, bytes));
      start = i;
      bytes = 0;
    }
    bytes += rowBytes;
  }
  if (start < rect.values.length) out.push(slice(rect, start, rect.values.length, bytes));
  return out;
}

function slice(rect: WriteRange, from: number, to: number, bytes: number): WriteRange {
  return {
    row: rect.row + from,
    col: rect.col,
    values: rect.values.slice(from, to),
    formats: rect.formats.slice(from, to),
    bytes: bytes + RANGE_OVERHEAD_BYTES + 8,
  };
}

function rowCost(values: readonly ExcelScalar[], formats: readonly (string | null)[]): number {
  let bytes = 6;
  for (const v of values) bytes += jsonScalarBytes(v);
  for (const f of formats) bytes += f === null ? 5 : jsonScalarBytes(f);
  return bytes;
}

/** Exact request bytes of a range's values and formats, for tests and the bench. */
export function rangeBytes(range: Pick<WriteRange, "values" | "formats">): number {
  return jsonGridBytes(range.values) + jsonGridBytes(range.formats.map((r) => r.map((f) => f ?? "null"))) + RANGE_OVERHEAD_BYTES;
}

/** Two halves of a batch, or of its only range's rows; null when it is a single row. */
export function halves(batch: readonly WriteRange[]): WriteRange[][] | null {
  if (batch.length > 1) {
    const mid = Math.ceil(batch.length / 2);
    return [batch.slice(0, mid), batch.slice(mid)];
  }
  const [range] = batch;
  if (!range || range.values.length < 2) return null;
  const mid = Math.ceil(range.values.length / 2);
  const part = (from: number, to: number): WriteRange => {
    const values = range.values.slice(from, to);
    const formats = range.formats.slice(from, to);
    return { row: range.row + from, col: range.col, values, formats, bytes: rangeBytes({ values, formats }) };
  };
  return [[part(0, mid)], [part(mid, range.values.length)]];
}
