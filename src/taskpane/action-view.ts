import { t } from "../i18n/i18n";
import { Child, ValueElement, fluent, h, replaceChildren, setDisabled } from "./dom";
import { describeError } from "./error-model";
import { downloadOutput, fileOutput } from "./file-output-view";
import { OutputFile } from "./output-file";
import { ActionSection, PaneContext, fileModeWarning, showStage } from "./pane-context";
import { renderError } from "./problems-view";
import { StageProgress } from "./run-engine";
import { WorkbookHost } from "./workbook-host";

export interface PaneState {
  connected: boolean;
  busy: boolean;
}

/** How a written file is shown: element ids, and the file-mode warning's wording. */
export interface Delivery {
  headlineId: string;
  filePrefix: string;
  marks: string;
  twice: string;
}

/** What every action section of the pane shares: its problems box, status line and output. */
export abstract class ActionView implements ActionSection {
  abstract readonly element: HTMLElement;
  protected state: PaneState = { connected: false, busy: false };
  protected readonly problems: HTMLElement;
  protected readonly status = h("div", { className: "status", attrs: { "aria-live": "polite" } });
  protected readonly output: HTMLElement;

  constructor(protected readonly pane: PaneContext, id: string) {
    this.problems = h("div", { id: `${id}-problems`, className: "problems-box", attrs: { role: "alert", hidden: true } });
    this.output = h("div", { id: `${id}-output`, attrs: { "aria-live": "polite" } });
  }

  abstract setState(state: PaneState): void;
  abstract setRuns(runs: readonly string[]): void;

  reset(): void {
    renderError(this.problems, null, this.pane.showCell);
    replaceChildren(this.output);
  }

  workbookChanged(): void {
    // Nothing awaits confirmation by default: such an action reads the workbook when it starts.
  }

  /**
   * Runs one action while the pane is busy, after clearing what the last one showed; a failure
   * lands in the problems box, since nothing above a click handler would report it.
   */
  protected runAction(failure: string, work: (host: WorkbookHost) => Promise<void>): Promise<void> {
    return this.pane.busy(async () => {
      const host = this.pane.host();
      if (!host) return;
      this.reset();
      this.status.textContent = t("progress.reading");
      try {
        await work(host);
      } catch (error) {
        renderError(this.problems, describeError(error, failure), this.pane.showCell);
      } finally {
        this.status.textContent = "";
      }
    });
  }

  /** The status line as a determinate bar with the stage's counts (read, plan, write). */
  protected stages(host: WorkbookHost): StageProgress {
    return (stage, done, total, unit) => showStage(this.status, host, stage, done, total, unit);
  }

  /** Clears the progress line as soon as the write ends, so it does not linger while the pane catches up. */
  protected async writing<T>(host: WorkbookHost, write: (progress: StageProgress) => Promise<T>): Promise<T> {
    const result = await write(this.stages(host));
    this.status.textContent = "";
    return result;
  }

  /**
   * Hands out a file whose marks are already written (the actions say why only then), and keeps
   * it in the pane in case the download is blocked or lost.
   */
  protected deliver(container: HTMLElement, host: WorkbookHost, done: { headline: string; file: OutputFile }, how: Delivery): void {
    downloadOutput(done.file);
    const warning = fileModeWarning(host, how.marks, how.twice);
    replaceChildren(
      container,
      h("p", { className: "headline", id: how.headlineId }, done.headline),
      warning ? h("p", { className: "warning" }, warning) : null,
      fileOutput(done.file, how.filePrefix),
    );
  }
}

/** A section whose action is checked first and written only once the user confirms that check. */
export abstract class ConfirmedActionView<C extends { model: { confirmLabel: string } }> extends ActionView {
  protected check: C | null = null;
  private readonly checkButton: ValueElement;
  private readonly confirmButton: ValueElement;
  private readonly confirmBox: HTMLElement;
  protected readonly result: HTMLElement;

  constructor(pane: PaneContext, private readonly id: string, private readonly labels: { check: string; confirm: string; consequence: string }) {
    super(pane, id);
    this.checkButton = fluent("fluent-button", { id: `${id}-check`, attrs: { appearance: "outline" } }, labels.check);
    this.confirmButton = fluent("fluent-button", { id: `${id}-confirm`, attrs: { appearance: "accent" } }, labels.confirm);
    this.confirmBox = h("div", { id: `${id}-confirm-box`, className: "confirm", attrs: { role: "alertdialog", "aria-label": labels.confirm, hidden: true } });
    this.result = h("div", { id: `${id}-result` });
    this.checkButton.addEventListener("click", () => void this.startCheck());
    this.confirmButton.addEventListener("click", () => void this.confirm());
  }

  protected abstract startCheck(): Promise<void>;
  /** Renders what the check found; the confirmation, when the check allows one, follows it. */
  protected abstract show(check: C): void;
  protected abstract confirm(): Promise<void>;
  protected abstract canConfirm(check: C): boolean;

  /** What a section shows between the check and its confirmation (Pay: the approval page). */
  protected beforeConfirm(): Child[] {
    return [];
  }

  /** A section that needs a run has nothing to check before the workbook has one. */
  protected canCheck(): boolean {
    return true;
  }

  override setState(state: PaneState): void {
    this.state = state;
    const idle = state.connected && !state.busy;
    setDisabled(this.checkButton, !idle || !this.canCheck());
    setDisabled(this.confirmButton, !idle || this.check === null || !this.canConfirm(this.check));
  }

  override reset(): void {
    this.workbookChanged();
    super.reset();
    replaceChildren(this.result);
  }

  override workbookChanged(): void {
    this.check = null;
    replaceChildren(this.output);
    this.confirmBox.hidden = true;
    this.setState(this.state);
  }

  /** The section: its intro and controls, then the check, its confirmation and the result. */
  protected layout(className: string, intro: string, ...controls: Child[]): HTMLElement {
    return h(
      "div",
      { className },
      h("p", { className: "status" }, intro),
      ...controls,
      h("div", { className: "actions" }, this.checkButton),
      this.problems,
      this.output,
      ...this.beforeConfirm(),
      this.confirmBox,
      this.status,
      this.result,
    );
  }

  protected checkWith(failure: string, read: (host: WorkbookHost) => Promise<C>): Promise<void> {
    return this.runAction(failure, async (host) => {
      this.check = await read(host);
      this.show(this.check);
      if (this.canConfirm(this.check)) this.offer(this.check.model.confirmLabel);
    });
  }

  /** A choice beside the check (Pay's "pay again") changed whether it may be confirmed. */
  protected confirmChanged(): void {
    if (this.check && this.canConfirm(this.check)) this.offer(this.check.model.confirmLabel);
    else this.setState(this.state);
  }

  /** Offers the confirmation; Cancel forgets the check as a change to the workbook would. */
  private offer(label: string): void {
    this.confirmButton.textContent = label;
    replaceChildren(
      this.confirmBox,
      h("p", {}, this.labels.consequence),
      h(
        "div",
        { className: "actions" },
        this.confirmButton,
        fluent("fluent-button", { id: `${this.id}-cancel`, attrs: { appearance: "outline" }, on: { click: () => this.workbookChanged() } }, t("common.cancel")),
      ),
    );
    this.confirmBox.hidden = false;
    this.setState(this.state);
  }

  /** One confirmation applies once: runAction() forgets the check first, so a second click finds none. */
  protected applyWith(failure: string, apply: (host: WorkbookHost, check: C) => Promise<void>): Promise<void> {
    const check = this.check;
    if (!check) return Promise.resolve();
    return this.runAction(failure, (host) => apply(host, check));
  }
}
