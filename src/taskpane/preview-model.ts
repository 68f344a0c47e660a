import { amountText, countText, money, t } from "../i18n/i18n";
import { groupDigits as groupDigitsIn } from "../i18n/format";
import { PlanSummary } from "../workbook/summary";

export interface TotalRow {
  currency: string;
  count: string;
  amount: string;
  accountingAmount: string;
}

/** An exception as the pane lists it; sheet and cell let a click show the offending cell. */
export interface ExceptionRow {
  text: string;
  sheet: string;
  cell: string;
  /** The reason alone, without where it is: what an approval groups by. */
  reason?: string;
}

/** A preview exception as a table row: sortable by customer, currency, amount, groupable by reason. */
export interface ExceptionItem extends ExceptionRow {
  customer: string;
  currency: string;
  /** The balance as a decimal string ("" when unknown), for sorting. */
  balance: string;
  /** The balance for reading, with its currency's decimals. */
  amount: string;
  reason: string;
  /** The reason with its figures and codes blanked: exceptions of one kind share it. */
  group: string;
}

export interface PreviewModel {
  headline: string;
  selection: string;
  totals: TotalRow[];
  accountingTotal: string;
  vendors: string[];
  vendorsHeading: string;
  exceptions: ExceptionItem[];
  /** False when the run would reimburse nothing: an empty run is not worth a row on the audit sheet. */
  canRun: boolean;
}

/** Long lists are cut: thousands of rows would freeze a task pane, and the sheets list them all. */
export const LISTED_EXCEPTIONS = 200;

/** "-1234567.5" -> "-1,234,567.5": grouping for reading, keeping the decimals the summary chose. */
export const groupDigits = (amount: string): string => groupDigitsIn(amount);

/**
 * "Credit of 3.00 EUR is below the minimum reimbursement of 10.00 EUR" ->
 * "Credit of … EUR is below the minimum reimbursement of … EUR": the kind of exception.
 */
export function reasonGroup(reason: string): string {
  return reason.replace(/[A-Z]*\d[\d.,]*/g, "…").replace(/(…[\s,;]*){2,}/g, "… ");
}

/** `selection`: the run's selection in the pane's words; the summary's own is the audit sheet's English. */
export function previewModel(summary: PlanSummary, selection = summary.selection): PreviewModel {
  const acc = summary.accountingCurrency;
  const exceptions = summary.exceptions.map((e) => ({
    text: e.message,
    sheet: e.sheet,
    cell: e.cell,
    customer: e.customerAccount,
    currency: e.currency ?? "",
    balance: e.balance ?? "",
    amount: e.balance !== null && e.currency ? money(e.balance, e.currency) : "",
    reason: e.reason,
    group: reasonGroup(e.reason),
  }));
  return {
    headline: summary.reimbursed
      ? t("preview.headline", { credits: t("count.credit", { n: summary.reimbursed }), customers: t("count.customer", { n: summary.customers ?? summary.reimbursed }), total: money(summary.accountingTotal, acc) })
      : t("preview.nothing"),
    selection: t("preview.selection", { selection, minimum: money(summary.minimum, acc), date: summary.date }),
    totals: summary.totals.map((tt) => ({
      currency: tt.currency,
      count: countText(tt.count),
      amount: amountText(tt.amount, tt.currency),
      accountingAmount: amountText(tt.accountingAmount, acc),
    })),
    accountingTotal: money(summary.accountingTotal, acc),
    vendors: summary.oneTimeVendors.map((v) => t("preview.vendor", { account: v.account, name: v.name, customer: v.customerAccount })),
    vendorsHeading: summary.oneTimeVendors.length ? t("preview.vendorsHeading", { n: summary.oneTimeVendors.length }) : t("preview.noVendor"),
    exceptions,
    canRun: summary.reimbursed > 0,
  };
}

export function exceptionsHeading(summary: PlanSummary): string {
  return summary.exceptions.length ? t("preview.exceptionsHeading", { n: summary.exceptions.length }) : t("preview.noExceptions");
}
