import { ExcelRun } from "../../src/functions/excel-source";
import { CellValue, columnLetter } from "../../src/workbook/grid";

/**
 * Just enough of Excel's JavaScript API for ExcelWorkbookSource: worksheets with used ranges (and no tables),
 * load/sync (a property read before its load was synced throws, as Office.js does) and the
 * worksheet events. It counts Excel.run batches and syncs, the costs the cache exists to save.
 */

export interface FakeSheet {
  id: string;
  name: string;
  /** 0-based row/column of the first cell; cells as the contract sees them. */
  top?: number;
  left?: number;
  cells: CellValue[][];
}

type Handler = (event: { worksheetId: string }) => Promise<unknown>;

class Loadable {
  private requested = false;
  private synced = false;
  constructor(private readonly excel: FakeExcel) {}

  load(): this {
    this.requested = true;
    this.excel.pending.push(this);
    return this;
  }

  markSynced(): void {
    if (this.requested) this.synced = true;
  }

  protected loaded<T>(value: T): T {
    if (!this.synced) throw new Error("PropertyNotLoaded: call load() and context.sync() first");
    return value;
  }
}

class FakeRange extends Loadable {
  constructor(
    excel: FakeExcel,
    private readonly sheet: FakeSheet,
    private readonly bounds: { row: number; col: number; rows: number; cols: number } | null,
  ) {
    super(excel);
  }
  get isNullObject(): boolean {
    return this.loaded(this.bounds === null);
  }
  get rowIndex(): number {
    return this.loaded(this.bounds?.row ?? 0);
  }
  /** Office.js gives the used range's position as an address such as "Sheet1!B3:C5". */
  get address(): string {
    const b = this.bounds ?? { row: 0, col: 0, rows: 1, cols: 1 };
    const corner = (row: number, col: number) => `${columnLetter(col + 1)}${row + 1}`;
    return this.loaded(`'${this.sheet.name}'!${corner(b.row, b.col)}:${corner(b.row + b.rows - 1, b.col + b.cols - 1)}`);
  }
  get columnIndex(): number {
    return this.loaded(this.bounds?.col ?? 0);
  }
  get rowCount(): number {
    return this.loaded(this.bounds?.rows ?? 0);
  }
  get columnCount(): number {
    return this.loaded(this.bounds?.cols ?? 0);
  }
  get values(): unknown[][] {
    return this.loaded(this.cells().map((row) => row.map(excelValue)));
  }
  get valueTypes(): string[][] {
    return this.loaded(this.cells().map((row) => row.map(excelType)));
  }
  private cells(): CellValue[][] {
    const b = this.bounds;
    if (!b) return [];
    const top = this.sheet.top ?? 0;
    const left = this.sheet.left ?? 0;
    return Array.from({ length: b.rows }, (_, r) =>
      Array.from({ length: b.cols }, (_, c) => this.sheet.cells[b.row - top + r]?.[b.col - left + c] ?? null),
    );
  }
}

function excelValue(cell: CellValue): unknown {
  if (cell === null) return "";
  if (typeof cell === "object" && !(cell instanceof Date)) return cell.error;
  return cell;
}

function excelType(cell: CellValue): string {
  if (cell === null) return "Empty";
  if (typeof cell === "number") return "Double";
  if (typeof cell === "boolean") return "Boolean";
  if (typeof cell === "string") return "String";
  return cell instanceof Date ? "Double" : "Error";
}

/** A sheet's tables: the sheets of this fake hold none (Excel's own reads, test/excel, model them). */
class FakeTables extends Loadable {
  get items(): never[] {
    return this.loaded([]);
  }
}

class FakeWorksheet {
  readonly tables: FakeTables;
  constructor(
    private readonly excel: FakeExcel,
    private readonly sheet: FakeSheet,
  ) {
    this.tables = new FakeTables(excel);
  }
  get name(): string {
    return this.sheet.name;
  }
  get id(): string {
    return this.sheet.id;
  }
  getUsedRangeOrNullObject(): FakeRange {
    this.excel.calls.push(`used:${this.sheet.name}`);
    const rows = this.sheet.cells.length;
    const cols = Math.max(0, ...this.sheet.cells.map((r) => r.length));
    const bounds = rows && cols ? { row: this.sheet.top ?? 0, col: this.sheet.left ?? 0, rows, cols } : null;
    return new FakeRange(this.excel, this.sheet, bounds);
  }
  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    this.excel.calls.push(`range:${this.sheet.name}:${row}+${rows}`);
    return new FakeRange(this.excel, this.sheet, { row, col, rows, cols });
  }
}

class FakeWorksheets extends Loadable {
  readonly onChanged = this.event("changed");
  readonly onAdded = this.event("added");
  readonly onDeleted = this.event("deleted");
  readonly onNameChanged = this.event("renamed");
  readonly onCalculated = this.event("calculated");

  constructor(private readonly fake: FakeExcel) {
    super(fake);
  }
  get items(): FakeWorksheet[] {
    return this.loaded(this.fake.sheets.map((s) => new FakeWorksheet(this.fake, s)));
  }
  private event(kind: keyof FakeExcel["handlers"]) {
    return {
      add: (handler: Handler) => {
        if (this.fake.failEvents) throw new Error("ApiNotFound: this Excel has no worksheet events");
        this.fake.handlers[kind].push(handler);
      },
    };
  }
}

class FakeApplication extends Loadable {
  constructor(private readonly fake: FakeExcel) {
    super(fake);
  }
  get calculationMode(): string {
    return this.loaded(this.fake.calculationMode);
  }
  calculate(type: string): void {
    this.fake.calculations.push(type);
  }
}

class FakeFunctionResult extends Loadable {
  constructor(fake: FakeExcel, private readonly result: number) {
    super(fake);
  }
  get value(): number {
    return this.loaded(this.result);
  }
  get error(): null {
    return this.loaded(null);
  }
}

export class FakeExcel {
  sheets: FakeSheet[];
  runs = 0;
  syncs = 0;
  calls: string[] = [];
  pending: Loadable[] = [];
  failEvents = false;
  calculationMode = "Automatic";
  /** Calculation requests, e.g. "Recalculate". */
  calculations: string[] = [];
  /** The next batches fail, as Excel does when busy. */
  failNextRuns = 0;
  handlers: Record<"changed" | "added" | "deleted" | "renamed" | "calculated", Handler[]> = { changed: [], added: [], deleted: [], renamed: [], calculated: [] };

  constructor(sheets: FakeSheet[]) {
    this.sheets = sheets;
  }

  readonly run: ExcelRun = async (batch) => {
    this.runs++;
    if (this.failNextRuns > 0) {
      this.failNextRuns--;
      throw new Error("RichApi.Error: the workbook is busy");
    }
    const context = {
      workbook: {
        worksheets: new FakeWorksheets(this),
        application: new FakeApplication(this),
        // DATE(1904,1,1) as a 1900 workbook answers it: the reader asks before reading dates.
        functions: { date: () => new FakeFunctionResult(this, 1462) },
      },
      sync: async () => {
        this.syncs++;
        for (const p of this.pending.splice(0)) p.markSynced();
      },
    };
    return batch(context as unknown as Excel.RequestContext);
  };

  /** Raises a worksheet event as Excel does after a user edit. */
  async raise(kind: keyof FakeExcel["handlers"], worksheetId = ""): Promise<void> {
    for (const handler of this.handlers[kind]) await handler({ worksheetId });
  }
}
