import { EngineMessages, engineMessages } from "./engine-messages";
import { compareAccounts } from "./account-order";
import { AccountGroups } from "./account-groups";
import { CustomerIndex } from "./customer-index";
import { CurrentBalance, currentBalancesByAccount } from "./balance";
import { addDays } from "./dates";
import { assessCredit, belowMinimumReason } from "./eligibility";
import { Money, ZERO, roundMoney } from "./money";
import { NumberSequence, newRunId } from "./numbering";
import { OneTimeVendors } from "./one-time-vendor";
import { currencySelected, customerSelected } from "./selection";
import {
  CellRef,
  Customer,
  CustomerTransaction,
  IsoDate,
  OneTimeVendor,
  OpeningBalance,
  Parameters,
  RowProblem,
  Selection,
  Vendor,
} from "./types";

export interface ReimbursementInput {
  parameters: Parameters;
  customers: readonly Customer[];
  balances: readonly OpeningBalance[];
  transactions: readonly CustomerTransaction[];
  /** null when the workbook has no Vendors sheet: mapped vendor accounts are then trusted. */
  vendors: readonly Vendor[] | null;
  oneTimeVendors: readonly OneTimeVendor[];
  /** Accounting-currency units per one unit of the keyed currency. */
  rates: ReadonlyMap<string, Money>;
  /** Every invoice number already used, anywhere in the workbook (archived rows too). */
  existingInvoices: readonly string[];
  /**
   * Every id with the one-time vendor prefix seen anywhere in the workbook: a vendor account on
   * Customers or an archived row may be an earlier one-time vendor, already in AP with its IBAN.
   */
  existingVendorIds?: readonly string[];
  existingRunIds: readonly string[];
  problems: readonly RowProblem[];
  selection: Selection;
  now: Date;
}

export interface Reimbursement {
  runId: string;
  date: IsoDate;
  dueDate: IsoDate;
  customerAccount: string;
  customerName: string;
  currency: string;
  /** The credit removed and invoiced, positive, in the balance's currency. */
  amount: Money;
  accountingAmount: Money;
  vendorAccount: string;
  vendorName: string;
  oneTimeVendor: boolean;
  invoice: string;
  description: string;
}

export interface ReimbursementException {
  customerAccount: string;
  currency: string | null;
  /** The signed balance (negative = credit) when it could be computed. */
  balance: Money | null;
  reason: string;
  source: CellRef;
}

export interface CurrencyTotal {
  currency: string;
  count: number;
  amount: Money;
  accountingAmount: Money;
}

export interface ReimbursementPlan {
  runId: string;
  date: IsoDate;
  parameters: Parameters;
  selection: Selection;
  reimbursements: Reimbursement[];
  /** One-time vendors this run creates (reused ones are not repeated here). */
  newOneTimeVendors: OneTimeVendor[];
  /** The customer transactions that remove the reimbursed credits. */
  transactions: CustomerTransaction[];
  exceptions: ReimbursementException[];
  totals: CurrencyTotal[];
}

const STOPPING_BLOCKS = new Set(["All", "Payment", "Yes"]);
const ONE: Money = new Money(1);
const NO_BALANCES: readonly CurrentBalance[] = [];

interface Context {
  input: ReimbursementInput;
  runId: string;
  invoices: NumberSequence;
  oneTimeVendors: OneTimeVendors;
  /** The Vendors rows by account upper-cased (the first of an account; a repeated one is never paid, see duplicateVendors). */
  vendorsByAccount: Map<string, Vendor> | null;
  /** Vendor accounts on two or more Vendors rows: which row's name and bank account is meant is a guess. */
  duplicateVendors: Map<string, string>;
  problemsByAccount: Map<string, RowProblem[]>;
  /** The run's due date, computed on the first reimbursement. */
  dueDate: IsoDate | null;
}

/**
 * Plans one reimbursement run: which credits are paid back, on which vendor, with which
 * invoice numbers, and why every other credit is not. Pure: the caller writes the result.
 */
