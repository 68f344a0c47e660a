import { formatMoney, Money } from "./money";
import { CellRef } from "./types";

/**
 * The state of a reimbursement invoice, derived from append-only records only (docs/ledger-state.md):
 * - paid (issued) when a transfer for it is on *Vendor payments* and no bank status rejected it;
 * - cancelled when a reversal gave its credit back (a "Reimbursement reversal" transaction);
 * - exported when the *Export log* holds it (a cancellation: a Cancellation line there).
 * Status and Exported cells are a view of this. A cell can be typed over; a record is never
 * changed, so a contradiction between the two stops the command rather than trusting the cell.
 */
export type InvoiceStatus = "Open" | "Sent" | "Paid" | "Rejected" | "Cancelled";

/** The Reimbursements sheet's view of the same facts. */
export type ReimbursementStatus = "Open" | "Sent" | "Paid" | "Rejected" | "Reversed";

/**
 * The ISO 20022 statuses (pain.002 GrpSts / PmtInfSts / TxSts) that mean the bank accepted or
 * settled a transfer: a Sent invoice becomes Paid (issue 11, docs/payments.md).
 */
const ACCEPTED_BANK_STATUSES = new Set(["ACCC", "ACCP", "ACFC", "ACSC", "ACSP", "ACWC", "ACWP", "PAID"]);

export function isAcceptedBankStatus(code: string): boolean {
  return ACCEPTED_BANK_STATUSES.has(code.trim().toUpperCase());
}

/** One record row, by where it is, so a message can name it. */
export interface RecordRef {
  source: CellRef;
  /** 1-based sheet row. */
  row: number;
}

/** What a bank said about one transfer (pain.002): only a rejection undoes a payment. */
export type TransferOutcome = "issued" | "rejected";

export interface TransferRecord extends RecordRef {
  paymentId: string;
  messageId: string | null;
  amount: Money | null;
  currency: string | null;
}

/** A status a bank reported (the Payment status sheet, issue 11), by message and transfer. */
export interface TransferStatusRecord extends RecordRef {
  messageId: string | null;
  /** Blank: the status is the whole message's (pain.002 group status). */
  paymentId: string | null;
  /** Blank: any invoice of that message / transfer. */
  invoice: string | null;
  rejected: boolean;
  /** The bank accepted or settled it (ACCP, ACSC...): the invoice is Paid, no longer only Sent. */
  accepted: boolean;
}

export interface InvoiceRecords {
  transfers: readonly TransferRecord[];
  reversals: readonly RecordRef[];
  exports: readonly RecordRef[];
  cancellationExports: readonly RecordRef[];
}

const same = (a: string | null, b: string | null): boolean => (a ?? "").trim().toUpperCase() === (b ?? "").trim().toUpperCase();

/**
 * The one rule for whether a transfer stands: it was issued unless a status record for it (or for
 * its whole message) says the bank rejected it. Pending or unknown is issued: money may leave.
 */
export function transferOutcome(transfer: TransferRecord, invoice: string, statuses: readonly TransferStatusRecord[]): TransferOutcome {
  return statuses.some((s) => s.rejected && statusFor(s, transfer, invoice)) ? "rejected" : "issued";
}

/** Whether a bank status accepted or settled the transfer (and none rejected it). */
export function transferAccepted(transfer: TransferRecord, invoice: string, statuses: readonly TransferStatusRecord[]): boolean {
  return transferOutcome(transfer, invoice, statuses) === "issued" && statuses.some((s) => s.accepted && statusFor(s, transfer, invoice));
}

function statusFor(s: TransferStatusRecord, transfer: TransferRecord, invoice: string): boolean {
  if (!s.messageId || !same(s.messageId, transfer.messageId)) return false;
  if (s.paymentId && !same(s.paymentId, transfer.paymentId)) return false;
  return !s.invoice || same(s.invoice, invoice);
}

/** What the bank said about an invoice's transfers (the Payment status sheet). */
export interface BankAnswers {
  /** A standing transfer was accepted or settled by the bank. */
  accepted: boolean;
  /** A transfer was rejected (and none stands): nothing left the company, it may be paid again. */
  rejected: boolean;
}

/**
 * Sent, Paid, Rejected, Cancelled or Open, from the records alone; null when the records
 * contradict each other. A transfer issued is Sent until the bank accepts it (Paid).
 */
export function invoiceStatusOf(records: InvoiceRecords, bank: BankAnswers = { accepted: false, rejected: false }): InvoiceStatus | null {
  const issued = records.transfers.length > 0;
  const reversed = records.reversals.length > 0;
  if (issued && reversed) return null;
  if (issued) return bank.accepted ? "Paid" : "Sent";
  return reversed ? "Cancelled" : bank.rejected ? "Rejected" : "Open";
}

export function reimbursementStatusOf(invoice: InvoiceStatus): ReimbursementStatus {
  return invoice === "Cancelled" ? "Reversed" : invoice;
}

/** A Status cell read against the known words; anything else (Void, On hold) is kept as typed. */
export type StatusCell = { known: InvoiceStatus | ReimbursementStatus } | { unknown: string };

const KNOWN_STATUS: Readonly<Record<string, InvoiceStatus | ReimbursementStatus>> = {
  "": "Open", open: "Open", paid: "Paid", cancelled: "Cancelled", canceled: "Cancelled", reversed: "Reversed",
  sent: "Sent", rejected: "Rejected",
};

/**
 * Views that say no more than the records and need no correction: Paid on a Sent invoice (the
 * payment confirmed from the bank statement, or marked by a version before status reports), and
 * Open on a Rejected one (both mean payable).
 */
