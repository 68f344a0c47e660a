import { PreparedPayment } from "../payments/prepare-payment";
import { countText, t } from "../i18n/i18n";
import { money, plural } from "./ap-text";
import { maskIban } from "./approval-model";
import { ExceptionRow, LISTED_EXCEPTIONS } from "./preview-model";
import { paymentReason, problemText } from "./error-model";

/** One transfer as the check lists it: who is paid, to which account, how much. */
export interface PayeeRow {
  name: string;
  iban: string;
  invoice: string;
  amount: string;
}

/** What the Pay section shows before the user confirms. */
export interface PaymentModel {
  headline: string;
  canPay: boolean;
  confirmLabel: string;
  executionDate: string;
  total: string;
  /** Per currency the file pays: [currency, transfers, amount]. */
  totals: string[][];
  /** Every invoice the file pays (the list is cut in the view, not here). */
  payees: PayeeRow[];
  exceptionsHeading: string;
  /** Open invoices left unpaid, each with the cell to fix. */
  exceptions: ExceptionRow[];
  moreExceptions: number;
}

export function paymentModel(prepared: PreparedPayment): PaymentModel {
  const count = prepared.transfers.length;
  // Every currency the file pays, each with its own decimals: a euro-only figure would hide the rest.
  const total = prepared.totals.length ? prepared.totals.map((t) => money(t.total, t.currency)).join(", ") : money(prepared.total, "EUR");
  const exceptions = prepared.selection.exceptions.map((e) => ({ text: problemText({ ...e.source, message: e.reason }, paymentReason), reason: paymentReason(e.reason), sheet: e.source.sheet, cell: e.source.address }));
  return {
    headline: count
      ? t("pay.headline", { invoices: plural(count, "count.invoice"), total, date: prepared.executionDate })
      : t("pay.nothing"),
    canPay: count > 0,
    confirmLabel: t("pay.confirmLabel", { invoices: plural(count, "count.invoice"), total }),
    executionDate: prepared.executionDate,
    total,
    totals: prepared.totals.map((x) => [x.currency, countText(x.count), money(x.total, x.currency)]),
    payees: prepared.selection.payable.map((p) => ({ name: p.creditorName, iban: maskIban(p.creditorIban), invoice: p.invoice.invoice, amount: money(p.invoice.amount, p.invoice.currency) })),
    exceptionsHeading: exceptions.length ? t("pay.exceptionsHeading", { invoices: plural(exceptions.length, "count.openInvoice") }) : t("pay.noExceptions"),
    exceptions: exceptions.slice(0, LISTED_EXCEPTIONS),
    moreExceptions: Math.max(0, exceptions.length - LISTED_EXCEPTIONS),
  };
}

/**
 * What the confirmation covers: which invoices go to whom for how much, on which day, and what
 * is left out. The message id is not part of it: it is new for every file.
 */
export function paymentKey(prepared: PreparedPayment): string {
  return JSON.stringify({
    date: prepared.executionDate,
    paid: prepared.selection.payable.map((p) => [p.invoice.row, p.invoice.invoice, p.invoice.amount.toFixed(), p.creditorIban, p.creditorName, p.remittance]),
    left: prepared.selection.exceptions.map((e) => [e.reason, e.source.sheet, e.source.address]),
  });
}

export function paymentHeadline(prepared: PreparedPayment): string {
  return t("pay.done", { invoices: plural(prepared.transfers.length, "count.invoice"), total: prepared.totals.map((x) => money(x.total, x.currency)).join(", "), date: prepared.executionDate, messageId: prepared.messageId ?? "" });
}
