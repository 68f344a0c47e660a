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

/** A Decimal's documented fields (digits in base-1e7 words, exponent, sign), writable on a private scratch. */
interface DecimalFields {
  d: number[];
  e: number;
  s: number;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];
const LOG_WORD = 7;
/** Filled per call, then copied by Money's own constructor (which copies a Decimal's fields). */
const scratch = new Money(1) as unknown as DecimalFields;
/** Digit arrays by length (a safe integer has at most 4 words), refilled per call, copied by Money. */
const WORDS: number[][] = [[], [0], [0, 0], [0, 0, 0], [0, 0, 0, 0]];
const taken: number[] = [0, 0, 0, 0];

/**
 * scaled x 10^-dp, exactly, for a safe integer `scaled` and 0 <= dp <= 16: the same Decimal
 * (digits, exponent, sign) as new Money(`${scaled}e-${dp}`), made from integers. Reading a
 * million amounts, printing each double and parsing the text was most of the parse. Zero is +0.
 * Its digits are laid out as decimal.js lays out a parsed text (parseDecimal): trailing zeros
 * dropped, the first word holding (e + 1) mod 7 digits, the last padded to 7 digits.
 */
export function moneyFromScaled(scaled: number, dp: number): Money {
  if (!Number.isSafeInteger(scaled) || !(dp >= 0 && dp <= 16) || !Number.isInteger(dp)) throw new RangeError(`moneyFromScaled(${scaled}, ${dp})`);
  if (scaled === 0) return new Money(0);
  let a = scaled < 0 ? -scaled : scaled;
  // 0 - dp, not -dp (-0, a double): stored in a Decimal's `e` it would widen that field for every
  // Decimal and drop decimal.js's optimized code (docs/performance.md, stop 30).
  let exponent = 0 - dp;
  // Most amounts fit an int32: its % is a machine instruction, a double's a call to fmod.
  if (a < INT32) {
    let x = a | 0;
    while (x % 10 === 0) {
      x = (x / 10) | 0;
      exponent++;
    }
    return fromSmallInteger(x, exponent, scaled < 0);
  }
  while (a % 10 === 0) {
    a /= 10;
    exponent++;
  }
  let digits = 1;
  while (digits < 16 && a >= POW10[digits]) digits++;
  const e = digits - 1 + exponent;
  let first = (e + 1) % LOG_WORD;
  if (e < 0) first += LOG_WORD;
  let count = 0;
  if (first >= digits) {
    taken[count++] = a * POW10[first - digits];
  } else {
    // % and the division of an exact multiple are exact on integers below 2^53.
    let rest = digits - first;
    if (first) {
      const low = a % POW10[rest];
      taken[count++] = (a - low) / POW10[rest];
      a = low;
    }
    while (rest > LOG_WORD) {
      rest -= LOG_WORD;
      const low = a % POW10[rest];
      taken[count++] = (a - low) / POW10[rest];
      a = low;
    }
    taken[count++] = a * POW10[LOG_WORD - rest];
  }
  const words = WORDS[count];
  for (let i = 0; i < count; i++) words[i] = taken[i];
  return copied(words, e, scaled < 0);
}

const INT32 = 2 ** 31;

/**
 * Plain decimal text as toFixed writes it ("-1234.5", "0.05", "7"), read in one pass: an
 * optional "-", at least one digit, then optionally "." and at least one digit.
 */
export interface PlainDecimal {
  text: string;
  negative: boolean;
  /** Digits before the point (leading zeros counted) and after it. */
  integerDigits: number;
  decimals: number;
  /** The digits as an integer count of 10^-decimals, unsigned; NaN past 15 significant digits (not exact in a double). */
  scaled: number;
}

/** `text` read as PlainDecimal, or null when it is anything else (an exponent, a "+", spaces...). */
export function readPlainDecimal(text: string): PlainDecimal | null {
  const n = text.length;
  const negative = n > 0 && text.charCodeAt(0) === 45;
  const start = negative ? 1 : 0;
  let scaled = 0;
  let significant = 0;
  let point = -1;
  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      scaled = scaled * 10 + (c - 48);
      // Leading zeros do not count: "0.05" is 5 x 10^-2.
      if (scaled !== 0) significant++;
    } else if (c === 46 && point < 0 && i > start && i < n - 1) point = i;
    else return null;
  }
  if (n === start) return null;
  return { text, negative, integerDigits: (point < 0 ? n : point) - start, decimals: point < 0 ? 0 : n - 1 - point, scaled: significant > 15 ? NaN : scaled };
}

/**
 * new Money(text) for plain decimal text (readPlainDecimal), made from an integer count when
 * the text has at most 15 digits: the same Decimal (digits, exponent, sign), read without
 * decimal.js' parse. The offloaded transactions' 100,000 sums arrive as such text. Anything
 * else (an exponent, more digits, "-0", which is -0) is parsed by decimal.js.
 */
export function moneyFromText(text: string): Money {
  const d = readPlainDecimal(text);
  // "-0.00" is -0, which moneyFromScaled does not make.
  if (d === null || Number.isNaN(d.scaled) || d.decimals > 16 || (d.negative && d.scaled === 0)) return new Money(text);
  return moneyFromScaled(d.negative ? -d.scaled : d.scaled, d.decimals);
}

