import { ConfirmedActionView } from "./action-view";
import { h, replaceChildren } from "./dom";
import { PaneContext } from "./pane-context";
import { PaymentCheck, checkPayment, payInvoices } from "./payment-action";
import { problemList } from "./problems-view";

/** Section 7: open vendor invoices to a SEPA pain.001 file, as `reimburse pay` does, after a check. */
export class PaySection extends ConfirmedActionView<PaymentCheck> {
  readonly element: HTMLElement;

  constructor(pane: PaneContext) {
    super(pane, "pay", {
      check: "Check what will be paid",
      confirm: "Pay",
      consequence: "Paying marks these invoices Sent and records them on sheet Vendor payments, then downloads the payment file. Send it to the bank once: the next payment leaves these invoices out.",
    });
    this.element = this.layout(
      "pay",
      "Payable vendor invoices, in any currency, become one ISO 20022 payment file (pain.001.001.09, a block per currency) for the bank; they are then marked Sent and listed on sheet Vendor payments.",
    );
  }

  override setRuns(): void {
    // A payment covers every open invoice, whatever its run.
  }

  protected override canConfirm(check: PaymentCheck): boolean {
    return check.model.canPay;
  }

  protected override startCheck(): Promise<void> {
    return this.checkWith("Checking the payment", (host) => checkPayment(host, this.pane.now()));
  }

  protected override show({ model }: PaymentCheck): void {
    replaceChildren(
      this.output,
      h("p", { className: "headline", id: "pay-headline" }, model.headline),
      h("p", { className: "subhead", id: "pay-exceptions-heading" }, model.exceptionsHeading),
      model.exceptions.length ? h("div", { className: "scroll" }, problemList(model.exceptions, this.pane.showCell, "problems exceptions")) : null,
      model.moreExceptions ? h("p", { className: "status" }, `… and ${model.moreExceptions.toLocaleString("en-US")} more, all listed on sheet Reimbursement exceptions after paying.`) : null,
    );
  }

  protected override confirm(): Promise<void> {
    return this.applyWith("The payment", async (host, check) => {
      const done = await this.writing(host, (progress) => payInvoices(host, check, this.pane.now(), progress));
      // The Paid marks are written: only now may the file leave the pane (payment-action.ts says why).
      this.deliver(this.result, host, done, { headlineId: "pay-result-headline", filePrefix: "pay", marks: "Paid marks", twice: "pay these invoices" });
      await this.pane.written();
    });
  }
}
