import { cellAddress, columnLetter } from "../../src/workbook/grid";

/**
 * A fake Excel that enforces what Microsoft documents about Excel's JavaScript API, so the
 * Office host can be tested against the limits it will meet in real Excel:
 *
 * - a request or response over 5 MB (counted in UTF-8 bytes of its JSON, with an overhead per
 *   object path and per action, as Office.js serialises every call) fails with
 *   RequestPayloadSizeLimitExceeded / ResponsePayloadSizeLimitExceeded and runs nothing;
 * - a range read of more than 5,000,000 cells fails;
 * - every context.sync() that changes the workbook is one undo record, unless the batch runs
 *   with `mergeUndoGroup` on an Excel with ExcelApi 1.20; Worksheet.delete clears the undo stack;
 * - writing to a protected sheet fails (AccessDenied), as does adding a sheet to a workbook
 *   whose structure is protected;
 * - while the user edits a cell, every sync fails with InvalidOperationInCellEditMode unless
 *   the batch was started with `delayForCellEdit` (then it waits until the edit ends);
 * - the workbook uses the 1900 or the 1904 date system (DATE(1904,1,1) is 1462 or 0);
 * - requirement sets by version: an API newer than the fake's ExcelApi version throws ApiNotFound;
 * - a cell holding a data type (an entity, a picture) gives its basic value through `values`
 *   ("#VALUE!", typed "Error", as Excel.EntityCellValue documents basicValue and basicType) and
 *   the value itself only through `valuesAsJson` (ExcelApi 1.16);
 * - a table takes rows of exactly its width (rows.add) and grows by columns.add;
 * - batches are not transactions: a failing action leaves the ones before it applied.
 *
 * Cells are stored sparsely (a Map per row), so a stray value at XFD1048576 costs nothing.
 */

type Scalar = string | number | boolean;

export const REQUEST_LIMIT_BYTES = 5_000_000;
export const RESPONSE_LIMIT_BYTES = 5_000_000;
export const MAX_CELLS_PER_READ = 5_000_000;
/** What Office.js adds to a request for each object path (a getItem, a getRangeByIndexes...). */
export const PATH_BYTES = 120;
/** ...and for each action on an object (a property set, a method call, a load). */
export const ACTION_BYTES = 140;
/** What a loaded property adds to the response besides its value. */
const PROPERTY_BYTES = 30;

const ROWS = 1_048_576;
const COLS = 16_384;

export interface Cell {
  value: Scalar;
  format: string;
  formula?: string;
  /** A data type: the Excel.CellValue valuesAsJson gives; `value` is then its basic value. */
  json?: Record<string, unknown>;
}

interface Box {
  row: number; // 0-based
  col: number;
  rows: number;
  cols: number;
}

export interface FakeTable {
  name: string;
  /** 0-based box of the whole table, header row included. */
  box: Box;
  showTotals: boolean;
}

export class FakeSheet {
  readonly rows = new Map<number, Map<number, Cell>>();
  readonly tables: FakeTable[] = [];
  /** Value types by address overriding what the value suggests, as Range.valueTypes gives them. */
  readonly types = new Map<string, string>();
  protected = false;
  constructor(public name: string, readonly id: string) {}

  cell(r: number, c: number): Cell | undefined {
    return this.rows.get(r)?.get(c);
  }

  /** 1-based, as a test reads an address. */
  get(address: string): Scalar {
    const { row, col } = parseA1(address);
    return this.cell(row, col)?.value ?? "";
  }

  format(address: string): string {
    const { row, col } = parseA1(address);
    return this.cell(row, col)?.format ?? "General";
  }

  set(r: number, c: number, patch: Partial<Cell>): void {
    let row = this.rows.get(r);
    if (!row) this.rows.set(r, (row = new Map()));
    const old = row.get(c) ?? { value: "", format: "General" };
    row.set(c, { ...old, ...patch });
  }

  /** Puts a data type (an Excel.CellValue such as an EntityCellValue) in a cell, 1-based address. */
  setDataType(address: string, json: Record<string, unknown>): void {
    const { row, col } = parseA1(address);
    const basic = json.basicValue;
    this.set(row, col, { value: typeof basic === "string" || typeof basic === "number" || typeof basic === "boolean" ? basic : "#VALUE!", json });
  }

  clear(r: number, c: number): void {
    this.rows.get(r)?.delete(c);
  }

