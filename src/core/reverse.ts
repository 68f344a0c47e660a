import { todayIso } from "./dates";
import { Money, ZERO, formatMoney } from "./money";
import { CustomerTransaction, IsoDate } from "./types";

/** A Reimbursements row as a reversal needs it (the workbook's ReimbursementRow fits). */
export interface ReimbursementRecord {
  /** 1-based sheet row. */
  row: number;
  runId: string;
  date: IsoDate | null;
  customerAccount: string;
  currency: string;
  /** The credit that was removed, positive. */
  amount: Money;
  invoice: string | null;
  /** Open (or blank), Paid or Reversed. */
  status: string;
  /** Cells of the row that could not be read, as full messages. */
  problems: readonly string[];
}

/** A Vendor invoices row as a reversal needs it (the workbook's InvoiceRow fits). */
export interface InvoiceRecord {
  row: number;
  invoice: string;
  currency: string;
  amount: Money;
  /** Open (or blank), Paid or Cancelled. */
  status: string;
  problems: readonly string[];
}

export interface ReversalInput {
  runId: string;
  reimbursements: readonly ReimbursementRecord[];
  invoices: readonly InvoiceRecord[];
  /** Ids already used by runs and reversals, so the reversal's own id is new. */
  existingIds: readonly string[];
  now: Date;
  /** Date of the reversing transactions; by default each reimbursement's own date. */
  date?: IsoDate;
  /**
   * A last check per reimbursement that passed the others (its customer transaction still there
   * and agreeing); a reason refuses it.
   */
  verify?: (r: ReimbursementRecord) => string | null;
}

export interface ReversedReimbursement {
  reimbursementRow: number;
  invoiceRow: number;
  /** False when the invoice was already Cancelled by hand: it is left as it is. */
  cancelInvoice: boolean;
  customerAccount: string;
  currency: string;
  amount: Money;
  invoice: string;
  date: IsoDate;
}

export interface RefusedReimbursement {
  row: number;
  customerAccount: string;
  currency: string;
  amount: Money;
  invoice: string | null;
  reason: string;
}

export interface ReversalPlan {
  reversalId: string;
  /** The run id as the Reimbursements sheet spells it (the user's may differ in case). */
  runId: string;
  /** How many reimbursements the run made. */
  found: number;
  reversed: ReversedReimbursement[];
  alreadyReversed: number;
  refused: RefusedReimbursement[];
  /** The customer transactions that give the credits back. */
  transactions: CustomerTransaction[];
  totals: { currency: string; amount: Money }[];
}

export const REVERSAL_TYPE = "Reimbursement reversal";
export const REVERSAL_ID_PREFIX = "REV-";

const sameId = (a: string, b: string): boolean => a.trim().toUpperCase() === b.trim().toUpperCase();
const statusOf = (status: string): string => status.trim().toLowerCase() || "open";

/**
 * Plans the reversal of one run: each Open reimbursement gets its credit back through an opposite
 * customer transaction, its invoice is cancelled, and it is marked Reversed. Paid ones are refused:
 * the money has left, and only AP can recover it. Anything that cannot be checked is refused too,
 * never guessed. Pure: the caller writes the result.
 */
export function planReversal(input: ReversalInput): ReversalPlan {
  const ofRun = input.reimbursements.filter((r) => sameId(r.runId, input.runId));
  const invoicesByNumber = new Map<string, InvoiceRecord[]>();
  for (const inv of input.invoices) {
    const key = inv.invoice.trim().toUpperCase();
    if (!key) continue;
    invoicesByNumber.set(key, [...(invoicesByNumber.get(key) ?? []), inv]);
  }
  const reversalId = newReversalId(input.now, input.existingIds);
  const reversed: ReversedReimbursement[] = [];
  const refused: RefusedReimbursement[] = [];
  let alreadyReversed = 0;
  for (const r of ofRun) {
    if (statusOf(r.status) === "reversed") {
      alreadyReversed++;
      continue;
    }
    const assessed = assess(r, invoicesByNumber);
    const rejected = "reason" in assessed ? null : input.verify?.(r) ?? null;
    const outcome = rejected ? { reason: rejected } : assessed;
    if ("reason" in outcome) {
      refused.push({ row: r.row, customerAccount: r.customerAccount, currency: r.currency, amount: r.amount, invoice: r.invoice, reason: outcome.reason });
      continue;
    }
    reversed.push({
      reimbursementRow: r.row,
      invoiceRow: outcome.invoice.row,
      cancelInvoice: statusOf(outcome.invoice.status) !== "cancelled",
      customerAccount: r.customerAccount,
      currency: r.currency,
      amount: r.amount,
      invoice: outcome.invoice.invoice,
      date: input.date ?? r.date ?? todayIso(input.now),
    });
  }
  return {
    reversalId,
    runId: ofRun[0]?.runId ?? input.runId.trim(),
    found: ofRun.length,
    reversed,
    alreadyReversed,
    refused,
    transactions: reversed.map((x) => ({
      account: x.customerAccount,
      date: x.date,
      currency: x.currency,
      // The reimbursement removed the credit with +amount; -amount puts it back.
      amount: x.amount.negated(),
      type: REVERSAL_TYPE,
      document: x.invoice,
      runId: reversalId,
      source: { sheet: "Customer transactions", address: "" },
    })),
    totals: totalsOf(reversed),
  };
}

