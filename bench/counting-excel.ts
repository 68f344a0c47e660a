import { CellValue, WorkbookSnapshot, isCellError } from "../src/workbook/grid";

/**
 * A fake Excel.RequestContext for the benchmark: just enough of Office.js for src/excel's
 * readSnapshot and applyPatch, with Office.js batching (queued calls run at context.sync(),
 * loaded properties throw until the sync that loads them) and a record of every sync:
 * request and response payload (JSON bytes of the values and number formats that cross in
 * that sync) and cells written and read. Unlike test/excel/mock-excel.ts (office-addin-mock,
 * a Map of cells by address) it stores rows as arrays, so a million rows fit and time is
 * spent in the code measured, not in the fake.
 */

type Scalar = string | number | boolean;

export interface SyncRecord {
  requestBytes: number;
  responseBytes: number;
  cellsWritten: number;
  cellsRead: number;
}

interface Cost {
  requestBytes?: number;
  responseBytes?: number;
  cellsWritten?: number;
  cellsRead?: number;
}

type Op = () => Cost | void;

const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value));

function officeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

export class FakeSheet {
  /** rows[r][c] for 0-based row and column; holes and "" are empty cells. */
  readonly rows: Scalar[][] = [];
  readonly tables: string[] = [];
  private minRow = Infinity;
  private minCol = Infinity;
  private maxRow = -1;
  private maxCol = -1;
  constructor(public name: string) {}

  set(r: number, c: number, value: Scalar): void {
    const row = this.rows[r] ?? (this.rows[r] = []);
    row[c] = value;
    if (value === "") return;
    if (r < this.minRow) this.minRow = r;
    if (r > this.maxRow) this.maxRow = r;
    if (c < this.minCol) this.minCol = c;
    if (c > this.maxCol) this.maxCol = c;
  }

  /** 0-based used box of cells holding a value; cells cleared later are not tracked (the bench never clears). */
  usedBox(): { row: number; col: number; rows: number; cols: number } | null {
    if (this.maxRow < 0) return null;
    return { row: this.minRow, col: this.minCol, rows: this.maxRow - this.minRow + 1, cols: this.maxCol - this.minCol + 1 };
  }

  block(r0: number, c0: number, rows: number, cols: number): Scalar[][] {
    const out: Scalar[][] = new Array(rows);
    for (let i = 0; i < rows; i++) {
      const src = this.rows[r0 + i];
      const line: Scalar[] = new Array(cols);
      for (let j = 0; j < cols; j++) line[j] = src?.[c0 + j] ?? "";
      out[i] = line;
    }
    return out;
  }
}

/** A1 address of a 0-based box, as Excel's Range.address gives it. */
function address(sheet: string, row: number, col: number, rows: number, cols: number): string {
  const letter = (c: number): string => {
    let s = "";
    for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  };
  const quoted = /^[A-Za-z0-9_]+$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  const first = `${letter(col)}${row + 1}`;
  const last = `${letter(col + cols - 1)}${row + rows}`;
  return `${quoted}!${first === last ? first : `${first}:${last}`}`;
}

class Loadable {
  private readonly loaded = new Set<string>();
  private readonly arrived = new Map<string, unknown>();
  protected get<T>(prop: string): T {
    if (!this.loaded.has(prop)) throw officeError("PropertyNotLoaded", `The property '${prop}' is not available. Load it and call context.sync() first.`);
    return this.arrived.get(prop) as T;
  }
  protected arrive(prop: string, value: unknown): void {
    this.loaded.add(prop);
    this.arrived.set(prop, value);
  }
}

class FakeRange extends Loadable {
  readonly format = { autofitColumns: (): void => this.excel.queue(() => ({ requestBytes: 40 })) };
  isNullObject = false;

  constructor(
    private readonly excel: CountingExcel,
    private readonly sheetName: string,
    /** 0-based box, or null for a used range resolved at sync. */
    private box: { row: number; col: number; rows: number; cols: number } | null,
  ) {
    super();
  }

  /** The box as Excel will know it when the queued call runs. */
  resolvedBox(): { row: number; col: number; rows: number; cols: number } {
    if (this.box) return this.box;
    const found = this.excel.stored(this.sheetName).usedBox();
    this.isNullObject = found === null;
    return found ?? { row: 0, col: 0, rows: 1, cols: 1 };
  }

