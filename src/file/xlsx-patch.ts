import ExcelJS from "exceljs";
import { headerKey } from "../workbook/contract";
import { CellBlock, ColumnKind, SheetPatch, WorkbookPatch } from "../workbook/grid";
import { excelValueOf } from "./cell-values";
import { toArrayBuffer } from "./bytes";

/**
 * Applying a WorkbookPatch to an .xlsx held in memory. No Node built-in is imported here, so
 * the task pane can bundle it; writing files safely is xlsx-write's job.
 */

export const DATE_FORMAT = "yyyy-mm-dd";

/** "#,##0.00" for 2 decimals, "#,##0" for 0, "#,##0.000" for 3: amounts show their currency's decimals. */
export function amountFormat(decimals: number): string {
  return decimals > 0 ? `#,##0.${"0".repeat(decimals)}` : "#,##0";
}

/** The workbook after the patch, as bytes; the input bytes are not modified. */
export async function applyPatchToXlsxBuffer(input: ArrayBuffer | Uint8Array, patch: WorkbookPatch): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(toArrayBuffer(input));
  applyPatchToWorkbook(workbook, patch);
  // Typed as ArrayBuffer, but a Buffer (a Uint8Array) at run time; copying handles both.
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/**
 * Writes every block of the patch. Sheets are checked first, so a patch that names a missing
 * sheet (or creates one that exists) changes nothing.
 */
export function applyPatchToWorkbook(workbook: ExcelJS.Workbook, patch: WorkbookPatch): void {
  const targets = patch.sheets.map((sheetPatch) => {
    const existing = findWorksheet(workbook, sheetPatch.sheet);
    if (sheetPatch.create && existing) throw new Error(`Cannot add sheet '${sheetPatch.sheet}': the workbook already has it`);
    if (!sheetPatch.create && !existing) throw new Error(`Cannot write to sheet '${sheetPatch.sheet}': the workbook has no such sheet`);
    return { sheetPatch, existing };
  });
  for (const { sheetPatch, existing } of targets) {
    const sheet = existing ?? workbook.addWorksheet(sheetPatch.sheet, { views: [{ state: "frozen", xSplit: 0, ySplit: sheetPatch.headerRow }] });
    for (const block of sheetPatch.blocks) writeBlock(sheet, block);
    const firstCol = headerStartColumn(sheet, sheetPatch);
    for (const block of sheetPatch.blocks) formatBlock(sheet, block, sheetPatch.columnKinds, firstCol);
    if (sheetPatch.create) styleNewSheet(sheet, sheetPatch, firstCol);
  }
}

/** Excel sheet names are unique regardless of case, as findSheet matches them. */
function findWorksheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined {
  const wanted = name.trim().toLowerCase();
  return workbook.worksheets.find((s) => s.name.trim().toLowerCase() === wanted);
}

function writeBlock(sheet: ExcelJS.Worksheet, block: CellBlock): void {
  block.values.forEach((values, i) => {
    const row = sheet.getRow(block.row + i);
    values.forEach((value, j) => {
      row.getCell(block.col + j).value = excelValueOf(value);
    });
  });
}

/**
 * The column of the patch's first header cell. columnKinds[0] describes it: column A on a
 * sheet Reimburse created, wherever the user's table starts on an existing one.
 */
function headerStartColumn(sheet: ExcelJS.Worksheet, patch: SheetPatch): number {
  if (patch.create || !patch.header.length) return 1;
  const wanted = headerKey(patch.header[0]);
  const row = sheet.getRow(patch.headerRow);
  for (let col = 1; col <= row.cellCount; col++) {
    const value = row.getCell(col).value;
    if (typeof value === "string" && headerKey(value) === wanted) return col;
  }
  return 1;
}

function formatBlock(sheet: ExcelJS.Worksheet, block: CellBlock, kinds: readonly ColumnKind[], firstCol: number): void {
  block.values.forEach((values, i) => {
    const rowNumber = block.row + i;
    const decimals = block.rowDecimals?.[i] ?? 2;
    values.forEach((value, j) => {
      const col = block.col + j;
      const cell = sheet.getRow(rowNumber).getCell(col);
      const kind = kinds[col - firstCol];
      if (typeof value === "number" && kind === "amount") cell.numFmt = amountFormat(decimals);
      else if (value instanceof Date || (typeof value === "number" && kind === "date")) cell.numFmt = DATE_FORMAT;
    });
  });
}

const WIDTH_BY_KIND: Readonly<Record<ColumnKind, number>> = { text: 16, date: 12, amount: 15, integer: 10 };

function styleNewSheet(sheet: ExcelJS.Worksheet, patch: SheetPatch, firstCol: number): void {
  const header = sheet.getRow(patch.headerRow);
  patch.header.forEach((title, i) => {
    header.getCell(firstCol + i).font = { bold: true };
    const kindWidth = WIDTH_BY_KIND[patch.columnKinds[i] ?? "text"];
    sheet.getColumn(firstCol + i).width = Math.min(40, Math.max(kindWidth, title.length + 3));
  });
}
