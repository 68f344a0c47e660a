import { compareAccounts } from "../core/account-order";
import { selectsAll } from "../core/selection";
import { Selection } from "../core/types";
import { t } from "../i18n/i18n";
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
    else errors.accounts = t("selection.error.accounts");
  } else if (input.scope === "range") {
    const from = input.from.trim();
    const to = input.to.trim();
    if (!from) errors.from = t("selection.error.from");
    if (!to) errors.to = t("selection.error.to");
    if (from && to && compareAccounts(from, to) > 0) errors.to = t("selection.error.order", { from, to });
    if (from && to) selection.range = { from, to };
  }
  if (input.group.trim()) selection.group = input.group.trim();
  if (input.currency.trim()) {
    const currency = parseCurrency(input.currency);
    if (currency.ok) selection.currency = currency.value;
    else errors.currency = t("selection.error.currency");
  }
  const ok = Object.keys(errors).length === 0;
  return {
    selection: ok ? selection : null,
    errors,
    needsConfirmation: ok && selectsAll(selection),
    description: ok ? selectionText(selection) : "",
  };
}

/** The selection in the pane's words (core's describeSelection writes the audit sheet's English). */
export function selectionText(selection: Selection): string {
  if (selectsAll(selection)) return t("selection.describe.all");
  const parts: string[] = [];
  if (selection.accounts?.length) parts.push(t("selection.describe.accounts", { accounts: selection.accounts.join(", ") }));
  if (selection.range) parts.push(t("selection.describe.range", { from: selection.range.from, to: selection.range.to }));
  if (selection.group) parts.push(t("selection.describe.group", { group: selection.group }));
  if (selection.currency) parts.push(t("selection.describe.currency", { currency: selection.currency }));
  return parts.join("; ");
}