  load(props: string): this {
    const wanted = props.split(",").map((p) => p.trim());
    this.excel.queue(() => {
      const sheet = this.excel.stored(this.sheetName);
      const box = this.resolvedBox();
      let responseBytes = 0;
      let cellsRead = 0;
      for (const prop of wanted) {
        if (prop === "values") {
          const values = sheet.block(box.row, box.col, box.rows, box.cols);
          responseBytes += bytes(values);
          cellsRead += box.rows * box.cols;
          this.arrive("values", values);
        } else if (prop === "valueTypes") {
          const types = sheet.block(box.row, box.col, box.rows, box.cols).map((r) => r.map(valueType));
          responseBytes += bytes(types);
          this.arrive("valueTypes", types);
        } else if (prop === "address") {
          this.arrive("address", address(sheet.name, box.row, box.col, box.rows, box.cols));
          responseBytes += 40;
        } else if (prop === "rowCount") {
          this.arrive("rowCount", box.rows);
          responseBytes += 10;
        } else if (prop === "columnCount") {
          this.arrive("columnCount", box.cols);
          responseBytes += 10;
        } else if (prop === "valueTypes") {
          // The fake gives no types (the host then types cells by their value); counted as Excel would send them.
          responseBytes += box.rows * box.cols * 10;
        } else {
          throw new Error(`the bench's fake Excel cannot load '${prop}'`);
        }
      }
      return { responseBytes, cellsRead };
    });
    return this;
  }

  get address(): string {
    return this.get("address");
  }
  get rowCount(): number {
    return this.get("rowCount");
  }
  get columnCount(): number {
    return this.get("columnCount");
  }
  get values(): Scalar[][] {
    return this.get("values");
  }
  get valueTypes(): string[][] {
    return this.get("valueTypes");
  }
  set values(values: Scalar[][]) {
    this.excel.queue(() => {
      const sheet = this.excel.stored(this.sheetName);
      const box = this.resolvedBox();
      if (values.length !== box.rows || values.some((r) => r.length !== box.cols)) {
        throw officeError("InvalidArgument", "The number of rows or columns in the input array doesn't match the size or dimensions of the range.");
      }
      values.forEach((r, i) => r.forEach((v, j) => sheet.set(box.row + i, box.col + j, v)));
      return { requestBytes: bytes(values), cellsWritten: box.rows * box.cols };
    });
  }
  set numberFormat(formats: string[][]) {
    // Formats are not stored: the bench counts their size, the tests check them.
    this.excel.queue(() => ({ requestBytes: bytes(formats) }));
  }
  get boxForTables(): string {
    const box = this.resolvedBox();
    return address(this.sheetName, box.row, box.col, box.rows, box.cols);
  }
}

/** A property the host loads and reads back after the sync: protection, a function's result. */
class Constant extends Loadable {
  constructor(private readonly excel: CountingExcel, private readonly values: Record<string, unknown>) {
    super();
  }
  load(props: string): this {
    this.excel.queue(() => {
      for (const p of props.split(",").map((x) => x.trim())) this.arrive(p, this.values[p]);
      return { requestBytes: 60, responseBytes: 20 };
    });
    return this;
  }
  get protected(): boolean {
    return this.get("protected");
  }
  get value(): unknown {
    return this.get("value");
  }
  get error(): unknown {
    return this.get("error");
  }
}

/** A sheet's table collection: the bench's sheets have none until the host adds them. */
class FakeTables extends Loadable {
  constructor(private readonly excel: CountingExcel, private readonly sheetName: string) {
    super();
  }
  load(): this {
    this.excel.queue(() => {
      this.arrive("items", []);
      return { requestBytes: 60, responseBytes: 10 };
    });
    return this;
  }
  get items(): unknown[] {
    return this.get("items");
  }
  add(range: FakeRange, hasHeaders: boolean): void {
    this.excel.queue(() => {
      this.excel.stored(this.sheetName).tables.push(`${range.boxForTables}${hasHeaders ? " (header)" : ""}`);
      return { requestBytes: 60 };
    });
  }
}

class FakeWorksheet extends Loadable {
  isNullObject = false;
  readonly protection: Constant;
  readonly tables: FakeTables;
  constructor(
    private readonly excel: CountingExcel,
    private readonly sheetName: string,
  ) {
    super();
    this.protection = new Constant(excel, { protected: false });
    this.tables = new FakeTables(excel, sheetName);
  }

  /** The name is known to the proxy it was asked by; a loaded collection item has it too. */
  get name(): string {
    return this.sheetName;
  }

