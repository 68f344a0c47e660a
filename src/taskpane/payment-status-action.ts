import { StatusImportSummary, prepareStatusImport, statusImportLines } from "../payments/payment-status";
import { SHEETS } from "../workbook/contract";
import { LEDGER_SHEETS } from "../workbook/ledger-state";
import { applyOrRestore } from "./apply-or-restore";
import { Progress, WorkbookHost } from "./workbook-host";

/** The sheets a status import reads and writes: the ledger's records and the exceptions. */
export const PAYMENT_STATUS_SHEETS: readonly string[] = [SHEETS.exceptions, ...LEDGER_SHEETS];

export interface StatusImportDone {
  summary: StatusImportSummary;
  /** What the pane shows: the same lines as `reimburse payment-status`. */
  lines: string[];
  /** False when the report was imported before, or answers a message this workbook did not send. */
  changed: boolean;
}

/**
 * The pane's "open a status file" action: the bank's pain.002 text in, the workbook updated (all
 * or nothing) and what happened out. The file is chosen by the pane's UI (src/taskpane views).
 */
export async function importStatusReport(host: WorkbookHost, xml: string, now: Date, onProgress?: Progress): Promise<StatusImportDone> {
  const snapshot = await host.readSnapshot(PAYMENT_STATUS_SHEETS);
  const { patch, summary } = prepareStatusImport(snapshot, xml, now);
  if (patch.sheets.length) await applyOrRestore(host, snapshot, patch, onProgress);
  return { summary, lines: statusImportLines(summary), changed: patch.sheets.length > 0 };
}
