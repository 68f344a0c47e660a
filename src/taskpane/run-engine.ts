import { Selection } from "../core/types";
import { t } from "../i18n/i18n";
import { WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { SignOff } from "../workbook/approval";
import { prepareRun } from "../workbook/run";
import { PlanSummary, summarizePlan } from "../workbook/summary";
import { RunPayee } from "./approval-model";
import { runPayees } from "./run-payees";
import { SheetResult, sheetResults } from "./run-result";
import { WorkbookHost } from "./workbook-host";

/** A planned run as the pane shows it: plain data, so it crosses a worker boundary as is. */
export interface RunPlan {
  summary: PlanSummary;
  payees: RunPayee[];
  /** What the run writes (or wrote), sheet by sheet. */
  sheets: SheetResult[];
}

export type Stage = "read" | "plan" | "write";

/** Progress by stage: the pane shows "step 2 of 3: planning 20,000 customers". */
export type StageProgress = (stage: Stage, done: number, total: number) => void;

/**
 * Preview and run, wherever they execute: on the main thread against Excel (only Office.js
 * calls are there), or in a Web Worker holding the opened file, so a large book never
 * freezes the pane.
 */
export interface RunEngine {
  preview(selection: Selection, now: Date, progress: StageProgress): Promise<RunPlan>;
  /** Plans again with the preview's clock and writes only if the plan is the one previewed. */
  run(selection: Selection, now: Date, previewed: PlanSummary, progress: StageProgress, signOff?: SignOff): Promise<RunPlan>;
}

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

/** The engine on the main thread, for Excel: the snapshot comes through Office.js anyway. */
export class HostRunEngine implements RunEngine {
  constructor(private readonly host: WorkbookHost) {}

  async preview(selection: Selection, now: Date, progress: StageProgress): Promise<RunPlan> {
    progress("read", 0, 1);
    const snapshot = await this.host.readSnapshot();
    progress("plan", 0, 1);
    return planRun(snapshot, selection, now).plan;
  }

  async run(selection: Selection, now: Date, previewed: PlanSummary, progress: StageProgress, signOff?: SignOff): Promise<RunPlan> {
    progress("read", 0, 1);
    const snapshot = await this.host.readSnapshot();
    progress("plan", 0, 1);
    const { plan, patch } = planRun(snapshot, selection, now, signOff);
    if (!sameSummary(plan.summary, previewed)) throw changedSincePreview();
    await this.host.apply(patch, (done, total) => progress("write", done, total));
    return plan;
  }
}
