import { t } from "../i18n/i18n";
import { ConfirmedActionView } from "./action-view";
import { h, replaceChildren } from "./dom";
import { PaneContext } from "./pane-context";
import { problemList } from "./problems-view";
import { paneRegister } from "./payment-register";
import { StatusCheck, checkStatus, recordStatus } from "./status-action";

/** Pay and export: the bank's pain.002 status report, read and then recorded, as `reimburse payment-status` does. */
export class StatusSection extends ConfirmedActionView<StatusCheck> {
  readonly element: HTMLElement;
  private readonly file: HTMLInputElement;

  constructor(pane: PaneContext) {
    super(pane, "status", { check: t("status.check"), confirm: t("status.confirm"), consequence: t("status.consequence") });
    this.file = h("input", { id: "status-file", className: "native-input", attrs: { type: "file", accept: ".xml,application/xml,text/xml" }, on: { change: () => this.workbookChanged() } });
    this.element = h(
      "div",
      { className: "status-report card", id: "status-report" },
      h("h2", {}, t("status.title")),
      this.layout("status-body", t("status.intro"), h("div", { className: "field" }, h("label", { className: "select-label", attrs: { for: "status-file" } }, t("status.file")), this.file)),
    );
  }

  override setRuns(): void {
    // A status report answers a payment message, whatever the run.
  }

  protected override canConfirm(check: StatusCheck): boolean {
    return check.model.canRecord;
  }

  protected override startCheck(): Promise<void> {
    const file = this.file.files?.[0];
    if (!file) {
      this.file.focus();
      return Promise.resolve();
    }
    return this.checkWith(t("action.statusCheck"), async (host) => checkStatus(this.pane.engine(host), await file.text(), this.pane.now(), this.stages(host)));
  }

  protected override show({ model }: StatusCheck): void {
    replaceChildren(
      this.output,
      h("p", { className: "headline", id: "status-headline" }, model.headline),
      model.rejected.length ? h("div", { className: "scroll", attrs: { tabindex: "0" } }, problemList(model.rejected, this.pane.showCell, "problems exceptions")) : null,
      ...model.details.map((d) => h("p", { className: "status" }, d)),
    );
  }

  protected override confirm(): Promise<void> {
    return this.applyWith(t("action.status"), async (host, check) => {
      const headline = await this.writing(host, (progress) => recordStatus(this.pane.engine(host), check, this.pane.now(), progress, paneRegister()));
      replaceChildren(this.result, h("p", { className: "headline", id: "status-result-headline" }, headline));
      await this.pane.written();
    });
  }
}
