import { minorUnits } from "../core/currency";
import { Money, moneyToNumber } from "../core/money";
import { CellRef } from "../core/types";
import { OutputRow, appendRows } from "./append";
import { parseText } from "./cells";
import { COLUMNS, SHEETS } from "./contract";
import { SheetPatch, WorkbookSnapshot } from "./grid";
import { readRows } from "./row-reader";
import { optionalTable } from "./table";

/** One row for the Reimbursement exceptions sheet. */
export interface ExceptionEntry {
  runId: string | null;
  customerAccount: string | null;
  currency: string | null;
  balance: Money | null;
  reason: string;
  source: CellRef;
}

const keyOf = (reason: string, sheet: string, cell: string): string => `${reason}\u0000${sheet}\u0000${cell}`.toLowerCase();

/** The exceptions already on the sheet, by reason and cell (the run id differs from run to run). */
export function listedExceptions(snapshot: WorkbookSnapshot): Set<string> {
  const listed = new Set<string>();
  const table = optionalTable(snapshot, SHEETS.exceptions, COLUMNS.exceptions, false);
  if (!table) return listed;
  for (const r of readRows(table)) {
    const text = (h: string): string => r.read(h, parseText) ?? "";
    listed.add(keyOf(text("Reason"), text("Sheet"), text("Cell")));
  }
  return listed;
}

export function isListed(listed: ReadonlySet<string>, e: { reason: string; source: CellRef }): boolean {
  return listed.has(keyOf(e.reason, e.source.sheet, e.source.address));
}

/**
 * Appends the exceptions not already on the sheet (same reason and cell from an earlier command):
 * the sheet is a to-do list, and the same line every day buries the new ones.
 */
export function newExceptionRows(snapshot: WorkbookSnapshot, entries: readonly ExceptionEntry[], listed = listedExceptions(snapshot)): SheetPatch | null {
  const fresh = entries.filter((e) => !isListed(listed, e));
  const rows: OutputRow[] = fresh.map((e) => ({
    "Run id": e.runId, "Customer account": e.customerAccount, Currency: e.currency,
    // As render.ts's amountCell (not imported: render.ts uses this module).
    Balance: e.balance === null ? null : moneyToNumber(e.balance), Reason: e.reason, Sheet: e.source.sheet, Cell: e.source.address,
  }));
  return appendRows(snapshot, SHEETS.exceptions, COLUMNS.exceptions, rows, fresh.map((e) => minorUnits(e.currency ?? "")));
}
