import ExcelJS from "exceljs";
import { CellValue, isCellError } from "../workbook/grid";

const DAY_MS = 86400000;

/**
 * Error values an .xlsx cell can hold (ECMA-376 ST_CellError); Excel refuses a file whose
 * error cell holds anything else, such as the newer #SPILL!, which exists only as a formula result.
 */
const FILE_ERRORS: ReadonlySet<string> = new Set(["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"]);
type ExcelError = ExcelJS.CellErrorValue["error"];
const isFileError = (error: string): error is ExcelError => FILE_ERRORS.has(error);

/** The value a cell shows, as the host-neutral CellValue; a merged cell's value is its top-left cell's only. */
export function cellValueOf(cell: ExcelJS.Cell): CellValue {
  if (cell.type === ExcelJS.ValueType.Merge) return null;
  return fromExcel(cell.value);
}

/** The CellValue of a value as ExcelJS models it (the fast reader builds the same shapes). */
export function cellValueFromExcel(value: ExcelJS.CellValue | undefined): CellValue {
  return fromExcel(value);
}

function fromExcel(value: ExcelJS.CellValue | undefined): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value;
  if (value instanceof Date) return dateOnly(value);
  if ("error" in value) return { error: value.error };
  if ("richText" in value) return richText(value);
  if ("hyperlink" in value) {
    // ExcelJS types the text as a string, but a styled link arrives as rich text.
    const text: unknown = value.text;
    return isRichText(text) ? richText(text) : typeof text === "string" && text !== "" ? text : null;
  }
  if ("formula" in value || "sharedFormula" in value) {
    // The value Excel last computed; a formula never calculated (written by a library) is empty.
    return fromExcel(value.result);
  }
  return null;
}

function isRichText(value: unknown): value is ExcelJS.CellRichTextValue {
  return typeof value === "object" && value !== null && Array.isArray((value as { richText?: unknown }).richText);
}

function richText(value: ExcelJS.CellRichTextValue): CellValue {
  const text = value.richText.map((run) => run.text).join("");
  return text === "" ? null : text;
}

/**
 * Ledger dates have no time of day: a date-time cell is read as the day Excel shows. ExcelJS
 * builds Dates from serials in UTC, so the day is the UTC one.
 */
function dateOnly(date: Date): Date {
  const ms = date.getTime();
  return Number.isNaN(ms) ? date : new Date(Math.floor(ms / DAY_MS) * DAY_MS);
}

/** What ExcelJS must be given to write the CellValue; a string is always stored as text, never a formula. */
export function excelValueOf(value: CellValue): ExcelJS.CellValue {
  if (value === null) return null;
  if (typeof value === "number") return Number.isFinite(value) ? value : { error: "#NUM!" };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { error: "#VALUE!" } : value;
  if (isCellError(value)) return { error: isFileError(value.error) ? value.error : "#N/A" };
  return value;
}
