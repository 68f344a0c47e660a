import { CellValue, WorkbookSnapshot } from "../../src/workbook/grid";
import { readTable, sheetNamed } from "../../src/workbook/table";

/** A sheet's data rows as header -> cell, as a user would read them; [] when the sheet is absent. */
export function sheetRows(book: WorkbookSnapshot, name: string): Record<string, CellValue>[] {
  const grid = sheetNamed(book, name);
  if (!grid) return [];
  const table = readTable(grid, [], false);
  return table.rows.map((r) => Object.fromEntries(table.header.map((h, i) => [h, r.cells[i] ?? null])));
}
