import { fluent, h, replaceChildren, setDisabled } from "./dom";
import { describeError } from "./error-model";
import { downloadOutput, fileOutput } from "./file-output-view";
import { ActionSection, PaneContext, fileModeWarning, progressText } from "./pane-context";
import { PaymentCheck, checkPayment, payInvoices } from "./payment-action";
import { PaymentModel } from "./payment-model";
import { problemList, renderError } from "./problems-view";

/** Section 7: open vendor invoices to a SEPA pain.001 file, as `reimburse pay` does, after a check. */
export class PaySection implements ActionSection {
  readonly element: HTMLElement;
  private check: PaymentCheck | null = null;
  private state = { connected: false, busy: false };
  private readonly checkButton = fluent("fluent-button", { id: "pay-check", attrs: { appearance: "outline" } }, "Check what will be paid");
  private readonly confirmButton = fluent("fluent-button", { id: "pay-confirm", attrs: { appearance: "accent" } }, "Pay");
  private readonly problems = h("div", { id: "pay-problems", className: "problems-box", attrs: { role: "alert", hidden: true } });
  private readonly status = h("div", { className: "status", attrs: { "aria-live": "polite" } });
  private readonly output = h("div", { id: "pay-output", attrs: { "aria-live": "polite" } });
  private readonly confirmBox = h("div", { id: "pay-confirm-box", className: "confirm", attrs: { role: "alertdialog", hidden: true } });
  private readonly result = h("div", { id: "pay-result" });

  constructor(private readonly pane: PaneContext) {
    this.checkButton.addEventListener("click", () => void this.doCheck());
    this.confirmButton.addEventListener("click", () => void this.pay());
    this.element = h(
      "div",
      { className: "pay" },
      h("p", { className: "status" }, "Open vendor invoices in EUR become one SEPA credit transfer file (pain.001) for the bank; they are then marked Paid and listed on sheet Vendor payments."),
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
    setDisabled(this.checkButton, !state.connected || state.busy);
    setDisabled(this.confirmButton, !state.connected || state.busy || !this.check?.model.canPay);
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

  setRuns(): void {
    // A payment covers every open invoice, whatever its run.
  }

  private doCheck(): Promise<void> {
    return this.pane.busy(async () => {
      const host = this.pane.host();
      if (!host) return;
      this.reset();
      this.status.textContent = "Reading the workbook…";
      try {
        this.check = await checkPayment(host, this.pane.now());
        this.show(this.check.model);
      } catch (error) {
        renderError(this.problems, describeError(error, "Checking the payment"), this.pane.showCell);
      } finally {
        this.status.textContent = "";
      }
    });
  }

  private show(model: PaymentModel): void {
    replaceChildren(
      this.output,
      h("p", { className: "headline", id: "pay-headline" }, model.headline),
      h("p", { className: "subhead", id: "pay-exceptions-heading" }, model.exceptionsHeading),
      model.exceptions.length ? h("div", { className: "scroll" }, problemList(model.exceptions, this.pane.showCell, "problems exceptions")) : null,
      model.moreExceptions ? h("p", { className: "status" }, `… and ${model.moreExceptions.toLocaleString("en-US")} more, all listed on sheet Reimbursement exceptions after paying.`) : null,
    );
    if (!model.canPay) return;
    this.confirmButton.textContent = model.confirmLabel;
    replaceChildren(
      this.confirmBox,
      h("p", {}, "Paying marks these invoices Paid and records them on sheet Vendor payments, then downloads the payment file. Send it to the bank once: the next payment leaves these invoices out."),
      h(
        "div",
        { className: "actions" },
        this.confirmButton,
        fluent("fluent-button", { id: "pay-cancel", attrs: { appearance: "outline" }, on: { click: () => this.workbookChanged() } }, "Cancel"),
      ),
    );
    this.confirmBox.hidden = false;
  }

  private pay(): Promise<void> {
    const check = this.check;
    if (!check) return Promise.resolve();
    return this.pane.busy(async () => {
      const host = this.pane.host();
      if (!host) return;
      // One confirmation pays once: a second click finds no check to pay.
      this.workbookChanged();
      renderError(this.problems, null, this.pane.showCell);
      replaceChildren(this.result);
      this.status.textContent = "Reading the workbook…";
      try {
        const done = await payInvoices(host, check, this.pane.now(), (d, t) => (this.status.textContent = progressText(host, d, t)));
        this.status.textContent = "";
        // The Paid marks are written: only now may the file leave the pane (payment-action.ts says why).
        downloadOutput(done.file);
        const warning = fileModeWarning(host, "Paid marks", "pay these invoices");
        replaceChildren(
          this.result,
          h("p", { className: "headline", id: "pay-result-headline" }, done.headline),
          warning ? h("p", { className: "warning" }, warning) : null,
          fileOutput(done.file, "pay"),
        );
        await this.pane.written();
      } catch (error) {
        renderError(this.problems, describeError(error, "The payment"), this.pane.showCell);
      } finally {
        this.status.textContent = "";
      }
    });
  }
}
