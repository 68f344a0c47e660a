import { CellValue, SheetGrid, WorkbookSnapshot } from "../workbook/grid";
import { parseRange } from "./address";
import { DateSystem, ExcelValueType, datesTo1900, rowsFromExcel } from "./cell-values";
import { READ_BYTES_PER_CELL, RowSpan, packBatches, rowSpans, rowsPerChunk } from "./chunks";
import { queueDateSystem } from "./date-system";
import { halvesOfBatch, syncInHalves } from "./sync-in-halves";
import { MAX_RANGES_PER_SYNC, RANGE_OVERHEAD_BYTES } from "./request-size";
import { RICH_VALUES_API, RichCell, mayBeDataType, readRichValues } from "./rich-values";
import { SupportsApi } from "./run-options";

/**
 * The most cells the add-in reads from one sheet (about a million rows of 16 columns). Excel
 * reads at most 5,000,000 cells a range, which the chunks respect; this bound is for a used
 * range made huge by one stray value (XFD1048576 makes it 17 billion cells).
 */
export const MAX_SHEET_CELLS = 16_777_216;
/** A 1904 workbook's reads carry number formats too (to find its date cells): about 16 bytes a cell more. */
const FORMAT_BYTES_PER_CELL = 16;

interface SheetRead {
  sheet: Excel.Worksheet;
  grid: SheetGrid;
  /** 0-based origin and width of the used range. */
  row0: number;
  col0: number;
  columnCount: number;
}

interface Piece {
  read: SheetRead;
  span: RowSpan;
}

const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export interface SheetsRead {
  snapshot: WorkbookSnapshot;
  /** Ids of the worksheets read, so a cache can tell which onChanged events concern it. */
  sheetIds: Set<string>;
  /** The workbook's date system; date cells of a 1904 workbook are already moved to 1900 serials. */
  dateSystem: DateSystem;
}

/** A sheet whose used range is too large to read; the message says how to find the stray cell. */
export class UsedRangeTooLargeError extends Error {
  constructor(sheet: string, address: string, cells: number) {
    const corner = address.slice(address.lastIndexOf(":") + 1);
    super(
      `Sheet '${sheet}' has values as far as ${corner}: its used range ${address.slice(address.lastIndexOf("!") + 1)} is ${cells.toLocaleString("en-US")} cells, ` +
        `more than the add-in reads from one sheet (${MAX_SHEET_CELLS.toLocaleString("en-US")}). A stray value far below or to the right of the data usually causes this: ` +
        `on that sheet press Ctrl+End to go to it, delete the rows or columns beyond the data, and try again.`,
    );
    this.name = "UsedRangeTooLargeError";
  }
}

export interface ReadOptions {
  /**
   * Office.context.requirements.isSetSupported. With ExcelApi 1.16 a cell that `values` gives
   * as "#VALUE!" is looked up again in valuesAsJson, so a data type (an entity) is read by its
   * display text; without it (or without this option) such a cell stays an error.
   */
  supports?: SupportsApi;
  /** Told the rows read after each batch: the pane's determinate bar for the read. */
  onProgress?: ReadProgress;
}

/**
 * Reads the used range of each sheet (all, or those named) into a WorkbookSnapshot.
 * Syncs: 2 (names, used ranges and tables) + 1 when a table shows a totals row + one per batch of row chunks, where a sheet of r rows and
 * c columns takes ceil(r / R(c)) chunks, R(c) = min(20000, floor(4e6 / (c * 48))), and small
 * sheets share a batch. A batch Excel still finds too large is retried in halves. Cells that
 * may hold data types add syncs of their own (rich-values.ts), none when there are none.
 */
export async function readSnapshot(context: Excel.RequestContext, sheetNames?: readonly string[], options: ReadOptions = {}): Promise<WorkbookSnapshot> {
  return (await readSheets(context, sheetNames, options)).snapshot;
}

/** Rows read so far of the rows the used ranges hold: the pane's "read 40,000 of 120,000 rows". */
export type ReadProgress = (doneRows: number, totalRows: number) => void;