  /** Excel's values-only used range. */
  usedBox(): Box | null {
    let r0 = Infinity, c0 = Infinity, r1 = -1, c1 = -1;
    for (const [r, row] of this.rows) {
      for (const [c, cell] of row) {
        if (cell.value === "" && !cell.formula) continue;
        r0 = Math.min(r0, r); r1 = Math.max(r1, r); c0 = Math.min(c0, c); c1 = Math.max(c1, c);
      }
    }
    return r1 < 0 ? null : { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
  }

  /** The tables as "Sheet!A1:K3", for assertions. */
  tableAddresses(): string[] {
    return this.tables.map((t) => `${this.name}!${cellAddress(t.box.row + 1, t.box.col + 1)}:${cellAddress(t.box.row + t.box.rows, t.box.col + t.box.cols)}`);
  }

  /** Every value from A1 to the used range's far corner, for assertions. */
  grid(): Scalar[][] {
    const box = this.usedBox();
    if (!box) return [];
    return Array.from({ length: box.row + box.rows }, (_, r) => Array.from({ length: box.col + box.cols }, (_, c) => this.cell(r, c)?.value ?? ""));
  }
}

function parseA1(address: string): { row: number; col: number } {
  const m = /^([A-Z]+)(\d+)$/.exec(address.toUpperCase());
  if (!m) throw new Error(`bad address ${address}`);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return { row: Number(m[2]) - 1, col: col - 1 };
}

function officeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

/** UTF-8 bytes of a value's JSON, as Office.js sends it. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? "", "utf8");
}

const versionAtLeast = (have: string, want: string): boolean => {
  const [a1, a2] = have.split(".").map(Number);
  const [b1, b2] = want.split(".").map(Number);
  return a1 > b1 || (a1 === b1 && a2 >= b2);
};

interface Op {
  bytes: number;
  /** Runs at sync; returns the response bytes it produced; "write" marks a change for the undo. */
  run: () => { response?: number; write?: boolean } | void;
}

interface UndoRecord {
  cells: { sheet: FakeSheet; r: number; c: number; before: Cell | undefined }[];
  addedSheets: FakeSheet[];
}

export interface RunOptionsSeen {
  delayForCellEdit?: boolean;
  mergeUndoGroup?: boolean;
}

export interface ScheduledFailure {
  code: string;
  /** Run the first half of the batch's actions before failing. */
  partial?: boolean;
}

export class LimitedExcel {
  readonly sheets: FakeSheet[] = [];
  /** More syncs than any test needs: in real Excel this many round trips take minutes. */
  maxSyncs = 1000;
  /** Excel on the web's request limit; a test may lower it to make Excel refuse what the planner thought fits. */
  requestLimit = REQUEST_LIMIT_BYTES;
  /** The highest ExcelApi requirement set this Excel supports. */
  apiVersion: string;
  date1904 = false;
  workbookProtected = false;
  /** The user is typing in a cell: batches fail unless they asked to wait. */
  cellEditMode = false;
  calculationMode = "Automatic";
  readonly calculations: string[] = [];
  readonly undoStack: UndoRecord[] = [];
  /** Per sync: request and response bytes, and whether it was refused. */
  readonly syncLog: { request: number; response: number; refused?: string }[] = [];
  readonly runOptions: RunOptionsSeen[] = [];
  /** Failures by sync number (1-based over the fake's life). */
  readonly failures = new Map<number, ScheduledFailure>();
  /** Handlers registered on worksheets.onChanged / onCalculated... by event name. */
  readonly handlers = new Map<string, ((event: unknown) => Promise<unknown>)[]>();
  /** Workbook.save calls, by SaveBehavior. */
  readonly saves: string[] = [];
  selected: { sheet: string; address: string } | null = null;
  active: string | null = null;
  private nextId = 1;

  constructor(options: { apiVersion?: string; date1904?: boolean } = {}) {
    this.apiVersion = options.apiVersion ?? "1.20";
    this.date1904 = options.date1904 ?? false;
  }

  supports(set: string, version: string): boolean {
    return set === "ExcelApi" ? versionAtLeast(this.apiVersion, version) : set === "SharedRuntime";
  }

  addSheet(name: string, values: Scalar[][] = [], at = "A1"): FakeSheet {
    const sheet = new FakeSheet(name, `{sheet-${this.nextId++}}`);
    const origin = parseA1(at);
    values.forEach((row, i) => row.forEach((v, j) => v !== "" && sheet.set(origin.row + i, origin.col + j, { value: v })));
    this.sheets.push(sheet);
    return sheet;
  }

  sheet(name: string): FakeSheet {
    const found = this.find(name);
    if (!found) throw new Error(`no sheet ${name}`);
    return found;
  }

  find(name: string): FakeSheet | undefined {
    const wanted = name.trim().toLowerCase();
    return this.sheets.find((s) => s.name.trim().toLowerCase() === wanted);
  }

  /** Ctrl+Z: reverts the last undo record. */
  undo(): void {
    const record = this.undoStack.pop();
    if (!record) throw new Error("nothing to undo");
    for (const { sheet, r, c, before } of [...record.cells].reverse()) {
      if (before) sheet.set(r, c, before);
      else sheet.clear(r, c);
    }
    for (const sheet of record.addedSheets) this.sheets.splice(this.sheets.indexOf(sheet), 1);
  }

  /** Excel.run, with its options: (batch) or (options, batch). */
  readonly run = async <T>(a: RunOptionsSeen | ((context: Excel.RequestContext) => Promise<T>), b?: (context: Excel.RequestContext) => Promise<T>): Promise<T> => {
    const options = typeof a === "function" ? {} : a;
    const batch = typeof a === "function" ? a : (b as (context: Excel.RequestContext) => Promise<T>);
    this.runOptions.push(options);
    const context = new FakeContext(this, options);
    return batch(context as unknown as Excel.RequestContext);
  };

  /** A fresh context outside Excel.run, for code that takes one directly. */
  get context(): Excel.RequestContext {
    return new FakeContext(this, {}) as unknown as Excel.RequestContext;
  }

  /** Syncs so far. */
  get syncs(): number {
    return this.syncNumber;
  }

  suspendCalls = 0;