/**
 * toFixed's text of a + b: in integers of 10^-scale (scale the larger decimals) while each has
 * at most 15 digits there, else by Money.plus, which rounds past Money.precision digits (a
 * caller that needs the exact sum proves it has fewer, as transactions-merge.ts does).
 */
export function plusPlainDecimals(a: PlainDecimal, b: PlainDecimal): string {
  const scale = Math.max(a.decimals, b.decimals);
  if (a.integerDigits + scale <= 15 && b.integerDigits + scale <= 15) {
    const sum = scaledAt(a, scale) + scaledAt(b, scale);
    return textOfScaled(sum, scale);
  }
  return new Money(a.text).plus(new Money(b.text)).toFixed();
}

/** The signed count of 10^-scale (scale >= its decimals; below 10^15, so exact). */
function scaledAt(d: PlainDecimal, scale: number): number {
  const n = d.scaled * POW10[scale - d.decimals];
  return d.negative ? -n : n;
}

/** toFixed's text of the exact integer `scaled` x 10^-scale: no trailing zeros after the point, "0" for zero. */
function textOfScaled(scaled: number, scale: number): string {
  if (scaled === 0) return "0";
  const negative = scaled < 0;
  let digits = String(negative ? -scaled : scaled);
  if (scale > 0) {
    if (digits.length <= scale) digits = "0".repeat(scale - digits.length + 1) + digits;
    const point = digits.length - scale;
    const fraction = digits.slice(point).replace(/0+$/, "");
    digits = fraction ? `${digits.slice(0, point)}.${fraction}` : digits.slice(0, point);
  }
  return negative ? `-${digits}` : digits;
}

/** moneyFromScaled's digits for a value a x 10^exponent, a an int32 without trailing zeros. */
function fromSmallInteger(a: number, exponent: number, negative: boolean): Money {
  let digits = 1;
  while (digits < 10 && a >= POW10[digits]) digits++;
  const e = digits - 1 + exponent;
  let first = (e + 1) % LOG_WORD;
  if (e < 0) first += LOG_WORD;
  // At most 10 digits: one word, or a first word and 7-digit words after it (at most three).
  if (first >= digits) {
    const words = WORDS[1];
    words[0] = a * POW10[first - digits];
    return copied(words, e, negative);
  }
  let rest = digits - first;
  let count = 0;
  let x = a;
  if (first) {
    const p = POW10[rest];
    const high = (x / p) | 0;
    taken[count++] = high;
    x -= high * p;
  }
  while (rest > LOG_WORD) {
    rest -= LOG_WORD;
    const p = POW10[rest];
    const high = (x / p) | 0;
    taken[count++] = high;
    x -= high * p;
  }
  taken[count++] = x * POW10[LOG_WORD - rest];
  const words = WORDS[count];
  for (let i = 0; i < count; i++) words[i] = taken[i];
  return copied(words, e, negative);
}

/** A Money with these digit words and exponent, copied from the scratch by Money's constructor. */
function copied(words: number[], e: number, negative: boolean): Money {
  scratch.s = negative ? -1 : 1;
  scratch.e = e;
  scratch.d = words;
  return new Money(scratch as unknown as Money);
}

const WORD = 1e7;

/**
 * amount * 10^dp (dp its decimal places) as an exact integer below 2^53, or null. Reads the
 * Decimal's documented read-only digits: `d`, base-1e7 words, the first of weight
 * 1e7^floor(e / 7); `s`, the sign.
 */
export function scaledInteger(amount: Decimal, dp: number): number | null {
  const { d, e, s } = amount;
  const last = d.length - 1;
  if (last > 2) return null;
  let words = d[0];
  for (let i = 1; i <= last; i++) words = words * WORD + d[i];
  if (!Number.isSafeInteger(words)) return null;
  // Weight of the last word is 10^(7 * (floor(e / 7) - last)); dp decimals shift it.
  const shift = LOG_WORD * (Math.floor(e / LOG_WORD) - last) + dp;
  if (shift < -15 || shift > 15) return null;
  const term = shift < 0 ? words / POW10[-shift] : words * POW10[shift];
  return Number.isSafeInteger(term) ? (s < 0 ? -term : term) : null;
}

/**
 * amount.toNumber() (the double nearest its value) without decimal.js printing the digits and
 * JS parsing them again: a safe integer count of 10^-dp divided by 10^dp, both exact doubles, is
 * correctly rounded by IEEE division, as the parse of the text is. A run writes 100,000 amounts.
 */
export function moneyToNumber(amount: Decimal): number {
  const dp = decimalPlaces(amount);
  const scaled = dp <= 15 ? scaledInteger(amount, dp) : null;
  if (scaled === null) return amount.toNumber();
  return dp === 0 ? scaled : scaled / POW10[dp];
}

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
  return decimalPlaces(amount) > minorUnits(currency);
}

/**
 * amount.decimalPlaces(), computed as decimal.js does from its digit words (the last word's
 * trailing zeros do not count) but in int32 arithmetic: decimal.js strips them with a double's
 * %, a call to fmod per zero, and a million amounts have five or six each. NaN when not finite.
 */
export function decimalPlaces(amount: Decimal): number {
  const d = amount.d;
  if (!d) return NaN;
  const w = d.length - 1;
  let n = (w - Math.floor(amount.e / LOG_WORD)) * LOG_WORD;
  let last = d[w] | 0;
  if (last) {
    while (last % 10 === 0) {
      last = (last / 10) | 0;
      n--;
    }
  }
  return n < 0 ? 0 : n;
}
