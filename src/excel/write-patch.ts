import { SheetPatch, WorkbookPatch, cellAddress } from "../workbook/grid";
import { RangeBox, parseRange } from "./address";
import { DateSystem } from "./cell-values";
import { REQUEST_BUDGET_BYTES, packBatches } from "./chunks";
import { queueDateSystem } from "./date-system";
import { isPayloadTooLarge } from "./office-errors";
import { halvesOfBatch, syncInHalves } from "./sync-in-halves";
import { CLEAR_OVERHEAD_BYTES, MAX_RANGES_PER_SYNC } from "./request-size";
import { NewColumns, TableAppend, findTableAppends } from "./table-append";
import { ExcelWriteError, UndoOutcome } from "./write-error";
import { WriteRange, halves, planRanges } from "./write-plan";

export type WriteProgress = (writtenRows: number, totalRows: number) => void;

export interface ApplyOptions {
  /** Pause recalculation during each write batch (ExcelApi 1.6); hosts without it pass false. */
  suspendCalculation?: boolean;
  /**
   * True (the default) for runs, whose blocks land on empty rows. False when the blocks
   * overwrite cells that held values (saving parameters): clearing them would lose those values.
   */
  clearWrittenCellsOnFailure?: boolean;
}

interface Target {
  patch: SheetPatch;
  /** The sheet's name as the workbook spells it. */
  name: string;
  /** Set once the sync that added the sheet succeeded. */
  added: boolean;
  /** Rows of this target that join an Excel table (table.rows.add), by the block's first row. */
  tables: TableAppend[];
}

interface Piece extends WriteRange {
  target: Target;
  /** The last piece of a new sheet: its table is added after it. */
  closesSheet: boolean;
  /** Rows that extend an Excel table first (blank rows added through table.rows.add). */
  table?: TableAppend;
  /** Header cells that are an Excel table's new columns: added through table.columns.add, not written. */
  columns?: { table: string } & NewColumns;
}

interface Written {
  sheet: string;
  row: number;
  col: number;
  rows: number;
  cols: number;
  /**
   * Rows or columns added to an Excel table: the undo brings the table back to its range before
   * the run, deleting the rows and columns it has beyond it (what of a failed batch ran is unknown).
   */
  table?: { name: string; before: RangeBox; totalsRows: number };
}

const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/** A sheet that cannot be written: nothing has been written when this is thrown. */
export class ProtectedSheetError extends Error {
  constructor(readonly sheets: string[], workbook: boolean) {
    super(
      workbook
        ? `The workbook's structure is protected, so the add-in cannot add the sheet${sheets.length > 1 ? "s" : ""} ${sheets.map((s) => `'${s}'`).join(", ")}. Unprotect it (Review > Protect Workbook) and run again; nothing was written.`
        : `Sheet${sheets.length > 1 ? "s" : ""} ${sheets.map((s) => `'${s}'`).join(", ")} ${sheets.length > 1 ? "are" : "is"} protected. Unprotect ${sheets.length > 1 ? "them" : "it"} (Review > Unprotect Sheet) and run again; nothing was written.`,
    );
    this.name = "ProtectedSheetError";
  }
}

/**
 * Writes a patch all or nothing. Syncs: 2 checks (sheet names, workbook protection and date
 * system; then each existing sheet's protection and tables), a third only when rows join an
 * Excel table, then one per batch of planned ranges: one-cell updates are merged into
 * rectangles, and ranges are packed under a 4 MB budget counted in UTF-8 bytes with a
 * per-range overhead, at most MAX_RANGES_PER_SYNC ranges a sync. A batch Excel still refuses
 * as too large (it then ran nothing) is retried in halves. A failure adds the undo's syncs.
 */
