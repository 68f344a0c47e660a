import { RowProblem } from "../core/types";
import { Parsed } from "./cells";
import { CellValue } from "./grid";
import { DataRow, Table, addressOf, cellAt, columnOf } from "./table";

/**
 * Reads the cells of one data row by header, collecting every unreadable cell as a problem
 * addressed to its sheet and cell, so one pass reports all of a row's faults at once.
 */
export class RowReader {
  readonly problems: RowProblem[] = [];
  account: string | null = null;

  constructor(
    private readonly table: Table,
    private readonly columns: Map<string, number>,
    readonly row: DataRow,
  ) {}

  raw(header: string): CellValue {
    return cellAt(this.row, this.col(header));
  }

  address(header: string): string {
    return addressOf(this.table, this.row, this.col(header));
  }

  read<T>(header: string, parse: (value: CellValue) => Parsed<T>): T | undefined {
    const parsed = parse(this.raw(header));
    if (parsed.ok) return parsed.value;
    this.fail(header, `${header}: ${parsed.reason}`);
    return undefined;
  }

  fail(header: string, message: string): void {
    this.problems.push({ account: this.account, message, source: { sheet: this.table.sheet, address: this.address(header) } });
  }

  private col(header: string): number {
    const known = this.columns.get(header);
    if (known !== undefined) return known;
    const found = columnOf(this.table, header);
    this.columns.set(header, found);
    return found;
  }
}

/** Iterates a table's rows with a reader each; column lookups are shared across rows. */
export function* readRows(table: Table): Generator<RowReader> {
  const columns = new Map<string, number>();
  for (const row of table.rows) yield new RowReader(table, columns, row);
}
