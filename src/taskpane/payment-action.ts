import { readPaymentParameters } from "../payments/debtor";
import { IssuedPayment, issuedPayments } from "../payments/issued-payments";
import { PreparedPayment, preparePayment } from "../payments/prepare-payment";
import { WorkbookSnapshot } from "../workbook/grid";
import { VENDOR_PAYMENTS_SHEET } from "../payments/vendor-payments-sheet";
import { SignOff, approvalRecord, withApproval } from "../workbook/approval";
import { SHEETS } from "../workbook/contract";
import { t } from "../i18n/i18n";
import { LEDGER_SHEETS } from "../workbook/ledger-state";
import { changedSinceCheck } from "./ap-text";
import { applyOrRestore } from "./apply-or-restore";
import { OutputFile, paymentFile } from "./output-file";
import { PaymentModel, paymentHeadline, paymentKey, paymentModel } from "./payment-model";
import { PaneRegister } from "./payment-register";
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
  /** Transfers of this payment the register of issued payments says were issued before. */
  earlier: IssuedPayment[];
}

/** The second line of defence around a payment (docs/ledger.md). */
export interface PaymentSafety {
  register?: PaneRegister;
  /** The user ticked "pay again": invoices the register names are paid once more. */
  again?: boolean;
  /** The workbook's name, for the register. */
  workbookName?: string;
  /** Where Excel cannot save from an add-in: asks the user to save and resolves once they have. */
  askToSave?: () => Promise<void>;
  /** The names typed on the approval summary, recorded on Approvals with the marks. */
  signOff?: SignOff;
}

/** The register refuses: these transfers were issued before. */
export class AlreadyPaidError extends Error {
  override name = "AlreadyPaidError";
  constructor(readonly earlier: IssuedPayment[]) {
    super(t("pay.alreadyPaid", { n: earlier.length, message: earlier[0]?.messageId ?? "", time: earlier[0]?.time ?? "" }));
  }
}

async function earlierPayments(register: PaneRegister | undefined, snapshot: WorkbookSnapshot, prepared: PreparedPayment, now: Date, date?: string): Promise<IssuedPayment[]> {
  if (!register || prepared.xml === null) return [];
  const { debtor } = readPaymentParameters(snapshot, now, date);
  return register.alreadyPaid(debtor.iban, prepared.selection.payable.map((p) => p.invoice.invoice));
}

/** SHA-256 of the sheets the payment was planned on: which version of the workbook paid. */
async function fingerprint(snapshot: WorkbookSnapshot): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(snapshot)));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
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

export async function checkPayment(host: WorkbookHost, now: Date, randomHex: () => string = webRandomHex, date?: string, register?: PaneRegister): Promise<PaymentCheck> {
  const snapshot = await host.readSnapshot(PAYMENT_SHEETS);
  const prepared = preparePayment(snapshot, { now, randomHex, date });
  return { model: paymentModel(prepared), key: paymentKey(prepared), date, earlier: await earlierPayments(register, snapshot, prepared, now, date) };
}

/**
 * Pays what the user confirmed, or writes nothing. The Paid marks are written before the file
 * is handed out: a pain.001 file without its marks would be paid again by the next one, and a
 * bank executes both. A file lost after the marks are written is recovered from the pane.
 */
export async function payInvoices(host: WorkbookHost, check: PaymentCheck, now: Date, onProgress?: Progress, randomHex: () => string = webRandomHex, safety: PaymentSafety = {}): Promise<PaymentDone> {
  const snapshot = await host.readSnapshot(PAYMENT_SHEETS);
  const prepared = preparePayment(snapshot, { now, randomHex, date: check.date });
  if (paymentKey(prepared) !== check.key || prepared.xml === null || prepared.messageId === null) {
    throw changedSinceCheck(t("pay.changedWhat"), t("pay.changedAgain"));
  }
  const { register } = safety;
  const earlier = await earlierPayments(register, snapshot, prepared, now, check.date);
  if (earlier.length && !safety.again) throw new AlreadyPaidError(earlier);
  const file = paymentFile(prepared.messageId, prepared.xml);
  // The sign-off of the approval page goes in the same patch as the marks: both or neither.
  const payees = new Set(prepared.selection.payable.map((p) => p.invoice.vendorAccount)).size;
  const totals = prepared.totals.map((x) => ({ currency: x.currency, amount: x.total }));
  const record = approvalRecord("Payment", prepared.messageId, now, safety.signOff ?? {}, payees, totals);
  await applyOrRestore(host, snapshot, withApproval(snapshot, prepared.patch, record), onProgress);
  // Marks written: the register learns of the transfers, then Excel saves, and only then is the file offered.
  if (register) {
    const { debtor } = readPaymentParameters(snapshot, now, check.date);
    await register.record(issuedPayments(prepared, { debtorIban: debtor.iban, workbook: safety.workbookName ?? "", workbookSha256: await fingerprint(snapshot), file: file.name, now }));
  }
  if (host.save && !(await host.save())) await safety.askToSave?.();
  return { headline: paymentHeadline(prepared), file };
}