export async function applyPatch(
  context: Excel.RequestContext,
  patch: WorkbookPatch,
  onProgress?: WriteProgress,
  options: ApplyOptions = {},
): Promise<void> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  const creates = patch.sheets.some((sp) => sp.create);
  const workbookProtection = creates ? context.workbook.protection : null;
  workbookProtection?.load("protected");
  const dateSystem = queueDateSystem(context);
  await context.sync();
  const dates = dateSystem();
  const targets = resolveTargets(patch, worksheets.items.map((ws) => ws.name));
  if (workbookProtection?.protected) throw new ProtectedSheetError(targets.filter((t) => t.patch.create).map((t) => t.name), true);
  await checkSheets(context, targets);

  const pieces = targets.flatMap((t) => piecesOf(t, dates));
  const totalRows = pieces.reduce((n, p) => n + p.values.length, 0);
  const created: string[] = targets.filter((t) => t.patch.create).map((t) => t.name);
  const written: Written[] = [];
  let done = 0;
  const report = (batch: readonly Piece[]): void => {
    done += batch.reduce((n, p) => n + p.values.length, 0);
    onProgress?.(done, totalRows);
  };
  try {
    for (const batch of packBatches(pieces, (p) => p.bytes, REQUEST_BUDGET_BYTES, MAX_RANGES_PER_SYNC)) {
      await writeBatch(context, batch, options, written, report);
    }
  } catch (error) {
    if (options.clearWrittenCellsOnFailure !== false) throw new ExcelWriteError(error, await undo(context, created, written));
    const outcome = await undo(context, created, written.filter(isTablePart));
    throw new ExcelWriteError(error, { ...outcome, uncheckedRanges: inReadingOrder(written.filter((w) => !isTablePart(w))).map(describe) });
  }
}

/** A stale preview must not write over a sheet that appeared or disappeared since it was read. */
function resolveTargets(patch: WorkbookPatch, existing: string[]): Target[] {
  return patch.sheets.map((sp) => {
    const found = existing.find((name) => sameName(name, sp.sheet));
    if (sp.create && found) throw new Error(`Sheet '${found}' was added since the preview was made; preview again before running.`);
    if (!sp.create && !found) throw new Error(`Sheet '${sp.sheet}' was removed or renamed since the preview was made; preview again before running.`);
    return { patch: sp, name: found ?? sp.sheet, added: false, tables: [] };
  });
}

/**
 * Before anything is written: a protected sheet would fail the write part-way (and its undo),
 * so it stops the run here. The same sync finds the Excel tables that appended rows must join.
 */
async function checkSheets(context: Excel.RequestContext, targets: Target[]): Promise<void> {
  const existing = targets.filter((t) => !t.patch.create);
  if (!existing.length) return;
  const checks = existing.map((target) => {
    const sheet = context.workbook.worksheets.getItem(target.name);
    sheet.protection.load("protected");
    const tables = sheet.tables;
    tables.load("items/name,items/showTotals");
    return { target, sheet, tables };
  });
  await context.sync();
  const locked = checks.filter((c) => c.sheet.protection.protected).map((c) => c.target.name);
  if (locked.length) throw new ProtectedSheetError(locked, false);
  const withTables = checks.filter((c) => c.tables.items.length > 0);
  if (!withTables.length) return;
  const ranges = withTables.map((c) => ({ c, ranges: c.tables.items.map((table) => ({ table, range: table.getRange().load("address") })) }));
  await context.sync();
  for (const { c, ranges: found } of ranges) c.target.tables = findTableAppends(c.target.patch, found.map((f) => ({ name: f.table.name, showTotals: f.table.showTotals, address: f.range.address })));
}

const isTablePart = (w: Written): boolean => w.table !== undefined;

/**
 * Each block planned into ranges; a range that continues an Excel table first adds its rows,
 * and header cells that widen the table are added as its columns, before any of its rows.
 */
function piecesOf(target: Target, dates: DateSystem): Piece[] {
  const ranges = planRanges(target.patch, dates);
  const isHeaderOf = (range: WriteRange, c: NewColumns): boolean =>
    range.row === c.row && range.col === c.col && range.values.length === 1 && range.values[0].length === c.names.length;
  // A widening whose header cells the planner merged with other cells is not attempted: the
  // rows are then written below the table, outside it, rather than given to rows.add at a width Excel refuses.
  const inRows = (range: WriteRange, t: TableAppend): boolean => range.row >= t.firstRow && range.row <= t.lastRow && range.col === t.col;
  // Rows added above a totals row move everything below it in the table's columns: a table
  // whose totals row has other writes at or below it is not joined (its rows go below it).
  const movesOthers = (t: TableAppend): boolean =>
    t.totalsRows > 0 && ranges.some((r) => !inRows(r, t) && !(t.newColumns && isHeaderOf(r, t.newColumns)) && r.row + r.values.length - 1 >= t.firstRow - t.totalsRows);
  const tables = target.tables.filter((t) => (!t.newColumns || ranges.some((r) => isHeaderOf(r, t.newColumns as NewColumns))) && !movesOthers(t));
  target.tables = tables;
  const pieces: Piece[] = ranges.map((range) => {
    const widening = tables.find((t) => t.newColumns && isHeaderOf(range, t.newColumns));
    const table = tables.find((t) => inRows(range, t));
    return {
      ...range,
      // Above the totals row, which rows.add moves down.
      row: range.row - (table?.totalsRows ?? 0),
      target,
      closesSheet: false,
      table,
      columns: widening?.newColumns ? { table: widening.name, ...widening.newColumns } : undefined,
    };
  });
  // The planner puts one-cell writes last; a table's new columns must exist before its rows are added.
  pieces.sort((a, b) => Number(b.columns !== undefined) - Number(a.columns !== undefined));
  if (target.patch.create && pieces.length) pieces[pieces.length - 1].closesSheet = true;
  return pieces;
}

