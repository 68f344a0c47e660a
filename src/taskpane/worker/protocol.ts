import { Language } from "../../i18n/catalogue";
import { WorkbookError, WorkbookProblem } from "../../workbook/errors";
import { CellValue, WorkbookPatch, WorkbookSnapshot } from "../../workbook/grid";
import { PlanUnit, Stage } from "../run-plan";
import { ParameterCellValues } from "../workbook-host";
import { JobName } from "./jobs";

/**
 * What the pane asks the engine worker; every answer carries the request's id.
 * File mode: the worker holds the opened .xlsx (open, read, apply, saveParameters, bytes) and
 * runs jobs on it (plan; prepare, then commit or discard). Excel mode: the pane posts the
 * snapshot Office.js read, in parts of a few thousand rows (part), and the worker answers with
 * the job's value and patch (job).
 */
export type WorkerRequest =
  | { op: "open"; bytes: ArrayBuffer; name: string }
  | { op: "read"; sheets?: readonly string[] }
  | { op: "apply"; patch: WorkbookPatch }
  | { op: "saveParameters"; values: ParameterCellValues }
  | { op: "bytes" }
  | { op: "plan"; job: JobName; args: unknown }
  | { op: "prepare"; job: JobName; args: unknown }
  | { op: "commit"; ticket: number }
  | { op: "discard"; ticket: number }
  | { op: "part"; upload: number; sheet: number; name: string; startRow: number; startCol: number; offset: number; rows: CellValue[][] }
  | { op: "job"; job: JobName; args: unknown; snapshot?: WorkbookSnapshot; upload?: number };

/** A request as posted: jobs word their models and messages in the pane's language. */
export interface WorkerEnvelope {
  id: number;
  request: WorkerRequest;
  language?: Language;
  locale?: string;
}

export interface StageReport {
  stage: Stage;
  done: number;
  total: number;
  unit?: PlanUnit;
}

export type WorkerMessage =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: SerializedError }
  | { id: number; progress: StageReport };

/** The answer to "prepare": the job's value, and the ticket its patch waits under in the worker. */
export interface PreparedAnswer {
  value: unknown;
  ticket: number;
}

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
