import ExcelJS from "exceljs";
import { createWriteStream, promises as fs } from "node:fs";
import { CellValue, SheetGrid, WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { replaceFileAtomically, writeFileAtomically } from "./atomic-file";
import { excelValueOf } from "./cell-values";
import { namingFile } from "./xlsx-read";
import { DATE_FORMAT, applyPatchToXlsxBuffer } from "./xlsx-patch";

export { applyPatchToXlsxBuffer } from "./xlsx-patch";

/**
 * Writing .xlsx files. Every write goes through a temporary file renamed into place, so the
 * output is either complete or absent, and an input is only replaced when it is the output.
 */

/**
 * Applies the patch to a copy of the workbook at `inPath` and saves it as `outPath`, through the
 * one writer (xlsx-patch): every part the patch does not change is copied byte for byte.
 */
export async function applyPatchToXlsx(inPath: string, patch: WorkbookPatch, outPath: string): Promise<void> {
  const input = await fs.readFile(inPath);
  let output: Uint8Array;
  try {
    output = await applyPatchToXlsxBuffer(input, patch);
  } catch (error) {
    throw namingFile(error, inPath);
  }
  await writeFileAtomically(outPath, output);
}

/**
 * A new workbook from grids, one sheet each; a grid's first row is its header (`reimburse
 * sample`: a workbook made from nothing, the one place ExcelJS still writes). Streamed, so a
 * sample of a million transactions is written without holding an ExcelJS model of it.
 */
export async function writeSnapshotXlsx(snapshot: WorkbookSnapshot, path: string): Promise<void> {
  await replaceFileAtomically(path, async (temp) => {
    const stream = createWriteStream(temp, { flags: "wx" });
    const closed = new Promise<void>((resolve, reject) => {
      stream.on("error", reject);
      stream.on("close", resolve);
    });
    try {
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: true });
      for (const grid of snapshot.sheets) writeGrid(workbook, grid);
      // A failed stream rejects `closed` while the writer may wait forever, so race the two.
      await Promise.race([workbook.commit(), closed]);
      await closed;
    } catch (error) {
      stream.destroy();
      await closed.catch(() => undefined);
      throw error;
    }
  });
}

const HEADER_STYLE: Partial<ExcelJS.Style> = { font: { bold: true } };
const DATE_STYLE: Partial<ExcelJS.Style> = { numFmt: DATE_FORMAT };

function writeGrid(workbook: ExcelJS.stream.xlsx.WorkbookWriter, grid: SheetGrid): void {
  const sheet = workbook.addWorksheet(grid.name, {
    views: grid.rows.length ? [{ state: "frozen", xSplit: 0, ySplit: grid.startRow }] : [],
  });
  // Columns are part of the sheet's preamble: they must be set before the first row is committed.
  sheet.columns = columnWidths(grid).map((width) => ({ width }));
  grid.rows.forEach((values, i) => {
    const row = sheet.getRow(grid.startRow + i);
    values.forEach((value, j) => {
      if (value === null) return;
      const cell = row.getCell(grid.startCol + j);
      cell.value = excelValueOf(value);
      if (i === 0) cell.style = HEADER_STYLE;
      else if (value instanceof Date) cell.style = DATE_STYLE;
    });
    row.commit();
  });
  sheet.commit();
}

/** Widths from the header and the first rows, which is what the user sees when opening the file. */
function columnWidths(grid: SheetGrid): number[] {
  const widths: number[] = new Array(grid.startCol - 1).fill(9);
  const sample = grid.rows.slice(0, 500);
  const columns = sample.reduce((n, row) => Math.max(n, row.length), 0);
  for (let j = 0; j < columns; j++) {
    let longest = 0;
    for (const row of sample) longest = Math.max(longest, displayLength(row[j] ?? null));
    widths.push(Math.min(50, Math.max(9, longest + 2)));
  }
  return widths;
}

function displayLength(value: CellValue): number {
  if (value === null) return 0;
  if (value instanceof Date) return DATE_FORMAT.length;
  if (typeof value === "object") return value.error.length;
  return String(value).length;
}
