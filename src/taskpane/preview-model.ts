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
}

export interface PreviewModel {
  headline: string;
  selection: string;
  totals: TotalRow[];
  accountingTotal: string;
  vendors: string[];
  exceptions: ExceptionRow[];
  /** Exceptions beyond those listed: the sheet Reimbursement exceptions has them all after a run. */
  moreExceptions: number;
  /** False when the run would write nothing. */
  canRun: boolean;
}

/** Long exception lists are cut: thousands of rows would freeze a task pane, and the sheet lists them all. */
export const LISTED_EXCEPTIONS = 200;

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** "-1234567.5" -> "-1,234,567.5": grouping for reading, keeping the decimals the summary chose. */
export function groupDigits(amount: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(amount);
  if (!m) return amount;
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+$)/g, ",")}${m[3] ?? ""}`;
}

export function previewModel(summary: PlanSummary): PreviewModel {
  const exceptions = summary.exceptions.map((e) => ({ text: e.message, sheet: e.sheet, cell: e.cell }));
  return {
    headline: summary.reimbursed
      ? `${plural(summary.reimbursed, "credit")} to reimburse, ${groupDigits(summary.accountingTotal)} ${summary.accountingCurrency} in total`
      : "No credit balance to reimburse",
    selection: `${summary.selection}; minimum ${summary.minimum} ${summary.accountingCurrency}; date ${summary.date}`,
    totals: summary.totals.map((t) => ({
      currency: t.currency,
      count: t.count.toLocaleString("en-US"),
      amount: groupDigits(t.amount),
      accountingAmount: groupDigits(t.accountingAmount),
    })),
    accountingTotal: `${groupDigits(summary.accountingTotal)} ${summary.accountingCurrency}`,
    vendors: summary.oneTimeVendors.map((v) => `${v.account} — ${v.name} (customer ${v.customerAccount})`),
    exceptions: exceptions.slice(0, LISTED_EXCEPTIONS),
    moreExceptions: Math.max(0, exceptions.length - LISTED_EXCEPTIONS),
    canRun: summary.reimbursed > 0 || summary.exceptions.length > 0,
  };
}

export function exceptionsHeading(summary: PlanSummary): string {
  return summary.exceptions.length ? `${plural(summary.exceptions.length, "exception")}: not reimbursed` : "No exceptions";
}
