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
  const sums = new Map<string, ExactSum>();
  const add = (account: string, currency: string, amount: Money, source: CellRef): void => {
    const key = balanceKey(account, currency);
    const found = sums.get(key);
    if (found) found.add(amount);
    else sums.set(key, new ExactSum(account, currency, amount, source));
  };
  for (let i = 0; i < opening.length; i++) add(opening[i].account, opening[i].currency, opening[i].amount, opening[i].source);
  for (let i = 0; i < transactions.length; i++) add(transactions[i].account, transactions[i].currency, transactions[i].amount, transactions[i].source);
  const balances = new Map<string, CurrentBalance>();
  for (const [key, sum] of sums) balances.set(key, { account: sum.account, currency: sum.currency, amount: sum.total(), source: sum.source });
  return balances;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const MAX_DECIMALS = POW10.length - 1;
/** Below 2^50, Math.round(x.toNumber() * 10^dp) is exactly x * 10^dp (the error stays under 1/4). */
const MAX_TERM = 2 ** 50;

/**
 * The same value as summing with Money.plus (first amount copied, then plus, one by one), but
 * as an integer count of 10^-scale while every term and partial sum is a safe integer: a
 * million Decimal additions cost more than the rest of a plan. Anything else (more than 9
 * decimals, 16 digits, a partial sum past 2^53) continues in Money from the exact sum so far.
 */
class ExactSum {
  private scaled = 0;
  private scale = 0;
  private decimal: Money | null = null;
  /** Money.plus keeps -0 only while every amount added is -0; otherwise a zero sum is +0. */
  private allNegativeZero: boolean;

  constructor(
    readonly account: string,
    readonly currency: string,
    first: Money,
    readonly source: CellRef,
  ) {
    this.allNegativeZero = first.isZero() && first.isNegative();
    if (!this.addScaled(first)) this.decimal = new Money(first);
  }

  add(amount: Money): void {
    if (this.allNegativeZero && !(amount.isZero() && amount.isNegative())) this.allNegativeZero = false;
    if (this.decimal === null && this.addScaled(amount)) return;
    this.decimal = this.total().plus(amount);
  }

  total(): Money {
    if (this.decimal !== null) return this.decimal;
    if (this.scaled === 0) return new Money(this.allNegativeZero ? -0 : 0);
    return new Money(this.scaled).dividedBy(POW10[this.scale]);
  }

  /** Adds exactly in integers, or returns false (and changes nothing) when it cannot. */
  private addScaled(amount: Money): boolean {
    const dp = amount.decimalPlaces();
    if (!(dp <= MAX_DECIMALS)) return false;
    const term = Math.round(amount.toNumber() * POW10[dp]);
    if (!(Math.abs(term) < MAX_TERM)) return false;
    let sum = this.scaled;
    let scale = this.scale;
    let scaledTerm = term;
    if (dp > scale) {
      sum *= POW10[dp - scale];
      scale = dp;
    } else if (dp < scale) {
      scaledTerm *= POW10[scale - dp];
    }
    const next = sum + scaledTerm;
    if (!Number.isSafeInteger(sum) || !Number.isSafeInteger(scaledTerm) || !Number.isSafeInteger(next)) return false;
    this.scaled = next;
    this.scale = scale;
    return true;
  }
}

/** The balance of one customer in one currency; zero when it has no rows. */
export function balanceOf(
  balances: ReadonlyMap<string, CurrentBalance>,
  account: string,
  currency: string,
): Money {
  return balances.get(balanceKey(account, currency))?.amount ?? ZERO;
}
