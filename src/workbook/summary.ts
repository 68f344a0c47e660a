import { minorUnits } from "../core/currency";
import { formatMoney } from "../core/money";
import { ReimbursementPlan } from "../core/plan";
import { describeSelection } from "../core/selection";
import { formatProblem } from "./errors";

/** What a run did or would do, as plain JSON: amounts are decimal strings, never floats. */
export interface PlanSummary {
  runId: string;
  date: string;
  selection: string;
  minimum: string;
  accountingCurrency: string;
  /** Credits reimbursed: one per customer and currency, each its own invoice. */
  reimbursed: number;
  /** Distinct customers among them. */
  customers: number;
  totals: { currency: string; count: number; amount: string; accountingAmount: string }[];
  accountingTotal: string;
  oneTimeVendors: { account: string; customerAccount: string; name: string }[];
  exceptions: { customerAccount: string; currency: string | null; balance: string | null; reason: string; sheet: string; cell: string; message: string }[];
}

export function summarizePlan(plan: ReimbursementPlan): PlanSummary {
  const acc = plan.parameters.accountingCurrency;
  return {
    runId: plan.runId,
    date: plan.date,
    selection: describeSelection(plan.selection),
    minimum: formatMoney(plan.parameters.minimum, acc),
    accountingCurrency: acc,
    reimbursed: plan.reimbursements.length,
    customers: new Set(plan.reimbursements.map((r) => r.customerAccount)).size,
    totals: plan.totals.map((t) => ({
      currency: t.currency,
      count: t.count,
      amount: t.amount.toFixed(minorUnits(t.currency)),
      accountingAmount: formatMoney(t.accountingAmount, acc),
    })),
    accountingTotal: formatMoney(plan.totals.reduce((s, t) => s.plus(t.accountingAmount), plan.parameters.minimum.times(0)), acc),
    oneTimeVendors: plan.newOneTimeVendors.map((v) => ({ account: v.account, customerAccount: v.customerAccount, name: v.name })),
    exceptions: plan.exceptions.map((e) => ({
      customerAccount: e.customerAccount,
      currency: e.currency,
      balance: e.balance === null || e.currency === null ? null : formatMoney(e.balance, e.currency),
      reason: e.reason,
      sheet: e.source.sheet,
      cell: e.source.address,
      message: formatProblem({ ...e.source, message: `${e.customerAccount ? `customer ${e.customerAccount}: ` : ""}${e.reason}` }),
    })),
  };
}
