import { Selection } from "../core/types";
import { t } from "../i18n/i18n";
import { readCustomers } from "../workbook/read-ledger";
import { WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { SignOff } from "../workbook/approval";
import { prepareRun } from "../workbook/run";
import { PlanSummary, summarizePlan } from "../workbook/summary";
import { RunPayee } from "./approval-model";
import { SheetResult, sheetResults } from "./run-result";

/** A planned run as the pane shows it: plain data, so it crosses a worker boundary as is. */
export interface RunPlan {
  summary: PlanSummary;
  payees: RunPayee[];
  /** What the run writes (or wrote), sheet by sheet. */
  sheets: SheetResult[];
}

export type Stage = "read" | "plan" | "write";

/** What the planning step counts: "planning 20,000 customers", "preparing 4,000 vendor invoices". */
export type PlanUnit = "customers" | "invoices" | "reimbursements" | "payments";

/** Progress by stage: the pane shows "step 2 of 3: planning 20,000 customers". */
export type StageProgress = (stage: Stage, done: number, total: number, unit?: PlanUnit) => void;

/** read -> parse -> plan -> render, and the payees the approval lists. */
export function planRun(snapshot: WorkbookSnapshot, selection: Selection, now: Date, signOff?: SignOff): { plan: RunPlan; patch: WorkbookPatch } {
  const { plan, patch } = prepareRun(snapshot, { selection, now }, signOff);
  const ibans = new Map<string, string | null>();
  try {
    for (const c of readCustomers(snapshot).items) ibans.set(c.account, c.iban);
  } catch {
    // prepareRun read the same sheet; a problem there was reported already.
  }
  const payees = plan.reimbursements.map((r) => ({
    name: r.vendorName,
    vendorAccount: r.vendorAccount,
    customerAccount: r.customerAccount,
    iban: ibans.get(r.customerAccount) ?? null,
    currency: r.currency,
    amount: r.amount.toFixed(),
  }));
  return { plan: { summary: summarizePlan(plan), payees, sheets: sheetResults(patch) }, patch };
}

export function changedSincePreview(): Error {
  return new Error(t("run.changed"));
}

export const sameSummary = (a: PlanSummary, b: PlanSummary): boolean => JSON.stringify(a) === JSON.stringify(b);