  /** Raises a workbook event, e.g. "onCalculated", as Excel does. */
  async raise(event: string, payload: unknown = {}): Promise<void> {
    for (const handler of this.handlers.get(event) ?? []) await handler(payload);
  }

  /** @internal */
  record(run: FakeContext, sheet: FakeSheet, r: number, c: number): void {
    const record = run.undoRecord();
    record.cells.push({ sheet, r, c, before: sheet.cell(r, c) });
  }

  /** @internal */
  requireApi(version: string, what: string): void {
    if (!versionAtLeast(this.apiVersion, version)) throw officeError("ApiNotFound", `${what} needs ExcelApi ${version}; this Excel has ${this.apiVersion}`);
  }

  syncNumber = 0;
}

class FakeContext {
  private ops: Op[] = [];
  private current: UndoRecord | null = null;
  private merged: UndoRecord | null = null;
  readonly workbook: FakeWorkbook;
  readonly application: FakeApplication;

  constructor(readonly excel: LimitedExcel, readonly options: RunOptionsSeen) {
    this.workbook = new FakeWorkbook(this);
    this.application = this.workbook.application;
  }

  queue(bytes: number, run: Op["run"]): void {
    this.ops.push({ bytes, run });
  }

  undoRecord(): UndoRecord {
    if (this.current) return this.current;
    const merge = this.options.mergeUndoGroup === true && this.excel.supports("ExcelApi", "1.20");
    if (merge && this.merged) return (this.current = this.merged);
    this.current = { cells: [], addedSheets: [] };
    this.excel.undoStack.push(this.current);
    if (merge) this.merged = this.current;
    return this.current;
  }

  async sync(): Promise<void> {
    const excel = this.excel;
    const ops = this.ops;
    this.ops = [];
    const number = ++excel.syncNumber;
    if (number > excel.maxSyncs) throw officeError("TooManySyncs", `the fake stopped at ${excel.maxSyncs} syncs`);
    const request = ops.reduce((n, op) => n + op.bytes, 0);
    const log: { request: number; response: number; refused?: string } = { request, response: 0 };
    excel.syncLog.push(log);
    await Promise.resolve();
    if (excel.cellEditMode) {
      if (!this.options.delayForCellEdit) {
        log.refused = "InvalidOperationInCellEditMode";
        throw officeError("InvalidOperationInCellEditMode", "Excel is in cell-editing mode. Please exit the edit mode by pressing ENTER or TAB or selecting another cell, and then try again.");
      }
      excel.cellEditMode = false; // Excel holds the batch until the user leaves the cell.
    }
    if (request > excel.requestLimit) {
      log.refused = "RequestPayloadSizeLimitExceeded";
      throw officeError("RequestPayloadSizeLimitExceeded", `The request payload size (${request} bytes) has exceeded the limit.`);
    }
    const failure = excel.failures.get(number);
    const toRun = failure ? (failure.partial ? ops.slice(0, Math.ceil(ops.length / 2)) : []) : ops;
    this.current = null;
    let response = 0;
    try {
      for (const op of toRun) response += op.run()?.response ?? 0;
    } finally {
      this.current = null;
    }
    if (failure) {
      log.refused = failure.code;
      throw officeError(failure.code, `Sync ${number} failed`);
    }
    log.response = response;
    if (response > RESPONSE_LIMIT_BYTES) {
      log.refused = "ResponsePayloadSizeLimitExceeded";
      throw officeError("ResponsePayloadSizeLimitExceeded", `The response payload size (${response} bytes) has exceeded the limit.`);
    }
    for (const settle of this.pendingLoads.splice(0)) settle();
  }

  /** Loaded values arrive only when the whole sync succeeded. */
  readonly pendingLoads: (() => void)[] = [];

  /** Marks the range written: protection check and undo record. */
  writeCell(sheet: FakeSheet, r: number, c: number, patch: Partial<Cell> | null): void {
    if (sheet.protected) throw officeError("AccessDenied", `The cell or chart you're trying to change is on a protected sheet ('${sheet.name}').`);
    this.excel.record(this, sheet, r, c);
    if (patch === null) sheet.clear(r, c);
    else sheet.set(r, c, patch);
  }
}

class Loadable {
  private readonly arrived = new Map<string, unknown>();
  constructor(protected readonly ctx: FakeContext) {}

  protected loaded<T>(prop: string): T {
    if (!this.arrived.has(prop)) throw officeError("PropertyNotLoaded", `The property '${prop}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`);
    return this.arrived.get(prop) as T;
  }

  /** Queues the load of each property: `produce` gives its value at sync. */
  protected queueLoad(props: string, produce: (prop: string) => unknown): void {
    const wanted = props.split(",").map((p) => p.trim()).filter(Boolean);
    this.ctx.queue(PATH_BYTES + ACTION_BYTES + jsonBytes(props), () => {
      const values = new Map<string, unknown>();
      let response = 0;
      for (const prop of wanted) {
        const v = produce(prop);
        values.set(prop, v);
        response += PROPERTY_BYTES + jsonBytes(v);
      }
      this.ctx.pendingLoads.push(() => values.forEach((v, k) => this.arrived.set(k, v)));
      return { response };
    });
  }
}

