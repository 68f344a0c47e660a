import { compareAccounts } from "./account-order";
import { Customer, Selection } from "./types";

/** True when the selection restricts nothing: the "all customers" run that asks for confirmation. */
export function selectsAll(selection: Selection): boolean {
  return !selection.accounts?.length && !selection.range && !selection.group && !selection.currency;
}

function sameText(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Whether a customer falls in the selection (the currency filter applies per balance). */
export function customerSelected(customer: Customer, selection: Selection): boolean {
  if (selection.accounts?.length && !selection.accounts.some((a) => sameText(a, customer.account))) return false;
  if (selection.range) {
    const { from, to } = selection.range;
    if (compareAccounts(customer.account, from) < 0 || compareAccounts(customer.account, to) > 0) return false;
  }
  if (selection.group && !(customer.group !== null && sameText(customer.group, selection.group))) return false;
  return true;
}

export function currencySelected(currency: string, selection: Selection): boolean {
  return !selection.currency || sameText(selection.currency, currency);
}

/** One line of text for summaries and the audit trail. */
export function describeSelection(selection: Selection): string {
  if (selectsAll(selection)) return "All customers";
  const parts: string[] = [];
  if (selection.accounts?.length) parts.push(`accounts ${selection.accounts.join(", ")}`);
  if (selection.range) parts.push(`accounts ${selection.range.from} to ${selection.range.to}`);
  if (selection.group) parts.push(`group ${selection.group}`);
  if (selection.currency) parts.push(`currency ${selection.currency}`);
  return parts.join("; ");
}