export function planReimbursement(input: ReimbursementInput): ReimbursementPlan {
  const runId = newRunId(input.now, input.existingRunIds);
  // A loop, not flatMap: no one-element array per customer (100,000 of them).
  const vendorAccounts: string[] = [];
  for (const v of input.vendors ?? []) vendorAccounts.push(v.account);
  for (const c of input.customers) if (c.vendorAccount) vendorAccounts.push(c.vendorAccount);
  for (const id of input.existingVendorIds ?? []) vendorAccounts.push(id);
  const vendors = indexVendors(input.vendors ?? [], engineMessages(input.parameters.language));
  const ctx: Context = {
    input,
    runId,
    invoices: new NumberSequence(input.parameters.invoicePrefix, input.existingInvoices),
    oneTimeVendors: new OneTimeVendors(input.parameters.oneTimeVendorPrefix, input.oneTimeVendors, vendorAccounts),
    vendorsByAccount: input.vendors ? vendors.first : null,
    duplicateVendors: vendors.duplicates,
    problemsByAccount: groupProblems(input.problems),
    dueDate: null,
  };
  const balancesByCustomer = sortedByCurrency(currentBalancesByAccount(input.balances, input.transactions));
  const reimbursements: Reimbursement[] = [];
  const exceptions: ReimbursementException[] = [];
  const customersByAccount = new CustomerIndex();
  const groups = new AccountGroups(balancesByCustomer);
  for (const customer of input.customers) {
    const key = customer.account.toUpperCase();
    if (!customersByAccount.add(customer, key)) continue; // duplicate customer rows arrive as problems
    const next = groups.take(key);
    if (!customerSelected(customer, input.selection)) continue;
    const all = next ?? balancesByCustomer.get(key) ?? NO_BALANCES;
    const balances = input.selection.currency ? all.filter((b) => currencySelected(b.currency, input.selection)) : all;
    planCustomer(ctx, customer, key, balances, reimbursements, exceptions);
  }
  exceptions.push(...orphanExceptions(ctx, groups, customersByAccount));
  const transactions = reimbursements.map((r) => reimbursementTransaction(r));
  return {
    runId,
    date: input.parameters.date,
    parameters: input.parameters,
    selection: input.selection,
    reimbursements,
    newOneTimeVendors: ctx.oneTimeVendors.created,
    transactions,
    exceptions,
    totals: totalsByCurrency(reimbursements),
  };
}

function planCustomer(
  ctx: Context,
  customer: Customer,
  /** The customer's account upper-cased, as the maps are keyed. */
  key: string,
  balances: readonly CurrentBalance[],
  reimbursements: Reimbursement[],
  exceptions: ReimbursementException[],
): void {
  const problems = ctx.problemsByAccount.get(key);
  if (problems?.length) {
    // A customer with an unreadable row is not paid at all: any of its amounts may be wrong.
    const { unreadable } = engineMessages(ctx.input.parameters.language);
    for (const p of problems) {
      exceptions.push({ customerAccount: customer.account, currency: null, balance: null, reason: unreadable(p.message), source: p.source });
    }
    return;
  }
  const { parameters, rates } = ctx.input;
  for (const balance of balances) {
    const rate = balance.currency === parameters.accountingCurrency ? ONE : rates.get(balance.currency) ?? null;
    const assessment = assessCredit(balance.amount, balance.currency, {
      minimum: parameters.minimum,
      rate,
      accountingCurrency: parameters.accountingCurrency,
    });
    if (assessment.status === "Zero balance" || assessment.status === "Debit balance") continue;
    const messages = engineMessages(parameters.language);
    const skip = (reason: string, source: CellRef = balance.source): void => {
      exceptions.push({ customerAccount: customer.account, currency: balance.currency, balance: roundMoney(balance.amount, balance.currency), reason, source });
    };
    if (assessment.status === "No rate") {
      skip(messages.noRate(balance.currency));
      continue;
    }
    if (assessment.status === "Below minimum") {
      skip(belowMinimumReason(balance.amount, balance.currency, assessment.accountingAmount ?? ZERO, parameters.minimum, parameters.accountingCurrency, parameters.language));
      continue;
    }
    if (STOPPING_BLOCKS.has(customer.blocked)) {
      skip(messages.blocked(customer.blocked), customer.source);
      continue;
    }
    const duplicate = customer.vendorAccount ? ctx.duplicateVendors.get(customer.vendorAccount.toUpperCase()) : undefined;
    if (duplicate) {
      skip(duplicate, customer.source);
      continue;
    }
    const vendor = resolveVendor(ctx, customer);
    if ("missing" in vendor) {
      skip(messages.missingVendor(vendor.missing), customer.source);
      continue;
    }
    const invoice = ctx.invoices.take();
    reimbursements.push({
      runId: ctx.runId,
      date: parameters.date,
      dueDate: (ctx.dueDate ??= addDays(parameters.date, parameters.paymentTermsDays)),
      customerAccount: customer.account,
      customerName: customer.name,
      currency: balance.currency,
      amount: assessment.amount,
      accountingAmount: assessment.accountingAmount ?? ZERO,
      vendorAccount: vendor.account,
      vendorName: vendor.name,
      oneTimeVendor: vendor.oneTime,
      invoice,
      description: messages.invoiceDescription(customer.account),
    });
  }
}

/**
 * The Vendors rows by account (the first of each), and the reason for each account on two or
 * more rows: one pass, one upper-cased key per vendor.
 */
