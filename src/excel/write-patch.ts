import { CellValue, SheetPatch, WorkbookPatch, cellAddress } from "../workbook/grid";
import { ExcelScalar, numberFormatFor, toExcel } from "./cell-values";
import { REQUEST_BUDGET_BYTES, WRITE_BYTES_PER_CELL, packBatches, rowsPerChunk } from "./chunks";
import { ExcelWriteError, UndoOutcome } from "./write-error";

export type WriteProgress = (writtenRows: number, totalRows: number) => void;

export interface ApplyOptions {
  /** Pause recalculation during each write batch (ExcelApi 1.8); hosts without it pass false. */
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
  sheet?: Excel.Worksheet;
}

interface Piece {
  target: Target;
  row: number;
  col: number;
  values: ExcelScalar[][];
  formats: string[][];
  cost: number;
  /** The last piece of a new sheet: its table is added after it. */
  closesSheet: boolean;
}

interface Written {
  sheet: string;
  row: number;
  col: number;
  rows: number;
  cols: number;
}

const sameName = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Writes a patch all or nothing. Syncs: 1 (sheet names) + one per batch, at most
 * sum over blocks of ceil(rows / R(cols)), R(c) = min(20000, floor(4e6 / (c * 64))), while
 * cells average under 64 bytes; small blocks share a batch. The count grows with the size of
 * the data written, never with the number of customers as such. A failure adds 2 (the undo).
 */
export async function applyPatch(
  context: Excel.RequestContext,
  patch: WorkbookPatch,
  onProgress?: WriteProgress,
  options: ApplyOptions = {},
): Promise<void> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  await context.sync();
  const targets = resolveTargets(patch, worksheets.items.map((ws) => ws.name));
  const pieces = targets.flatMap(piecesOf);
  const totalRows = pieces.reduce((n, p) => n + p.values.length, 0);
  const created: string[] = [];
  const written: Written[] = [];
  let done = 0;
  try {
    for (const batch of packBatches(pieces, (p) => p.cost)) {
      if (options.suspendCalculation !== false) context.application.suspendApiCalculationUntilNextSync();
      for (const piece of batch) writePiece(worksheets, piece, created, written);
      await context.sync();
      done += batch.reduce((n, p) => n + p.values.length, 0);
      onProgress?.(done, totalRows);
    }
  } catch (error) {
    if (options.clearWrittenCellsOnFailure !== false) throw new ExcelWriteError(error, await undo(context, created, written));
    const outcome = await undo(context, created, []);
    throw new ExcelWriteError(error, { ...outcome, uncheckedRanges: written.map((w) => `'${w.sheet}'!${rangeAddress(w)}`) });
  }
}

/** A stale preview must not write over a sheet that appeared or disappeared since it was read. */
function resolveTargets(patch: WorkbookPatch, existing: string[]): Target[] {
  return patch.sheets.map((sp) => {
    const found = existing.find((name) => sameName(name, sp.sheet));
    if (sp.create && found) throw new Error(`Sheet '${found}' was added since the preview was made; preview again before running.`);
    if (!sp.create && !found) throw new Error(`Sheet '${sp.sheet}' was removed or renamed since the preview was made; preview again before running.`);
    return { patch: sp, name: found ?? sp.sheet };
  });
}

function writePiece(worksheets: Excel.WorksheetCollection, piece: Piece, created: string[], written: Written[]): void {
  const { target } = piece;
  if (!target.sheet) {
    if (target.patch.create) {
      created.push(target.name);
      target.sheet = worksheets.add(target.name);
    } else {
      target.sheet = worksheets.getItem(target.name);
    }
  }
  const rows = piece.values.length;
  const cols = piece.values[0]?.length ?? 0;
  const range = target.sheet.getRangeByIndexes(piece.row - 1, piece.col - 1, rows, cols);
  // The format goes first: a value such as "=1+1" written into a General cell would become a formula.
  range.numberFormat = piece.formats;
  range.values = piece.values;
  if (!target.patch.create) written.push({ sheet: target.name, row: piece.row, col: piece.col, rows, cols });
  if (piece.closesSheet) addTable(target.sheet, target.patch);
}

