import { SheetPatch } from "../workbook/grid";
import { parseRange } from "./address";

/**
 * Rows appended right below an Excel table join it, as a user typing there would expect:
 * the table's formulas, formats, slicers and the pivot tables fed by it then cover them. Rows
 * written below a table with plain range writes stay outside it (Excel's auto-expansion is a
 * typing feature, not an API one), so the host adds them with table.rows.add.
 */

export interface TableAppend {
  /** The table's name, for worksheet.tables.getItem. */
  name: string;
  /** 1-based sheet rows of the appended block, and its first column. */
  firstRow: number;
  lastRow: number;
  col: number;
}

export interface TableFound {
  name: string;
  showTotals: boolean;
  /** Its range's address, header row included ("Sheet1!A1:G40"). */
  address: string;
}

/**
 * The patch's blocks that continue one of the sheet's tables: the block starts on the row below
 * the table, in its first column, spans exactly its columns, and the table's header is the
 * patch's header row. A table with a totals row is left alone (rows would go above the totals).
 */
export function findTableAppends(patch: SheetPatch, tables: readonly TableFound[]): TableAppend[] {
  const appends: TableAppend[] = [];
  for (const table of tables) {
    const box = parseRange(table.address);
    if (!box || table.showTotals || box.row !== patch.headerRow) continue;
    for (const block of patch.blocks) {
      const cols = Math.max(0, ...block.values.map((r) => r.length));
      if (block.row === box.row + box.rowCount && block.col === box.col && cols === box.columnCount && block.values.length) {
        appends.push({ name: table.name, firstRow: block.row, lastRow: block.row + block.values.length - 1, col: block.col });
      }
    }
  }
  return appends;
}
