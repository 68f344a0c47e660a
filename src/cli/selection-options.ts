import { Command } from "commander";
import { isIsoDate } from "../core/dates";
import { Selection } from "../core/types";
import { UsageError } from "./io";

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
