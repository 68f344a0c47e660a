import { compareAccounts } from "../core/account-order";
import { describeSelection, selectsAll } from "../core/selection";
import { Selection } from "../core/types";
import { parseCurrency } from "../workbook/read-parameters";

export type Scope = "all" | "accounts" | "range";

/** The Selection section's inputs as typed. */
export interface SelectionInput {
  scope: Scope;
  accounts: string;
  from: string;
  to: string;
  group: string;
  currency: string;
}

export type SelectionField = "accounts" | "from" | "to" | "currency";

export interface SelectionCheck {
  selection: Selection | null;
  errors: Partial<Record<SelectionField, string>>;
  /** A run over every customer asks for confirmation first. */
  needsConfirmation: boolean;
  description: string;
}

export const EMPTY_SELECTION: SelectionInput = { scope: "all", accounts: "", from: "", to: "", group: "", currency: "" };

/** "C001, C002; c003\nC001" -> ["C001", "C002", "c003"]: pasted columns and typed lists alike. */
export function splitAccounts(text: string): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const a of text.split(/[\s,;]+/)) {
    if (a && !seen.has(a.toUpperCase())) {
      seen.add(a.toUpperCase());
      out.push(a);
    }
  }
  return out;
}

export function buildSelection(input: SelectionInput): SelectionCheck {
  const errors: SelectionCheck["errors"] = {};
  const selection: Selection = {};
  if (input.scope === "accounts") {
    const accounts = splitAccounts(input.accounts);
    if (accounts.length) selection.accounts = accounts;
    else errors.accounts = "Enter at least one customer account, or choose All customers";
  } else if (input.scope === "range") {
    const from = input.from.trim();
    const to = input.to.trim();
    if (!from) errors.from = "Enter the first account of the range";
    if (!to) errors.to = "Enter the last account of the range";
    if (from && to && compareAccounts(from, to) > 0) errors.to = `${to} sorts before ${from}: swap them`;
    if (from && to) selection.range = { from, to };
  }
  if (input.group.trim()) selection.group = input.group.trim();
  if (input.currency.trim()) {
    const currency = parseCurrency(input.currency);
    if (currency.ok) selection.currency = currency.value;
    else errors.currency = "Expected a three-letter currency code such as EUR, or nothing for all currencies";
  }
  const ok = Object.keys(errors).length === 0;
  return {
    selection: ok ? selection : null,
    errors,
    needsConfirmation: ok && selectsAll(selection),
    description: ok ? describeSelection(selection) : "",
  };
}
