import { ConfirmedActionView } from "./action-view";
import { t } from "../i18n/i18n";
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
      check: t("reverse.check"),
      confirm: t("reverse.confirm"),
      consequence: t("reverse.consequence"),
    });
    this.run.addEventListener("change", () => this.workbookChanged());
    this.setRuns([]);
    this.element = h("div", { className: "reverse card", id: "reverse" }, h("h2", {}, t("reverse.title")), this.layout("reverse-body", t("reverse.intro"), labelled(t("reverse.run"), this.run)));
  }

  override setRuns(runs: readonly string[]): void {
    this.runs = runs;
    fillRunSelect(this.run, runs, null, t("runs.none"));
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
    return this.checkWith(t("action.reverseCheck"), (host) => checkReversal(this.pane.engine(host), runId, this.pane.now(), this.stages(host)));
  }

  protected override show({ model }: ReversalCheck): void {
    replaceChildren(
      this.output,
      h("p", { className: "headline", id: "reverse-headline" }, model.headline),
      model.reversed.length
        ? h("details", { id: "reverse-list" }, h("summary", {}, t("reverse.list")), h("ul", {}, ...model.reversed.map((r) => h("li", {}, r))))
        : null,
      model.moreReversed ? h("p", { className: "status" }, t("common.more", { n: model.moreReversed })) : null,
      h("p", { className: "subhead", id: "reverse-refused-heading" }, model.refusedHeading),
      model.refused.length ? h("div", { className: "scroll", attrs: { tabindex: "0" } }, problemList(model.refused, this.pane.showCell, "problems exceptions")) : null,
      model.moreRefused ? h("p", { className: "status" }, t("common.more", { n: model.moreRefused })) : null,
    );
  }

  protected override confirm(): Promise<void> {
    return this.applyWith(t("action.reverse"), async (host, check) => {
      const done = await this.writing(host, (progress) => reverseRun(this.pane.engine(host), check, this.pane.now(), progress));
      replaceChildren(this.result, h("p", { className: "headline", id: "reverse-result-headline" }, done.headline));
      await this.pane.written(done.runId);
    });
  }
}
