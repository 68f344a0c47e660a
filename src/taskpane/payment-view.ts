import { isIsoDate } from "../core/dates";
import { t } from "../i18n/i18n";
import { Child, ValueElement, fluent, h, replaceChildren } from "./dom";
import { ConfirmedActionView } from "./action-view";
import { payApproval } from "./approval-model";
import { readSignOff, renderApproval } from "./approval-view";
import { PaneContext } from "./pane-context";
import { PaymentCheck, checkPayment, payInvoices } from "./payment-action";
import { paneRegister } from "./payment-register";
import { problemList } from "./problems-view";

/** Section "Pay": open vendor invoices to a SEPA pain.001 file, as `reimburse pay` does, after a check. */
export class PaySection extends ConfirmedActionView<PaymentCheck> {
  readonly element: HTMLElement;
  private readonly date: HTMLInputElement;
  private readonly dateMessage = h("div", { id: "pay-date-message", className: "field-message", attrs: { "aria-live": "polite" } });
  private readonly approval = h("div", { id: "pay-approval", className: "approval", attrs: { hidden: true } });
  /** The register's earlier transfers of this payment, and the choice to pay them once more. */
  private readonly earlier = h("div", { id: "pay-earlier", attrs: { hidden: true } });
  private readonly again = fluent("fluent-checkbox", { id: "pay-again", on: { change: () => this.confirmChanged() } }, t("pay.again")) as ValueElement & { checked: boolean };
  private readonly saveAsk = h("div", { id: "pay-save", attrs: { hidden: true, "aria-live": "polite" } });

  constructor(pane: PaneContext) {
    super(pane, "pay", { check: t("pay.check"), confirm: t("pay.confirm"), consequence: t("pay.consequence") });
    // A native date input: the browser's own date picker, in the user's locale; its value is YYYY-MM-DD.
    this.date = h("input", {
      id: "pay-date",
      className: "native-input",
      attrs: { type: "date", "aria-describedby": "pay-date-message" },
      on: { input: () => this.dateChanged(), change: () => this.dateChanged() },
    });
    this.dateMessage.textContent = t("pay.dateEmpty");
    this.element = h("div", { className: "pay card", id: "pay" }, h("h2", {}, t("pay.title")), this.layout("pay-body", t("pay.intro"), h("div", { className: "field" }, h("label", { className: "select-label", attrs: { for: "pay-date" } }, t("pay.date")), this.date, this.dateMessage)));
  }

  override setRuns(): void {
    // A payment covers every open invoice, whatever its run.
  }

  protected override beforeConfirm(): Child[] {
    return [this.earlier, this.saveAsk, this.approval];
  }

  override workbookChanged(): void {
    super.workbookChanged();
    renderApproval(this.approval, null, "pay");
    this.earlier.hidden = true;
  }

  /** The typed date, or null when it is not a date (undefined: empty, the default applies). */
  private chosenDate(): string | undefined | null {
    const text = (this.date.value ?? "").trim();
    if (!text) return undefined;
    return isIsoDate(text) ? text : null;
  }

  private dateChanged(): void {
    const date = this.chosenDate();
    this.dateMessage.textContent = date === null ? t("pay.dateInvalid") : date === undefined ? t("pay.dateEmpty") : "";
    this.dateMessage.classList.toggle("invalid", date === null);
    // A check made for another date no longer says what would be paid.
    this.workbookChanged();
  }

  protected override canConfirm(check: PaymentCheck): boolean {
    return check.model.canPay && (!check.earlier.length || this.again.checked === true);
  }


  /** Where Excel cannot save from an add-in: a message and a button, resolved when the user has saved. */
  private askToSave(): Promise<void> {
    return new Promise((resolve) => {
      const button = fluent("fluent-button", { id: "pay-saved", attrs: { appearance: "accent" }, on: { click: () => {
        this.saveAsk.hidden = true;
        replaceChildren(this.saveAsk);
        resolve();
      } } }, t("pay.saved"));
      replaceChildren(this.saveAsk, h("p", { className: "status" }, t("pay.saveAsk")), button);
      this.saveAsk.hidden = false;
      button.focus();
    });
  }

  protected override startCheck(): Promise<void> {
    const date = this.chosenDate();
    if (date === null) {
      this.date.focus();
      return Promise.resolve();
    }
    this.again.checked = false;
    return this.checkWith(t("action.payCheck"), (host) => checkPayment(this.pane.engine(host), this.pane.now(), undefined, date, paneRegister(), this.stages(host)));
  }

  protected override show(check: PaymentCheck): void {
    const { model, earlier } = check;
    replaceChildren(
      this.earlier,
      ...(earlier.length
        ? [
            h("ul", { className: "problems" }, ...earlier.map((p) => h("li", {}, t("pay.earlierItem", { invoice: p.invoice, currency: p.currency, amount: p.amount, iban: p.creditorIban, message: p.messageId, time: p.time })))),
            h("div", { className: "field" }, this.again),
          ]
        : []),
    );
    this.earlier.hidden = !earlier.length;
    replaceChildren(
      this.output,
      h("p", { className: "headline", id: "pay-headline" }, model.headline),
      h("p", { className: "subhead", id: "pay-exceptions-heading" }, model.exceptionsHeading),
      model.exceptions.length ? h("div", { className: "scroll", attrs: { tabindex: "0" } }, problemList(model.exceptions, this.pane.showCell, "problems exceptions")) : null,
      model.moreExceptions ? h("p", { className: "status" }, t("pay.more", { n: model.moreExceptions })) : null,
    );
    renderApproval(this.approval, model.canPay ? payApproval(model, this.pane.workbookName(), new Date().toISOString().slice(0, 16).replace("T", " ")) : null, "pay");
  }

  protected override confirm(): Promise<void> {
    // Read before applyWith: starting the action resets the section, which clears the approval
    // page and the names typed on it (the browser test caught payments recorded unsigned).
    const signOff = readSignOff(this.approval);
    return this.applyWith(t("action.pay"), async (host, check) => {
      const done = await this.writing(host, (progress) => payInvoices(this.pane.engine(host), check, this.pane.now(), progress, undefined, {
        register: paneRegister(), again: this.again.checked === true, workbookName: this.pane.workbookName(), askToSave: () => this.askToSave(), signOff,
      }));
      renderApproval(this.approval, null, "pay");
      // The Paid marks are written: only now may the file leave the pane (payment-action.ts says why).
      this.deliver(this.result, host, done, { headlineId: "pay-result-headline", filePrefix: "pay", marks: t("pay.marks"), twice: t("pay.twice") });
      await this.pane.written();
    });
  }
}
