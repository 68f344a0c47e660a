import { COLUMNS, PARAMETER_NAMES, SHEETS, headerKey } from "../workbook/contract";
import { CellBlock, CellValue, WorkbookPatch, WorkbookSnapshot, cellAddress } from "../workbook/grid";
import { isDateFormat } from "../workbook/number-format";
import { cellAt, columnOf, readTable, sheetNamed } from "../workbook/table";
import { cellText } from "./settings";
import { ParameterCellValues, ParameterKey, SaveParametersOptions } from "./workbook-host";

const KEYS = Object.keys(PARAMETER_NAMES) as ParameterKey[];

/** What a host knows of a cell beyond its value: its formula (when it holds one) and number format. */
export interface CellDetails {
  formula?: string;
  numberFormat?: string;
}

export interface ParameterPatchOptions extends SaveParametersOptions {
  /** The value cells' formulas and formats by 1-based row and column; hosts without them pass nothing. */
  details?: (row: number, col: number) => CellDetails | undefined;
}

/** A changed setting whose value cell holds a formula. */
export interface FormulaField {
  key: ParameterKey;
  /** "Parameters!B4". */
  address: string;
  formula: string;
}

/** A save refused because it would replace formulas or someone's later edit; nothing was written. */
export class ParameterSaveConflict extends Error {
  constructor(
    message: string,
    /** The cells that hold formulas, when that is the reason: a caller may ask and save again with overwriteFormulas. */
    readonly formulaCells: string[] = [],
    /** The same, by setting: what the pane asks about ("Replace the formula" / "Keep it"). */
    readonly formulaFields: FormulaField[] = [],
  ) {
    super(message);
    this.name = "ParameterSaveConflict";
  }
}

const sameText = (a: string, b: string): boolean => a.trim() === b.trim();

/**
 * The patch that writes the settings back to the Parameters sheet. With the form as it was
 * loaded (`loaded`), only the fields the user changed are written: a value typed in the sheet
 * since, a formula such as =TODAY() or a number format in a field left alone stay as they are.
 * A changed field is refused when its cell was edited in the sheet since the form was loaded,
 * or holds a formula (unless overwriteFormulas). A written cell keeps its number format where
 * the new value fits it. A missing parameter gets a row below the last one, and a book without
 * the sheet gets one. A cleared setting that has no row stays absent.
 */
export function parameterPatch(snapshot: WorkbookSnapshot, values: ParameterCellValues, options: ParameterPatchOptions = {}): WorkbookPatch {
  const grid = sheetNamed(snapshot, SHEETS.parameters);
  const header = COLUMNS.parameters.map((c) => c.header);
  const { loaded } = options;
  const edited = (key: ParameterKey): boolean => !loaded || !sameText(cellText(values[key], key === "date"), loaded[key]);
  if (!grid) {
    const rows: CellValue[][] = KEYS.filter((k) => values[k] !== null).map((k) => [PARAMETER_NAMES[k], values[k]]);
    return {
      sheets: [{
        sheet: SHEETS.parameters, create: true, headerRow: 1, header, columnKinds: ["text", "text"],
        blocks: [{ row: 1, col: 1, values: [header] }, ...(rows.length ? [{ row: 2, col: 1, values: rows }] : [])],
      }],
    };
  }
  const table = readTable(grid, COLUMNS.parameters);
  const nameCol = columnOf(table, "Parameter");
  const valueCol = columnOf(table, "Value");
  const rowOf = new Map<string, { row: number; value: CellValue }>();
  for (const row of table.rows) {
    const name = cellAt(row, nameCol);
    if (typeof name === "string" && !rowOf.has(headerKey(name))) rowOf.set(headerKey(name), { row: row.row, value: cellAt(row, valueCol) });
  }
  const blocks: CellBlock[] = [];
  const formulas: string[] = [];
  const formulaFields: FormulaField[] = [];
  const conflicts: string[] = [];
  let next = Math.max(table.headerRow, ...table.rows.map((r) => r.row)) + 1;
  const col = grid.startCol + valueCol;
  for (const key of KEYS) {
    if (!edited(key)) continue;
    const found = rowOf.get(headerKey(PARAMETER_NAMES[key]));
    if (found !== undefined) {
      const address = `${SHEETS.parameters}!${cellAddress(found.row, col)}`;
      const details = options.details?.(found.row, col);
      if (loaded && !sameText(cellText(found.value, key === "date"), loaded[key])) {
        conflicts.push(`${PARAMETER_NAMES[key]} (${address}) was changed in the workbook since the pane read it`);
      }
      if (details?.formula && !options.overwriteFormulas) {
        formulas.push(`${PARAMETER_NAMES[key]} (${address}) holds the formula ${details.formula}`);
        formulaFields.push({ key, address, formula: details.formula });
      }
      blocks.push({ row: found.row, col, values: [[values[key]]], numberFormats: [[formatFor(values[key], details?.numberFormat)]] });
    } else if (values[key] !== null) {
      const cells: CellValue[] = table.header.map(() => null);
      cells[nameCol] = PARAMETER_NAMES[key];
      cells[valueCol] = values[key];
      blocks.push({ row: next++, col: grid.startCol, values: [cells] });
    }
  }
  if (conflicts.length) {
    throw new ParameterSaveConflict(`Nothing was saved: ${conflicts.join("; ")}, and the pane does not show that value yet. Close and reopen the pane to see the sheet as it is, then make your change again.`);
  }
  if (formulas.length) {
    throw new ParameterSaveConflict(`Nothing was saved: ${formulas.join("; ")}. Saving would replace the formula with a fixed value; change it in the sheet, or save again and confirm that the formula may be replaced.`, formulas, formulaFields);
  }
  return {
    sheets: [{
      sheet: grid.name, create: false, headerRow: table.headerRow, headerCol: grid.startCol, header: table.header,
      columnKinds: table.header.map(() => "text"), blocks,
    }],
  };
}

/**
 * The format a saved value needs, or null to keep the cell's: a number keeps any number format
 * but text ("@"), a date keeps a date format, text keeps "@"; otherwise the one a run would
 * write (a date as yyyy-mm-dd, text as "@" so "=INV" stays text). Unknown formats: null for
 * numbers, the run's format otherwise.
 */
function formatFor(value: CellValue, current: string | undefined): string | null {
  if (value === null) return null;
  if (value instanceof Date) return current && isDateFormat(current) ? null : "yyyy-mm-dd";
  if (typeof value === "number") return current === "@" ? "General" : current && isDateFormat(current) ? "General" : null;
  if (typeof value === "string") return current === "@" ? null : "@";
  return null;
}
