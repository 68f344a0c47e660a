/**
 * A1 addresses as Excel returns them ("Sheet1!C5:F20", "'My sheet'!B2"), reduced to the
 * 1-based numbers the workbook layer uses. Pure: the task pane uses it too.
 */

export interface CellPosition {
  row: number;
  col: number;
}

export interface RangeBox extends CellPosition {
  rowCount: number;
  columnCount: number;
}

/** "AA" -> 27. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** "$C$5" or "c5" -> {row: 5, col: 3}; null when the text is not a single cell reference. */
export function parseCell(reference: string): CellPosition | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(reference.trim());
  if (!m) return null;
  return { row: Number(m[2]), col: columnNumber(m[1]) };
}

/** The top-left cell of an address, with or without a sheet prefix; a sheet name may contain "!". */
export function topLeftOf(address: string): CellPosition | null {
  const local = address.slice(address.lastIndexOf("!") + 1);
  return parseCell(local.split(":")[0]);
}

/** An address from Excel as a box; null when it is not a plain A1 range. */
export function parseRange(address: string): RangeBox | null {
  const local = address.slice(address.lastIndexOf("!") + 1);
  const [first, last = first] = local.split(":");
  const a = parseCell(first);
  const b = parseCell(last);
  if (!a || !b) return null;
  return {
    row: Math.min(a.row, b.row),
    col: Math.min(a.col, b.col),
    rowCount: Math.abs(b.row - a.row) + 1,
    columnCount: Math.abs(b.col - a.col) + 1,
  };
}
