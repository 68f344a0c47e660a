import { countText, money, t } from "../i18n/i18n";
import { PlanSummary } from "../workbook/summary";
import { reasonGroup } from "./preview-model";

/** "NL91ABNA0417164300" -> "NL91 •••• 4300": enough to recognise an account, not to copy it. */
export function maskIban(iban: string | null | undefined): string {
  const compact = (iban ?? "").replace(/\s+/g, "").toUpperCase();
  if (!compact) return "";
  if (compact.length <= 8) return `${compact.slice(0, 2)}••`;
  return `${compact.slice(0, 4)} •••• ${compact.slice(-4)}`;
}

/** One payee of a run: the vendor the invoice is for and the credit it pays back. */
export interface RunPayee {
  name: string;
  vendorAccount: string;
  customerAccount: string;
  iban: string | null;
  currency: string;
  /** Decimal string with the currency's decimals. */
  amount: string;
}

export interface ApprovalRow {
  cells: string[];
}

/** What a second person signs off: totals, payees, exceptions, and where to sign. */
export interface ApprovalModel {
  title: string;
  facts: string[];
  totalsHeader: string[];
  totals: string[][];
  payeesHeading: string;
  payeesHeader: string[];
  payees: string[][];
  morePayees: number;
  exceptionsHeading: string;
  /** Exceptions per kind: [kind, count]. */
  exceptions: string[][];
}

/** Payees listed on the page; the sheets hold them all. */
export const LISTED_PAYEES = 200;

function exceptionGroups(reasons: readonly string[]): string[][] {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(reasonGroup(r), (counts.get(reasonGroup(r)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([g, n]) => [g, countText(n)]);
}

export function runApproval(summary: PlanSummary, payees: readonly RunPayee[], workbook: string, preparedAt: string, selection = summary.selection): ApprovalModel {
  const acc = summary.accountingCurrency;
  return {
    title: t("approval.runTitle", { runId: summary.runId }),
    facts: [
      t("approval.workbook", { workbook }),
      t("approval.prepared", { time: preparedAt }),
      t("preview.selection", { selection, minimum: money(summary.minimum, acc), date: summary.date }),
      t("preview.headline", { credits: t("count.credit", { n: summary.reimbursed }), customers: t("count.customer", { n: summary.customers ?? summary.reimbursed }), total: money(summary.accountingTotal, acc) }),
    ],
    totalsHeader: [t("table.currency"), t("table.credits"), t("table.amount"), t("table.accounting", { currency: acc })],
    totals: summary.totals.map((x) => [x.currency, countText(x.count), money(x.amount, x.currency), money(x.accountingAmount, acc)]),
    payeesHeading: t("approval.payees", { n: payees.length }),
    payeesHeader: [t("table.payee"), t("table.iban"), t("table.amount")],
    payees: payees.slice(0, LISTED_PAYEES).map((p) => [`${p.name} (${p.vendorAccount})`, maskIban(p.iban) || t("approval.noIban"), money(p.amount, p.currency)]),
    morePayees: Math.max(0, payees.length - LISTED_PAYEES),
    exceptionsHeading: summary.exceptions.length ? t("preview.exceptionsHeading", { n: summary.exceptions.length }) : t("preview.noExceptions"),
    exceptions: exceptionGroups(summary.exceptions.map((e) => e.reason)),
  };
}

export interface PayApprovalInput {
  headline: string;
  executionDate: string;
  total: string;
  /** [currency, transfers, amount] per currency the file pays. */
  totals: readonly string[][];
  payees: readonly { name: string; iban: string; invoice: string; amount: string }[];
  exceptions: readonly { text: string; reason?: string }[];
  exceptionsHeading: string;
}

export function payApproval(pay: PayApprovalInput, workbook: string, preparedAt: string): ApprovalModel {
  return {
    title: t("approval.payTitle", { date: pay.executionDate }),
    facts: [t("approval.workbook", { workbook }), t("approval.prepared", { time: preparedAt }), pay.headline],
    totalsHeader: [t("table.currency"), t("table.invoices"), t("table.amount")],
    // One row per currency: a file paying EUR, USD and JPY is not one EUR figure.
    totals: pay.payees.length ? pay.totals.map((row) => [...row]) : [],
    payeesHeading: t("approval.payees", { n: pay.payees.length }),
    payeesHeader: [t("table.payee"), t("table.iban"), t("table.amount")],
    payees: pay.payees.slice(0, LISTED_PAYEES).map((p) => [`${p.name} (${p.invoice})`, p.iban, p.amount]),
    morePayees: Math.max(0, pay.payees.length - LISTED_PAYEES),
    exceptionsHeading: pay.exceptionsHeading,
    // By reason, not by the cell each one names: the page counts kinds of problem.
    exceptions: exceptionGroups(pay.exceptions.map((e) => e.reason ?? e.text)),
  };
}