function indexVendors(vendors: readonly Vendor[], messages: EngineMessages): { first: Map<string, Vendor>; duplicates: Map<string, string> } {
  // A list only for an account seen twice: 60,000 vendors make 60,000 keys, not 60,000 arrays.
  const first = new Map<string, Vendor>();
  const repeated = new Map<string, Vendor[]>();
  for (const v of vendors) {
    const key = v.account.toUpperCase();
    const seen = first.get(key);
    if (seen === undefined) first.set(key, v);
    else {
      const list = repeated.get(key);
      if (list) list.push(v);
      else repeated.set(key, [seen, v]);
    }
  }
  const duplicates = new Map<string, string>();
  repeated.forEach((list, key) => duplicates.set(key, messages.duplicateVendor(list[0].account, list.map((v) => v.source?.address ?? "?"))));
  return { first, duplicates };
}

function resolveVendor(
  ctx: Context,
  customer: Customer,
): { account: string; name: string; oneTime: boolean } | { missing: string } {
  if (customer.vendorAccount) {
    if (!ctx.vendorsByAccount) return { account: customer.vendorAccount, name: customer.name, oneTime: false };
    // A repeated account was refused before (duplicateVendors): its first row is its only one here.
    const vendor = ctx.vendorsByAccount.get(customer.vendorAccount.toUpperCase());
    if (vendor === undefined) return { missing: customer.vendorAccount };
    return { account: customer.vendorAccount, name: vendor.name, oneTime: false };
  }
  const { vendor } = ctx.oneTimeVendors.forCustomer(customer, ctx.runId);
  return { account: vendor.account, name: vendor.name, oneTime: true };
}

/** Credits of accounts missing from the Customers sheet, and problems of unknown customers. */
function orphanExceptions(
  ctx: Context,
  groups: AccountGroups<CurrentBalance[]>,
  customers: CustomerIndex,
): ReimbursementException[] {
  const out: ReimbursementException[] = [];
  const { selection } = ctx.input;
  const narrowed = !!(selection.accounts?.length || selection.range || selection.group);
  groups.keys.forEach((key, i) => {
    // A group a customer took has that customer; any other is looked up.
    if (groups.taken[i] === 1 || customers.has(key)) return;
    const balances = groups.lists[i];
    if (narrowed && !selection.accounts?.some((a) => a.toUpperCase() === key)) return;
    for (const b of balances) {
      if (!roundMoney(b.amount, b.currency).isNegative() || !currencySelected(b.currency, selection)) continue;
      out.push({
        customerAccount: b.account,
        currency: b.currency,
        balance: roundMoney(b.amount, b.currency),
        reason: engineMessages(ctx.input.parameters.language).notOnCustomers(b.account),
        source: b.source,
      });
    }
  });
  const { unreadable } = engineMessages(ctx.input.parameters.language);
  for (const [key, problems] of ctx.problemsByAccount) {
    if (key !== "" && customers.has(key)) continue;
    for (const p of problems) {
      out.push({ customerAccount: p.account ?? "", currency: null, balance: null, reason: unreadable(p.message), source: p.source });
    }
  }
  return out;
}

function sortedByCurrency(byAccount: Map<string, CurrentBalance[]>): Map<string, CurrentBalance[]> {
  for (const list of byAccount.values()) if (list.length > 1) list.sort((x, y) => compareAccounts(x.currency, y.currency));
  return byAccount;
}

function groupProblems(problems: readonly RowProblem[]): Map<string, RowProblem[]> {
  const out = new Map<string, RowProblem[]>();
  for (const p of problems) {
    const key = (p.account ?? "").toUpperCase();
    const list = out.get(key);
    if (list) list.push(p);
    else out.set(key, [p]);
  }
  return out;
}

function reimbursementTransaction(r: Reimbursement): CustomerTransaction {
  return {
    account: r.customerAccount,
    date: r.date,
    currency: r.currency,
    amount: r.amount,
    type: "Reimbursement",
    document: r.invoice,
    runId: r.runId,
    source: { sheet: "Customer transactions", address: "" },
  };
}

export function totalsByCurrency(reimbursements: readonly Reimbursement[]): CurrencyTotal[] {
  const totals = new Map<string, CurrencyTotal>();
  for (const r of reimbursements) {
    const t = totals.get(r.currency) ?? { currency: r.currency, count: 0, amount: ZERO, accountingAmount: ZERO };
    totals.set(r.currency, {
      currency: r.currency,
      count: t.count + 1,
      amount: t.amount.plus(r.amount),
      accountingAmount: t.accountingAmount.plus(r.accountingAmount),
    });
  }
  return [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency));
}
