import { PaneRegister } from "./payment-register";
import { Engine, StageProgress } from "./run-engine";
import { StatusModel } from "./status-model";

export type { StatusModel } from "./status-model";

export interface StatusCheck {
  model: StatusModel;
  xml: string;
  /** What the user confirms; recording refuses to write anything else. */
  key: string;
}

/** Reads a pain.002 report against the workbook: what it would mark Paid or Rejected. */
export async function checkStatus(engine: Engine, xml: string, now: Date, progress?: StageProgress): Promise<StatusCheck> {
  const { model, key } = await engine.plan("statusCheck", { xml, now }, progress);
  return { model, xml, key };
}

/** Records the report as checked, or nothing when the workbook changed since. */
export async function recordStatus(engine: Engine, check: StatusCheck, now: Date, progress?: StageProgress, register?: PaneRegister): Promise<string> {
  const { headline, rejections } = await engine.write("status", { xml: check.xml, now, key: check.key }, progress);
  // The register of issued payments learns of each rejection: the transfer never left, so paying the invoice again is allowed.
  if (register && rejections.length) await register.record(rejections);
  return headline;
}
