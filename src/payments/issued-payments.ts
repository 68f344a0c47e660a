import { formatMoney } from "../core/money";
import { parseText } from "../workbook/cells";
import { headerKey } from "../workbook/contract";
import { WorkbookSnapshot } from "../workbook/grid";
import { readParameterCells } from "../workbook/read-parameters";
import { PAYMENT_PARAMETER_NAMES } from "./debtor";
import { normaliseIban } from "./iban";
import { PreparedPayment } from "./prepare-payment";

/**
 * The register of issued payments, host-neutral: what an entry holds and what the entries say
 * in order. The CLI keeps them as JSON lines in the user's data folder (src/file/payment-register.ts),
 * the task pane in the browser's storage (src/taskpane/payment-register.ts); both decide with
 * these functions, so "paid before" means the same everywhere.
 */

export interface IssuedPayment {
  kind: "payment";
  debtorIban: string;
  invoice: string;
  customer: string | null;
  vendor: string;
  /** Decimal text in the currency's minor units, "120.50": never a float. */
  amount: string;
  currency: string;
  creditorIban: string;
  messageId: string;
  paymentId: string;
  executionDate: string;
  /** ISO time the payment file was issued. */
  time: string;
  /** The workbook whose marks record the payment: its real path (CLI) or its name (pane). */
  workbook: string;
  /** SHA-256 of the workbook the payment was planned on (the pane: of the sheets it read). */
  workbookSha256: string;
  /** The payment file: its real path (CLI) or the name the pane offered it under. */
  file: string;
}

/** A transfer the bank rejected or returned (recorded from pain.002 / camt). */
export interface RejectedPayment {
  kind: "rejection";
  debtorIban: string;
  invoice: string;
  messageId: string;
  /** The rejected transfer's payment id; without it, every transfer of the invoice in that message. */
  paymentId?: string;
  reason: string;
  time: string;
  /** The bank's status report the rejection came from, if any. */
  file?: string;
}

export type RegisterEntry = IssuedPayment | RejectedPayment;

export const normaliseAccount = (iban: string): string => iban.replace(/\s+/g, "").toUpperCase();
const invoiceKey = (invoice: string): string => invoice.trim().toUpperCase();

/** The payments that stand (issued and not rejected since), by invoice: the entries read in order, as a bank statement. */
export function standingPayments(entries: readonly RegisterEntry[]): Map<string, IssuedPayment[]> {
  const byInvoice = new Map<string, IssuedPayment[]>();
  for (const entry of entries) {
    const key = invoiceKey(entry.invoice);
    const list = byInvoice.get(key) ?? [];
    if (entry.kind === "payment") list.push(entry);
    else {
      const kept = list.filter((p) => p.messageId !== entry.messageId || (entry.paymentId !== undefined && p.paymentId !== entry.paymentId));
      list.splice(0, list.length, ...kept);
    }
    byInvoice.set(key, list);
  }
  for (const [key, list] of byInvoice) if (!list.length) byInvoice.delete(key);
  return byInvoice;
}

/** Of these invoices, the ones the entries say were paid already, each with its latest standing payment. */
export function alreadyPaidIn(entries: readonly RegisterEntry[], invoices: readonly string[]): IssuedPayment[] {
  const standing = standingPayments(entries);
  return invoices.flatMap((invoice) => standing.get(invoiceKey(invoice))?.slice(-1) ?? []);
}

/** Where and when a payment file was issued, for its register entries. */
export interface Issue {
  debtorIban: string;
  workbook: string;
  workbookSha256: string;
  file: string;
  now: Date;
}

/** The register's entries for a payment, one per transfer. */
export function issuedPayments(prepared: PreparedPayment, issue: Issue): IssuedPayment[] {
  return prepared.selection.payable.map((p, i) => ({
    kind: "payment",
    debtorIban: issue.debtorIban,
    invoice: p.invoice.invoice,
    customer: p.invoice.customerAccount,
    vendor: p.invoice.vendorAccount,
    amount: formatMoney(p.invoice.amount, p.invoice.currency),
    currency: p.invoice.currency,
    creditorIban: p.creditorIban,
    messageId: prepared.messageId ?? "",
    paymentId: prepared.transfers[i].paymentId,
    executionDate: prepared.executionDate,
    time: issue.now.toISOString(),
    workbook: issue.workbook,
    workbookSha256: issue.workbookSha256,
    file: issue.file,
  }));
}

/** A status report's rejected transfers as register entries: each invoice may be paid again. */
export function rejectionEntries(
  debtorIban: string,
  rejected: readonly { invoice: string; messageId: string; paymentId: string; words: string }[],
  now: Date,
  file?: string,
): RejectedPayment[] {
  return rejected.map((r) => ({ kind: "rejection", debtorIban, invoice: r.invoice, messageId: r.messageId, paymentId: r.paymentId, reason: r.words, time: now.toISOString(), ...(file ? { file } : {}) }));
}

/** A stored value read back: an entry, or null for anything else (a torn or hand-edited line). */
export function asRegisterEntry(value: unknown): RegisterEntry | null {
  const v = value as Partial<RegisterEntry> | null;
  if (v && typeof v === "object" && (v.kind === "payment" || v.kind === "rejection") && typeof v.invoice === "string" && typeof v.debtorIban === "string" && typeof v.messageId === "string") {
    return v as RegisterEntry;
  }
  return null;
}

/** The debtor account the payments were made from, as the register files them; null when unreadable. */
export function debtorIbanOf(snapshot: WorkbookSnapshot): string | null {
  const cell = readParameterCells(snapshot).get(headerKey(PAYMENT_PARAMETER_NAMES.debtorIban));
  const text = cell ? parseText(cell.value) : null;
  return text?.ok && text.value ? normaliseIban(text.value) : null;
}
