import { ConfirmedActionView } from "./action-view";
import { fluent, h, replaceChildren } from "./dom";
import { PaneContext } from "./pane-context";
import { problemList } from "./problems-view";
import { ReversalCheck, checkReversal, reverseRun } from "./reversal-action";
import { fillRunSelect, labelled } from "./run-select";

/** Section 8: give back the credits of a run's unpaid reimbursements, as `reimburse reverse` does. */
export class ReverseSection extends ConfirmedActionView<ReversalCheck> {
  readonly element: HTMLElement;
  private runs: readonly string[] = [];
  private readonly run = fluent("fluent-select", { id: "reverse-run" });

  constructor(pane: PaneContext) {
    super(pane, "reverse", {
      check: "Show what would be reversed",
      confirm: "Reverse",
      consequence: "Reversing adds customer transactions that give the credits back, cancels the invoices, marks the reimbursements Reversed and records the reversal on sheet Reimbursement runs.",
    });
    this.run.addEventListener("change", () => this.workbookChanged());
    this.setRuns([]);
    this.element = this.layout(
      "reverse",
      "Gives back the credits of a run's reimbursements that are not paid yet, and cancels their invoices. Paid ones cannot be reversed here.",
      labelled("Run", this.run),
    );
  }

  override setRuns(runs: readonly string[]): void {
    this.runs = runs;
    fillRunSelect(this.run, runs, null, "No run in this workbook yet");
    this.setState(this.state);
  }

  protected override canCheck(): boolean {
    return this.runs.length > 0;
  }

  protected override canConfirm(check: ReversalCheck): boolean {
    return check.model.canReverse;
  }

  protected override startCheck(): Promise<void> {
    const runId = this.run.value.trim();
    if (!runId) return Promise.resolve();
    return this.checkWith("Checking the reversal", (host) => checkReversal(host, runId, this.pane.now()));
  }

  protected override show({ model }: ReversalCheck): void {
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
  }

  protected override confirm(): Promise<void> {
    return this.applyWith("The reversal", async (host, check) => {
      const done = await this.writing(host, (progress) => reverseRun(host, check, this.pane.now(), progress));
      replaceChildren(this.result, h("p", { className: "headline", id: "reverse-result-headline" }, done.headline));
      await this.pane.written(done.runId);
    });
  }
}
