import { ReversalPlan } from "../core/reverse";
import { COLUMNS, SHEETS } from "../workbook/contract";
import { formatProblem } from "../workbook/errors";
import { WorkbookSnapshot, cellAddress } from "../workbook/grid";
import { columnOf, optionalTable } from "../workbook/table";
import { money, plural } from "./ap-text";
import { ExceptionRow, LISTED_EXCEPTIONS } from "./preview-model";

/** What the Reverse section shows before the user confirms. */
export interface ReversalModel {
  runId: string;
  headline: string;
  canReverse: boolean;
  confirmLabel: string;
  /** "C001: 120.00 EUR, invoice RB-000001", the reimbursements to reverse. */
  reversed: string[];
  moreReversed: number;
  refusedHeading: string;
  /** Reimbursements that cannot be reversed (paid, edited), each with its Status cell. */
  refused: ExceptionRow[];
  moreRefused: number;
}

/** The Status cell of a Reimbursements row: where a refusal's reason can be checked. */
export function reimbursementStatusCell(snapshot: WorkbookSnapshot): (row: number) => string {
  const table = optionalTable(snapshot, SHEETS.reimbursements, COLUMNS.reimbursements, false);
  const col = table ? Math.max(columnOf(table, "Status"), 0) : 0;
  return (row) => cellAddress(row, (table?.grid.startCol ?? 1) + col);
}

const totalsText = (plan: ReversalPlan): string => plan.totals.map((t) => money(t.amount, t.currency)).join(", ");

function headline(plan: ReversalPlan): string {
  const n = plan.found;
  if (plan.reversed.length) {
    return `${plan.reversed.length.toLocaleString("en-US")} of ${plural(n, "reimbursement")} of ${plan.runId} can be reversed: ${totalsText(plan)} of credit given back to the customers, their invoices cancelled.`;
  }
  if (n === 0) return `Nothing to reverse: ${plan.runId} reimbursed no customer.`;
  if (plan.alreadyReversed === n) {
    return `Nothing to reverse: ${n === 1 ? `the only reimbursement of ${plan.runId} is` : `all ${n.toLocaleString("en-US")} reimbursements of ${plan.runId} are`} already reversed.`;
  }
  return `Nothing can be reversed in ${plan.runId}: ${plural(plan.refused.length, "reimbursement")} of ${n.toLocaleString("en-US")} cannot be (see below).`;
}

export function reversalModel(plan: ReversalPlan, statusCell: (row: number) => string): ReversalModel {
  const reversed = plan.reversed.map((x) => `${x.customerAccount}: ${money(x.amount, x.currency)}, invoice ${x.invoice}${x.cancelInvoice ? "" : " (already cancelled)"}`);
  const refused = plan.refused.map((x) => {
    const cell = statusCell(x.row);
    const what = `customer ${x.customerAccount}, ${money(x.amount, x.currency)}${x.invoice ? `, invoice ${x.invoice}` : ""}: ${x.reason}`;
    return { text: formatProblem({ sheet: SHEETS.reimbursements, address: cell, message: what }), sheet: SHEETS.reimbursements, cell };
  });
  const already = plan.alreadyReversed && plan.alreadyReversed < plan.found ? `; ${plural(plan.alreadyReversed, "reimbursement")} reversed earlier` : "";
  return {
    runId: plan.runId,
    headline: headline(plan),
    canReverse: plan.reversed.length > 0,
    confirmLabel: `Reverse ${plural(plan.reversed.length, "reimbursement")}`,
    reversed: reversed.slice(0, LISTED_EXCEPTIONS),
    moreReversed: Math.max(0, reversed.length - LISTED_EXCEPTIONS),
    refusedHeading: refused.length ? `${plural(refused.length, "reimbursement")} cannot be reversed${already}` : `Nothing refused${already}.`,
    refused: refused.slice(0, LISTED_EXCEPTIONS),
    moreRefused: Math.max(0, refused.length - LISTED_EXCEPTIONS),
  };
}

/** What the confirmation covers; the reversal id is not part of it (it follows the clock). */
export function reversalKey(plan: ReversalPlan): string {
  return JSON.stringify({
    run: plan.runId,
    reversed: plan.reversed.map((x) => [x.reimbursementRow, x.invoiceRow, x.cancelInvoice, x.customerAccount, x.currency, x.amount.toFixed(), x.date]),
    refused: plan.refused.map((x) => [x.row, x.reason]),
    already: plan.alreadyReversed,
  });
}

export function reversalHeadline(plan: ReversalPlan): string {
  return `Reversal ${plan.reversalId} of ${plan.runId}: ${plural(plan.reversed.length, "reimbursement")} reversed, ${totalsText(plan)} of credit given back; their invoices are Cancelled and the rows say Reversed.`;
}
