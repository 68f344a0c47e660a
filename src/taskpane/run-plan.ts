import { Selection } from "../core/types";
import { t } from "../i18n/i18n";
import { WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { SignOff } from "../workbook/approval";
import { prepareRun } from "../workbook/run";
import { PlanSummary, summarizePlan } from "../workbook/summary";
import { RunPayee } from "./approval-model";
import { runPayees } from "./run-payees";
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
  const payees = runPayees(snapshot, patch, plan.reimbursements);
  return { plan: { summary: summarizePlan(plan), payees, sheets: sheetResults(patch) }, patch };
}

export function changedSincePreview(): Error {
  return new Error(t("run.changed"));
}

export const sameSummary = (a: PlanSummary, b: PlanSummary): boolean => JSON.stringify(a) === JSON.stringify(b);
