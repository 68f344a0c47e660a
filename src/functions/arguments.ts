import { fromCellValueJson } from "../excel/rich-values";
import { CellValue } from "../workbook/grid";

/**
 * Arguments as Excel hands them to a custom function, turned into the workbook contract's
 * CellValue so the contract's parsers (parseAmount, parseCurrency) read them exactly as they
 * read a sheet.
 */

/** Excel passes null for an omitted optional argument; undefined is what a direct JS call gives. */
export function isOmitted(value: unknown): boolean {
  return value === null || value === undefined;
}

/** Omitted, or an empty cell / empty text: "nothing was given". */
export function isBlankArgument(value: unknown): boolean {
  return isOmitted(value) || (typeof value === "string" && value.trim() === "");
}

/**
 * One argument value as a CellValue. With allowErrorForDataTypeAny (scripts/functions-metadata.js)
 * and allowCustomDataForDataTypeAny, Excel may pass error values and data types as objects:
 * an error (a CustomFunctions.Error's code, an Excel.ErrorCellValue, the contract's CellError)
 * becomes an error cell; a data type with a plain basic value (a formatted number) becomes that
 * value, and an entity (a linked data type, a custom entity) its display text, which is what the
 * cell shows: the rule the sheet reader applies to valuesAsJson (src/excel/rich-values.ts).
 * Anything else is an error cell "#VALUE!", never a crash.
 */
export function toCellValue(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  if (value instanceof Date) return value;
  if (typeof value === "object" && !Array.isArray(value)) {
    const { error, code, type, basicValue } = value as { error?: unknown; code?: unknown; type?: unknown; basicValue?: unknown };
    if (typeof error === "string") return { error };
    if (typeof code === "string") return { error: code };
    if (typeof type === "string") return fromCellValueJson(value);
    if (typeof basicValue === "number" || typeof basicValue === "string" || typeof basicValue === "boolean") return basicValue;
  }
  return { error: "#VALUE!" };
}

/**
 * A range argument as rows of cells. Excel always passes a matrix for a range parameter,
 * but a direct call may pass a scalar or one row; an empty array counts as one empty cell so
 * the result still has a cell to show.
 */
export function toMatrix(value: unknown): unknown[][] {
  if (!Array.isArray(value)) return [[value]];
  if (value.length === 0) return [[null]];
  if (!value.every((row) => Array.isArray(row))) return [value];
  return (value as unknown[][]).map((row) => (row.length === 0 ? [null] : row));
}

/** The same answer in every cell of the range: a problem with a whole-call argument. */
export function fill<T>(matrix: readonly (readonly unknown[])[], value: T): T[][] {
  return matrix.map((row) => row.map(() => value));
}
