import { SheetPatch } from "../workbook/grid";
import { NewColumns, tableGrowths } from "../workbook/table-growth";
import { RangeBox, parseRange } from "./address";

export type { NewColumns };

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

export interface TableFound {
  name: string;
  showTotals: boolean;
  /** Its range's address, header row included ("Sheet1!A1:G40"). */
  address: string;
}

/** The patch's blocks that continue one of the sheet's tables (the rule in workbook/table-growth). */
export function findTableAppends(patch: SheetPatch, tables: readonly TableFound[]): TableAppend[] {
  const appends: TableAppend[] = [];
  for (const table of tables) {
    const box = parseRange(table.address);
    if (!box) continue;
    for (const growth of tableGrowths(patch, box)) appends.push({ name: table.name, ...growth, before: box, totalsRows: table.showTotals ? 1 : 0 });
  }
  return appends;
}