async function writeBatch(context: Excel.RequestContext, batch: Piece[], options: ApplyOptions, written: Written[], report: (batch: Piece[]) => void): Promise<void> {
  if (options.suspendCalculation !== false) context.application.suspendApiCalculationUntilNextSync();
  const pending: Written[] = [];
  const sheets = new Map<Target, Excel.Worksheet>();
  for (const piece of batch) writePiece(context.workbook.worksheets, piece, pending, sheets);
  try {
    await context.sync();
  } catch (error) {
    // Too large for Excel: the request was refused whole, so nothing of it ran. Try in halves.
    const split = isPayloadTooLarge(error) ? halvesOf(batch) : null;
    if (!split) {
      // Office.js batches are not transactions: part of this one may have run.
      written.push(...pending);
      throw error;
    }
    for (const half of split) await writeBatch(context, half, options, written, report);
    return;
  }
  for (const piece of batch) piece.target.added ||= piece.target.patch.create;
  written.push(...pending);
  report(batch);
}

function halvesOf(batch: Piece[]): Piece[][] | null {
  const split = halves(batch);
  if (!split) return null;
  const [first] = batch;
  if (batch.length > 1) return split as Piece[][];
  // One range cut in two rows-wise: each half keeps its sheet; only the second closes a new sheet.
  return split.map((part, i) => part.map((range) => ({ ...range, target: first.target, table: first.table, closesSheet: first.closesSheet && i === 1 })));
}

function writePiece(worksheets: Excel.WorksheetCollection, piece: Piece, written: Written[], sheets: Map<Target, Excel.Worksheet>): void {
  const { target } = piece;
  let sheet = sheets.get(target);
  if (!sheet) {
    // A new sheet is added in the batch of its first piece, again if Excel refused that batch.
    sheet = target.patch.create && !target.added ? worksheets.add(target.name) : worksheets.getItem(target.name);
    sheets.set(target, sheet);
  }
  const rows = piece.values.length;
  const cols = piece.values[0]?.length ?? 0;
  if (piece.columns) {
    // Appended at the end (no index: ExcelApi 1.4), named by the header text the patch writes.
    const table = sheet.tables.getItem(piece.columns.table);
    for (const name of piece.columns.names) table.columns.add(undefined, undefined, name);
    const append = target.tables.find((t) => t.name === piece.columns?.table);
    if (append) written.push({ sheet: target.name, row: piece.row, col: piece.col, rows, cols, table: { name: append.name, before: append.before, totalsRows: append.totalsRows } });
    return;
  }
  if (piece.table) {
    // Blank rows first, so the rows join the table; the values then go in with their formats.
    const table = sheet.tables.getItem(piece.table.name);
    table.rows.add(undefined, piece.values.map((r) => r.map(() => "")));
  }
  const range = sheet.getRangeByIndexes(piece.row - 1, piece.col - 1, rows, cols);
  // The format goes first: a value such as "=1+1" written into a General cell would become a formula.
  if (piece.formats.some((r) => r.some((f) => f !== null))) range.numberFormat = piece.formats as string[][];
  range.values = piece.values;
  const table = piece.table ? { name: piece.table.name, before: piece.table.before, totalsRows: piece.table.totalsRows } : undefined;
  if (!target.patch.create) written.push({ sheet: target.name, row: piece.row, col: piece.col, rows, cols, table });
  if (piece.closesSheet) addTable(sheet, target.patch);
}