function acceptableView(cell: InvoiceStatus | ReimbursementStatus, derived: InvoiceStatus | ReimbursementStatus): boolean {
  return (cell === "Paid" && derived === "Sent") || (cell === "Open" && derived === "Rejected");
}

export function readStatusCell(text: string | null): StatusCell {
  const word = (text ?? "").trim();
  const known = KNOWN_STATUS[word.toLowerCase()];
  return known ? { known } : { unknown: word };
}

/**
 * Why a Status cell contradicts the records, or null. `evidence` names the record behind the
 * derived status (for Open: a rejected transfer, or null when no record exists). A status the records do not know (On hold)
 * on an open invoice is no contradiction but a hold (see invoiceStanding); on a paid or cancelled
 * one it hides what happened, which is.
 */
export function statusContradiction(cell: StatusCell, derived: InvoiceStatus | ReimbursementStatus, evidence: string | null): string | null {
  if ("known" in cell) {
    if (cell.known === derived || acceptableView(cell.known, derived)) return null;
    if (derived === "Open") {
      if (evidence) return `Status says ${cell.known}, but ${evidence}; set it back to Open`;
      return cell.known === "Paid"
        ? `Status says Paid, but no transfer for it is on sheet Vendor payments; a payment made outside Reimburse is recorded by adding its row there, otherwise set Status back to Open`
        : `Status says ${cell.known}, but no reversal records it; to cancel a reimbursement reverse its run (reimburse reverse --run), otherwise set Status back to Open`;
    }
    return `Status says ${cell.known === "Open" ? "Open (or is empty)" : cell.known}, but ${evidence}; set it back to ${derived}`;
  }
  return derived === "Open" ? null : `Status says '${cell.unknown}', but ${evidence ?? "the records say otherwise"}; set it back to ${derived}`;
}

/** Why an Exported-style mark contradicts the export log, or null. */
export function exportMarkContradiction(marked: boolean, logged: readonly RecordRef[], what: string, header: string): string | null {
  if (marked === logged.length > 0) return null;
  return marked
    ? `${header} is filled in, but the ${what} is not on sheet Export log; clear the cell, or add the export's row to the log`
    : `${header} is empty, but the ${what} was exported (sheet Export log, row ${logged[0].row}); put the export date back`;
}

/** The facts the one definition of "payable" weighs, beyond the records. */
export interface InvoiceFacts {
  status: InvoiceStatus;
  cell: StatusCell;
  statusSource: CellRef;
  /** The first unreadable cell of the invoice row, if any. */
  problem: { reason: string; source: CellRef } | null;
  /** Why invoice, reimbursement and customer transaction disagree, if they do. */
  mismatch: { reason: string; source: CellRef } | null;
}

/**
 * The one definition of "payable", used by export and pay alike: an open invoice, with a known
 * status, every cell readable and its three records in agreement. Paid and cancelled invoices are
 * what the records say; everything else is held back as an exception naming its cell.
 */
export type InvoiceStanding =
  | { kind: "payable" }
  | { kind: "paid" }
  | { kind: "cancelled" }
  | { kind: "held"; reason: string; source: CellRef };

export function invoiceStanding(facts: InvoiceFacts): InvoiceStanding {
  // Sent: the money may leave (the bank has not answered yet); it is not payable a second time.
  if (facts.status === "Paid" || facts.status === "Sent") return { kind: "paid" };
  if (facts.status === "Cancelled") return { kind: "cancelled" };
  if ("unknown" in facts.cell) {
    return { kind: "held", reason: `its Status is '${facts.cell.unknown}', which Reimburse does not know (Open, Paid, Cancelled); set it to Open to release it`, source: facts.statusSource };
  }
  if (facts.problem) return { kind: "held", ...facts.problem };
  if (facts.mismatch) return { kind: "held", ...facts.mismatch };
  return { kind: "payable" };
}

/** One side of the three-way match, with the cells its amount and customer came from. */
export interface MatchSide {
  what: string;
  amount: Money;
  currency: string;
  customerAccount: string | null;
  amountSource: CellRef;
}

/**
 * The three-way match before money leaves: the invoice, the reimbursement that made it and the
 * customer transaction that removed the credit must name the same customer, currency and amount.
 * The cell blamed is the one the other two disagree with (an edit is usually in one place).
 */
export function threeWayMismatch(invoice: MatchSide, reimbursement: MatchSide | null, transaction: MatchSide | null, invoiceNumber: string): { reason: string; source: CellRef } | null {
  if (!reimbursement) return { reason: `no row on sheet Reimbursements carries invoice ${invoiceNumber}, so the credit it pays cannot be checked`, source: invoice.amountSource };
  if (!transaction) {
    return { reason: `no reimbursement transaction on sheet Customer transactions carries invoice ${invoiceNumber} (Type Reimbursement, Document ${invoiceNumber}), so the credit was never removed`, source: invoice.amountSource };
  }
  const sides = [invoice, reimbursement, transaction];
  const key = (s: MatchSide): string => `${s.currency}|${s.amount.toFixed()}|${(s.customerAccount ?? "").trim().toUpperCase()}`;
  const keys = sides.map(key);
  if (keys[0] === keys[1] && keys[1] === keys[2]) return null;
  const odd = keys[1] === keys[2] ? 0 : keys[0] === keys[2] ? 1 : keys[0] === keys[1] ? 2 : 0;
  const told = sides.map((s) => `${s.what} ${formatMoney(s.amount, s.currency)} ${s.currency}${s.customerAccount ? ` for customer ${s.customerAccount}` : ""}`).join(", ");
  return { reason: `invoice, reimbursement and customer transaction disagree (${told}); one of them was edited`, source: sides[odd].amountSource };
}
