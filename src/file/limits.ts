/**
 * What the .xlsx reader and writer accept, so a hostile or broken file costs a bounded amount
 * of time and memory and is refused with a message instead of exhausting either. Generous for
 * real ledgers (Excel's own grid is 1,048,576 x 16,384); tests lower them to check each bound.
 */
export const xlsxLimits = {
  /** Entries in the ZIP package. */
  entries: 100_000,
  /** Inflated size of one XML part. */
  partBytes: 2_000_000_000,
  /** Inflated size of all the parts read. */
  totalBytes: 4_000_000_000,
  /** Non-empty cells in the whole workbook. */
  cells: 50_000_000,
  /** Entries in the shared-strings table. */
  sharedStrings: 20_000_000,
  /** Merged ranges in one sheet. */
  merges: 1_000_000,
};

export const EXCEL_ROWS = 1_048_576;
export const EXCEL_COLUMNS = 16_384;

/**
 * A package the file host cannot read or write as it is: not a ZIP, not a workbook, damaged,
 * over a limit. The message says what and where, in the user's terms.
 */
export class XlsxError extends Error {
  override name = "XlsxError";
}

export function count(n: number): string {
  return n.toLocaleString("en-US");
}
