/**
 * How big one Office.js request may get. Excel on the web refuses requests and responses over
 * 5 MB, a range read is limited to 5,000,000 cells, and Microsoft suggests 5k-20k rows per
 * chunk; we stay under 4 MB so JSON framing and number formats never tip a batch over.
 */
export const REQUEST_BUDGET_BYTES = 4_000_000;
export const MAX_ROWS_PER_CHUNK = 20_000;
/** Assumed size of a cell read back as JSON, its value plus its value type: what we know before a read. */
export const READ_BYTES_PER_CELL = 48;
/** Assumed size of a written cell: its value plus its number format. */
export const WRITE_BYTES_PER_CELL = 64;

/** R(c): rows per chunk for c columns. Also keeps reads far below 5M cells (R*c <= 125,000). */
export function rowsPerChunk(columnCount: number, bytesPerCell: number): number {
  const perRow = Math.max(1, columnCount) * bytesPerCell;
  return Math.max(1, Math.min(MAX_ROWS_PER_CHUNK, Math.floor(REQUEST_BUDGET_BYTES / perRow)));
}

export interface RowSpan {
  /** 0-based offset of the span's first row. */
  offset: number;
  count: number;
}

export function rowSpans(rowCount: number, perChunk: number): RowSpan[] {
  const spans: RowSpan[] = [];
  for (let offset = 0; offset < rowCount; offset += perChunk) spans.push({ offset, count: Math.min(perChunk, rowCount - offset) });
  return spans;
}

/**
 * Greedy packing of pieces into batches (one context.sync each) under the byte budget and at
 * most `maxPieces` pieces (objects) a batch. A piece bigger than the budget travels alone;
 * pieces keep their order.
 */
export function packBatches<T>(pieces: readonly T[], costOf: (piece: T) => number, budget = REQUEST_BUDGET_BYTES, maxPieces = Infinity): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let used = 0;
  for (const piece of pieces) {
    const cost = costOf(piece);
    if (current.length && (used + cost > budget || current.length >= maxPieces)) {
      batches.push(current);
      current = [];
      used = 0;
    }
    current.push(piece);
    used += cost;
  }
  if (current.length) batches.push(current);
  return batches;
}