/** readSnapshot, with the ids of the worksheets it read and the workbook's date system. */
export async function readSheets(context: Excel.RequestContext, sheetNames?: readonly string[], options: ReadOptions = {}): Promise<SheetsRead> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name,items/id");
  const dateSystem = queueDateSystem(context);
  await context.sync();
  const dates = dateSystem();
  const chosen = worksheets.items.filter((ws) => !sheetNames || sheetNames.some((n) => sameName(n, ws.name)));
  const used = chosen.map((sheet) => {
    const range = sheet.getUsedRangeOrNullObject(true);
    range.load("address,rowCount,columnCount");
    // Tables, showTotals and getTotalRowRange are ExcelApi 1.1, below the manifest's 1.7: no requirement check.
    const tables = sheet.tables.load("items/showTotals");
    return { sheet, range, tables };
  });
  await context.sync();
  const totals = await totalsRows(context, used);

  const reads: SheetRead[] = [];
  const grids: SheetGrid[] = [];
  for (const { sheet, range } of used) {
    const grid: SheetGrid = { name: sheet.name, startRow: 1, startCol: 1, rows: [] };
    const totalsOfSheet = totals.get(sheet);
    if (totalsOfSheet?.length) grid.totalsRows = totalsOfSheet;
    grids.push(grid);
    if (range.isNullObject) continue;
    const box = parseRange(range.address);
    if (!box) throw new Error(`Excel returned an unexpected address '${range.address}' for sheet '${sheet.name}'`);
    const cells = range.rowCount * range.columnCount;
    if (cells > MAX_SHEET_CELLS) throw new UsedRangeTooLargeError(sheet.name, range.address, cells);
    grid.startRow = box.row;
    grid.startCol = box.col;
    grid.rows = new Array<CellValue[]>(range.rowCount);
    reads.push({ sheet, grid, row0: box.row - 1, col0: box.col - 1, columnCount: range.columnCount });
  }

  const perCell = READ_BYTES_PER_CELL + (dates === "1904" ? FORMAT_BYTES_PER_CELL : 0);
  const pieces: Piece[] = reads.flatMap((read) => rowSpans(read.grid.rows.length, rowsPerChunk(read.columnCount, perCell)).map((span) => ({ read, span })));
  const cost = (p: Piece): number => p.span.count * p.read.columnCount * perCell + RANGE_OVERHEAD_BYTES;
  const rich: RichCell[] | null = options.supports?.(RICH_VALUES_API.set, RICH_VALUES_API.version) ? [] : null;
  const total = pieces.reduce((n, p) => n + p.span.count, 0);
  let done = 0;
  options.onProgress?.(0, total);
  for (const batch of packBatches(pieces, cost, undefined, MAX_RANGES_PER_SYNC)) {
    await readBatch(context, batch, dates, rich);
    done += batch.reduce((n, p) => n + p.span.count, 0);
    options.onProgress?.(done, total);
  }
  if (rich?.length) await readRichValues(context, rich);
  return { snapshot: { sheets: grids }, sheetIds: new Set(chosen.map((sheet) => sheet.id)), dateSystem: dates };
}

/**
 * The 1-based rows of each sheet's tables' totals rows (Table.getTotalRowRange, ExcelApi 1.1),
 * which are not data: one sync more, only when a sheet has a table that shows its totals row.
 */
async function totalsRows(context: Excel.RequestContext, sheets: { sheet: Excel.Worksheet; tables: Excel.TableCollection }[]): Promise<Map<Excel.Worksheet, number[]>> {
  const ranges = sheets.flatMap(({ sheet, tables }) => tables.items.filter((t) => t.showTotals).map((t) => ({ sheet, range: t.getTotalRowRange().load("rowIndex") })));
  const rows = new Map<Excel.Worksheet, number[]>();
  if (!ranges.length) return rows;
  await context.sync();
  for (const { sheet, range } of ranges) rows.set(sheet, [...(rows.get(sheet) ?? []), range.rowIndex + 1]);
  return rows;
}

async function readBatch(context: Excel.RequestContext, batch: Piece[], dates: DateSystem, rich: RichCell[] | null): Promise<void> {
  // Our 48 bytes per cell (value and type) is a guess; long texts can still exceed Excel's response limit.
  await syncInHalves(context, batch, (pieces) => queueRead(pieces, dates, rich), splitInHalves);
}

function queueRead(batch: Piece[], dates: DateSystem, rich: RichCell[] | null): () => void {
  const loaded = batch.map((piece) => {
    const { read, span } = piece;
    const range = read.sheet.getRangeByIndexes(read.row0 + span.offset, read.col0, span.count, read.columnCount);
    range.load(dates === "1904" ? "values,valueTypes,numberFormat" : "values,valueTypes");
    return { piece, range };
  });
  return () => {
    for (const { piece, range } of loaded) {
      const rows = piece.read.grid.rows;
      const block = rowsFromExcel(range.values, valueTypesOf(range));
      if (dates === "1904") datesTo1900(block, range.numberFormat);
      block.forEach((row, i) => {
        rows[piece.span.offset + i] = row;
      });
      if (rich) collectDataTypeCells(piece, block, rich);
    }
  };
}

/** The cells of a block that may hold a data type, with where their reading goes. */
function collectDataTypeCells(piece: Piece, block: CellValue[][], rich: RichCell[]): void {
  const { read, span } = piece;
  block.forEach((row, i) => {
    for (let j = 0; j < row.length; j++) {
      if (!mayBeDataType(row[j])) continue;
      rich.push({ sheet: read.sheet, sheetKey: read.grid.name, row: read.row0 + span.offset + i, col: read.col0 + j, set: (value) => void (row[j] = value) });
    }
  });
}

/** The range's value types, or undefined where the host gave none (then cells fall back to their text). */
function valueTypesOf(range: Excel.Range): ExcelValueType[][] | undefined {
  const types: unknown = range.valueTypes;
  return Array.isArray(types) ? (types as ExcelValueType[][]) : undefined;
}

/** Two smaller batches covering the same rows, or null when a single row cannot be split. */
function splitInHalves(batch: Piece[]): Piece[][] | null {
  const split = halvesOfBatch(batch);
  if (split) return split;
  const [{ read, span }] = batch;
  if (span.count < 2) return null;
  const first = Math.ceil(span.count / 2);
  return [
    [{ read, span: { offset: span.offset, count: first } }],
    [{ read, span: { offset: span.offset + first, count: span.count - first } }],
  ];
}
