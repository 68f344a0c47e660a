import { RowProblem } from "../core/types";
import { Parsed } from "./cells";
import { CellValue } from "./grid";
import { DataRow, Table, TableHeader, addressOf, cellAt, columnOf, forEachDataRow } from "./table";

const NO_PROBLEMS: readonly RowProblem[] = Object.freeze([]);

/** A column of a table being read: its index, and the last value parsed in it with the answer. */
export interface Column {
  header: string;
  index: number;
  lastValue: CellValue | undefined;
  lastParse: ((value: CellValue) => Parsed<unknown>) | null;
  lastParsed: Parsed<unknown> | null;
}

/**
 * Reads the cells of one data row by header, collecting every unreadable cell as a problem
 * addressed to its sheet and cell, so one pass reports all of a row's faults at once.
 */
export class RowReader {
  /** The row's problems so far (one shared empty list until the first: most rows have none). */
  problems: readonly RowProblem[] = NO_PROBLEMS;
  account: string | null = null;

  constructor(
    private readonly table: Pick<Table, "sheet" | "grid" | "index">,
    private readonly columns: RowColumns,
    readonly row: DataRow,
  ) {}

  /** Points the reader at another row, with no problems yet (see forEachRow). */
  private moveTo(row: number, cells: readonly CellValue[]): void {
    this.row.row = row;
    this.row.cells = cells;
    this.problems = NO_PROBLEMS;
    this.account = null;
  }

  /**
   * Visits a table's data rows with one reader, moved from row to row: a million-row ledger
   * makes no reader, row object or generator step per row. `visit` must not keep the reader
   * (or its `row`) beyond its call; `problems` is a fresh list per row once a row has one.
   */
  static forEachRow(table: TableHeader, visit: (r: RowReader) => void): void {
    forEachDataRow(table, RowReader.visitor(table, visit));
  }

  /**
   * forEachRow one data row at a time (sheet row, cells), for a sheet read row by row: the
   * returned function moves one reader to the row and visits it.
   */
  static visitor(table: Pick<Table, "sheet" | "grid" | "index">, visit: (r: RowReader) => void): (row: number, cells: readonly CellValue[]) => void {
    const reader = new RowReader(table, rowColumns(), { row: 0, cells: [] });
    return (row, cells) => {
      reader.moveTo(row, cells);
      visit(reader);
    };
  }

  raw(header: string): CellValue {
    return cellAt(this.row, this.column(header).index);
  }

  address(header: string): string {
    return this.addressIn(this.column(header));
  }

  read<T>(header: string, parse: (value: CellValue) => Parsed<T>): T | undefined {
    return this.readIn(this.column(header), parse);
  }

  /** raw, address and read by a column found once (column()), for a reader of a million rows. */
  rawIn(column: Column): CellValue {
    return cellAt(this.row, column.index);
  }

  addressIn(column: Column): string {
    return addressOf(this.table, this.row, column.index);
  }

  readIn<T>(column: Column, parse: (value: CellValue) => Parsed<T>): T | undefined {
    const header = column.header;
    const value = cellAt(this.row, column.index);
    // Parsers are pure and their answers immutable: a column repeating the value above it (a
    // customer's account on each of its transactions, the currency) is parsed once.
    let parsed = column.lastParsed as Parsed<T> | null;
    if (parsed === null || column.lastParse !== parse || !Object.is(column.lastValue, value)) {
      parsed = parse(value);
      column.lastValue = value;
      column.lastParse = parse as (value: CellValue) => Parsed<unknown>;
      column.lastParsed = parsed;
    }
    if (parsed.ok) return parsed.value;
    this.fail(header, `${header}: ${parsed.reason}`);
    return undefined;
  }

  fail(header: string, message: string): void {
    if (this.problems === NO_PROBLEMS) this.problems = [];
    (this.problems as RowProblem[]).push({ account: this.account, message, source: { sheet: this.table.sheet, address: this.address(header) } });
  }

  /** The table's column of that header (index -1 when the table has none: its cells read as empty). */
  column(header: string): Column {
    let column = this.columns.get(header);
    if (column === undefined) {
      column = { header, index: columnOf(this.table, header), lastValue: undefined, lastParse: null, lastParsed: null };
      this.columns.set(header, column);
    }
    return column;
  }
}

/** What the readers of one table's rows share: its columns by header. */
export type RowColumns = Map<string, Column>;

export const rowColumns = (): RowColumns => new Map<string, Column>();

/** Iterates a table's rows with a reader each; column lookups are shared across rows. */
export function* readRows(table: Table): Generator<RowReader> {
  const columns = rowColumns();
  for (const row of table.rows) yield new RowReader(table, columns, row);
}

/** RowReader.forEachRow: a table's data rows through one reused reader. */
export function forEachRow(table: TableHeader, visit: (r: RowReader) => void): void {
  RowReader.forEachRow(table, visit);
}
