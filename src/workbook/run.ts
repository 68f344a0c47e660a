import { ReimbursementPlan, planReimbursement } from "../core/plan";
import { WorkbookPatch, WorkbookSnapshot } from "./grid";
import { ReadOptions, readReimbursementInput } from "./read";
import { renderPlan } from "./render";

export interface PreparedRun {
  plan: ReimbursementPlan;
  patch: WorkbookPatch;
}

/**
 * The whole run between a host's read and its write: parse, plan, render. Hosts call this and
 * apply `patch` all-or-nothing; a preview shows `plan` and applies nothing.
 */
export function prepareRun(snapshot: WorkbookSnapshot, options: ReadOptions): PreparedRun {
  const plan = planReimbursement(readReimbursementInput(snapshot, options));
  return { plan, patch: renderPlan(snapshot, plan) };
}
