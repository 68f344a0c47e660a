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
  /** Without worksheet events, how long a read is reused (a recalculation burst shares it). */
  ttlMs?: number;
  /** After Excel refused to register the events, how long before trying again. */
  retryEventsMs?: number;
  now?: () => number;
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
  /** When the read started; without change events the entry expires after the TTL. */
  readAt: number;
  /** The snapshot's content, to tell whether a recalculation changed it. */
  fingerprint: string | null;
}

/** An API set check that cannot fail: without it the event is simply not watched. */
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
 * Where Excel raises worksheet change events (`worksheets.onChanged`, ExcelApi 1.9), an edit to
 * one of a group's sheets drops its snapshot, and a sheet added, deleted or renamed (1.7; 1.17)
 * drops all. Values that formulas on those sheets compute change without an edit: where Excel
 * raises `worksheets.onCalculated` (1.8), a recalculated sheet of a group is read again and, if
 * its values changed, the snapshot is replaced. Each replacement is followed by one Recalculate
 * request (unless calculation is manual), because Excel may recalculate the volatile functions
 * before it delivers the event. Without change events (older Excel, or registering them failed,
 * which is retried later) a read is reused for a short TTL only, so values are never stale for long.
 */
export class ExcelWorkbookSource implements WorkbookSource {
  private readonly cache = new Map<SheetGroup, CacheEntry>();
  private events: Promise<boolean> | null = null;
  private eventsFailedAt: number | null = null;
  private recalcTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly refreshing = new Set<SheetGroup>();
  private readonly run: ExcelRun;
  private readonly supports: (set: string, version: string) => boolean;
  private readonly recalcDelayMs: number;
  private readonly ttlMs: number;
  private readonly retryEventsMs: number;
  private readonly now: () => number;

  constructor(options: ExcelSourceOptions = {}) {
    this.run = options.run ?? ((batch) => Excel.run({ delayForCellEdit: true }, batch));
    this.supports = options.supports ?? isSetSupported;
    this.recalcDelayMs = options.recalcDelayMs ?? 100;
    this.ttlMs = options.ttlMs ?? 2000;
    this.retryEventsMs = options.retryEventsMs ?? 30_000;
    this.now = options.now ?? Date.now;
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

  /**
   * A worksheet was recalculated: a group that read it reads it again, and only a change of its
   * values replaces the snapshot and recalculates, so the recalculation this asks for ends the loop.
   */
  async sheetCalculated(worksheetId: string): Promise<void> {
    const jobs: Promise<void>[] = [];
    for (const [group, entry] of this.cache) {
      if (entry.sheetIds?.has(worksheetId) && !this.refreshing.has(group)) jobs.push(this.refresh(group, entry));
    }
    await Promise.all(jobs);
  }

  private async refresh(group: SheetGroup, old: CacheEntry): Promise<void> {
    this.refreshing.add(group);
    try {
      const read = await this.readGroup(group);
      const fingerprint = fingerprintOf(read.snapshot);
      if (this.cache.get(group) !== old || fingerprint === old.fingerprint) return;
      this.cache.set(group, { read: Promise.resolve(read), sheetIds: read.sheetIds, readAt: this.now(), fingerprint });
      this.scheduleRecalc();
    } catch {
      // The next change or calculation tries again; a cell cannot be told about this failure.
      if (this.cache.get(group) === old) this.cache.delete(group);
    } finally {
      this.refreshing.delete(group);
    }
  }

  private async snapshot(group: SheetGroup): Promise<WorkbookSnapshot> {
    const watching = await this.watch();
    const found = this.cache.get(group);
    if (found && (watching || this.now() - found.readAt < this.ttlMs)) return (await found.read).snapshot;
    const entry: CacheEntry = { read: this.readGroup(group), sheetIds: null, readAt: this.now(), fingerprint: null };
    this.cache.set(group, entry);
    try {
      const read = await entry.read;
      entry.sheetIds = read.sheetIds;
      entry.fingerprint = fingerprintOf(read.snapshot);
      return read.snapshot;
    } catch (error) {
      // A failed read (#BUSY!, a closing workbook) is retried by the next call, not remembered.
      if (this.cache.get(group) === entry) this.cache.delete(group);
      throw error;
    }
  }

  /**
   * Registers the worksheet events once, each only where this Excel has it; true when edits are
   * reported (onChanged). A failed registration is tried again after retryEventsMs, not at every
   * call: on an Excel that refuses, every retry would be one more Excel call.
   */
  private watch(): Promise<boolean> {
    if (this.events === null && this.eventsFailedAt !== null && this.now() - this.eventsFailedAt < this.retryEventsMs) return Promise.resolve(false);
    this.events ??= this.run(async (context) => {
      const sheets = context.workbook.worksheets;
      const changes = this.supports("ExcelApi", "1.9");
      if (changes) sheets.onChanged.add(async (event) => this.sheetChanged(event.worksheetId));
      if (this.supports("ExcelApi", "1.7")) {
        sheets.onAdded.add(async () => this.sheetsChanged());
        sheets.onDeleted.add(async () => this.sheetsChanged());
      }
      if (this.supports("ExcelApi", "1.17")) sheets.onNameChanged.add(async () => this.sheetsChanged());
      if (this.supports("ExcelApi", "1.8")) sheets.onCalculated.add((event) => this.sheetCalculated(event.worksheetId));
      await context.sync();
      this.eventsFailedAt = null;
      return changes;
    }).catch(() => {
      this.eventsFailedAt = this.now();
      this.events = null;
      return false;
    });
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
    return this.run((context) => readSheets(context, GROUP_SHEETS[group], { supports: this.supports }));
  }
}

/** The values a snapshot holds, to compare two reads of the same sheets. */
function fingerprintOf(snapshot: WorkbookSnapshot): string {
  return JSON.stringify(snapshot.sheets);
}
