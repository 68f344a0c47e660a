import { ColumnSpec, headerKey } from "./contract";
import { WorkbookError } from "./errors";
import { CellValue, SheetGrid, WorkbookSnapshot, cellAddress, findSheet, isCellError } from "./grid";
import { isBlank } from "./cells";

export interface DataRow {
  /** 1-based sheet row. */
  row: number;
  cells: readonly CellValue[];
}

/** A sheet read as a table: the header row located, columns found by header text. */
export interface Table {
  sheet: string;
  grid: SheetGrid;
  headerRow: number;
  /** Header texts from the grid's first column, as the sheet has them (extra columns kept). */
  header: string[];
  /** headerKey -> 0-based index into header / row cells. */
  index: Map<string, number>;
  rows: DataRow[];
}

/** A row of no values (empty or white-space cells): neither a header nor a data row. */
export function rowIsBlank(cells: readonly CellValue[]): boolean {
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (c === null) continue;
    // A value other than text, or text that starts with a visible ASCII character, is no blank:
    // isBlank's answer without trimming (a million rows are asked twice).
    if (typeof c !== "string") return false;
    const lead = c.charCodeAt(0);
    if ((lead > 32 && lead < 127) || !isBlank(c)) return false;
  }
  return true;
}

/** Finds a sheet by name, case-insensitively; two sheets that differ only in spacing are an error. */
export function sheetNamed(snapshot: WorkbookSnapshot, name: string): SheetGrid | undefined {
  const wanted = name.trim().toLowerCase();
  const matches = snapshot.sheets.filter((s) => s.name.trim().toLowerCase() === wanted);
  if (matches.length > 1) {
    throw new WorkbookError([{ sheet: name, address: "", message: `${matches.length} sheets are named '${name}' (${matches.map((m) => `'${m.name}'`).join(", ")}); rename all but one` }]);
  }
  return matches[0] ?? findSheet(snapshot, name);
}

/** A table's header, located and indexed, without its rows (see readTable). */
export type TableHeader = Omit<Table, "rows"> & {
  /** Index in grid.rows of the header row. */
  headerIndex: number;
};

/**
 * Reads a sheet as a table. The header row is the first non-empty row. Missing required
 * columns stop the run (when `strict`), since no row of the sheet could be read safely.
 */
export function readTable(grid: SheetGrid, specs: readonly ColumnSpec[], strict = true): Table {
  return tableWithRows(readTableHeader(grid, specs, strict));
}

function tableWithRows(header: TableHeader): Table {
  const rows: DataRow[] = [];
  forEachDataRow(header, (row, cells) => void rows.push({ row, cells }));
  const { sheet, headerRow, index } = header;
  return { sheet, grid: header.grid, headerRow, header: header.header, index, rows };
}

/**
 * Calls `visit` with each data row of a table (sheet row, cells), top to bottom: the rows
 * readTable lists, without an object per row (a ledger has a million).
 */
export function forEachDataRow(table: TableHeader, visit: (row: number, cells: readonly CellValue[]) => void): void {
  const { grid } = table;
  const visitData = dataRowVisitor(grid, visit);
  for (let r = table.headerIndex + 1; r < grid.rows.length; r++) visitData(grid.startRow + r, grid.rows[r]);
}

/**
 * forEachDataRow's rule for one row below the header (sheet row, cells): `visit` is called
 * when it is a data row. For a sheet read row by row, as for a grid.
 */
export function dataRowVisitor(grid: Pick<SheetGrid, "totalsRows">, visit: (row: number, cells: readonly CellValue[]) => void): (row: number, cells: readonly CellValue[]) => void {
  // A table's totals row is neither a data row nor a faulty one. Only parsing skips it: the
  // fingerprint hashes the cells as read, totals rows included, in both hosts alike.
  const totals = grid.totalsRows?.length ? new Set(grid.totalsRows) : null;
  return (row, cells) => {
    if (!rowIsBlank(cells) && !totals?.has(row)) visit(row, cells);
  };
}

/** readTable's header and its checks, for a reader that needs no row objects (a million of them on a ledger). */
export function readTableHeader(grid: SheetGrid, specs: readonly ColumnSpec[], strict = true): TableHeader {
  assertWithinGrid(grid);
  let h = 0;
  while (h < grid.rows.length && rowIsBlank(grid.rows[h])) h++;
  return tableHeaderAt(grid, h, grid.rows[h] ?? [], specs, strict);
}

/**
 * readTableHeader's header and its checks once the header row is found: `headerCells` is the
 * grid's row `h` (for a sheet read row by row, the grid holds no rows and h is 0).
 */
