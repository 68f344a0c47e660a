import { CellValue, ColumnKind, isCellError } from "../workbook/grid";
import { isDateFormat } from "../workbook/number-format";
import { DATA_TYPE_UNREADABLE } from "./rich-values";

/**
 * Conversions between what Office.js `Range.values` carries (numbers, strings, booleans, with
 * "" for an empty cell and "#N/A" for an error) and the host-neutral CellValue.
 */

export type ExcelScalar = string | number | boolean;

/** Excel.RangeValueType as plain strings, so this module and its tests need no Excel global. */
export type ExcelValueType = "Unknown" | "Empty" | "String" | "Integer" | "Double" | "Boolean" | "Error" | "RichValue" | string;

const ERROR_TEXTS = new Set([
  "#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA",
  "#BUSY!", "#BLOCKED!", "#CONNECT!", "#FIELD!", "#UNKNOWN!", "#EXTERNAL!", "#PYTHON!",
]);

/**
 * One cell. Excel returns "" for an empty cell and the error text for an error, so only the
 * value type tells an empty cell from empty text and an error from text such as "#N/A" typed
 * as text. Without a type (a host that did not return valueTypes) the text is all we have,
 * so empty text counts as empty and an error text as an error. Dates come as serial numbers,
 * which the contract's parseDate reads.
 */
export function fromExcel(value: unknown, type?: ExcelValueType): CellValue {
  if (type === undefined) return guessFromText(value);
  if (type === "Empty" || value === null || value === undefined) return null;
  if (type === "Error") return { error: String(value) };
  // A rich value (a data type): `values` has only its basic value, "#VALUE!". Where Excel has
  // valuesAsJson the reader looks the cell up again (rich-values.ts); otherwise it is refused by name.
  if (type === "RichValue" && typeof value === "string" && value.startsWith("#")) return { error: value, dataType: DATA_TYPE_UNREADABLE };
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  // A rich value some host gives as an object is read as its display text rather than failing the read.
  return String(value);
}

function guessFromText(value: unknown): CellValue {
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value !== "string") return null;
  if (value === "") return null;
  return ERROR_TEXTS.has(value) ? { error: value } : value;
}

/**
 * A block of `values` with its `valueTypes`; a type missing inside a present array counts as
 * "Unknown" (kept as it is), while no array at all falls back to the text guess.
 */
export function rowsFromExcel(values: readonly (readonly unknown[])[], types?: readonly (readonly ExcelValueType[])[]): CellValue[][] {
  if (!types) return values.map((row) => row.map((value) => fromExcel(value)));
  return values.map((row, r) => row.map((value, c) => fromExcel(value, types[r]?.[c] ?? "Unknown")));
}

/**
 * A 1904 workbook's date cells moved to the 1900 serials the contract reads: a number whose
 * number format shows a date is shifted by 1,462 days; every other cell is left as it is.
 */
export function datesTo1900(rows: CellValue[][], formats: readonly (readonly unknown[])[]): CellValue[][] {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < row.length; c++) {
      const value = row[c];
      const format = formats[r]?.[c];
      if (typeof value === "number" && typeof format === "string" && isDateFormat(format)) row[c] = serialTo1900(value, "1904");
    }
  }
  return rows;
}

// Excel's 1900 date system: serial 25569 is 1970-01-01 (the phantom 1900-02-29 lies before it).
const UNIX_EPOCH_SERIAL = 25569;
const MS_PER_DAY = 86_400_000;
/** Days between the two systems' day 0: a 1904 workbook's serial is the 1900 serial minus this. */
export const DAYS_1900_TO_1904 = 1462;

/**
 * A workbook's date system (File > Options > Advanced > "Use 1904 date system"): the same date
 * is a serial 1,462 lower in a 1904 workbook. Office.js has no property for it; see date-system.ts.
 */
export type DateSystem = "1900" | "1904";

export function dateToSerial(date: Date, dates: DateSystem = "1900"): number {
  return date.getTime() / MS_PER_DAY + UNIX_EPOCH_SERIAL - (dates === "1904" ? DAYS_1900_TO_1904 : 0);
}

/** A 1904 workbook's serial as the 1900 serial the workbook contract reads (the same day). */
export function serialTo1900(serial: number, dates: DateSystem): number {
  return dates === "1904" ? serial + DAYS_1900_TO_1904 : serial;
}

export function toExcel(value: CellValue, dates: DateSystem = "1900"): ExcelScalar {
  if (value === null) return "";
  if (value instanceof Date) return dateToSerial(value, dates);
  // An error cannot be written through `values`; its text is kept as text (the cell is "@").
  if (isCellError(value)) return value.error;
  return value;
}

export const DATE_FORMAT = "yyyy-mm-dd";
export const TEXT_FORMAT = "@";
const GENERAL = "General";

export function amountFormat(decimals: number): string {
  return decimals > 0 ? `#,##0.${"0".repeat(decimals)}` : "#,##0";
}

/**
 * The number format a written cell needs. Every string is written as text ("@") so that a
 * name such as "=HYPERLINK(...)" or "-5" stays what the ledger said instead of becoming a formula.
 */
export function numberFormatFor(value: CellValue, kind: ColumnKind, decimals = 2): string {
  if (value instanceof Date) return DATE_FORMAT;
  if (typeof value === "string" || isCellError(value)) return TEXT_FORMAT;
  if (typeof value === "boolean") return GENERAL;
  switch (kind) {
    case "amount":
      return amountFormat(decimals);
    case "date":
      return DATE_FORMAT;
    case "integer":
      return "0";
    case "text":
      return value === null ? TEXT_FORMAT : GENERAL;
  }
}
