import { Money, ZERO } from "./money";
import { CellRef, CustomerTransaction, OpeningBalance } from "./types";

export interface CurrentBalance {
  account: string;
  currency: string;
  amount: Money;
  /** The opening-balance cell, or the first transaction's, for messages. */
  source: CellRef;
}

/** Accounts are matched case-insensitively, as D365 does; the key keeps balances per currency. */
export function balanceKey(account: string, currency: string): string {
  return `${account.toUpperCase()}\u0000${currency}`;
}

/**
 * Current balance per customer and currency: the opening balance plus every transaction,
 * debits and credits netted, so only the net credit is ever reimbursed.
 */
export function currentBalances(
  opening: readonly OpeningBalance[],
  transactions: readonly CustomerTransaction[],
): Map<string, CurrentBalance> {
  const balances = new Map<string, CurrentBalance>();
  const add = (account: string, currency: string, amount: Money, source: CellRef): void => {
    const key = balanceKey(account, currency);
    const found = balances.get(key);
    if (found) found.amount = found.amount.plus(amount);
    else balances.set(key, { account, currency, amount: new Money(amount), source });
  };
  for (const b of opening) add(b.account, b.currency, b.amount, b.source);
  for (const t of transactions) add(t.account, t.currency, t.amount, t.source);
  return balances;
}

/** The balance of one customer in one currency; zero when it has no rows. */
export function balanceOf(
  balances: ReadonlyMap<string, CurrentBalance>,
  account: string,
  currency: string,
): Money {
  return balances.get(balanceKey(account, currency))?.amount ?? ZERO;
}
