import { fluent, h, replaceChildren, setDisabled } from "./dom";
import { describeError } from "./error-model";
import { ActionSection, PaneContext, progressText } from "./pane-context";
import { problemList, renderError } from "./problems-view";
import { ReversalCheck, checkReversal, reverseRun } from "./reversal-action";
import { ReversalModel } from "./reversal-model";
import { fillRunSelect, labelled } from "./run-select";

/** Section 8: give back the credits of a run's unpaid reimbursements, as `reimburse reverse` does. */
export class ReverseSection implements ActionSection {
  readonly element: HTMLElement;
  private check: ReversalCheck | null = null;
  private runs: readonly string[] = [];
  private state = { connected: false, busy: false };
  private readonly run = fluent("fluent-select", { id: "reverse-run" });
  private readonly checkButton = fluent("fluent-button", { id: "reverse-check", attrs: { appearance: "outline" } }, "Show what would be reversed");
  private readonly confirmButton = fluent("fluent-button", { id: "reverse-confirm", attrs: { appearance: "accent" } }, "Reverse");
  private readonly problems = h("div", { id: "reverse-problems", className: "problems-box", attrs: { role: "alert", hidden: true } });
  private readonly status = h("div", { className: "status", attrs: { "aria-live": "polite" } });
  private readonly output = h("div", { id: "reverse-output", attrs: { "aria-live": "polite" } });
  private readonly confirmBox = h("div", { id: "reverse-confirm-box", className: "confirm", attrs: { role: "alertdialog", hidden: true } });
  private readonly result = h("div", { id: "reverse-result" });

  constructor(private readonly pane: PaneContext) {
    this.run.addEventListener("change", () => this.workbookChanged());
    this.checkButton.addEventListener("click", () => void this.doCheck());
    this.confirmButton.addEventListener("click", () => void this.reverse());
    this.setRuns([]);
    this.element = h(
      "div",
      { className: "reverse" },
      h("p", { className: "status" }, "Gives back the credits of a run's reimbursements that are not paid yet, and cancels their invoices. Paid ones cannot be reversed here."),
      labelled("Run", this.run),
      h("div", { className: "actions" }, this.checkButton),
      this.problems,
      this.output,
      this.confirmBox,
      this.status,
      this.result,
    );
  }

  setState(state: { connected: boolean; busy: boolean }): void {
    this.state = state;
    setDisabled(this.checkButton, !state.connected || state.busy || !this.runs.length);
    setDisabled(this.confirmButton, !state.connected || state.busy || !this.check?.model.canReverse);
  }

  reset(): void {
    this.workbookChanged();
    renderError(this.problems, null, this.pane.showCell);
    replaceChildren(this.result);
  }

  workbookChanged(): void {
    this.check = null;
    replaceChildren(this.output);
    this.confirmBox.hidden = true;
    this.setState(this.state);
  }

  setRuns(runs: readonly string[]): void {
    this.runs = runs;
    fillRunSelect(this.run, runs, null, "No run in this workbook yet");
    this.setState(this.state);
  }

  private doCheck(): Promise<void> {
    const runId = this.run.value.trim();
    if (!runId) return Promise.resolve();
    return this.pane.busy(async () => {
      const host = this.pane.host();
      if (!host) return;
      this.reset();
      this.status.textContent = "Reading the workbook…";
      try {
        this.check = await checkReversal(host, runId, this.pane.now());
        this.show(this.check.model);
      } catch (error) {
        renderError(this.problems, describeError(error, "Checking the reversal"), this.pane.showCell);
      } finally {
        this.status.textContent = "";
      }
    });
  }

  private show(model: ReversalModel): void {
    replaceChildren(
      this.output,
      h("p", { className: "headline", id: "reverse-headline" }, model.headline),
      model.reversed.length
        ? h("details", { id: "reverse-list" }, h("summary", {}, "Reimbursements to reverse"), h("ul", {}, ...model.reversed.map((r) => h("li", {}, r))))
        : null,
      model.moreReversed ? h("p", { className: "status" }, `… and ${model.moreReversed.toLocaleString("en-US")} more.`) : null,
      h("p", { className: "subhead", id: "reverse-refused-heading" }, model.refusedHeading),
      model.refused.length ? h("div", { className: "scroll" }, problemList(model.refused, this.pane.showCell, "problems exceptions")) : null,
      model.moreRefused ? h("p", { className: "status" }, `… and ${model.moreRefused.toLocaleString("en-US")} more.`) : null,
    );
    if (!model.canReverse) return;
    this.confirmButton.textContent = model.confirmLabel;
    replaceChildren(
      this.confirmBox,
      h("p", {}, "Reversing adds customer transactions that give the credits back, cancels the invoices, marks the reimbursements Reversed and records the reversal on sheet Reimbursement runs."),
      h(
        "div",
        { className: "actions" },
        this.confirmButton,
        fluent("fluent-button", { id: "reverse-cancel", attrs: { appearance: "outline" }, on: { click: () => this.workbookChanged() } }, "Cancel"),
      ),
    );
    this.confirmBox.hidden = false;
    this.setState(this.state);
  }

  private reverse(): Promise<void> {
    const check = this.check;
    if (!check) return Promise.resolve();
    return this.pane.busy(async () => {
      const host = this.pane.host();
      if (!host) return;
      // One confirmation reverses once: a second click finds no check to reverse.
      this.workbookChanged();
      renderError(this.problems, null, this.pane.showCell);
      replaceChildren(this.result);
      this.status.textContent = "Reading the workbook…";
      try {
        const done = await reverseRun(host, check, this.pane.now(), (d, t) => (this.status.textContent = progressText(host, d, t)));
        this.status.textContent = "";
        replaceChildren(this.result, h("p", { className: "headline", id: "reverse-result-headline" }, done.headline));
        await this.pane.written(done.runId);
      } catch (error) {
        renderError(this.problems, describeError(error, "The reversal"), this.pane.showCell);
      } finally {
        this.status.textContent = "";
      }
    });
  }
}
