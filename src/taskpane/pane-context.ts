import { t } from "../i18n/i18n";
import { ShowCell } from "./problems-view";
import { WorkbookHost } from "./workbook-host";

/** What the accounts payable sections need from the pane that holds them. */
export interface PaneContext {
  host(): WorkbookHost | null;
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

/**
 * File mode keeps the workbook in the pane: until the user downloads it, the file on disk lacks
 * the marks just written, and exporting or paying from it again would do so twice.
 */
export function fileModeWarning(host: WorkbookHost, marks: string, twice: string): string | null {
  return host.mode === "file" ? t("file.modeWarning", { marks, twice }) : null;
}