export function tableHeaderAt(grid: SheetGrid, h: number, headerCells: readonly CellValue[], specs: readonly ColumnSpec[], strict = true): TableHeader {
  const headerRow = grid.startRow + h;
  const header = headerCells.map((c) => (c === null || isCellError(c) ? "" : String(c).trim()));
  const index = new Map<string, number>();
  const problems = [];
  for (let i = 0; i < header.length; i++) {
    const key = headerKey(header[i]);
    if (!key) continue;
    if (index.has(key) && specs.some((s) => headerKey(s.header) === key)) {
      problems.push({ sheet: grid.name, address: cellAddress(headerRow, grid.startCol + i), message: `column '${header[i]}' appears twice (also ${cellAddress(headerRow, grid.startCol + (index.get(key) ?? 0))}); keep one` });
    }
    if (!index.has(key)) index.set(key, i);
  }
  if (strict) {
    for (const spec of specs) {
      if (spec.required && !index.has(headerKey(spec.header))) {
        problems.push({ sheet: grid.name, address: cellAddress(headerRow, grid.startCol), message: `required column '${spec.header}' is missing from the header row (row ${headerRow})` });
      }
    }
  }
  if (problems.length) throw new WorkbookError(problems);
  return { sheet: grid.name, grid, headerRow, header, index, headerIndex: h };
}

/**
 * The sheet row of a table's last non-blank row below its header, or of a totals row below it
 * even when blank (rows appended go below it, and the hosts' table logic moves them above it);
 * the header's row when it has neither.
 */
export function lastTableRow(table: TableHeader): number {
  const rows = table.grid.rows;
  const totals = Math.max(table.headerRow, ...(table.grid.totalsRows ?? []));
  for (let r = rows.length - 1; r > table.headerIndex; r--) if (!rowIsBlank(rows[r])) return Math.max(table.grid.startRow + r, totals);
  return totals;
}

/** Excel's sheet size (docs/errors.md): a cell beyond it is not in any workbook Excel wrote. */
export const EXCEL_ROWS = 1_048_576;
export const EXCEL_COLUMNS = 16_384;

/**
 * Stops on a sheet with a value past Excel's last row or column: a file that holds one was not
 * written by Excel, and what Excel would show of it is not what was read.
 */
export function assertWithinGrid(grid: SheetGrid): void {
  const lastRow = grid.startRow + grid.rows.length - 1;
  if (grid.startRow < 1 || grid.startCol < 1) {
    throw new WorkbookError([{ sheet: grid.name, address: "", message: `the sheet starts at row ${grid.startRow}, column ${grid.startCol}; Excel's rows and columns start at 1` }]);
  }
  if (lastRow > EXCEL_ROWS) {
    for (let r = Math.max(0, EXCEL_ROWS - grid.startRow + 1); r < grid.rows.length; r++) {
      const c = grid.rows[r].findIndex((v) => !isBlank(v));
      if (c >= 0) {
        throw new WorkbookError([{ sheet: grid.name, address: cellAddress(grid.startRow + r, grid.startCol + c), message: `a value past row ${EXCEL_ROWS.toLocaleString("en")}, the last row of an Excel sheet; the file was not written by Excel: remove it` }]);
      }
    }
  }
  const widest = EXCEL_COLUMNS - grid.startCol + 1;
  for (let r = 0; r < grid.rows.length; r++) {
    const cells = grid.rows[r];
    if (cells.length <= widest) continue;
    const c = cells.findIndex((v, i) => i >= widest && !isBlank(v));
    if (c >= 0) {
      throw new WorkbookError([{ sheet: grid.name, address: `${cellAddress(grid.startRow + r, grid.startCol + c)}`, message: `a value past column XFD (16,384), the last column of an Excel sheet; the file was not written by Excel: remove it` }]);
    }
  }
}

/** Reads a required sheet, or stops the run naming it. */
export function requireTable(snapshot: WorkbookSnapshot, name: string, specs: readonly ColumnSpec[]): Table {
  return tableWithRows(requireTableHeader(snapshot, name, specs));
}

/** requireTable's header alone, for forEachDataRow. */
export function requireTableHeader(snapshot: WorkbookSnapshot, name: string, specs: readonly ColumnSpec[]): TableHeader {
  const grid = sheetNamed(snapshot, name);
  if (!grid) throw new WorkbookError([{ sheet: name, address: "", message: `the workbook has no sheet named '${name}'` }]);
  return readTableHeader(grid, specs);
}

/** optionalTable's header alone, for forEachDataRow. */
export function optionalTableHeader(snapshot: WorkbookSnapshot, name: string, specs: readonly ColumnSpec[], strict = true): TableHeader | null {
  const grid = sheetNamed(snapshot, name);
  return grid ? readTableHeader(grid, specs, strict) : null;
}

export function optionalTable(snapshot: WorkbookSnapshot, name: string, specs: readonly ColumnSpec[], strict = true): Table | null {
  const grid = sheetNamed(snapshot, name);
  return grid ? readTable(grid, specs, strict) : null;
}

/** Column accessor: index of a header in the table, or -1. */
export function columnOf(table: Pick<Table, "index">, header: string): number {
  return table.index.get(headerKey(header)) ?? -1;
}

export function cellAt(row: DataRow, col: number): CellValue {
  return col < 0 ? null : row.cells[col] ?? null;
}

export function addressOf(table: Pick<Table, "grid">, row: DataRow, col: number): string {
  return cellAddress(row.row, table.grid.startCol + Math.max(col, 0));
}
