import { LEDGER_SHEETS } from "../workbook/ledger-state";
import { prepareReversal } from "../workbook/reverse";
import { t } from "../i18n/i18n";
import { changedSinceCheck } from "./ap-text";
import { applyOrRestore } from "./apply-or-restore";
import { ReversalModel, reimbursementStatusCell, reversalHeadline, reversalKey, reversalModel } from "./reversal-model";
import { Progress, WorkbookHost } from "./workbook-host";

/** The sheets prepareReversal reads and writes (ids already used, rows to append after). */
export const REVERSAL_SHEETS: readonly string[] = [...LEDGER_SHEETS];

export interface ReversalCheck {
  model: ReversalModel;
  /** What the user confirms; reversing refuses to write anything else. */
  key: string;
}

export interface ReversalDone {
  headline: string;
  runId: string;
}

export async function checkReversal(host: WorkbookHost, runId: string, now: Date): Promise<ReversalCheck> {
  const snapshot = await host.readSnapshot(REVERSAL_SHEETS);
  const { plan } = prepareReversal(snapshot, { runId, now });
  return { model: reversalModel(plan, reimbursementStatusCell(snapshot)), key: reversalKey(plan) };
}

/** Reverses what the user confirmed, or writes nothing (a payment since the check, an edit). */
export async function reverseRun(host: WorkbookHost, check: ReversalCheck, now: Date, onProgress?: Progress): Promise<ReversalDone> {
  const snapshot = await host.readSnapshot(REVERSAL_SHEETS);
  const { plan, patch } = prepareReversal(snapshot, { runId: check.model.runId, now });
  if (reversalKey(plan) !== check.key || !patch.sheets.length) {
    throw changedSinceCheck(t("reverse.changedWhat", { runId: check.model.runId }), t("reverse.changedAgain"));
  }
  await applyOrRestore(host, snapshot, patch, onProgress);
  return { headline: reversalHeadline(plan), runId: plan.runId };
}
