import { CellValue } from "../workbook/grid";

/**
 * Range values as Excel.js returns them (`values` with `valueTypes`) turned into the workbook
 * contract's CellValues, and the row chunks a large sheet is read in. Pure, so it is tested
 * without Excel.
 */

/** Excel.RangeValueType, as strings so this module does not need the Excel global. */
type ValueType = "Unknown" | "Empty" | "String" | "Integer" | "Double" | "Boolean" | "Error" | "RichValue" | string;

/**
 * One cell. Excel returns "" for an empty cell and the error text ("#N/A") for an error, so the
 * value type is what tells an empty cell from empty text and an error from text such as "#1".
 * Dates come as serial numbers, which the contract's parseDate reads.
 */
export function cellFromExcel(value: unknown, type: ValueType): CellValue {
  if (type === "Empty" || value === null || value === undefined) return null;
  if (type === "Error") return { error: String(value) };
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return String(value);
}

export function gridFromExcel(values: readonly (readonly unknown[])[], types: readonly (readonly ValueType[])[]): CellValue[][] {
  return values.map((row, r) => row.map((value, c) => cellFromExcel(value, types[r]?.[c] ?? "Unknown")));
}

/**
 * About 100,000 cells per request: with values and value types that stays well under Excel on
 * the web's 5 MB response limit, and gives the 5k-20k rows per chunk Microsoft suggests for a
 * ledger-wide sheet.
 */
export const CELLS_PER_CHUNK = 100_000;
export const MAX_ROWS_PER_CHUNK = 20_000;

export interface RowChunk {
  /** 0-based offset from the first row of the used range. */
  start: number;
  count: number;
}

export function rowChunks(rowCount: number, columnCount: number): RowChunk[] {
  const size = Math.max(1, Math.min(MAX_ROWS_PER_CHUNK, Math.floor(CELLS_PER_CHUNK / Math.max(1, columnCount))));
  const chunks: RowChunk[] = [];
  for (let start = 0; start < rowCount; start += size) chunks.push({ start, count: Math.min(size, rowCount - start) });
  return chunks;
}
