import { t } from "../i18n/i18n";
import { fluent, h, replaceChildren } from "./dom";
import { ShowCell } from "./problems-view";
import { Engine, PlanUnit, Stage } from "./run-engine";
import { WorkbookHost } from "./workbook-host";

/** What the accounts payable sections need from the pane that holds them. */
export interface PaneContext {
  host(): WorkbookHost | null;
  /** The engine of the workbook the pane works on: its jobs run in the engine worker. */
  engine(host: WorkbookHost): Engine;
  now(): Date;
  /** Runs an action with every button of the pane disabled; ignored while another action runs. */
  busy(work: () => Promise<void>): Promise<void>;
  showCell: ShowCell;
  /** The workbook was written: file mode offers it for download, run lists and Review catch up. */
  written(reviewRunId?: string): Promise<void>;
  /** The opened workbook's name, for the approval page. */
  workbookName(): string;
}

/** An action section of the pane, told when the workbook or the pane's state changes. */
export interface ActionSection {
  readonly element: HTMLElement;
  /** Enables what can be clicked now; no action starts while another runs. */
  setState(state: { connected: boolean; busy: boolean }): void;
  /** A new workbook was opened: forget what was shown for the last one. */
  reset(): void;
  /** Something else wrote to the workbook: a check awaiting confirmation no longer holds. */
  workbookChanged(): void;
  /** The runs of the workbook, newest first. */
  setRuns(runs: readonly string[]): void;
}

/** Write progress as a status line: Excel writes in batches, the file host in one step. */
export function progressText(host: WorkbookHost, done: number, total: number): string {
  if (host.mode === "file") return t("progress.writingFile");
  return t("progress.written", { done, total });
}

export const STAGES: readonly Stage[] = ["read", "plan", "write"];

const PLAN_TEXT = {
  customers: "progress.stagePlan",
  invoices: "progress.stageInvoices",
  reimbursements: "progress.stageReimbursements",
  payments: "progress.stagePayments",
} as const;

/** "Step 2 of 3: planning 20,000 customers…": what a stage report says, with its counts. */
export function stageText(host: WorkbookHost | null, stage: Stage, done: number, total: number, unit: PlanUnit = "customers"): string {
  const step = STAGES.indexOf(stage) + 1;
  const steps = STAGES.length;
  // Excel reads in batches and counts the rows; a file is read in one go.
  if (stage === "read") return total > 1 ? t("progress.stageReadRows", { step, steps, done, total }) : t("progress.stageRead", { step, steps });
  if (stage === "plan") return t(PLAN_TEXT[unit], { step, steps, n: total });
  return host?.mode === "file" ? t("progress.stageWriteFile", { step, steps, n: total }) : t("progress.stageWrite", { step, steps, done, total });
}

/** How far along the three stages are, 0-100, for a determinate bar. */
export function stagePercent(stage: Stage, done: number, total: number): number {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  return Math.round(((STAGES.indexOf(stage) + fraction) / STAGES.length) * 100);
}

/**
 * Shows a stage report in a status line: a determinate bar and the step's text with its counts.
 * The bar and the text are made once and updated, so frequent reports stay cheap.
 */
export function showStage(line: HTMLElement, host: WorkbookHost | null, stage: Stage, done: number, total: number, unit?: PlanUnit): void {
  let bar = line.querySelector<HTMLElement>("fluent-progress.stage-bar");
  let text = line.querySelector<HTMLElement>(".stage-text");
  if (!bar || !text) {
    bar = fluent("fluent-progress", { className: "stage-bar", attrs: { min: "0", max: "100", "aria-label": t("progress.label") } });
    text = h("span", { className: "stage-text" });
    replaceChildren(line, bar, text);
  }
  bar.setAttribute("value", String(stagePercent(stage, done, total)));
  text.textContent = stageText(host, stage, done, total, unit);
}

/**
 * File mode keeps the workbook in the pane: until the user downloads it, the file on disk lacks
 * the marks just written, and exporting or paying from it again would do so twice.
 */
export function fileModeWarning(host: WorkbookHost, marks: string, twice: string): string | null {
  return host.mode === "file" ? t("file.modeWarning", { marks, twice }) : null;
}
