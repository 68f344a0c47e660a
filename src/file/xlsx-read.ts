import { SheetGrid, WorkbookSnapshot } from "../workbook/grid";
import { XlsxError } from "./limits";
import { dateStyles } from "./number-formats";
import { SheetEntry, WorkbookPackage, openWorkbookPackage } from "./package-parts";
import { SharedStrings, readSharedStrings, sharedStringsOf } from "./shared-strings";
import { SheetReader, WorkbookContext } from "./sheet-cells";
import { totalsRowsOf } from "./tables";
import type { RowSink } from "./sheet-cells";
import { ZipEntry } from "./zip-archive";

/**
 * Reading an .xlsx (or .xlsm) package into a WorkbookSnapshot: one reader for every size, in
 * the CLI and in the task pane (no Node built-in is needed). Worksheets only, in the
 * workbook's order; chart sheets and dialog sheets hold no cells and are not listed. What the
 * reader cannot read it refuses with an XlsxError saying what and where.
 */

export { XlsxError } from "./limits";

export async function readXlsxBuffer(bytes: ArrayBuffer | Uint8Array): Promise<WorkbookSnapshot> {
  return readPackage(openWorkbookPackage(bytes));
}

/** The workbook at `path`; the messages name the file. Node only (the file is read with fs). */
export async function readXlsx(path: string): Promise<WorkbookSnapshot> {
  const { promises: fs } = await import("fs");
  const bytes = await fs.readFile(path);
  try {
    return await readXlsxBuffer(bytes);
  } catch (error) {
    throw namingFile(error, path);
  }
}

/** "<file> is not an .xlsx workbook ..." / "<file>: ..." instead of the package-level wording. */
export function namingFile(error: unknown, file: string): unknown {
  if (!(error instanceof XlsxError)) return error;
  const message = error.message.startsWith("This file is ") ? `${file} is ${error.message.slice(13)}` : `${file}: ${error.message}`;
  const named = new XlsxError(message);
  named.stack = error.stack;
  return named;
}

/** How readPackage reads part of a package (a sheet left to a worker thread, see transactions-offload.ts). */
export interface PackageReadOptions {
  /** Only the worksheets this accepts are read and listed; the others are skipped unread. */
  include?: (sheet: SheetEntry) => boolean;
  /** The workbook's count of cells read, against xlsxLimits.cells, when the caller keeps it. */
  cells?: { count: number };
  /**
   * One worksheet read row by row into a sink (SheetReader.stream) instead of into a grid: read
   * after the other sheets, which `sink` is given with the sheet's table totals rows; it is not
   * listed in the snapshot.
   */
  stream?: {
    sheet: SheetEntry;
    sink: (others: WorkbookSnapshot, totalsRows: readonly number[]) => RowSink;
    /** The part's bytes from elsewhere than its zip entry (SheetReader.stream's `chunks`), given the archive's own. */
    chunks?: (own: () => AsyncGenerator<Uint8Array>) => () => AsyncIterable<Uint8Array>;
  };
  /** Handed the workbook's context (shared strings, date styles) once made, for a sheet the caller reads itself. */
  context?: (context: WorkbookContext) => void;
  /**
   * The shared-strings table between two threads reading one package (transactions-offload.ts):
   * `read` is handed the table once read here and gives the table to use instead (the same items,
   * shared with the other thread); `given` gives the table the other thread read (null: read it here).
   */
  strings?: { read?: (table: SharedStrings) => SharedStrings; given?: () => Promise<SharedStrings | null> };
}

/** The package's shared-strings table: given by another thread, or read (and handed on). */
async function stringsOf(pkg: WorkbookPackage, entry: ZipEntry, options: PackageReadOptions): Promise<SharedStrings> {
  const given = options.strings?.given ? await options.strings.given() : null;
  if (given) return given;
  const table = await readSharedStrings(pkg.archive, entry, readsFewCells(pkg, options));
  return options.strings?.read ? options.strings.read(table) : table;
}

/**
 * Whether the sheets to read hold less than half of the worksheets' XML: the shared strings they
 * use are then a fraction of the table, which is kept compact (shared-strings.ts). A read of most
 * cells uses most strings, and making them as the table is read costs less than making them as
 * cells ask (fewer strings young beside the grid's rows, less for the scavenger to copy).
 */
function readsFewCells(pkg: WorkbookPackage, options: PackageReadOptions): boolean {
  const include = options.include;
  if (!include) return false;
  let read = 0;
  let all = 0;
  for (const sheet of pkg.sheets) {
    const size = sheet.kind === "worksheet" && sheet.path ? pkg.archive.find(sheet.path)?.size ?? 0 : 0;
    all += size;
    if (include(sheet)) read += size;
  }
  return read * 2 < all;
}

export async function readPackage(pkg: WorkbookPackage, options: PackageReadOptions = {}): Promise<WorkbookSnapshot> {
  const { archive, rels } = pkg;
  const stylesRel = rels.find((r) => r.kind === "styles" && !r.external);
  const stylesEntry = stylesRel ? archive.find(stylesRel.target) : undefined;
  const stringsRel = rels.find((r) => r.kind === "sharedStrings" && !r.external);
  const stringsEntry = stringsRel ? archive.find(stringsRel.target) : undefined;
  const context: WorkbookContext = {
    strings: stringsEntry ? await stringsOf(pkg, stringsEntry, options) : sharedStringsOf([]),
    dateStyles: dateStyles(stylesEntry ? archive.bytesOf(stylesEntry) : null, stylesEntry?.name ?? ""),
    date1904: pkg.date1904,
    cells: options.cells ?? { count: 0 },
  };
  options.context?.(context);
  const sheets: SheetGrid[] = [];
  let streamed: ZipEntry | undefined;
  for (const sheet of pkg.sheets) {
    if (sheet.kind === "chartsheet" || sheet.kind === "dialogsheet") continue;
    if (options.include && !options.include(sheet)) continue;
    if (sheet.kind === "macrosheet") throw new XlsxError(`Sheet '${sheet.name}' is an Excel 4.0 macro sheet, which this tool does not read`);
    const entry = sheet.path ? archive.find(sheet.path) : undefined;
    if (sheet.kind !== "worksheet" || !entry) throw new XlsxError(`the package is damaged: the part of sheet '${sheet.name}' (${sheet.path || `relationship ${sheet.rId || "missing"}`}) is missing`);
    if (sheet === options.stream?.sheet) {
      streamed = entry;
      continue;
    }
    const grid = await SheetReader.read(archive, entry, sheet.name, context);
    const totalsRows = totalsRowsOf(archive, entry.name);
    if (totalsRows.length) grid.totalsRows = totalsRows;
    sheets.push(grid);
  }
  const stream = options.stream;
  if (stream && streamed) {
    const others: WorkbookSnapshot = { sheets };
    const totalsRows = totalsRowsOf(archive, streamed.name);
    const chunks = stream.chunks?.(archive.chunker(streamed));
    await SheetReader.stream(archive, streamed, stream.sheet.name, context, () => stream.sink(others, totalsRows), chunks);
  }
  return { sheets };
}
