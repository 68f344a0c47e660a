/**
 * The workbook changed on disk between the read and the write; nothing was written. A module of
 * its own so that the CLI can tell this error from others without loading the whole writer.
 */
export class WorkbookChangedError extends Error {
  override name = "WorkbookChangedError";
}