class FakeApplication extends Loadable {
  suspendApiCalculationUntilNextSync(): void {
    this.ctx.excel.requireApi("1.6", "suspendApiCalculationUntilNextSync");
    this.ctx.excel.suspendCalls++;
    this.ctx.queue(ACTION_BYTES, () => undefined);
  }
  load(props: string): this {
    this.queueLoad(props, (p) => {
      if (p === "calculationMode") return this.ctx.excel.calculationMode;
      throw new Error(`fake application cannot load ${p}`);
    });
    return this;
  }
  get calculationMode(): string {
    return this.loaded("calculationMode");
  }
  calculate(type: string): void {
    this.ctx.queue(ACTION_BYTES, () => void this.ctx.excel.calculations.push(type));
  }
}

class FakeWorkbook {
  readonly application: FakeApplication;
  readonly worksheets: FakeWorksheets;
  readonly protection: FakeWorkbookProtection;
  readonly functions: { date: (y: number, m: number, d: number) => FakeFunctionResult };

  constructor(readonly ctx: FakeContext) {
    this.application = new FakeApplication(ctx);
    this.worksheets = new FakeWorksheets(ctx);
    this.protection = new FakeWorkbookProtection(ctx);
    this.functions = { date: (y, m, d) => new FakeFunctionResult(ctx, y, m, d) };
  }

  /** Workbook.save: ExcelApi 1.11; the fake records the behaviour asked for. */
  save(behavior: string): void {
    this.ctx.excel.requireApi("1.11", "Workbook.save");
    this.ctx.excel.saves.push(behavior);
  }
}

class FakeWorkbookProtection extends Loadable {
  load(props: string): this {
    this.ctx.excel.requireApi("1.7", "WorkbookProtection");
    this.queueLoad(props, () => this.ctx.excel.workbookProtected);
    return this;
  }
  get protected(): boolean {
    return this.loaded("protected");
  }
}

/** workbook.functions.date: Excel's DATE() in this workbook's date system. */
class FakeFunctionResult extends Loadable {
  constructor(ctx: FakeContext, private readonly y: number, private readonly m: number, private readonly d: number) {
    super(ctx);
    ctx.excel.requireApi("1.2", "Functions");
  }
  load(props: string): this {
    this.queueLoad(props, (p) => {
      if (p === "error") return null;
      const serial1900 = Date.UTC(this.y, this.m - 1, this.d) / 86_400_000 + 25569;
      return this.ctx.excel.date1904 ? serial1900 - 1462 : serial1900;
    });
    return this;
  }
  get value(): number {
    return this.loaded("value");
  }
  get error(): string | null {
    return this.loaded("error");
  }
}

class FakeEvent {
  constructor(private readonly ctx: FakeContext, private readonly name: string, private readonly version: string) {}
  add(handler: (event: unknown) => Promise<unknown>): void {
    this.ctx.excel.requireApi(this.version, this.name);
    this.ctx.queue(ACTION_BYTES, () => {
      const list = this.ctx.excel.handlers.get(this.name) ?? [];
      list.push(handler);
      this.ctx.excel.handlers.set(this.name, list);
    });
  }
}

class FakeWorksheets extends Loadable {
  private loadedItems: FakeWorksheet[] | null = null;
  readonly onChanged: FakeEvent;
  readonly onAdded: FakeEvent;
  readonly onDeleted: FakeEvent;
  readonly onNameChanged: FakeEvent;
  readonly onCalculated: FakeEvent;

  constructor(ctx: FakeContext) {
    super(ctx);
    this.onChanged = new FakeEvent(ctx, "onChanged", "1.9");
    this.onAdded = new FakeEvent(ctx, "onAdded", "1.7");
    this.onDeleted = new FakeEvent(ctx, "onDeleted", "1.7");
    this.onNameChanged = new FakeEvent(ctx, "onNameChanged", "1.17");
    this.onCalculated = new FakeEvent(ctx, "onCalculated", "1.8");
  }

