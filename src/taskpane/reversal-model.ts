import { ReversalPlan } from "../core/reverse";
import { COLUMNS, SHEETS } from "../workbook/contract";
import { WorkbookSnapshot, cellAddress } from "../workbook/grid";
import { columnOf, optionalTable } from "../workbook/table";
import { engineMessages } from "../core/engine-messages";
import { countText, currentLanguage, t } from "../i18n/i18n";
import { money, plural } from "./ap-text";
import { ExceptionRow, LISTED_EXCEPTIONS } from "./preview-model";
import { problemText } from "./error-model";

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
    return t("reverse.headline", { count: countText(plan.reversed.length), reimbursements: plural(n, "count.reimbursement"), runId: plan.runId, totals: totalsText(plan) });
  }
  if (n === 0) return t("reverse.none", { runId: plan.runId });
  if (plan.alreadyReversed === n) {
    return n === 1 ? t("reverse.onlyAlready", { runId: plan.runId }) : t("reverse.allAlready", { n, runId: plan.runId });
  }
  return t("reverse.allRefused", { runId: plan.runId, reimbursements: plural(plan.refused.length, "count.reimbursement"), n });
}

export function reversalModel(plan: ReversalPlan, statusCell: (row: number) => string): ReversalModel {
  const reversed = plan.reversed.map((x) => t(x.cancelInvoice ? "reverse.item" : "reverse.itemCancelled", { customer: x.customerAccount, amount: money(x.amount, x.currency), invoice: x.invoice }));
  const refused = plan.refused.map((x) => {
    const cell = statusCell(x.row);
    const what = t(x.invoice ? "reverse.refusedItem" : "reverse.refusedItemNoInvoice", { customer: x.customerAccount, amount: money(x.amount, x.currency), invoice: x.invoice ?? "", reason: engineMessages(currentLanguage()).reversalRefusal(x.reason) });
    return { text: problemText({ sheet: SHEETS.reimbursements, address: cell, message: what }, (m) => m), sheet: SHEETS.reimbursements, cell };
  });
  const already = plan.alreadyReversed && plan.alreadyReversed < plan.found ? t("reverse.earlier", { reimbursements: plural(plan.alreadyReversed, "count.reimbursement") }) : "";
  return {
    runId: plan.runId,
    headline: headline(plan),
    canReverse: plan.reversed.length > 0,
    confirmLabel: t("reverse.confirmLabel", { reimbursements: plural(plan.reversed.length, "count.reimbursement") }),
    reversed: reversed.slice(0, LISTED_EXCEPTIONS),
    moreReversed: Math.max(0, reversed.length - LISTED_EXCEPTIONS),
    refusedHeading: refused.length ? t("reverse.refusedHeading", { reimbursements: plural(refused.length, "count.reimbursement"), already }) : t("reverse.noneRefused", { already }),
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
  return t("reverse.done", { reversalId: plan.reversalId, runId: plan.runId, reimbursements: plural(plan.reversed.length, "count.reimbursement"), totals: totalsText(plan) });
}
