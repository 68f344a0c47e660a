import { OfficeMockObject } from "office-addin-mock";
import { cellAddress, columnLetter } from "../../src/workbook/grid";
import { parseRange } from "../../src/excel/address";

/**
 * An Excel workbook for tests of src/excel, built on office-addin-mock.
 *
 * Ranges and worksheets are OfficeMockObjects, so their properties keep the mock's rules:
 * reading `values` or `address` before load + sync gives the mock's error text, not data.
 * office-addin-mock cannot model the rest (collections loaded with "items/name", null
 * objects, and Office.js batching, where writes reach Excel only at context.sync and a
 * failing batch may have run in part), so this harness adds them: every call that changes
 * the workbook is queued and runs at the next sync, which can be made to fail.
 */

type Scalar = string | number | boolean;

interface Cell {
  value: Scalar;
  format: string;
}

export class StoredSheet {
  readonly cells = new Map<string, Cell>();
  readonly tables: string[] = [];
  /**
   * Value types by address, as Range.valueTypes gives them. Left empty, ranges of this sheet
   * have no valueTypes, like a host that does not return them, so the reader guesses from text.
   */
  readonly types = new Map<string, string>();
  constructor(public name: string) {}

  get(address: string): Scalar {
    return this.cells.get(address)?.value ?? "";
  }

  format(address: string): string {
    return this.cells.get(address)?.format ?? "General";
  }

  set(row: number, col: number, value: Scalar, format?: string): void {
    const key = cellAddress(row, col);
    this.cells.set(key, { value, format: format ?? this.cells.get(key)?.format ?? "General" });
  }

  clear(row: number, col: number): void {
    this.cells.delete(cellAddress(row, col));
  }

  /** 1-based bounding box of cells holding a value (Excel's used range, values only). */
  usedBox(): { row: number; col: number; rows: number; cols: number } | null {
    let r0 = Infinity, c0 = Infinity, r1 = 0, c1 = 0;
    for (const [key, cell] of this.cells) {
      if (cell.value === "") continue;
      const box = parseRange(key);
      if (!box) continue;
      r0 = Math.min(r0, box.row); c0 = Math.min(c0, box.col);
      r1 = Math.max(r1, box.row); c1 = Math.max(c1, box.col);
    }
    return r1 ? { row: r0, col: c0, rows: r1 - r0 + 1, cols: c1 - c0 + 1 } : null;
  }

  /** The values of a rectangle, "" for empty cells, as Range.values gives them. */
  block(row: number, col: number, rows: number, cols: number): Scalar[][] {
    return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => this.get(cellAddress(row + i, col + j))));
  }

  /** The value types of a rectangle: those set, else what Excel would report for the value. */
  typeBlock(row: number, col: number, rows: number, cols: number): string[][] {
    return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => {
      const address = cellAddress(row + i, col + j);
      const value = this.get(address);
      return this.types.get(address) ?? (value === "" ? "Empty" : typeof value === "number" ? "Double" : typeof value === "boolean" ? "Boolean" : "String");
    }));
  }

  /** Every value as a grid from A1 to the used range's far corner, for assertions. */
  grid(): Scalar[][] {
    const box = this.usedBox();
    return box ? this.block(1, 1, box.row + box.rows - 1, box.col + box.cols - 1) : [];
  }
}

export interface SyncFailure {
  /** Excel's error code, e.g. "InvalidOperation" or "ResponsePayloadSizeLimitExceeded". */
  code: string;
  /** Run the first half of the batch before failing, as Excel does with a non-transactional batch. */
  partial?: boolean;
}

type Mock = OfficeMockObject & Record<string, unknown>;

export class MockExcel {
  readonly sheets: StoredSheet[] = [];
  syncs = 0;
  suspendCalls = 0;
  readonly failures = new Map<number, SyncFailure>();
  selected: { sheet: string; address: string } | null = null;
  active: string | null = null;
  readonly context: Excel.RequestContext;
  private queue: (() => void)[] = [];
  private toSync: Mock[] = [];

  constructor() {
    const worksheets = {
      items: [] as Mock[],
      load: () => {
        this.queue.push(() => {
          worksheets.items = this.sheets.map((s) => this.worksheet(s.name));
          for (const ws of worksheets.items) ws.load("name,id");
        });
        return worksheets;
      },
      getItem: (name: string) => this.worksheet(name),
      getItemOrNullObject: (name: string) => {
        const ws = this.worksheet(name);
        this.queue.push(() => {
          ws.isNullObject = !this.find(name);
        });
        return ws;
      },
      add: (name: string) => {
        this.queue.push(() => {
          if (this.find(name)) throw officeError("ItemAlreadyExists", `A sheet named '${name}' already exists`);
          this.sheets.push(new StoredSheet(name));
        });
        return this.worksheet(name);
      },
    };
    const context = {
      workbook: { worksheets },
      application: { suspendApiCalculationUntilNextSync: () => void this.suspendCalls++ },
      sync: () => this.sync(),
    };
    this.context = context as unknown as Excel.RequestContext;
  }

