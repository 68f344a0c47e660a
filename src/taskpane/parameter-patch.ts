import { COLUMNS, PARAMETER_NAMES, SHEETS, headerKey } from "../workbook/contract";
import { CellBlock, CellValue, WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { cellAt, columnOf, readTable, sheetNamed } from "../workbook/table";
import { ParameterCellValues, ParameterKey } from "./workbook-host";

const KEYS = Object.keys(PARAMETER_NAMES) as ParameterKey[];

/**
 * The patch that writes the settings back to the Parameters sheet: a parameter's existing value
 * cell is overwritten in place, a missing parameter gets a row below the last one, and a book
 * without the sheet gets one. A cleared setting that has no row stays absent.
 */
export function parameterPatch(snapshot: WorkbookSnapshot, values: ParameterCellValues): WorkbookPatch {
  const grid = sheetNamed(snapshot, SHEETS.parameters);
  const header = COLUMNS.parameters.map((c) => c.header);
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
  const rowOf = new Map<string, number>();
  for (const row of table.rows) {
    const name = cellAt(row, nameCol);
    if (typeof name === "string" && !rowOf.has(headerKey(name))) rowOf.set(headerKey(name), row.row);
  }
  const blocks: CellBlock[] = [];
  let next = Math.max(table.headerRow, ...table.rows.map((r) => r.row)) + 1;
  for (const key of KEYS) {
    const row = rowOf.get(headerKey(PARAMETER_NAMES[key]));
    if (row !== undefined) {
      blocks.push({ row, col: grid.startCol + valueCol, values: [[values[key]]] });
    } else if (values[key] !== null) {
      const cells: CellValue[] = table.header.map(() => null);
      cells[nameCol] = PARAMETER_NAMES[key];
      cells[valueCol] = values[key];
      blocks.push({ row: next++, col: grid.startCol, values: [cells] });
    }
  }
  return {
    sheets: [{
      sheet: grid.name, create: false, headerRow: table.headerRow, headerCol: grid.startCol, header: table.header,
      columnKinds: table.header.map(() => "text"), blocks,
    }],
  };
}
