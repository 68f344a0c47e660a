import { PreparedPayment } from "../payments/prepare-payment";
import { formatProblem } from "../workbook/errors";
import { money, plural } from "./ap-text";
import { ExceptionRow, LISTED_EXCEPTIONS } from "./preview-model";

/** What the Pay section shows before the user confirms. */
export interface PaymentModel {
  headline: string;
  canPay: boolean;
  confirmLabel: string;
  exceptionsHeading: string;
  /** Open invoices left unpaid, each with the cell to fix. */
  exceptions: ExceptionRow[];
  moreExceptions: number;
}

export function paymentModel(prepared: PreparedPayment): PaymentModel {
  const count = prepared.transfers.length;
  // Every currency the file pays, each with its own decimals: a euro-only figure would hide the rest.
  const total = prepared.totals.length ? prepared.totals.map((t) => money(t.total, t.currency)).join(", ") : money(prepared.total, "EUR");
  const exceptions = prepared.selection.exceptions.map((e) => ({ text: formatProblem({ ...e.source, message: e.reason }), sheet: e.source.sheet, cell: e.source.address }));
  return {
    headline: count
      ? `${plural(count, "invoice")} to pay: ${total}, requested execution date ${prepared.executionDate}`
      : "Nothing to pay: no open vendor invoice can be paid.",
    canPay: count > 0,
    confirmLabel: `Pay ${plural(count, "invoice")} (${total})`,
    exceptionsHeading: exceptions.length ? `${plural(exceptions.length, "open invoice")} not paid` : "Every open invoice can be paid.",
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
  return (
    `Paid ${plural(prepared.transfers.length, "invoice")}, ${prepared.totals.map((t) => money(t.total, t.currency)).join(", ")}, execution date ${prepared.executionDate}, message ${prepared.messageId ?? ""}; ` +
    "recorded on sheet Vendor payments and marked Sent. Send the file to the bank once; its status report makes them Paid."
  );
}
