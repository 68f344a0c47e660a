import Decimal from "decimal.js";
import { minorUnits } from "./currency";

/**
 * All money in Reimburse is a Decimal: a JS number cannot hold 0.1 exactly, and an
 * accountant reconciles to the cent. Precision is far above any ledger amount so that
 * intermediate products (credit x rate) are exact before the final rounding.
 */
export const Money = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Money = Decimal;

export const ZERO: Money = new Money(0);

/** Rounds to the currency's ISO 4217 minor units, half away from zero (commercial rounding). */
export function roundMoney(amount: Decimal, currency: string): Money {
  const decimals = minorUnits(currency);
  // A Money already within the decimals is its own rounding: Decimals are immutable, and a
  // copy per balance is a measurable share of a million-row run.
  if (amount.constructor === Money && amount.decimalPlaces() <= decimals) return amount;
  return new Money(amount).toDecimalPlaces(decimals, Decimal.ROUND_HALF_UP);
}

/** Plain decimal text with exactly the currency's decimals: "1234.50", "-7", "0.125". */
export function formatMoney(amount: Decimal, currency: string): string {
  return roundMoney(amount, currency).toFixed(minorUnits(currency));
}

export function sumMoney(amounts: Iterable<Decimal>): Money {
  let total: Decimal = ZERO;
  for (const a of amounts) total = total.plus(a);
  return new Money(total);
}

/** Whether the amount has more decimals than the currency allows (e.g. 10.005 EUR). */
export function hasExcessDecimals(amount: Decimal, currency: string): boolean {
  return amount.decimalPlaces() > minorUnits(currency);
}
