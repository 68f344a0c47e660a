import { Selection } from "../../core/types";
import { SignOff } from "../../workbook/approval";
import { WorkbookError, WorkbookProblem } from "../../workbook/errors";
import { WorkbookPatch } from "../../workbook/grid";
import { PlanSummary } from "../../workbook/summary";
import { Stage } from "../run-engine";
import { ParameterCellValues } from "../workbook-host";

/** What the pane asks the engine worker; every answer carries the request's id. */
export type WorkerRequest =
  | { op: "open"; bytes: ArrayBuffer; name: string }
  | { op: "read"; sheets?: readonly string[] }
  | { op: "apply"; patch: WorkbookPatch }
  | { op: "saveParameters"; values: ParameterCellValues }
  | { op: "preview"; selection: Selection; now: number }
  | { op: "run"; selection: Selection; now: number; previewed: PlanSummary; signOff?: SignOff }
  | { op: "bytes" };

export type WorkerMessage =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: SerializedError }
  | { id: number; progress: { stage: Stage; done: number; total: number } };

/** An error as it crosses postMessage: a WorkbookError keeps its cell-addressed problems. */
export interface SerializedError {
  name: string;
  message: string;
  problems?: WorkbookProblem[];
}

export function serializeError(error: unknown): SerializedError {
  if (error instanceof WorkbookError) return { name: error.name, message: error.message, problems: [...error.problems] };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Error", message: String(error) };
}

export function deserializeError(error: SerializedError): Error {
  if (error.problems) return new WorkbookError(error.problems);
  const e = new Error(error.message);
  e.name = error.name;
  return e;
}
