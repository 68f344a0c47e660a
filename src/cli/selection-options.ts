import { Command } from "commander";
import { isIsoDate } from "../core/dates";
import { compareAccounts } from "../core/account-order";
import { customerSelected, describeSelection, selectsAll } from "../core/selection";
import { Customer, Selection } from "../core/types";
import { EXIT, UsageError } from "./io";

export interface SelectionFlags {
  customers?: string;
  range?: string;
  group?: string;
  currency?: string;
  date?: string;
}

/** The selection flags shared by run and preview, as in the task pane's Selection section. */
export function addSelectionOptions(command: Command): Command {
  return command
    .option("--customers <accounts>", "only these customer accounts, comma-separated (C001,C002)")
    .option("--range <from:to>", "only accounts from..to inclusive, in ledger order (C001:C099)")
    .option("--group <group>", "only customers of this customer group")
    .option("--currency <code>", "only balances in this currency")
    .option("--date <YYYY-MM-DD>", "reimbursement date, instead of the Parameters sheet's");
}

export function selectionFrom(flags: SelectionFlags): Selection {
  const selection: Selection = {};
  if (flags.customers !== undefined) {
    const accounts = flags.customers.split(",").map((a) => a.trim()).filter(Boolean);
    if (!accounts.length) throw new UsageError("--customers needs at least one account, e.g. --customers C001,C002");
    selection.accounts = accounts;
  }
  if (flags.range !== undefined) {
    const [from, to, extra] = flags.range.split(":").map((a) => a.trim());
    if (!from || !to || extra !== undefined) throw new UsageError("--range expects FROM:TO, e.g. --range C001:C099");
    selection.range = { from, to };
  }
  if (flags.group !== undefined) selection.group = flags.group.trim();
  if (flags.currency !== undefined) {
    if (!/^[A-Za-z]{3}$/.test(flags.currency.trim())) throw new UsageError("--currency expects a three-letter code such as EUR");
    selection.currency = flags.currency.trim().toUpperCase();
  }
  return selection;
}

export function dateFrom(flags: SelectionFlags): string | undefined {
  if (flags.date === undefined) return undefined;
  if (!isIsoDate(flags.date)) throw new UsageError(`--date expects a calendar date as YYYY-MM-DD, got "${flags.date}"`);
  return flags.date;
}

/** Exit code of run/preview when the selection matches no customer: nothing was done, and a script should notice. */
export const EXIT_NOTHING_SELECTED = EXIT.nothingSelected;

export interface SelectionCheck {
  /** Each a sentence for stderr: accounts not on the Customers sheet, a reversed range, an unknown group. */
  warnings: string[];
  /** True when no customer falls in the selection at all. */
  matchesNothing: boolean;
}

/**
 * What a selection finds on the Customers sheet. A typo (`--customers K99`, `--group NOSUCH`,
 * `--range C099:C001`) would otherwise pass as "no credit to reimburse" with exit 0.
 */
export function checkSelection(customers: readonly Customer[], selection: Selection): SelectionCheck {
  const warnings: string[] = [];
  // The set of every account only when --customers names some: at 100k customers it was 100,000
  // lower-cased strings (~90 ms of the serial time after the plan) for a run of the whole ledger.
  const asked = selection.accounts ?? [];
  const known = asked.length ? new Set(customers.map((c) => c.account.trim().toLowerCase())) : new Set<string>();
  const missing = asked.filter((a) => !known.has(a.trim().toLowerCase()));
  if (missing.length) warnings.push(`--customers: ${missing.join(", ")} ${missing.length === 1 ? "is" : "are"} not on sheet Customers`);
  if (selection.range && compareAccounts(selection.range.from, selection.range.to) > 0) {
    warnings.push(`--range ${selection.range.from}:${selection.range.to} is reversed: ${selection.range.from} sorts after ${selection.range.to}; write --range ${selection.range.to}:${selection.range.from}`);
  }
  const group = selection.group?.trim().toLowerCase();
  if (group && !customers.some((c) => c.group?.trim().toLowerCase() === group)) warnings.push(`--group ${selection.group}: no customer on sheet Customers is in this group`);
  const matchesNothing = !customers.some((c) => customerSelected(c, selection));
  if (matchesNothing && !selectsAll(selection)) warnings.push(`the selection (${describeSelection(selection)}) matches no customer; nothing was reimbursed`);
  return { warnings, matchesNothing: matchesNothing && !selectsAll(selection) };
}
