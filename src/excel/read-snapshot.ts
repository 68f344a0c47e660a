import { CellValue, SheetGrid, WorkbookSnapshot } from "../workbook/grid";
import { parseRange } from "./address";
import { fromExcel } from "./cell-values";
import { READ_BYTES_PER_CELL, RowSpan, packBatches, rowSpans, rowsPerChunk } from "./chunks";
import { isPayloadTooLarge } from "./office-errors";

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

/**
 * Reads the used range of each sheet (all, or those named) into a WorkbookSnapshot.
 * Syncs: 2 (names, used ranges) + one per batch of row chunks, where a sheet of r rows and
 * c columns takes ceil(r / R(c)) chunks, R(c) = min(20000, floor(4e6 / (c * 32))), and small
 * sheets share a batch. A batch Excel still finds too large is retried in halves.
 */
export async function readSnapshot(context: Excel.RequestContext, sheetNames?: readonly string[]): Promise<WorkbookSnapshot> {
  const worksheets = context.workbook.worksheets;
  worksheets.load("items/name");
  await context.sync();
  const chosen = worksheets.items.filter((ws) => !sheetNames || sheetNames.some((n) => sameName(n, ws.name)));
  const used = chosen.map((sheet) => {
    const range = sheet.getUsedRangeOrNullObject(true);
    range.load("address,rowCount,columnCount");
    return { sheet, range };
  });
  await context.sync();

  const reads: SheetRead[] = [];
  const grids: SheetGrid[] = [];
  for (const { sheet, range } of used) {
    const grid: SheetGrid = { name: sheet.name, startRow: 1, startCol: 1, rows: [] };
    grids.push(grid);
    if (range.isNullObject) continue;
    const box = parseRange(range.address);
    if (!box) throw new Error(`Excel returned an unexpected address '${range.address}' for sheet '${sheet.name}'`);
    grid.startRow = box.row;
    grid.startCol = box.col;
    grid.rows = new Array<CellValue[]>(range.rowCount);
    reads.push({ sheet, grid, row0: box.row - 1, col0: box.col - 1, columnCount: range.columnCount });
  }

  const pieces: Piece[] = reads.flatMap((read) =>
    rowSpans(read.grid.rows.length, rowsPerChunk(read.columnCount, READ_BYTES_PER_CELL)).map((span) => ({ read, span })),
  );
  for (const batch of packBatches(pieces, pieceCost)) await readBatch(context, batch);
  return { sheets: grids };
}

const pieceCost = (p: Piece): number => p.span.count * p.read.columnCount * READ_BYTES_PER_CELL;

async function readBatch(context: Excel.RequestContext, batch: Piece[]): Promise<void> {
  const loaded = batch.map((piece) => {
    const { read, span } = piece;
    const range = read.sheet.getRangeByIndexes(read.row0 + span.offset, read.col0, span.count, read.columnCount);
    range.load("values");
    return { piece, range };
  });
  try {
    await context.sync();
  } catch (error) {
    // Our 32 bytes per cell is a guess; long texts can still exceed Excel's response limit.
    const halves = splitInHalves(batch);
    if (!isPayloadTooLarge(error) || !halves) throw error;
    for (const half of halves) await readBatch(context, half);
    return;
  }
  for (const { piece, range } of loaded) {
    const rows = piece.read.grid.rows;
    range.values.forEach((values, i) => {
      rows[piece.span.offset + i] = values.map(fromExcel);
    });
  }
}

/** Two smaller batches covering the same rows, or null when a single row cannot be split. */
function splitInHalves(batch: Piece[]): Piece[][] | null {
  if (batch.length > 1) {
    const mid = Math.ceil(batch.length / 2);
    return [batch.slice(0, mid), batch.slice(mid)];
  }
  const [{ read, span }] = batch;
  if (span.count < 2) return null;
  const first = Math.ceil(span.count / 2);
  return [
    [{ read, span: { offset: span.offset, count: first } }],
    [{ read, span: { offset: span.offset + first, count: span.count - first } }],
  ];
}