  /** Adds a sheet with values placed from a top-left cell, e.g. at C5. */
  addSheet(name: string, values: Scalar[][] = [], at = "A1"): StoredSheet {
    const sheet = new StoredSheet(name);
    const origin = parseRange(at);
    if (!origin) throw new Error(`bad address ${at}`);
    values.forEach((row, i) => row.forEach((v, j) => v !== "" && sheet.set(origin.row + i, origin.col + j, v)));
    this.sheets.push(sheet);
    return sheet;
  }

  sheet(name: string): StoredSheet {
    const s = this.find(name);
    if (!s) throw new Error(`no sheet ${name}`);
    return s;
  }

  find(name: string): StoredSheet | undefined {
    return this.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
  }

  private async sync(): Promise<void> {
    this.syncs++;
    const queue = this.queue;
    this.queue = [];
    const failure = this.failures.get(this.syncs);
    if (failure) {
      if (failure.partial) queue.slice(0, Math.ceil(queue.length / 2)).forEach((op) => op());
      this.toSync = [];
      throw officeError(failure.code, `Sync ${this.syncs} failed`);
    }
    for (const op of queue) op();
    // Objects the batch itself created (a collection's items) load in this same sync.
    const loads = this.toSync;
    this.toSync = [];
    for (const mock of loads) await mock.sync();
    // office-addin-mock copies loaded values to their parent in a later microtask.
    await Promise.resolve();
  }

  private worksheet(name: string): Mock {
    const stored = (): StoredSheet => {
      const s = this.find(name);
      if (!s) throw officeError("ItemNotFound", `The requested sheet '${name}' does not exist`);
      return s;
    };
    const ws = new OfficeMockObject({
      name,
      id: `{${name.toLowerCase()}}`,
      tables: {
        add: (range: Mock, hasHeaders: boolean) => {
          this.queue.push(() => stored().tables.push(`${String(range.addressForTests)}${hasHeaders ? " (header)" : ""}`));
        },
      },
      getUsedRangeOrNullObject: () => {
        const box = this.find(name)?.usedBox() ?? null;
        const range = this.range(name, box ? box.row : 1, box ? box.col : 1, box ? box.rows : 1, box ? box.cols : 1);
        range.isNullObject = box === null;
        return range;
      },
      getRangeByIndexes: (row: number, col: number, rows: number, cols: number) => this.range(name, row + 1, col + 1, rows, cols),
      getRange: (address: string) => {
        const box = parseRange(address);
        if (!box) throw new Error(`bad address ${address}`);
        return this.range(name, box.row, box.col, box.rowCount, box.columnCount);
      },
      delete: () => {
        this.queue.push(() => {
          const s = stored();
          this.sheets.splice(this.sheets.indexOf(s), 1);
        });
      },
      activate: () => {
        this.queue.push(() => {
          this.active = stored().name;
        });
      },
    }) as Mock;
    ws.isNullObject = false;
    this.toSync.push(ws);
    return ws;
  }

  private range(sheet: string, row: number, col: number, rows: number, cols: number): Mock {
    const address = `${sheet}!${columnLetter(col)}${row}:${columnLetter(col + cols - 1)}${row + rows - 1}`;
    const stored = this.find(sheet);
    const withTypes = !!stored && stored.types.size > 0;
    const range = new OfficeMockObject({
      address,
      rowCount: rows,
      columnCount: cols,
      values: stored ? stored.block(row, col, rows, cols) : [],
      ...(withTypes ? { valueTypes: stored.typeBlock(row, col, rows, cols) } : {}),
      format: { autofitColumns: () => undefined },
      clear: () => {
        this.queue.push(() => {
          const s = this.sheet(sheet);
          for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) s.clear(row + i, col + j);
        });
      },
      select: () => {
        this.queue.push(() => {
          this.selected = { sheet: this.sheet(sheet).name, address: cellAddress(row, col) };
        });
      },
    }) as Mock;
    range.addressForTests = address;
    const loaded = new Set<string>();
    const load = range.load.bind(range);
    range.load = (what: string) => {
      // office-addin-mock refuses to load a property it lacks; a host without valueTypes just omits them.
      const props = what.split(",").map((p) => p.trim()).filter((p) => withTypes || p !== "valueTypes");
      props.forEach((p) => loaded.add(p));
      return load(props.join(","));
    };
    // Writes are plain assignments to the mock; they reach the sheet at sync, in call order.
    this.queue.push(() => {
      const s = () => {
        const found = this.find(sheet);
        if (!found) throw officeError("ItemNotFound", `The requested sheet '${sheet}' does not exist`);
        return found;
      };
      const formats = range.numberFormat;
      const values = range.values;
      if (Array.isArray(formats)) {
        const target = s();
        (formats as string[][]).forEach((r, i) => r.forEach((f, j) => target.set(row + i, col + j, target.get(cellAddress(row + i, col + j)), f)));
      }
      if (Array.isArray(values) && !loaded.has("values")) {
        const target = s();
        (values as Scalar[][]).forEach((r, i) => r.forEach((v, j) => target.set(row + i, col + j, v)));
      }
    });
    this.toSync.push(range);
    return range;
  }
}

function officeError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}