function addTable(sheet: Excel.Worksheet, sp: SheetPatch): void {
  const lastRow = Math.max(...sp.blocks.map((b) => b.row + b.values.length - 1));
  const rows = lastRow - sp.headerRow + 1;
  sheet.tables.add(sheet.getRangeByIndexes(sp.headerRow - 1, 0, rows, sp.header.length), true);
  // Widths from the header and the first rows: autofitting 50k rows would cost more than the write.
  sheet.getRangeByIndexes(sp.headerRow - 1, 0, Math.min(rows, 50), sp.header.length).format.autofitColumns();
}

/** Cuts each block into row chunks of at most R(cols) rows and about 4 MB, values and formats ready. */
function piecesOf(target: Target): Piece[] {
  const sp = target.patch;
  const pieces: Piece[] = [];
  const headerCol = sp.headerCol ?? 1;
  for (const block of sp.blocks) {
    const cols = Math.max(0, ...block.values.map((r) => r.length));
    if (!cols || !block.values.length) continue;
    const perChunk = rowsPerChunk(cols, WRITE_BYTES_PER_CELL);
    const rowFloor = cols * WRITE_BYTES_PER_CELL;
    let current: Piece | null = null;
    let measured = 0;
    block.values.forEach((cells, i) => {
      const values: ExcelScalar[] = [];
      const formats: string[] = [];
      for (let j = 0; j < cols; j++) {
        const value: CellValue = cells[j] ?? null;
        const kind = sp.columnKinds[block.col - headerCol + j] ?? "text";
        values.push(toExcel(value));
        formats.push(block.row === sp.headerRow ? "@" : numberFormatFor(value, kind, block.rowDecimals?.[i]));
      }
      const rowBytes = Math.max(rowFloor, measure(values, formats));
      if (!current || current.values.length >= perChunk || measured + rowBytes > REQUEST_BUDGET_BYTES) {
        current = { target, row: block.row + i, col: block.col, values: [], formats: [], cost: 0, closesSheet: false };
        pieces.push(current);
        measured = 0;
      }
      current.values.push(values);
      current.formats.push(formats);
      measured += rowBytes;
      current.cost = measured;
    });
  }
  if (sp.create && pieces.length) pieces[pieces.length - 1].closesSheet = true;
  return pieces;
}

/** Approximate JSON size of a row of values and formats. */
function measure(values: ExcelScalar[], formats: string[]): number {
  let bytes = 0;
  for (const v of values) bytes += typeof v === "string" ? v.length + 3 : 20;
  for (const f of formats) bytes += f.length + 3;
  return bytes;
}

function rangeAddress(w: Written): string {
  const first = cellAddress(w.row, w.col);
  return w.rows === 1 && w.cols === 1 ? first : `${first}:${cellAddress(w.row + w.rows - 1, w.col + w.cols - 1)}`;
}

/** Removes what the failed run added: its new sheets, and the cells it wrote on existing ones. */
async function undo(context: Excel.RequestContext, created: string[], written: Written[]): Promise<UndoOutcome> {
  const outcome: UndoOutcome = {
    removedSheets: [...created],
    clearedRanges: written.map((w) => `'${w.sheet}'!${rangeAddress(w)}`),
  };
  try {
    const worksheets = context.workbook.worksheets;
    // The failing batch may have run in part (Office.js batches are not transactions), so every
    // sheet the run queued is looked up, whether or not its add reached Excel.
    const sheets = created.map((name) => worksheets.getItemOrNullObject(name));
    for (const w of written) worksheets.getItem(w.sheet).getRangeByIndexes(w.row - 1, w.col - 1, w.rows, w.cols).clear("All");
    await context.sync();
    for (const sheet of sheets) if (!sheet.isNullObject) sheet.delete();
    await context.sync();
  } catch (failure) {
    outcome.failure = failure;
  }
  return outcome;
}
