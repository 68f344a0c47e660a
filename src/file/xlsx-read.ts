import ExcelJS from "exceljs";
import { CellValue, SheetGrid, WorkbookSnapshot } from "../workbook/grid";
import { cellValueOf } from "./cell-values";
import { toArrayBuffer } from "./bytes";

/**
 * Reading an .xlsx into a WorkbookSnapshot. This module imports no Node built-in, so the
 * task pane can bundle readXlsxBuffer; readXlsx leaves the file access to ExcelJS, or for a
 * large file to xlsx-fast-read (imported on demand).
 */

export async function readXlsx(path: string): Promise<WorkbookSnapshot> {
  // Large files go through the streaming reader (Node only, hence loaded here and only here);
  // it gives the same snapshot, or null when the file needs ExcelJS.
  const { readXlsxFast, useFastXlsx } = await import("./xlsx-fast-read");
  if (await useFastXlsx(path)) {
    const snapshot = await readXlsxFast(path);
    if (snapshot) return snapshot;
  }
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  return snapshotOf(workbook);
}

export async function readXlsxBuffer(buf: ArrayBuffer | Uint8Array): Promise<WorkbookSnapshot> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(toArrayBuffer(buf));
  return snapshotOf(workbook);
}

export function snapshotOf(workbook: ExcelJS.Workbook): WorkbookSnapshot {
  return { sheets: workbook.worksheets.map(gridOf) };
}

/**
 * The sheet's used range, from its first non-empty row and column, so that rows[i][j] is
 * cell (startRow + i, startCol + j) and messages can name the exact cell.
 */
export function gridOf(sheet: ExcelJS.Worksheet): SheetGrid {
  const found: { row: number; cells: CellValue[] }[] = [];
  let minCol = Infinity;
  let maxCol = 0;
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    let cells: CellValue[] | null = null;
    row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
      const value = cellValueOf(cell);
      if (value === null) return;
      if (cells === null) cells = [];
      cells[colNumber] = value;
      if (colNumber < minCol) minCol = colNumber;
      if (colNumber > maxCol) maxCol = colNumber;
    });
    if (cells !== null) found.push({ row: rowNumber, cells });
  });
  if (!found.length) return { name: sheet.name, startRow: 1, startCol: 1, rows: [] };
  const startRow = found[0].row;
  const width = maxCol - minCol + 1;
  const rows: CellValue[][] = [];
  for (let r = startRow, k = 0; k < found.length; r++) {
    const row: CellValue[] = new Array(width).fill(null);
    if (found[k].row === r) {
      const cells = found[k++].cells;
      for (let c = minCol; c <= maxCol; c++) {
        const value = cells[c];
        if (value !== undefined) row[c - minCol] = value;
      }
    }
    rows.push(row);
  }
  return { name: sheet.name, startRow, startCol: minCol, rows };
}
