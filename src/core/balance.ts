import { Money, ZERO, decimalPlaces, moneyFromScaled, scaledInteger } from "./money";
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
  // Keys in order of first appearance, as one Map keyed by balanceKey would hold them.
  const balances = new Map<string, CurrentBalance>();
  for (const sum of sumBalances(opening, transactions).created) balances.set(balanceKey(sum.account, sum.currency), sum.balance());
  return balances;
}

/**
 * The same balances grouped by account (upper-cased, in order of first appearance), each
 * account's currencies in order of first appearance: what the plan needs, without a key per
 * balance and a second map to group them.
 */
export function currentBalancesByAccount(
  opening: readonly OpeningBalance[],
  transactions: readonly CustomerTransaction[],
): Map<string, CurrentBalance[]> {
  const byAccount = sumBalances(opening, transactions, false).byAccount as Map<string, (ExactSum | CurrentBalance)[]>;
  // Each group becomes its list of balances in place: no second map or array per account.
  byAccount.forEach((group) => {
    for (let i = 0; i < group.length; i++) group[i] = (group[i] as ExactSum).balance();
  });
  return byAccount as Map<string, CurrentBalance[]>;
}

/**
 * currentBalances(opening, transactions) built one amount at a time, for a reader that keeps no
 * list of a million transactions: `balances()` gives the map's values, in the same order.
 */
export function balanceSummer(): { add(row: OpeningBalance | CustomerTransaction): void; balances(): CurrentBalance[] } {
  const sums = exactSums(true);
  const add = (row: OpeningBalance | CustomerTransaction): void => sums.add(row.account, row.currency, row.amount, row.source);
  SCALED_ADDERS.set(add, sums.addScaled);
  return { add, balances: () => sums.created.map((sum) => sum.balance()) };
}

/**
 * A summer's `add` fed an amount as the exact integer `term` x 10^-dp (dp its decimal places,
 * 0 <= dp <= 4, |term| < 10^15) instead of a Money: what add(row) does with a row of that
 * amount, without the Decimal or the row. `source` is called only when the row starts a new sum.
 */
export type ScaledAdder = (account: string, currency: string, term: number, dp: number, source: () => CellRef) => void;

const SCALED_ADDERS = new WeakMap<object, ScaledAdder>();

/**
 * The scaled adder of balanceSummer()'s `add`, undefined for any other function: a reader given
 * a summer's add (a million rows summed, none kept) hands it integers instead of transactions.
 */
export function scaledAdderOf(add: (row: CustomerTransaction) => void): ScaledAdder | undefined {
  return SCALED_ADDERS.get(add);
}

/** `add` (a function that hands rows on to a summer's add) with the scaled adder `scaled`, which scaledAdderOf then gives for it. */
export function withScaledAdder<A extends (row: CustomerTransaction) => void>(add: A, scaled: ScaledAdder): A {
  SCALED_ADDERS.set(add, scaled);
  return add;
}

function sumBalances(
  opening: readonly OpeningBalance[],
  transactions: readonly CustomerTransaction[],
  keepOrder = true,
): { byAccount: Map<string, ExactSum[]>; created: ExactSum[] } {
  const { add, byAccount, created } = exactSums(keepOrder);
  for (let i = 0; i < opening.length; i++) add(opening[i].account, opening[i].currency, opening[i].amount, opening[i].source);
  for (let i = 0; i < transactions.length; i++) add(transactions[i].account, transactions[i].currency, transactions[i].amount, transactions[i].source);
  return { byAccount, created };
}

