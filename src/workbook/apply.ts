import { CellValue, SheetGrid, WorkbookPatch, WorkbookSnapshot } from "./grid";
import { findSheet } from "./grid";

/**
 * Applies a patch to an in-memory snapshot and returns the new snapshot (the input is not
 * changed). The browser host and tests use it to see a workbook as a host would leave it.
 */
export function applyPatchToSnapshot(snapshot: WorkbookSnapshot, patch: WorkbookPatch): WorkbookSnapshot {
  const sheets = snapshot.sheets.map((s) => ({ ...s, rows: s.rows.map((r) => [...r]) }));
  for (const sp of patch.sheets) {
    let grid: SheetGrid | undefined = findSheet({ sheets }, sp.sheet);
    if (!grid) {
      grid = { name: sp.sheet, startRow: 1, startCol: 1, rows: [] };
      sheets.push(grid);
    }
    for (const block of sp.blocks) {
      block.values.forEach((values, i) => values.forEach((v, j) => setCell(grid as SheetGrid, block.row + i, block.col + j, v)));
    }
  }
  return { sheets };
}

function setCell(grid: SheetGrid, row: number, col: number, value: CellValue): void {
  // Grow the grid toward the top-left if a write lands before its origin.
  if (row < grid.startRow) {
    grid.rows.unshift(...Array.from({ length: grid.startRow - row }, () => []));
    grid.startRow = row;
  }
  if (col < grid.startCol) {
    const shift = grid.startCol - col;
    grid.rows = grid.rows.map((r) => [...Array<CellValue>(shift).fill(null), ...r]);
    grid.startCol = col;
  }
  const r = row - grid.startRow;
  const c = col - grid.startCol;
  while (grid.rows.length <= r) grid.rows.push([]);
  const cells = grid.rows[r];
  while (cells.length < c) cells.push(null);
  cells[c] = value;
}