  load(props: string): this {
    const wanted = props.split(",").map((p) => p.trim().replace(/^items\//, ""));
    this.ctx.queue(PATH_BYTES + ACTION_BYTES + jsonBytes(props), () => {
      const items = this.ctx.excel.sheets.map((s) => new FakeWorksheet(this.ctx, s.name, s));
      this.ctx.pendingLoads.push(() => (this.loadedItems = items));
      return { response: items.length * wanted.length * (PROPERTY_BYTES + 40) };
    });
    return this;
  }

  get items(): FakeWorksheet[] {
    if (!this.loadedItems) throw officeError("PropertyNotLoaded", "The property 'items' is not available.");
    return this.loadedItems;
  }

  getItem(name: string): FakeWorksheet {
    this.ctx.queue(PATH_BYTES + jsonBytes(name), () => undefined);
    return new FakeWorksheet(this.ctx, name);
  }

  getItemOrNullObject(name: string): FakeWorksheet {
    const ws = new FakeWorksheet(this.ctx, name);
    this.ctx.queue(PATH_BYTES + jsonBytes(name), () => {
      const found = this.ctx.excel.find(name);
      this.ctx.pendingLoads.push(() => (ws.isNullObject = !found));
    });
    return ws;
  }

  add(name: string): FakeWorksheet {
    this.ctx.queue(PATH_BYTES + ACTION_BYTES + jsonBytes(name), () => {
      const excel = this.ctx.excel;
      if (excel.workbookProtected) throw officeError("AccessDenied", "The workbook's structure is protected.");
      if (excel.find(name)) throw officeError("ItemAlreadyExists", `A sheet named '${name}' already exists`);
      const sheet = excel.addSheet(name);
      this.ctx.undoRecord().addedSheets.push(sheet);
      return { write: true };
    });
    return new FakeWorksheet(this.ctx, name);
  }
}

class FakeProtection extends Loadable {
  constructor(ctx: FakeContext, private readonly sheet: () => FakeSheet) {
    super(ctx);
  }
  load(props: string): this {
    this.ctx.excel.requireApi("1.2", "WorksheetProtection");
    this.queueLoad(props, () => this.sheet().protected);
    return this;
  }
  get protected(): boolean {
    return this.loaded("protected");
  }
}

class FakeWorksheet {
  isNullObject = false;
  readonly protection: FakeProtection;
  readonly tables: FakeTables;

  constructor(private readonly ctx: FakeContext, private readonly sheetName: string, private readonly known?: FakeSheet) {
    this.protection = new FakeProtection(ctx, () => this.stored());
    this.tables = new FakeTables(ctx, () => this.stored());
  }

  get name(): string {
    return this.known?.name ?? this.sheetName;
  }
  get id(): string {
    if (!this.known) throw officeError("PropertyNotLoaded", "The property 'id' is not available.");
    return this.known.id;
  }

  stored(): FakeSheet {
    const sheet = this.known && this.ctx.excel.sheets.includes(this.known) ? this.known : this.ctx.excel.find(this.sheetName);
    if (!sheet) throw officeError("ItemNotFound", `The requested sheet '${this.sheetName}' does not exist`);
    return sheet;
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    this.ctx.queue(PATH_BYTES + 8, () => undefined);
    if (valuesOnly !== true) throw new Error("the fake only knows the values-only used range");
    return new FakeRange(this.ctx, () => this.stored(), null);
  }

  getRangeByIndexes(row: number, col: number, rows: number, cols: number): FakeRange {
    this.ctx.excel.requireApi("1.7", "getRangeByIndexes");
    this.ctx.queue(PATH_BYTES + jsonBytes([row, col, rows, cols]), () => undefined);
    if (row < 0 || col < 0 || rows < 1 || cols < 1 || row + rows > ROWS || col + cols > COLS) throw officeError("InvalidArgument", "The argument is invalid or missing or has an incorrect format.");
    return new FakeRange(this.ctx, () => this.stored(), { row, col, rows, cols });
  }

  getRange(address: string): FakeRange {
    this.ctx.queue(PATH_BYTES + jsonBytes(address), () => undefined);
    const [a, b = a] = address.split(":").map(parseA1);
    return new FakeRange(this.ctx, () => this.stored(), { row: a.row, col: a.col, rows: b.row - a.row + 1, cols: b.col - a.col + 1 });
  }

  delete(): void {
    this.ctx.queue(ACTION_BYTES, () => {
      const excel = this.ctx.excel;
      excel.sheets.splice(excel.sheets.indexOf(this.stored()), 1);
      // Documented: deleting a worksheet clears Excel's undo stack.
      excel.undoStack.length = 0;
    });
  }

  activate(): void {
    this.ctx.queue(ACTION_BYTES, () => void (this.ctx.excel.active = this.stored().name));
  }
}

class FakeTables extends Loadable {
  private loadedItems: FakeTableProxy[] | null = null;
  constructor(ctx: FakeContext, private readonly sheet: () => FakeSheet) {
    super(ctx);
  }

  load(props: string): this {
    this.ctx.queue(PATH_BYTES + ACTION_BYTES + jsonBytes(props), () => {
      const items = this.sheet().tables.map((t) => new FakeTableProxy(this.ctx, this.sheet, t));
      this.ctx.pendingLoads.push(() => (this.loadedItems = items));
      return { response: items.length * 120 };
    });
    return this;
  }

  get items(): FakeTableProxy[] {
    if (!this.loadedItems) throw officeError("PropertyNotLoaded", "The property 'items' is not available.");
    return this.loadedItems;
  }

  getItem(name: string): FakeTableProxy {
    this.ctx.queue(PATH_BYTES + jsonBytes(name), () => undefined);
    const table = this.sheet().tables.find((t) => t.name === name);
    if (!table) throw officeError("ItemNotFound", `No table '${name}'`);
    return new FakeTableProxy(this.ctx, this.sheet, table);
  }

  add(range: FakeRange, hasHeaders: boolean): FakeTableProxy {
    const table: FakeTable = { name: "", box: { row: 0, col: 0, rows: 0, cols: 0 }, showTotals: false };
    this.ctx.queue(PATH_BYTES + ACTION_BYTES + 60, () => {
      const sheet = this.sheet();
      if (sheet.protected) throw officeError("AccessDenied", `'${sheet.name}' is protected.`);
      if (!hasHeaders) throw new Error("the fake only adds tables with headers");
      table.box = range.box();
      table.name = `Table${sheet.tables.length + 1}`;
      sheet.tables.push(table);
      return { write: true };
    });
    return new FakeTableProxy(this.ctx, this.sheet, table);
  }
}

/** null, undefined or -1: Office.js's "at the end" for rows.add and columns.add (ExcelApi 1.4 for columns). */
const atEnd = (index: number | null | undefined): boolean => index === null || index === undefined || index === -1;

class FakeTableProxy {
  readonly rows: { add: (index: number | null | undefined, values: Scalar[][]) => void };
  readonly columns: FakeTableColumns;
  constructor(private readonly ctx: FakeContext, private readonly sheet: () => FakeSheet, readonly table: FakeTable) {
    this.columns = new FakeTableColumns(ctx, sheet, table);
    this.rows = {
      add: (index, values) => {
        this.ctx.queue(PATH_BYTES + ACTION_BYTES + jsonBytes(values), () => {
          if (!atEnd(index)) throw new Error("the fake only appends rows at the end");
          const sheet = this.sheet();
          const { box } = this.table;
          // Documented: values is a 2-D array of the table's width; Excel refuses any other.
          if (!values.length || values.some((r) => r.length !== box.cols)) throw officeError("InvalidArgument", "The number of columns does not match the table.");
          // The rows go at the end of the data, above a totals row, which moves down with the
          // cells below it in the table's columns (ListRows.Add / TableRowCollection.add).
          const totals = this.table.showTotals ? 1 : 0;
          const at = box.row + box.rows - totals;
          if (totals) shiftColumns(this.ctx, sheet, box.col, box.cols, at, values.length);
          values.forEach((r, i) => r.forEach((v, j) => this.ctx.writeCell(sheet, at + i, box.col + j, { value: v })));
          box.rows += values.length;
          return { write: true };
        });
      },
    };
  }
  get name(): string {
    return this.table.name;
  }
  get showTotals(): boolean {
    return this.table.showTotals;
  }
  getRange(): FakeRange {
    this.ctx.queue(PATH_BYTES, () => undefined);
    return new FakeRange(this.ctx, this.sheet, null, () => this.table.box);
  }
  /** The table's last row; Excel answers with an error for a table that hides its totals row. */
  getTotalRowRange(): FakeRange {
    this.ctx.queue(PATH_BYTES, () => {
      if (!this.table.showTotals) throw officeError("InvalidArgument", "The table has no totals row.");
    });
    const { box } = this.table;
    return new FakeRange(this.ctx, this.sheet, null, () => ({ row: box.row + box.rows - 1, col: box.col, rows: 1, cols: box.cols }));
  }
}

/**
 * Table.columns as Office.js documents it: add(index, values, name) appends at the end when the
 * index is null or -1 and takes a name only from ExcelApi 1.4; values, when given, is one column
 * of the table's height (header first). Column names are the header row's cells.
 */
class FakeTableColumns {
  constructor(private readonly ctx: FakeContext, private readonly sheet: () => FakeSheet, private readonly table: FakeTable) {}

  add(index?: number | null, values?: Scalar[][] | null, name?: string | null): void {
    if (atEnd(index) || (name !== undefined && name !== null)) this.ctx.excel.requireApi("1.4", "TableColumnCollection.add without an index or with a name");
    this.ctx.queue(PATH_BYTES + ACTION_BYTES + jsonBytes([index ?? null, values ?? null, name ?? null]), () => {
      const sheet = this.sheet();
      const { box } = this.table;
      if (!atEnd(index)) throw new Error("the fake only appends columns at the end");
      if (values && (values.length !== box.rows || values.some((r) => r.length !== 1))) throw officeError("InvalidArgument", "The number of rows or columns in the input array doesn't match the size or dimensions of the range.");
      const col = box.col + box.cols;
      if (col >= COLS) throw officeError("InvalidOperation", "The table cannot grow past the sheet's last column.");
      for (let r = box.row; r < box.row + box.rows; r++) {
        const cell = sheet.cell(r, col);
        if (cell && (cell.value !== "" || cell.formula)) throw new Error("the fake does not model a table column pushing cells to the right");
      }
      const header = String(name ?? values?.[0][0] ?? `Column${box.cols + 1}`);
      const names = this.names().map((n) => n.toLowerCase());
      if (names.includes(header.toLowerCase())) throw new Error("the fake does not model Excel renaming a duplicate column");
      this.ctx.writeCell(sheet, box.row, col, { value: header });
      values?.slice(1).forEach((r, i) => this.ctx.writeCell(sheet, box.row + 1 + i, col, { value: r[0] }));
      box.cols += 1;
      return { write: true };
    });
  }

  /** By name (ExcelApi 1.1). */
  getItem(key: string): { delete: () => void } {
    this.ctx.queue(PATH_BYTES + jsonBytes(key), () => undefined);
    return this.column(() => this.names().findIndex((n) => n.toLowerCase() === key.toLowerCase()), key);
  }

  /** By 0-based position (ExcelApi 1.1). */
  getItemAt(index: number): { delete: () => void } {
    this.ctx.queue(PATH_BYTES + 8, () => undefined);
    return this.column(() => (index >= 0 && index < this.table.box.cols ? index : -1), String(index));
  }

  /** TableColumn.delete: the column's cells go and the table narrows. */
  private column(position: () => number, key: string): { delete: () => void } {
    return {
      delete: () => this.ctx.queue(ACTION_BYTES, () => {
        const sheet = this.sheet();
        const { box } = this.table;
        const at = position();
        if (at < 0) throw officeError("ItemNotFound", `The table has no column '${key}'.`);
        if (at !== box.cols - 1) throw new Error("the fake only deletes a table's last column");
        if (box.cols === 1) throw officeError("InvalidOperation", "A table keeps at least one column.");
        for (let r = box.row; r < box.row + box.rows; r++) if (sheet.cell(r, box.col + at)) this.ctx.writeCell(sheet, r, box.col + at, null);
        box.cols -= 1;
        return { write: true };
      }),
    };
  }

  private names(): string[] {
    const sheet = this.sheet();
    const { box } = this.table;
    return Array.from({ length: box.cols }, (_, j) => String(sheet.cell(box.row, box.col + j)?.value ?? ""));
  }
}

class FakeRange extends Loadable {
  isNullObject = false;
  readonly format = { autofitColumns: (): void => this.ctx.queue(ACTION_BYTES, () => undefined) };

  constructor(
    ctx: FakeContext,
    private readonly sheet: () => FakeSheet,
    /** null: the used range, resolved at sync. */
    private readonly fixed: Box | null,
    private readonly live?: () => Box,
  ) {
    super(ctx);
  }

  /** The box at the time a queued action runs. */
  box(): Box {
    if (this.fixed) return this.fixed;
    if (this.live) return this.live();
    return this.sheet().usedBox() ?? { row: 0, col: 0, rows: 1, cols: 1 };
  }

  load(props: string): this {
    if (props.split(",").some((p) => p.trim() === "valuesAsJson")) this.ctx.excel.requireApi("1.16", "Range.valuesAsJson");
    this.queueLoad(props, (prop) => {
      const sheet = this.sheet();
      const box = this.box();
      if (!this.fixed && !this.live && prop !== "isNullObject") {
        const isNull = sheet.usedBox() === null;
        this.ctx.pendingLoads.push(() => (this.isNullObject = isNull));
      }
      const cells = box.rows * box.cols;
      const needsCells = prop === "values" || prop === "valueTypes" || prop === "numberFormat" || prop === "formulas" || prop === "valuesAsJson";
      if (needsCells && cells > MAX_CELLS_PER_READ) throw officeError("InvalidOperation", `The range has ${cells} cells; Excel reads at most ${MAX_CELLS_PER_READ} at once.`);
      const grid = <T>(f: (cell: Cell | undefined) => T): T[][] =>
        Array.from({ length: box.rows }, (_, i) => Array.from({ length: box.cols }, (_, j) => f(sheet.cell(box.row + i, box.col + j))));
      switch (prop) {
        case "values": return grid((c) => c?.value ?? "");
        case "valueTypes": return Array.from({ length: box.rows }, (_, i) => Array.from({ length: box.cols }, (_, j) =>
          sheet.types.get(cellAddress(box.row + i + 1, box.col + j + 1)) ?? typeOf(sheet.cell(box.row + i, box.col + j)?.value ?? "")));
        case "valuesAsJson": return Array.from({ length: box.rows }, (_, i) => Array.from({ length: box.cols }, (_, j) => {
          const cell = sheet.cell(box.row + i, box.col + j);
          return cell?.json ?? basicJson(cell?.value ?? "", sheet.types.get(cellAddress(box.row + i + 1, box.col + j + 1)));
        }));
        case "numberFormat": return grid((c) => c?.format ?? "General");
        case "formulas": return grid((c) => c?.formula ?? c?.value ?? "");
        case "address": return `${quote(sheet.name)}!${cellAddress(box.row + 1, box.col + 1)}:${columnLetter(box.col + box.cols)}${box.row + box.rows}`;
        case "rowCount": return box.rows;
        case "columnCount": return box.cols;
        case "rowIndex": return box.row;
        case "columnIndex": return box.col;
        default: throw new Error(`the fake cannot load range.${prop}`);
      }
    });
    return this;
  }

  get values(): Scalar[][] { return this.loaded("values"); }
  get valuesAsJson(): Record<string, unknown>[][] { return this.loaded("valuesAsJson"); }
  get valueTypes(): string[][] { return this.loaded("valueTypes"); }
  get numberFormat(): (string | null)[][] { return this.loaded("numberFormat"); }
  get formulas(): Scalar[][] { return this.loaded("formulas"); }
  get address(): string { return this.loaded("address"); }
  get rowCount(): number { return this.loaded("rowCount"); }
  get columnCount(): number { return this.loaded("columnCount"); }
  get rowIndex(): number { return this.loaded("rowIndex"); }

  set values(values: Scalar[][]) {
    this.ctx.queue(ACTION_BYTES + jsonBytes(values), () => {
      const sheet = this.sheet();
      const box = this.box();
      checkShape(values, box);
      values.forEach((r, i) => r.forEach((v, j) => {
        const cell = sheet.cell(box.row + i, box.col + j);
        // Excel reads "=..." written into a cell not formatted as text as a formula.
        const formula = typeof v === "string" && v.startsWith("=") && (cell?.format ?? "General") !== "@" ? v : undefined;
        this.ctx.writeCell(sheet, box.row + i, box.col + j, { value: v, formula });
      }));
      return { write: true };
    });
  }

  set numberFormat(formats: (string | null)[][]) {
    this.ctx.queue(ACTION_BYTES + jsonBytes(formats), () => {
      const sheet = this.sheet();
      const box = this.box();
      checkShape(formats, box);
      // null leaves a cell's format as it is, as Office.js documents for 2-D arrays.
      formats.forEach((r, i) => r.forEach((f, j) => f !== null && this.ctx.writeCell(sheet, box.row + i, box.col + j, { format: f })));
      return { write: true };
    });
  }

  set formulas(formulas: Scalar[][]) {
    this.ctx.queue(ACTION_BYTES + jsonBytes(formulas), () => {
      const sheet = this.sheet();
      const box = this.box();
      checkShape(formulas, box);
      formulas.forEach((r, i) => r.forEach((f, j) => this.ctx.writeCell(sheet, box.row + i, box.col + j, typeof f === "string" && f.startsWith("=") ? { formula: f, value: f } : { value: f, formula: undefined })));
      return { write: true };
    });
  }

  clear(): void {
    this.ctx.queue(ACTION_BYTES, () => {
      const sheet = this.sheet();
      const box = this.box();
      for (let i = 0; i < box.rows; i++) for (let j = 0; j < box.cols; j++) if (sheet.cell(box.row + i, box.col + j)) this.ctx.writeCell(sheet, box.row + i, box.col + j, null);
      return { write: true };
    });
  }

  /** Deletes the cells, shifting those below up; a table whose bottom rows these are shrinks. */
  delete(shift: string): void {
    this.ctx.queue(ACTION_BYTES, () => {
      if (shift !== "Up") throw new Error("the fake only deletes shifting up");
      const sheet = this.sheet();
      const box = this.box();
      const lastData = (t: FakeTable): number => t.box.row + t.box.rows - (t.showTotals ? 1 : 0);
      const table = sheet.tables.find((t) => t.box.col === box.col && t.box.cols === box.cols && lastData(t) === box.row + box.rows);
      if (!table) throw new Error("the fake only deletes a table's last data rows");
      if (table.showTotals) shiftColumns(this.ctx, sheet, box.col, box.cols, box.row + box.rows, -box.rows);
      else for (let i = 0; i < box.rows; i++) for (let j = 0; j < box.cols; j++) this.ctx.writeCell(sheet, box.row + i, box.col + j, null);
      table.box.rows -= box.rows;
      return { write: true };
    });
  }

  select(): void {
    this.ctx.queue(ACTION_BYTES, () => {
      const box = this.box();
      this.ctx.excel.selected = { sheet: this.sheet().name, address: cellAddress(box.row + 1, box.col + 1) };
    });
  }

  getUsedRangeOrNullObject(valuesOnly?: boolean): FakeRange {
    if (valuesOnly !== true) throw new Error("the fake only knows the values-only used range");
    this.ctx.queue(PATH_BYTES, () => undefined);
    const outer = this;
    return new FakeRange(this.ctx, this.sheet, null, () => {
      const used = outer.sheet().usedBox();
      const b = outer.box();
      if (!used) return { row: b.row, col: b.col, rows: 1, cols: 1 };
      const r0 = Math.max(used.row, b.row), c0 = Math.max(used.col, b.col);
      const r1 = Math.min(used.row + used.rows, b.row + b.rows) - 1, c1 = Math.min(used.col + used.cols, b.col + b.cols) - 1;
      return r1 < r0 || c1 < c0 ? { row: b.row, col: b.col, rows: 1, cols: 1 } : { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 };
    });
  }
}

/**
 * Moves the cells of columns [col, col + cols) from row `from` down by `by` rows (up when
 * negative, over the rows above `from`), as inserting or deleting cells shifts them.
 */
function shiftColumns(ctx: FakeContext, sheet: FakeSheet, col: number, cols: number, from: number, by: number): void {
  // Every cell of those columns from the first row affected down is taken out, then put back moved;
  // on a delete (by < 0) the cells of the deleted rows are dropped.
  const first = by < 0 ? from + by : from;
  const moved: { r: number; c: number; cell: Cell }[] = [];
  for (const [r, row] of sheet.rows) {
    if (r < first) continue;
    for (let c = col; c < col + cols; c++) {
      const cell = row.get(c);
      if (!cell) continue;
      if (r >= from) moved.push({ r: r + by, c, cell: { ...cell } });
      ctx.writeCell(sheet, r, c, null);
    }
  }
  for (const { r, c, cell } of moved) ctx.writeCell(sheet, r, c, cell);
}

function checkShape(values: unknown[][], box: Box): void {
  if (values.length !== box.rows || values.some((r) => r.length !== box.cols)) {
    throw officeError("InvalidArgument", "The number of rows or columns in the input array doesn't match the size or dimensions of the range.");
  }
}

const ERROR_TEXTS = new Set(["#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"]);

/** What Excel reports for a stored value; a test stores an error cell as its text. */
function typeOf(value: Scalar): string {
  if (value === "") return "Empty";
  if (typeof value === "string" && ERROR_TEXTS.has(value)) return "Error";
  if (typeof value === "number") return "Double";
  if (typeof value === "boolean") return "Boolean";
  return "String";
}

/** A plain cell as valuesAsJson gives it: its type, basic type and basic value. */
function basicJson(value: Scalar, override?: string): Record<string, unknown> {
  const type = override ?? typeOf(value);
  return { type, basicType: type, basicValue: value };
}

function quote(name: string): string {
  return /^[A-Za-z0-9_]+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