  /** Excel's id is stable across renames; the fake's sheets are never renamed. */
  get id(): string {
    return this.sheetName;
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    if (valuesOnly !== true) throw new Error("the bench's fake Excel only knows the values-only used range");
    return new FakeRange(this.excel, this.sheetName, null);
  }

  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    return new FakeRange(this.excel, this.sheetName, { row, col, rows, cols });
  }

  delete(): void {
    this.excel.queue(() => {
      this.excel.sheets.splice(this.excel.sheets.indexOf(this.excel.stored(this.sheetName)), 1);
    });
  }
}

export class CountingExcel {
  readonly sheets: FakeSheet[] = [];
  readonly syncs: SyncRecord[] = [];
  suspendCalls = 0;
  readonly context: Excel.RequestContext;
  private ops: Op[] = [];

  constructor() {
    let items: FakeWorksheet[] | null = null;
    const worksheets = {
      load: (props: string) => {
        if (props !== "items/name" && props !== "items/name,items/id") throw new Error(`the bench's fake Excel cannot load worksheets '${props}'`);
        this.queue(() => {
          items = this.sheets.map((s) => new FakeWorksheet(this, s.name));
          return { responseBytes: bytes(this.sheets.map((s) => ({ name: s.name, id: s.name }))) };
        });
        return worksheets;
      },
      get items(): FakeWorksheet[] {
        if (!items) throw officeError("PropertyNotLoaded", "The property 'items' is not available.");
        return items;
      },
      getItem: (name: string) => new FakeWorksheet(this, name),
      getItemOrNullObject: (name: string) => {
        const ws = new FakeWorksheet(this, name);
        this.queue(() => {
          ws.isNullObject = !this.find(name);
        });
        return ws;
      },
      add: (name: string) => {
        this.queue(() => {
          if (this.find(name)) throw officeError("ItemAlreadyExists", `A sheet named '${name}' already exists`);
          this.sheets.push(new FakeSheet(name));
          return { requestBytes: 40 };
        });
        return new FakeWorksheet(this, name);
      },
    };
    const context = {
      workbook: {
        worksheets,
        protection: new Constant(this, { protected: false }),
        // DATE(1904,1,1) in a 1900 workbook: how the host learns the date system.
        functions: { date: () => new Constant(this, { value: 1462, error: null }) },
      },
      application: { suspendApiCalculationUntilNextSync: () => void this.suspendCalls++ },
      sync: () => this.sync(),
    };
    this.context = context as unknown as Excel.RequestContext;
  }

  /** Puts a snapshot's sheets into the fake as Excel holds them: dates as serials, errors as their text. */
  static holding(snapshot: WorkbookSnapshot): CountingExcel {
    const excel = new CountingExcel();
    for (const grid of snapshot.sheets) {
      const sheet = new FakeSheet(grid.name);
      grid.rows.forEach((cells, i) =>
        cells.forEach((v, j) => {
          const scalar = toScalar(v);
          if (scalar !== "") sheet.set(grid.startRow - 1 + i, grid.startCol - 1 + j, scalar);
        }),
      );
      excel.sheets.push(sheet);
    }
    return excel;
  }

  queue(op: Op): void {
    this.ops.push(op);
  }

  find(name: string): FakeSheet | undefined {
    const wanted = name.trim().toLowerCase();
    return this.sheets.find((s) => s.name.trim().toLowerCase() === wanted);
  }

  stored(name: string): FakeSheet {
    const sheet = this.find(name);
    if (!sheet) throw officeError("ItemNotFound", `The requested sheet '${name}' does not exist`);
    return sheet;
  }

  private async sync(): Promise<void> {
    const ops = this.ops;
    this.ops = [];
    const record: SyncRecord = { requestBytes: 0, responseBytes: 0, cellsWritten: 0, cellsRead: 0 };
    this.syncs.push(record);
    for (const op of ops) {
      const cost = op();
      if (!cost) continue;
      record.requestBytes += cost.requestBytes ?? 0;
      record.responseBytes += cost.responseBytes ?? 0;
      record.cellsWritten += cost.cellsWritten ?? 0;
      record.cellsRead += cost.cellsRead ?? 0;
    }
    await Promise.resolve();
  }
}

function valueType(value: Scalar): string {
  if (value === "") return "Empty";
  if (typeof value === "number") return "Double";
  return typeof value === "boolean" ? "Boolean" : "String";
}

function toScalar(value: CellValue): Scalar {
  if (value === null) return "";
  if (value instanceof Date) return value.getTime() / 86400000 + 25569;
  if (isCellError(value)) return value.error;
  return value;
}
