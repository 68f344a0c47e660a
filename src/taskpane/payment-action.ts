import { preparePayment } from "../payments/prepare-payment";
import { VENDOR_PAYMENTS_SHEET } from "../payments/vendor-payments-sheet";
import { SignOff, approvalRecord, withApproval } from "../workbook/approval";
import { SHEETS } from "../workbook/contract";
import { t } from "../i18n/i18n";
import { LEDGER_SHEETS } from "../workbook/ledger-state";
import { changedSinceCheck } from "./ap-text";
import { applyOrRestore } from "./apply-or-restore";
import { OutputFile, paymentFile } from "./output-file";
import { PaymentModel, paymentHeadline, paymentKey, paymentModel } from "./payment-model";
import { Progress, WorkbookHost } from "./workbook-host";

/**
 * The sheets preparePayment reads. Vendor payments is not a contract sheet, so Excel's default
 * read would miss it: the next payment would then try to create it again and reuse message ids.
 */
export const PAYMENT_SHEETS: readonly string[] = [
  SHEETS.parameters, SHEETS.customers, SHEETS.vendors, SHEETS.oneTimeVendors, SHEETS.exceptions, VENDOR_PAYMENTS_SHEET, SHEETS.approvals, ...LEDGER_SHEETS,
];

export interface PaymentCheck {
  model: PaymentModel;
  /** What the user confirms; paying refuses to write anything else. */
  key: string;
  /** The execution date the user asked for; absent: the Parameters sheet's, else today. */
  date?: string;
}

export interface PaymentDone {
  headline: string;
  file: OutputFile;
}

/** Six random hex digits for the message id, from the browser's (or Node's) Web Crypto. */
export function webRandomHex(): string {
  const bytes = new Uint8Array(3);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export async function checkPayment(host: WorkbookHost, now: Date, randomHex: () => string = webRandomHex, date?: string): Promise<PaymentCheck> {
  const prepared = preparePayment(await host.readSnapshot(PAYMENT_SHEETS), { now, randomHex, date });
  return { model: paymentModel(prepared), key: paymentKey(prepared), date };
}

/**
 * Pays what the user confirmed, or writes nothing. The Paid marks are written before the file
 * is handed out: a pain.001 file without its marks would be paid again by the next one, and a
 * bank executes both. A file lost after the marks are written is recovered from the pane.
 */
export async function payInvoices(host: WorkbookHost, check: PaymentCheck, now: Date, onProgress?: Progress, randomHex: () => string = webRandomHex, signOff: SignOff = {}): Promise<PaymentDone> {
  const snapshot = await host.readSnapshot(PAYMENT_SHEETS);
  const prepared = preparePayment(snapshot, { now, randomHex, date: check.date });
  if (paymentKey(prepared) !== check.key || prepared.xml === null || prepared.messageId === null) {
    throw changedSinceCheck(t("pay.changedWhat"), t("pay.changedAgain"));
  }
  // The sign-off of the approval page goes in the same patch as the Paid marks: both or neither.
  const payees = new Set(prepared.selection.payable.map((p) => p.invoice.vendorAccount)).size;
  const totals = prepared.totals.map((x) => ({ currency: x.currency, amount: x.total }));
  const record = approvalRecord("Payment", prepared.messageId, now, signOff, payees, totals);
  await applyOrRestore(host, snapshot, withApproval(snapshot, prepared.patch, record), onProgress);
  return { headline: paymentHeadline(prepared), file: paymentFile(prepared.messageId, prepared.xml) };
}
