import { WorkbookSnapshot } from "../workbook/grid";

/**
 * Where the worksheet functions get the sheets they read but are not given as arguments.
 * In Excel it is ExcelWorkbookSource (Excel.run, cached); in tests a snapshot built by hand.
 * A source returns the same snapshot object until the sheets change, so what is parsed from
 * it can be kept per object (see workbook-facts.ts).
 */
export interface WorkbookSource {
  /** A snapshot holding the Parameters sheet (when the workbook has one). */
  parameters(): Promise<WorkbookSnapshot>;
  /** A snapshot holding the Customer balances and Customer transactions sheets (those present). */
  ledger(): Promise<WorkbookSnapshot>;
}

/** A source over a fixed snapshot: tests, and hosts that already hold the whole workbook. */
export function snapshotSource(snapshot: WorkbookSnapshot): WorkbookSource {
  return {
    parameters: () => Promise.resolve(snapshot),
    ledger: () => Promise.resolve(snapshot),
  };
}
