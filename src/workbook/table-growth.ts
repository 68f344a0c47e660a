import { SheetPatch } from "./grid";

/**
 * When a run's rows join an Excel table (ListObject) on the sheet, one rule for both hosts, so
 * that Excel (table.rows.add / table.columns.add) and the .xlsx file (the table part's ref)
 * end with the same table range. A block continues a table when it starts on the row below
 * the table (below its totals row, if it has one), in its first column, and spans its columns,
 * or its columns and the header cells the patch adds right after them; the table's header row
 * is the patch's header row.
 */

/** A table's range, header row and totals row included (1-based). */
export interface TableBox {
  row: number;
  col: number;
  rowCount: number;
  columnCount: number;
}

export interface NewColumns {
  /** 1-based header row and first new column. */
  row: number;
  col: number;
  names: string[];
}

export interface TableGrowth {
  /** 1-based sheet rows of the appended block, and its first column. */
  firstRow: number;
  lastRow: number;
  col: number;
  /** Header cells the patch adds right of the table: they become its new columns. */
  newColumns?: NewColumns;
}

export function tableGrowths(patch: SheetPatch, box: TableBox): TableGrowth[] {
  if (box.row !== patch.headerRow) return [];
  const newColumns = columnsAdded(patch, box);
  const growths: TableGrowth[] = [];
  for (const block of patch.blocks) {
    const cols = Math.max(0, ...block.values.map((r) => r.length));
    if (block.row !== box.row + box.rowCount || block.col !== box.col || !block.values.length) continue;
    const rows = { firstRow: block.row, lastRow: block.row + block.values.length - 1, col: block.col };
    if (cols === box.columnCount) growths.push(rows);
    else if (newColumns && cols === box.columnCount + newColumns.names.length) growths.push({ ...rows, newColumns });
  }
  return growths;
}

/** Header texts the patch writes in the header row starting right after the table; null if none. */
function columnsAdded(patch: SheetPatch, box: TableBox): NewColumns | null {
  const col = box.col + box.columnCount;
  const block = patch.blocks.find((b) => b.row === box.row && b.col === col && b.values.length === 1);
  const names = block?.values[0].map((v) => (typeof v === "string" ? v.trim() : ""));
  if (!names?.length || names.some((n) => !n)) return null;
  // Excel refuses two columns of one table with the same name, compared case-insensitively
  // (ECMA-376 Part 1, 18.5.1.3: a table column's name is unique in the table). A new header that
  // repeats one of the table's own (the patch's header over the table's columns) is not added.
  const first = box.col - (patch.headerCol ?? 1);
  const existing = patch.header.slice(Math.max(0, first), first + box.columnCount);
  const all = [...existing, ...names].map((n) => n.trim().toLowerCase());
  if (new Set(all).size !== all.length) return null;
  return { row: box.row, col, names };
}