function addTable(sheet: Excel.Worksheet, sp: SheetPatch): void {
  const lastRow = Math.max(...sp.blocks.map((b) => b.row + b.values.length - 1));
  const rows = lastRow - sp.headerRow + 1;
  sheet.tables.add(sheet.getRangeByIndexes(sp.headerRow - 1, (sp.headerCol ?? 1) - 1, rows, sp.header.length), true);
  // Widths from the header and the first rows: autofitting 50k rows would cost more than the write.
  sheet.getRangeByIndexes(sp.headerRow - 1, (sp.headerCol ?? 1) - 1, Math.min(rows, 50), sp.header.length).format.autofitColumns();
}

/** The ranges in reading order, for a message: by sheet as the patch lists them, then row and column. */
function inReadingOrder(written: readonly Written[]): Written[] {
  const sheets = [...new Set(written.map((w) => w.sheet))];
  return [...written].sort((a, b) => sheets.indexOf(a.sheet) - sheets.indexOf(b.sheet) || a.row - b.row || a.col - b.col);
}

function describe(w: Written): string {
  const first = cellAddress(w.row, w.col);
  return `'${w.sheet}'!${w.rows === 1 && w.cols === 1 ? first : `${first}:${cellAddress(w.row + w.rows - 1, w.col + w.cols - 1)}`}`;
}

/**
 * Brings each table the run grew back to its range before the run: the rows below that range
 * are deleted (shifting up, which shrinks the table), then the columns right of it. The table's
 * range is read first, since a failed batch may have run in part. Two syncs.
 */
async function restoreTables(context: Excel.RequestContext, written: readonly Written[]): Promise<void> {
  const tables = new Map<string, { sheet: string; name: string; before: RangeBox; totalsRows: number }>();
  for (const w of written) if (w.table) tables.set(`${w.sheet}\u0000${w.table.name}`, { sheet: w.sheet, ...w.table });
  if (!tables.size) return;
  const found = [...tables.values()].map((t) => {
    const table = context.workbook.worksheets.getItem(t.sheet).tables.getItem(t.name);
    return { ...t, table, range: table.getRange().load("address") };
  });
  await context.sync();
  for (const { sheet, table, range, before, totalsRows } of found) {
    const now = parseRange(range.address);
    if (!now) throw new Error(`Excel returned an unexpected address '${range.address}' for a table on sheet '${sheet}'`);
    const extraRows = now.row + now.rowCount - (before.row + before.rowCount);
    // The added rows end right above the totals row, if the table has one; deleting them moves it back up.
    const firstAdded = before.row + before.rowCount - 1 - totalsRows;
    if (extraRows > 0) context.workbook.worksheets.getItem(sheet).getRangeByIndexes(firstAdded, now.col - 1, extraRows, now.columnCount).delete("Up");
    // Last first, so each index still names the column meant.
    for (let i = now.columnCount - 1; i >= before.columnCount; i--) table.columns.getItemAt(i).delete();
  }
  await context.sync();
}

/**
 * Removes what the failed run added: the cells it wrote on existing sheets, the rows and columns
 * it added to Excel tables (so each table is back to its range), then, in a sync of their own, the sheets it
 * added. Clears are batched like the writes and retried in halves. Deleting a sheet clears
 * Excel's undo stack, so the undo never relies on Ctrl+Z.
 */
async function undo(context: Excel.RequestContext, created: string[], written: Written[]): Promise<UndoOutcome> {
  const outcome: UndoOutcome = { removedSheets: [...created], clearedRanges: inReadingOrder(written).map(describe) };
  try {
    const worksheets = context.workbook.worksheets;
    const queueClears = (batch: Written[]): (() => void) => {
      for (const w of batch) worksheets.getItem(w.sheet).getRangeByIndexes(w.row - 1, w.col - 1, w.rows, w.cols).clear("All");
      return () => undefined;
    };
    const cleared = written.filter((w) => !isTablePart(w));
    for (const batch of packBatches(cleared, () => CLEAR_OVERHEAD_BYTES, REQUEST_BUDGET_BYTES, MAX_RANGES_PER_SYNC)) await syncInHalves(context, batch, queueClears, halvesOfBatch);
    await restoreTables(context, written.filter(isTablePart));
    if (created.length) {
      // The failing batch may have run in part (Office.js batches are not transactions), so every
      // sheet the run queued is looked up, whether or not its add reached Excel.
      const sheets = created.map((name) => worksheets.getItemOrNullObject(name));
      await context.sync();
      for (const sheet of sheets) if (!sheet.isNullObject) sheet.delete();
      await context.sync();
    }
  } catch (failure) {
    outcome.failure = failure;
  }
  return outcome;
}
