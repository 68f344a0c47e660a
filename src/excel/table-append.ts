import { SheetPatch } from "../workbook/grid";
import { RangeBox, parseRange } from "./address";

/**
 * Rows appended right below an Excel table join it, as a user typing there would expect:
 * the table's formulas, formats, slicers and the pivot tables fed by it then cover them. Rows
 * written below a table with plain range writes stay outside it (Excel's auto-expansion is a
 * typing feature, not an API one), so the host adds them with table.rows.add. When the run
 * also adds contract columns the sheet lacks (at the right end of its header), the table gets
 * them first with table.columns.add, so that rows.add is given the table's width, which
 * Excel requires.
 */

export interface TableAppend {
  /** The table's name, for worksheet.tables.getItem. */
  name: string;
  /** 1-based sheet rows of the appended block, and its first column. */
  firstRow: number;
  lastRow: number;
  col: number;
  /** Header cells the patch adds right of the table: they become its new columns. */
  newColumns?: NewColumns;
  /** The table's range before the run (header included), to which a failed run's undo brings it back. */
  before: RangeBox;
  /**
   * 1 when the table has a totals row: rows.add puts the rows above it and it moves down, so the
   * rows the patch writes below the totals row are written this many rows higher.
   */
  totalsRows: number;
}

export interface NewColumns {
  /** 1-based header row and first new column. */
  row: number;
  col: number;
  names: string[];
}

export interface TableFound {
  name: string;
  showTotals: boolean;
  /** Its range's address, header row included ("Sheet1!A1:G40"). */
  address: string;
}

/**
 * The patch's blocks that continue one of the sheet's tables: the block starts on the row below
 * the table (below its totals row, if it has one), in its first column, and spans its columns, or
 * its columns and the header cells the patch adds right after them; the table's header is the
 * patch's header row.
 */
export function findTableAppends(patch: SheetPatch, tables: readonly TableFound[]): TableAppend[] {
  const appends: TableAppend[] = [];
  for (const table of tables) {
    const box = parseRange(table.address);
    if (!box || box.row !== patch.headerRow) continue;
    const newColumns = columnsAdded(patch, box.row, box.col + box.columnCount);
    for (const block of patch.blocks) {
      const cols = Math.max(0, ...block.values.map((r) => r.length));
      if (block.row !== box.row + box.rowCount || block.col !== box.col || !block.values.length) continue;
      const rows = { name: table.name, firstRow: block.row, lastRow: block.row + block.values.length - 1, col: block.col, before: box, totalsRows: table.showTotals ? 1 : 0 };
      if (cols === box.columnCount) appends.push(rows);
      else if (newColumns && cols === box.columnCount + newColumns.names.length) appends.push({ ...rows, newColumns });
    }
  }
  return appends;
}

/** Header texts the patch writes in the header row starting right after the table; null if none. */
function columnsAdded(patch: SheetPatch, headerRow: number, col: number): NewColumns | null {
  const block = patch.blocks.find((b) => b.row === headerRow && b.col === col && b.values.length === 1);
  const names = block?.values[0].map((v) => (typeof v === "string" ? v.trim() : ""));
  if (!names?.length || names.some((n) => !n)) return null;
  // Excel refuses two columns of one table with the same name (compared case-insensitively).
  if (new Set(names.map((n) => n.toLowerCase())).size !== names.length) return null;
  return { row: headerRow, col, names };
}
