import { Engine, StageProgress } from "./run-engine";
import { ReversalChecked } from "./worker/jobs";

export { REVERSAL_SHEETS } from "./worker/jobs";

export type ReversalCheck = ReversalChecked;

export interface ReversalDone {
  headline: string;
  runId: string;
}

export function checkReversal(engine: Engine, runId: string, now: Date, progress?: StageProgress): Promise<ReversalCheck> {
  return engine.plan("reverseCheck", { runId, now }, progress);
}

/** Reverses what the user confirmed, or writes nothing (a payment since the check, an edit). */
export function reverseRun(engine: Engine, check: ReversalCheck, now: Date, progress?: StageProgress): Promise<ReversalDone> {
  return engine.write("reverse", { runId: check.model.runId, now, key: check.key }, progress);
}
