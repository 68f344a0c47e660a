import { SHEETS } from "../workbook/contract";
import { WorkbookSnapshot } from "../workbook/grid";
import { SheetsRead, readSheets } from "../excel/read-snapshot";
import { WorkbookSource } from "./workbook-source";

/** Excel.run's shape, injectable so the cache can be tested against a fake Excel. */
export type ExcelRun = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

export interface ExcelSourceOptions {
  run?: ExcelRun;
  /** Office.context.requirements.isSetSupported. */
  supports?: (set: string, version: string) => boolean;
  /** How long to gather change events before asking Excel to recalculate once. */
  recalcDelayMs?: number;
}

type SheetGroup = "parameters" | "ledger";

const GROUP_SHEETS: Readonly<Record<SheetGroup, readonly string[]>> = {
  parameters: [SHEETS.parameters],
  ledger: [SHEETS.balances, SHEETS.transactions],
};

interface CacheEntry {
  read: Promise<SheetsRead>;
  /** Known once the read has finished. */
  sheetIds: ReadonlySet<string> | null;
}

/** An API set check that cannot fail: without it the rename event is simply not watched. */
function isSetSupported(set: string, version: string): boolean {
  try {
    return Office.context.requirements.isSetSupported(set, version);
  } catch {
    return false;
  }
}

/**
 * Reads the sheets the worksheet functions depend on through Excel.run, read-only, once per
 * change: a recalculation of thousands of CUSTOMER.* cells shares one read (Excel calls from
 * custom functions are a known cause of #BUSY!).
 *
 * Worksheet events drop a group's snapshot when one of its sheets changes, or every snapshot
 * when a sheet is added, deleted or renamed (a "Customer transactions" sheet may appear).
 * Excel may recalculate the volatile functions before it delivers the change event, so a
 * dropped snapshot is followed by one Recalculate request (unless calculation is manual) to
 * replace values computed from the old one. Without the events nothing is kept past the read
 * in flight, so values are never stale for long.
 */
export class ExcelWorkbookSource implements WorkbookSource {
  private readonly cache = new Map<SheetGroup, CacheEntry>();
  private events: Promise<boolean> | null = null;
  private recalcTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly run: ExcelRun;
  private readonly supports: (set: string, version: string) => boolean;
  private readonly recalcDelayMs: number;

  constructor(options: ExcelSourceOptions = {}) {
    this.run = options.run ?? ((batch) => Excel.run(batch));
    this.supports = options.supports ?? isSetSupported;
    this.recalcDelayMs = options.recalcDelayMs ?? 100;
  }

  parameters(): Promise<WorkbookSnapshot> {
    return this.snapshot("parameters");
  }

  ledger(): Promise<WorkbookSnapshot> {
    return this.snapshot("ledger");
  }

  /** A worksheet changed: drop the groups that read it (or are still reading). */
  sheetChanged(worksheetId: string): void {
    let dropped = false;
    for (const [group, entry] of this.cache) {
      if (entry.sheetIds === null || entry.sheetIds.has(worksheetId)) {
        this.cache.delete(group);
        dropped = true;
      }
    }
    if (dropped) this.scheduleRecalc();
  }

  /** Sheets were added, deleted or renamed: any group may now read different sheets. */
  sheetsChanged(): void {
    if (this.cache.size === 0) return;
    this.cache.clear();
    this.scheduleRecalc();
  }

  private async snapshot(group: SheetGroup): Promise<WorkbookSnapshot> {
    const watching = await this.watch();
    const found = this.cache.get(group);
    if (found) return (await found.read).snapshot;
    const entry: CacheEntry = { read: this.readGroup(group), sheetIds: null };
    this.cache.set(group, entry);
    try {
      const read = await entry.read;
      entry.sheetIds = read.sheetIds;
      if (!watching && this.cache.get(group) === entry) this.cache.delete(group);
      return read.snapshot;
    } catch (error) {
      // A failed read (#BUSY!, a closing workbook) is retried by the next call, not remembered.
      if (this.cache.get(group) === entry) this.cache.delete(group);
      throw error;
    }
  }

  /**
   * Registers the worksheet events once; false when this Excel cannot raise them. A failure is
   * not retried: on an Excel without the events every retry would be one more Excel call.
   */
  private watch(): Promise<boolean> {
    this.events ??= this.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.onChanged.add(async (event) => this.sheetChanged(event.worksheetId));
      sheets.onAdded.add(async () => this.sheetsChanged());
      sheets.onDeleted.add(async () => this.sheetsChanged());
      if (this.supports("ExcelApi", "1.17")) sheets.onNameChanged.add(async () => this.sheetsChanged());
      await context.sync();
      return true;
    }).catch(() => false);
    return this.events;
  }

  /** One Recalculate for a burst of changes (a paste, a reimbursement run writing several sheets). */
  private scheduleRecalc(): void {
    if (this.recalcTimer !== null) return;
    this.recalcTimer = setTimeout(() => {
      this.recalcTimer = null;
      this.run(async (context) => {
        const application = context.workbook.application;
        application.load("calculationMode");
        await context.sync();
        if (application.calculationMode === "Manual") return;
        application.calculate("Recalculate");
        await context.sync();
      }).catch(() => undefined); // The next edit recalculates anyway; nothing to report to a cell.
    }, this.recalcDelayMs);
  }

  /** The shared reader matches the contract's names ignoring case and spaces; its sheet ids key the cache. */
  private readGroup(group: SheetGroup): Promise<SheetsRead> {
    return this.run((context) => readSheets(context, GROUP_SHEETS[group]));
  }
}
