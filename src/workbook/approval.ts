import { Money } from "../core/money";
import { appendRows } from "./append";
import { formatTotals } from "./audit";
import { COLUMNS, SHEETS } from "./contract";
import { WorkbookPatch, WorkbookSnapshot } from "./grid";

/** The names typed on the approval page before Run or Pay; blank when nobody typed one. */
export interface SignOff {
  preparedBy?: string;
  approvedBy?: string;
}

/** One row of the Approvals sheet: what was signed off, by whom, when, for how much. */
export interface ApprovalRecord {
  /** What was approved: a reimbursement run or a payment file. */
  action: "Run" | "Payment";
  /** The run id, or the payment file's message id. */
  reference: string;
  /** ISO timestamp (UTC) of the host's clock. */
  time: string;
  preparedBy: string | null;
  approvedBy: string | null;
  payees: number;
  /** "EUR 120.50; USD 10.00", each with its currency's decimals. */
  totals: string;
}

const name = (typed: string | undefined): string | null => typed?.replace(/\s+/g, " ").trim() || null;

export function approvalRecord(
  action: ApprovalRecord["action"],
  reference: string,
  now: Date,
  signOff: SignOff,
  payees: number,
  totals: readonly { currency: string; amount: Money }[],
): ApprovalRecord {
  return {
    action,
    reference,
    time: now.toISOString(),
    preparedBy: name(signOff.preparedBy),
    approvedBy: name(signOff.approvedBy),
    payees,
    totals: formatTotals(totals),
  };
}

/**
 * The patch with the approval row added: the sign-off is written with what it approves or not
 * at all, so a run without its approval (or an approval of a run never written) cannot exist.
 */
export function withApproval(snapshot: WorkbookSnapshot, patch: WorkbookPatch, record: ApprovalRecord): WorkbookPatch {
  const row = {
    Approved: record.action, Reference: record.reference, Time: record.time, "Prepared by": record.preparedBy,
    "Approved by": record.approvedBy, Payees: record.payees, Totals: record.totals || null,
  };
  const sheet = appendRows(snapshot, SHEETS.approvals, COLUMNS.approvals, [row]);
  // appendRows returns null only for no rows; one row is always given.
  if (!sheet) throw new Error("no approval row to write");
  return { sheets: [...patch.sheets, sheet] };
}
