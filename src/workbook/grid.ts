/**
 * The host-neutral picture of a workbook. Hosts (Excel via Office.js, an .xlsx file) read
 * sheets into SheetGrids and apply WorkbookPatches; everything between is plain data.
 */

/** An Excel error value such as #N/A or #REF!, as a cell holds it. */
export interface CellError {
  error: string;
  /**
   * Set when a file's numeric cell holds text that is not a number (`<v>-1812,69</v>`,
   * `<v>0x10</v>`): Excel itself would call the file damaged. The reader hands the text over
   * (see numericCellValue) and every parser refuses the cell, naming it.
   */
  malformedNumber?: string;
  /**
   * Set when the cell holds an Excel data type the add-in cannot read as a value (a picture in
   * the cell, an entity without display text): what it is, for the parsers' messages.
   */
  dataType?: string;
}

/**
 * A cell as Excel gives it: a number is an IEEE double, a Date is a date cell at UTC midnight
 * (hosts that only have serials pass the number), null is an empty cell.
 */
export type CellValue = string | number | boolean | Date | null | CellError;

export interface SheetGrid {
  name: string;
  /** 1-based row number of rows[0] (a used range need not start at A1). */
  startRow: number;
  /** 1-based column number of rows[n][0]. */
  startCol: number;
  rows: CellValue[][];
  /**
   * 1-based sheet rows that are an Excel table's totals row (ListObject, totalsRowCount /
   * showTotals): a "Total | =SUBTOTAL(109,[Amount])" row is not data. Absent means none.
   */
  totalsRows?: number[];
}

/**
 * Whether a grid's rows are padded to its width: when the used range's box costs little more
 * than the cells present (any real table), as Office.js gives a range; a stray far cell or a
 * huge empty box keeps them short, which every reader of a grid allows. `rows` counts the
 * grid's rows from its first to its last, `present` the cells up to each row's last value.
 */
export function padsRowsToWidth(rows: number, width: number, present: number): boolean {
  return rows * width <= 4 * present + 65536;
}

export interface WorkbookSnapshot {
  sheets: SheetGrid[];
}

/** A rectangle of values written at a 1-based (row, col). */
export interface CellBlock {
  row: number;
  col: number;
  values: CellValue[][];
  /** Per row of values: decimals of its currency, for the amount columns' number format. */
  rowDecimals?: number[];
  /**
   * Number formats to write instead of those the column kinds give; null leaves a cell's format
   * as it is (saving a setting keeps the user's "#,##0.00 €"). Hosts without formats ignore it.
   */
  numberFormats?: (string | null)[][];
}

export type ColumnKind = "text" | "date" | "amount" | "integer";

export interface SheetPatch {
  sheet: string;
  /** True when the sheet does not exist yet and the host must add it. */
  create: boolean;
  blocks: CellBlock[];
  /** The sheet's full header after the patch (row `headerRow`), with each column's kind. */
  headerRow: number;
  /** 1-based column of header[0]: columnKinds[i] describes column headerCol + i. Absent means 1. */
  headerCol?: number;
  header: string[];
  columnKinds: ColumnKind[];
}

/** Everything a run writes; a host applies it whole or not at all. */
export interface WorkbookPatch {
  sheets: SheetPatch[];
}

export function isCellError(value: CellValue): value is CellError {
  return typeof value === "object" && value !== null && !(value instanceof Date) && "error" in value;
}

/**
 * The lexical form of a number in a cell's <v> (xsd:double as Excel writes it: optional sign,
 * digits, optional fraction, optional exponent). parseFloat reads "-1812,69" as -1812 and
 * Number reads "0x10" as 16; neither is what the cell says.
 */
const NUMERIC_TEXT = /^[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?$/;

/** What a file reader puts in the snapshot for a numeric cell's stored text. */
export function numericCellValue(text: string): number | CellError {
  const trimmed = text.trim();
  if (NUMERIC_TEXT.test(trimmed)) {
    const n = Number(trimmed);
    if (Number.isFinite(n)) return n;
  }
  return { error: "#VALUE!", malformedNumber: text };
}

/** 1 -> A, 27 -> AA. */
export function columnLetter(col: number): string {
  // Every parsed row names its cells: the common columns' letters are made once.
  if (col >= 1 && col < LETTERS.length && Number.isInteger(col)) return LETTERS[col] ?? (LETTERS[col] = lettersOf(col));
  return lettersOf(col);
}

const LETTERS: string[] = new Array(1024);

function lettersOf(col: number): string {
  let s = "";
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export function cellAddress(row: number, col: number): string {
  return `${columnLetter(col)}${row}`;
}

export function findSheet(snapshot: WorkbookSnapshot, name: string): SheetGrid | undefined {
  const wanted = name.trim().toLowerCase();
  return snapshot.sheets.find((s) => s.name.trim().toLowerCase() === wanted);
}