function exactSums(keepOrder: boolean): {
  add: (account: string, currency: string, amount: Money, source: CellRef) => void;
  addScaled: ScaledAdder;
  byAccount: Map<string, ExactSum[]>;
  created: ExactSum[];
} {
  // By account, then among its few currencies: cheaper than a key string per row.
  const byAccount = new Map<string, ExactSum[]>();
  // Every sum in order of creation (its `index`).
  const order: ExactSum[] = [];
  // Ledgers often list a customer's rows together: the previous row's sum is tried first.
  let last: ExactSum | undefined;
  let lastAccount = "";
  /**
   * Then the sum made after it: transactions (or a digest's sums) listed in the order of the
   * opening balances find theirs without a key and a lookup in a map of 100,000 accounts. The
   * same account text and currency are the same key, whose one sum in that currency it is.
   */
  const following = (account: string, currency: string): ExactSum | null => {
    const next = last === undefined ? order[0] : order[last.index + 1];
    return next !== undefined && next.account === account && next.currency === currency ? next : null;
  };
  const add = (account: string, currency: string, amount: Money, source: CellRef): void => {
    if (last !== undefined && account === lastAccount && currency === last.currency) {
      last.add(amount);
      return;
    }
    lastAccount = account;
    const next = following(account, currency);
    if (next !== null) {
      last = next;
      last.add(amount);
      return;
    }
    const key = account.toUpperCase();
    let group = byAccount.get(key);
    if (group !== undefined) {
      for (let i = 0; i < group.length; i++) {
        if (group[i].currency === currency) {
          last = group[i];
          last.add(amount);
          return;
        }
      }
    } else {
      group = [];
      byAccount.set(key, group);
    }
    last = new ExactSum(account, currency, amount, source, order.length);
    group.push(last);
    order.push(last);
  };
  /** The sum of that account and currency, or null when there is none yet (`last` then names neither). */
  const sumOf = (account: string, currency: string): ExactSum | null => {
    if (last !== undefined && account === lastAccount && currency === last.currency) return last;
    const next = following(account, currency);
    if (next !== null) {
      lastAccount = account;
      last = next;
      return last;
    }
    const group = byAccount.get(account.toUpperCase());
    if (group !== undefined) {
      for (let i = 0; i < group.length; i++) {
        if (group[i].currency === currency) {
          lastAccount = account;
          last = group[i];
          return last;
        }
      }
    }
    return null;
  };
  // add's steps, the amount an integer: the same sums in the same order (balance.test.ts).
  const addScaled: ScaledAdder = (account, currency, term, dp, source) => {
    const sum = sumOf(account, currency);
    if (sum !== null) sum.addTerm(term, dp);
    else add(account, currency, moneyFromScaled(term, dp), source());
  };
  return { add, addScaled, byAccount, created: keepOrder ? order : [] };
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const MAX_DECIMALS = 9;

/**
 * The same value as summing with Money.plus (first amount copied, then plus, one by one), but
 * as an integer count of 10^-scale while every term and partial sum is a safe integer: a
 * million Decimal additions cost more than the rest of a plan. Anything else (more than 9
 * decimals, 16 digits, a partial sum past 2^53) continues in Money from the exact sum so far.
 */
class ExactSum {
  /**
   * -0, a double that reads as 0 everywhere here (=== 0, isSafeInteger, -0 + x): the sums become
   * doubles (POW10 holds doubles), and a small-integer field widened mid-read drops the adders'
   * optimized code (docs/performance.md, stop 30).
   */
  private scaled = -0;
  private scale = 0;
  private decimal: Money | null = null;
  /** Money.plus keeps -0 only while every amount added is -0; otherwise a zero sum is +0. */
  private allNegativeZero: boolean;

  constructor(
    readonly account: string,
    readonly currency: string,
    first: Money,
    readonly source: CellRef,
    /** Its place among the sums, in order of creation. */
    readonly index: number,
  ) {
    this.allNegativeZero = first.isZero() && first.isNegative();
    if (!this.addScaled(first)) this.decimal = new Money(first);
  }

  add(amount: Money): void {
    if (this.allNegativeZero && !(amount.isZero() && amount.isNegative())) this.allNegativeZero = false;
    if (this.decimal === null && this.addScaled(amount)) return;
    this.decimal = this.total().plus(amount);
  }

  /** add(moneyFromScaled(term, dp)) for dp the amount's decimal places (never -0), without the Money while the sum stays in integers. */
  addTerm(term: number, dp: number): void {
    this.allNegativeZero = false;
    if (this.decimal === null && this.addInteger(term, dp)) return;
    this.decimal = this.total().plus(moneyFromScaled(term, dp));
  }

  balance(): CurrentBalance {
    return { account: this.account, currency: this.currency, amount: this.total(), source: this.source };
  }

  total(): Money {
    if (this.decimal !== null) return this.decimal;
    if (this.scaled === 0) return new Money(this.allNegativeZero ? -0 : 0);
    // The integer's digits with the exponent, laid out as new Money(`${scaled}e-${scale}`) would
    // parse them (moneyFromScaled; scale <= MAX_DECIMALS): no text made and parsed per balance
    // (100,000 of them at 100k customers, summed in the worker and again in the plan).
    return moneyFromScaled(this.scaled, this.scale);
  }

  /** Adds exactly in integers, or returns false (and changes nothing) when it cannot. */
  private addScaled(amount: Money): boolean {
    const dp = decimalPlaces(amount);
    if (!(dp <= MAX_DECIMALS)) return false;
    const term = scaledInteger(amount, dp);
    return term !== null && this.addInteger(term, dp);
  }

  /** Adds term x 10^-dp exactly in integers, or returns false (and changes nothing) when it cannot. */
  private addInteger(term: number, dp: number): boolean {
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