function assess(r: ReimbursementRecord, invoices: Map<string, InvoiceRecord[]>): { invoice: InvoiceRecord } | { reason: string } {
  const status = statusOf(r.status);
  if (status === "paid") return { reason: "it is Paid: the money has left the company; recover it from the vendor instead" };
  if (status === "sent") return { reason: "it is Sent to the bank: import the bank's status report first (reimburse payment-status); a Rejected one can be reversed" };
  // A transfer the bank rejected never left the company: the reimbursement can be undone.
  if (status !== "open" && status !== "rejected") return { reason: `its Status is '${r.status.trim()}'; only Open reimbursements can be reversed` };
  if (r.problems.length) return { reason: `its row cannot be read: ${r.problems[0]}` };
  if (!r.amount.isPositive() || r.amount.isZero()) return { reason: `its amount ${r.amount.toFixed()} is not a positive credit` };
  if (!r.invoice) return { reason: "it has no invoice number, so whether it was paid cannot be checked" };
  const found = invoices.get(r.invoice.trim().toUpperCase()) ?? [];
  if (!found.length) return { reason: `its invoice ${r.invoice} is not on sheet Vendor invoices, so whether it was paid cannot be checked` };
  if (found.length > 1) return { reason: `its invoice ${r.invoice} appears ${found.length} times on sheet Vendor invoices (rows ${found.map((f) => f.row).join(", ")}); keep one` };
  const invoice = found[0];
  if (invoice.problems.length) return { reason: `its invoice ${r.invoice} cannot be read: ${invoice.problems[0]}` };
  const invoiceStatus = statusOf(invoice.status);
  if (invoiceStatus === "paid") return { reason: `its invoice ${invoice.invoice} is Paid: the money has left the company; recover it from the vendor instead` };
  if (invoiceStatus === "sent") return { reason: `its invoice ${invoice.invoice} is Sent to the bank: import the bank's status report first (reimburse payment-status)` };
  if (invoiceStatus !== "open" && invoiceStatus !== "cancelled" && invoiceStatus !== "rejected") {
    return { reason: `its invoice ${invoice.invoice} has Status '${invoice.status.trim()}'; only Open invoices can be cancelled` };
  }
  if (invoice.currency !== r.currency || !invoice.amount.equals(r.amount)) {
    return {
      reason: `its invoice ${invoice.invoice} is for ${formatMoney(invoice.amount, invoice.currency)} ${invoice.currency}, the reimbursement for ${formatMoney(r.amount, r.currency)} ${r.currency}; one of them was edited`,
    };
  }
  return { invoice };
}

function totalsOf(reversed: readonly ReversedReimbursement[]): { currency: string; amount: Money }[] {
  const totals = new Map<string, Money>();
  for (const x of reversed) totals.set(x.currency, (totals.get(x.currency) ?? ZERO).plus(x.amount));
  return [...totals].sort(([a], [b]) => a.localeCompare(b)).map(([currency, amount]) => ({ currency, amount }));
}

/** REV-YYYYMMDD-HHMMSS (UTC), like a run id, with a suffix if that second is taken. */
export function newReversalId(now: Date, existing: Iterable<string>): string {
  const taken = new Set([...existing].map((id) => id.trim().toUpperCase()));
  const base = `${REVERSAL_ID_PREFIX}${now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15)}`;
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
