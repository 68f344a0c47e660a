import { isIsoDate } from "../core/dates";
import { Money, moneyFromScaled } from "../core/money";
import { IsoDate } from "../core/types";
import { CellValue, isCellError } from "./grid";
import { DAY_MS, DayCache } from "./day-cache";

/** A parsed cell, or the reason it could not be read (completed with sheet and cell by the caller). */
export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/**
 * Excel shows a double with 15 significant digits; 0.1+0.2 is 0.3 to an accountant. One parse:
 * a Decimal drops the padding zeros of toPrecision itself (the same digits, exponent and sign
 * as re-parsing its toString, checked on a million doubles; docs/performance.md). The copy
 * keeps the same value in half the memory (a parsed Decimal's digit array has room to spare),
 * which counts when a million amounts are held.
 */
export function decimalFromDouble(n: number): Money {
  return scaledMoneyOfDouble(n) ?? new Money(new Money(n.toPrecision(15)));
}

const SCALES = [1, 10, 100, 1000, 10000];

/**
 * The Money of a double that is a whole number of hundredths, thousandths or ten-thousandths
 * (every amount in a currency of 2, 3 or 4 decimals) with at most 15 digits, made from that
 * integer without printing or parsing text; null for any other double. It is the value
 * toPrecision(15) writes: a decimal of at most 15 significant digits survives a round trip
 * through a double (m / 10^dp is the double nearest to it, one correctly rounded division).
 */
function scaledMoneyOfDouble(n: number): Money | null {
  for (let dp = 2; dp <= 4; dp++) {
    const m = Math.round(n * SCALES[dp]);
    if (m / SCALES[dp] === n && m < 1e15 && m > -1e15) return moneyFromScaled(m, dp);
  }
  return null;
}

/**
 * The decimal of a double that is a whole number of hundredths below 10^13 (every amount in a
 * two-decimal currency), as String(n) writes it, made from integers: printing a double's
 * shortest form is the costly part of reading a million amounts. null for any other double.
 * Why it is String(n): m/100 has at most 15 significant digits, and two such decimals never
 * round to one double, so no shorter decimal reads as n.
 */
export function centsText(n: number): string | null {
  const m = Math.round(n * 100);
  if (m / 100 !== n || m >= 1e15 || m <= -1e15) return null;
  const abs = m < 0 ? -m : m;
  const whole = Math.floor(abs / 100);
  const cents = abs - whole * 100;
  const sign = n < 0 ? "-" : "";
  if (cents === 0) return sign + String(whole);
  return sign + String(whole) + (cents < 10 ? `.0${cents}` : cents % 10 === 0 ? `.${cents / 10}` : `.${cents}`);
}

export function isBlank(value: CellValue): boolean {
  return value === null || (typeof value === "string" && value.trim() === "");
}

function describe(value: CellValue): string {
  if (isCellError(value)) {
    if (value.malformedNumber !== undefined) {
      return `a number cell holding "${clip(value.malformedNumber)}", which is not a number (a number cell stores digits with a "." such as -1812.69; the file was not written by Excel or was damaged)`;
    }
    if (value.dataType !== undefined) return value.dataType;
    return `the error ${value.error}`;
  }
  if (value instanceof Date) return "a date";
  if (typeof value === "boolean") return `the logical value ${value ? "TRUE" : "FALSE"}`;
  if (typeof value === "string") return `"${clip(value)}"`;
  return String(value);
}

const clip = (text: string): string => (text.length > 40 ? text.slice(0, 37) + "..." : text);

const CURRENCY_SYMBOLS = /[$€£¥₹₩₽₺₪₫฿₴₦]/g;
const GROUPING_SPACES = /[\s\u00a0\u202f']/g;

/**
 * Reads an amount as an accountant types it: "1,234.50", "1.234,50", "(1 234,50)", "-€12",
 * "EUR 12.00", "12.50-". A lone separator followed by exactly three digits ("1,234") could be
 * a thousand or a decimal, so it is refused rather than guessed.
 */
export function parseAmount(value: CellValue): Parsed<Money> {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return fail("expected an amount, found a non-finite number");
    return Math.abs(value) < EXACT_BELOW ? ok(decimalFromDouble(value)) : parseLargeDouble(value);
  }
  return parseAmountOfText(value);
}

/**
 * parseAmount's answer for a number cell that is an amount as it is (every double below 1e10),
 * without the Parsed wrapper; undefined for any other cell, which parseAmount decides.
 */
export function plainAmount(value: CellValue): Money | undefined {
  return typeof value === "number" && Math.abs(value) < EXACT_BELOW ? decimalFromDouble(value) : undefined;
}

/** plainScaledAmount's answer: the amount as term x 10^-dp, dp its decimal places. */
export const scaledAmount = { term: 0, dp: 0 };

/**
 * Whether plainAmount(value) is moneyFromScaled(t, d) for a whole number of hundredths,
 * thousandths or ten-thousandths (every amount in a currency of 2, 3 or 4 decimals, read
 * without a Decimal); if so scaledAmount holds it with d its decimal places (trailing zeros
 * dropped: 12.50 is 125 x 10^-1), t below 10^15. False for any other cell, which plainAmount
 * or parseAmount reads.
 */
export function plainScaledAmount(value: CellValue): boolean {
  if (typeof value !== "number" || !(Math.abs(value) < EXACT_BELOW)) return false;
  for (let dp = 2; dp <= 4; dp++) {
    // scaledMoneyOfDouble's test, in its order: the first scale that holds the double exactly.
    let m = Math.round(value * SCALES[dp]);
    if (m / SCALES[dp] !== value || !(m < 1e15 && m > -1e15)) continue;
    let d = dp;
    // +0 for -0, as moneyFromScaled makes it.
    if (m === 0) m = 0;
    else if (m < INT32 && m > -INT32) {
      let x = m | 0;
      while (d > 0 && x % 10 === 0) {
        x = (x / 10) | 0;
        d--;
      }
      m = x;
    } else
      while (d > 0 && m % 10 === 0) {
        m /= 10;
        d--;
      }
    scaledAmount.term = m;
    scaledAmount.dp = m === 0 ? 0 : d;
    return true;
  }
  return false;
}

const INT32 = 2 ** 31;

function parseAmountOfText(value: Exclude<CellValue, number>): Parsed<Money> {
  const plain = typeof value === "string" ? plainAmountText(value) : undefined;
  return plain === undefined ? parseAmountOfTextPlain(value) : ok(plain);
}

/** parseAmount of a cell that is not a number, every form of it (the rule plainAmountText is held to). */
export function parseAmountOfTextPlain(value: Exclude<CellValue, number>): Parsed<Money> {
  if (isBlank(value)) return fail("expected an amount, found an empty cell");
  if (typeof value !== "string") return fail(`expected an amount, found ${describe(value)}`);
  const parsed = parseAmountText(value);
  if (parsed === null) return fail(`expected an amount such as 1234.50, found ${describe(value)}`);
  // A cell holds a double: more digits would be written back rounded, a different amount.
  if (parsed.ok && parsed.value.sd() > MAX_DIGITS) return fail(`${describe(value)} has more than the ${MAX_DIGITS} significant digits Excel keeps`);
  return parsed;
}

const MAX_DIGITS = 15;

/**
 * Below 1e10 reading a double at 15 significant digits moves it by less than 0.000005, so no
 * amount in any currency (at most 4 decimals) changes: only larger ones need the exact check.
 */
const EXACT_BELOW = 1e10;
/** Half of the smallest minor unit in use (3-decimal currencies such as BHD). */
const HALF_SMALLEST_UNIT = new Money("0.0005");

/**
 * A large amount whose double holds more than Excel's 15 significant digits
 * (39999999999999.96 written by another program) would be read as a different amount
 * (40000000000000.0): refused. Float noise in a formula result (1e-16 relative) is not.
 */
function parseLargeDouble(value: number): Parsed<Money> {
  const reading = decimalFromDouble(value);
  const shortest = new Money(String(value));
  if (shortest.sd() <= MAX_DIGITS || shortest.minus(reading).abs().lessThan(HALF_SMALLEST_UNIT)) return ok(reading);
  return fail(`${shortest.toFixed()} has more than the ${MAX_DIGITS} significant digits Excel keeps; it would be read as ${reading.toFixed()}, a different amount`);
}
/**
 * parseAmountText's amount for the text amounts a ledger mostly holds, read in one pass over
 * the text: "1,234.50", " -7,184.47 ", "(9,374.32)", "€ 1,425.69", "-€ 4,343.75", "12.5", "120".
 * That is: ASCII spaces around; a "-" or parentheses; one currency symbol; digits grouped by
 * commas in threes (then a decimal point is required) or not grouped; at most 15 digits, not
 * zero. undefined for any other text, which parseAmountText decides (a dozen regular
 * expressions: 7 µs a text amount, 20 ms of a 10,000-customer run's 3,000).
 */
export function plainAmountText(text: string): Money | undefined {
  let i = 0;
  let end = text.length;
  while (i < end && text.charCodeAt(i) === 32) i++;
  while (end > i && text.charCodeAt(end - 1) === 32) end--;
  let negative = false;
  const first = text.charCodeAt(i);
  if (first === 40) {
    if (text.charCodeAt(end - 1) !== 41) return undefined;
    negative = true;
    i++;
    end--;
    while (i < end && text.charCodeAt(i) === 32) i++;
    while (end > i && text.charCodeAt(end - 1) === 32) end--;
  } else if (first === 45) {
    negative = true;
    i++;
    while (i < end && text.charCodeAt(i) === 32) i++;
  }
  if (SYMBOL_CODES.includes(text.charCodeAt(i))) {
    i++;
    while (i < end && text.charCodeAt(i) === 32) i++;
  }
  // Digits, grouped or not, then the decimals.
  let scaled = 0;
  let digits = 0;
  let group = 0;
  let grouped = false;
  for (; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      scaled = scaled * 10 + (c - 48);
      if (scaled > 0) digits++;
      group++;
    } else if (c === 44) {
      if (group === 0 || group > 3 || (grouped && group !== 3)) return undefined;
      grouped = true;
      group = 0;
    } else break;
  }
  if (group === 0 || (grouped && group !== 3)) return undefined;
  let dp = 0;
  if (i < end) {
    if (text.charCodeAt(i) !== 46) return undefined;
    for (i++; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) return undefined;
      scaled = scaled * 10 + (c - 48);
      if (scaled > 0) digits++;
      dp++;
    }
    if (dp === 0) return undefined;
  } else if (grouped) return undefined;
  if (scaled === 0 || digits > MAX_DIGITS || dp > MAX_DIGITS) return undefined;
  return moneyFromScaled(negative ? -scaled : scaled, dp);
}

/** CURRENCY_SYMBOLS' characters (each one UTF-16 unit). */
const SYMBOL_CODES: readonly number[] = [..."$€£¥₹₩₽₺₪₫฿₴₦"].map((c) => c.charCodeAt(0));

const CURRENCY_CODE_BEFORE = /^([A-Za-z]{3})\s*(?=[-+(\d.,])/;
const CURRENCY_CODE_AFTER = /(?<=[\d.)])\s*[A-Za-z]{3}$/;
const SPACE_GROUPED = /^\d{1,3}(?:[\s\u00a0\u202f']\d{3})+(?:[.,]\d+)?$/;

function parseAmountText(raw: string): Parsed<Money> | null {
  let text = raw.trim();
  // "EUR 5 USD" or "€5 EUR" names two currencies: which one was meant is a guess.
  const markers = (CURRENCY_CODE_BEFORE.test(text) ? 1 : 0) + (CURRENCY_CODE_AFTER.test(text) ? 1 : 0) + (text.match(CURRENCY_SYMBOLS) ?? []).length;
  if (markers > 1) return null;
  text = text.replace(CURRENCY_CODE_BEFORE, "").replace(CURRENCY_CODE_AFTER, "");
  text = text.replace(CURRENCY_SYMBOLS, "").trim();
  let negative = false;
  const paren = /^\((.*)\)$/.exec(text);
  if (paren) {
    negative = true;
    text = paren[1].trim();
    // "(-5)" is a negative twice over: a typing slip, not a positive amount.
    if (/^[-+\u2212]|[-\u2212]$/.test(text)) return null;
  }
  if (/^[-\u2212]/.test(text)) {
    negative = !negative;
    text = text.slice(1).trim();
  } else if (/^\+/.test(text)) {
    text = text.slice(1).trim();
  } else if (/[-\u2212]$/.test(text) && !paren) {
    negative = true;
    text = text.slice(0, -1).trim();
  }
  text = text.replace(CURRENCY_SYMBOLS, "").trim();
  // Spaces group thousands ("1 234,50"); "1 5" is not 15 but a slip.
  if (/[\s\u00a0\u202f']/.test(text) && !SPACE_GROUPED.test(text)) return null;
  text = text.replace(GROUPING_SPACES, "");
  const normalized = normalizeSeparators(text);
  if (typeof normalized !== "string") return normalized;
  if (!/^\d+(\.\d+)?$/.test(normalized) && !/^\.\d+$/.test(normalized)) return null;
  const amount = new Money(normalized);
  return ok(negative ? amount.negated() : amount);
}

/** Decides which of "." and "," is the decimal mark; returns digits with a "." or a failure. */
function normalizeSeparators(text: string): string | Parsed<Money> | null {
  const dots = (text.match(/\./g) ?? []).length;
  const commas = (text.match(/,/g) ?? []).length;
  if (dots && commas) {
    const decimalMark = text.lastIndexOf(".") > text.lastIndexOf(",") ? "." : ",";
    const group = decimalMark === "." ? "," : ".";
    const [intPart, frac] = splitOnce(text, decimalMark);
    if (frac.includes(group) || frac.includes(decimalMark) || !isGrouped(intPart, group)) return null;
    return `${intPart.split(group).join("")}.${frac}`;
  }
  const mark = dots ? "." : commas ? "," : null;
  if (!mark) return text;
  const count = dots || commas;
  if (count > 1) return isGrouped(text, mark) ? text.split(mark).join("") : null;
  const [intPart, frac] = splitOnce(text, mark);
  if (mark === "," && frac.length === 3 && intPart.length > 0) {
    return fail(`"${text}" is ambiguous: write 1234 or 1.234 without a thousands comma`);
  }
  return `${intPart}.${frac}`;
}

function splitOnce(text: string, mark: string): [string, string] {
  const i = text.lastIndexOf(mark);
  return [text.slice(0, i), text.slice(i + 1)];
}

function isGrouped(intPart: string, group: string): boolean {
  return new RegExp(`^\\d{1,3}(\\${group}\\d{3})*$`).test(intPart);
}

/** A rate or minimum: an amount that must not be negative. */
export function parseNonNegative(value: CellValue): Parsed<Money> {
  const amount = parseAmount(value);
  if (!amount.ok) return amount;
  return amount.value.isNegative() ? fail(`expected zero or a positive number, found ${amount.value.toFixed()}`) : amount;
}

/**
 * Text as the workbook holds it: trimmed, non-breaking spaces removed. A number becomes its
 * digits ("123"), because account numbers typed into Excel often turn into numbers.
 */
export function parseText(value: CellValue): Parsed<string | null> {
  if (value === null) return ok(null);
  if (isCellError(value)) return fail(`expected text, found ${describe(value)}`);
  if (typeof value === "number") return Number.isFinite(value) ? ok(decimalFromDouble(value).toFixed()) : fail("expected text");
  if (typeof value === "boolean") return ok(value ? "TRUE" : "FALSE");
  if (value instanceof Date) {
    const iso = isoOfDate(value);
    return iso ? ok(iso) : fail("expected text, found an invalid date");
  }
  // Excel holds at most 32,767 characters in a cell: a longer text was cut or never Excel's.
  if (value.length > MAX_TEXT) return fail(`expected text of at most ${MAX_TEXT.toLocaleString("en")} characters (Excel's limit for a cell), found ${value.length.toLocaleString("en")}`);
  const spaced = value.includes("\u00a0") || value.includes("\u202f") ? value.replace(/[\u00a0\u202f]/g, " ") : value;
  const text = spaced.trim();
  return ok(text === "" ? null : text);
}

/**
 * parseText's answer, without the Parsed wrapper, for the cells most of a ledger holds: empty,
 * or text that starts and ends with a visible ASCII character and has no non-breaking space
 * (trimming changes nothing). undefined for any other cell, which parseText decides.
 */
export function plainText(value: CellValue): string | null | undefined {
  if (value === null) return null;
  if (typeof value !== "string" || value.length > MAX_TEXT || !isVisibleAscii(value.charCodeAt(0)) || !isVisibleAscii(value.charCodeAt(value.length - 1))) return undefined;
  return value.includes("\u00a0") || value.includes("\u202f") ? undefined : value;
}

const isVisibleAscii = (code: number): boolean => code > 32 && code < 127;

/** parseDate's answer for a date cell within Excel's years, without the Parsed wrapper; undefined otherwise. */
export function plainDate(value: CellValue): IsoDate | undefined {
  return value instanceof Date ? isoOfDate(value) ?? undefined : undefined;
}

/** Excel's limit on the characters of one cell. */
export const MAX_TEXT = 32_767;

// C0 and C1 control characters other than line feed and carriage return (CSV quoting handles those).
const CONTROL = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * A name or an account: text without control characters. A bell or an escape in a payee's name
 * reaches the bank file and AP as it is; one typed by accident is invisible in Excel.
 */
export function parseName(value: CellValue): Parsed<string | null> {
  return withoutControls(parseText(value), value);
}

/** parseText's answer for `value`, refused when the text holds a control character. */
function withoutControls<T extends string | null>(text: Parsed<T>, value: CellValue): Parsed<T> {
  if (!text.ok || text.value === null || !hasControl(text.value)) return text;
  const m = CONTROL.exec(text.value);
  if (!m) return text;
  const code = `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
  return fail(`expected a name or account without control characters, found ${code} at character ${m.index + 1} of ${describe(value)}`);
}

/**
 * Whether the text holds a character CONTROL matches: a loop over its characters, cheaper than
 * the expression for the short names a customer row holds eight of (the expression then says where).
 */
export function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 ? c !== 0x0a && c !== 0x0d : c >= 0x7f && c <= 0x9f) return true;
  }
  return false;
}

/** A required name or account (control characters refused, see parseName). */
export function parseRequiredText(value: CellValue, what: string): Parsed<string> {
  const text = parseText(value);
  if (!text.ok) return isCellError(value) || value instanceof Date ? fail(`expected ${what}, found ${describe(value)}`) : text;
  if (text.value === null) return fail(`expected ${what}, found an empty cell`);
  // The text is parsed once (it was twice, through parseName).
  return withoutControls({ ok: true, value: text.value }, value);
}

// Excel's 1900 date system: serial 25569 is 1970-01-01; serial 60 is the phantom 1900-02-29.
const EPOCH_SERIAL = 25569;
const MAX_SERIAL = 2958465; // 9999-12-31

export function serialToIso(serial: number): IsoDate | null {
  if (!Number.isFinite(serial) || serial < 1 || serial > MAX_SERIAL + 0.99999) return null;
  const days = Math.floor(serial) - (serial < 61 ? EPOCH_SERIAL - 1 : EPOCH_SERIAL);
  if (Math.floor(serial) === 60) return null;
  // A ledger's date serials are a few hundred days: each day's text is made once.
  return serialIsos.get(days, isoOfDay);
}

function isoOfDay(days: number): IsoDate {
  return new Date(days * DAY_MS).toISOString().slice(0, 10);
}

/** serialToIso's answers by Unix day. */
const serialIsos = new DayCache<IsoDate>(1, "");

export function isoToSerial(date: IsoDate): number {
  const [y, m, d] = date.split("-").map(Number);
  return Date.UTC(y, m - 1, d) / 86400000 + EPOCH_SERIAL;
}

/** The UTC day of a Date, or null when it is not a real date between years 1900 and 9999. */
function isoOfDate(date: Date): IsoDate | null {
  const time = date.getTime();
  if (Number.isNaN(time)) return null;
  // A ledger's million date cells hold a few hundred days: each is formatted once.
  return isoAnswers.get(time, isoOfTime);
}

function isoOfTime(time: number): IsoDate | null {
  // Beyond year 9999 toISOString gives "+010000-01-01": not a date Excel or the ledger knows.
  const iso = new Date(time).toISOString().slice(0, 10);
  return isIsoDate(iso) && iso >= FIRST_DATE ? iso : null;
}

/** isoOfDate's answers by the Date's time. */
const isoAnswers = new DayCache<IsoDate | null>(DAY_MS, null);

/** Excel's first date (serial 1): an earlier one cannot be written back as a date cell. */
const FIRST_DATE = "1900-01-01";

/** Dates as Excel gives them: a date cell, a serial number, or text in an unambiguous form. */
export function parseDate(value: CellValue): Parsed<IsoDate> {
  if (value instanceof Date) {
    const iso = isoOfDate(value);
    return iso ? ok(iso) : fail("expected a date, found an invalid date or one outside the years 1900 to 9999");
  }
  if (typeof value === "number") {
    const iso = serialToIso(value);
    return iso ? ok(iso) : fail(`expected a date, found the number ${value}, which is not a date serial`);
  }
  if (isBlank(value)) return fail("expected a date, found an empty cell");
  if (typeof value !== "string") return fail(`expected a date, found ${describe(value)}`);
  return parseDateText(value.trim());
}

function parseDateText(text: string): Parsed<IsoDate> {
  const bad = fail<IsoDate>(`expected a date such as 2026-11-24, found "${text}"`);
  // A time of day may follow ("2026-11-24 10:30:00", "2026-11-24T10:30Z"); other words may not.
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (m) return checked(m[1], m[2], m[3], text);
  m = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$/.exec(text);
  if (!m) return bad;
  const [a, b] = [Number(m[1]), Number(m[3])];
  // 24.11.2026 and 24/11/2026 are day-first; 11/24/2026 is month-first; 03/04/2026 is anyone's guess.
  if (m[2] === "." || a > 12) return checked(m[4], m[3], m[1], text);
  if (b > 12) return checked(m[4], m[1], m[3], text);
  if (a === b) return checked(m[4], m[1], m[3], text);
  return fail(`"${text}" is ambiguous (day/month or month/day): write it as YYYY-MM-DD`);
}

function checked(y: string, m: string, d: string, text: string): Parsed<IsoDate> {
  const iso = `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
  if (!isIsoDate(iso)) return fail(`"${text}" is not a real calendar date`);
  return iso < FIRST_DATE ? fail(`"${text}" is before 1900, the first date Excel holds`) : ok(iso);
}

/** A whole number such as payment terms in days. */
export function parseWholeNumber(value: CellValue): Parsed<number> {
  const amount = parseAmount(value);
  if (!amount.ok) return fail(amount.reason.replace("an amount", "a whole number"));
  // Beyond 2^53 a JS number is not that whole number any more.
  if (!amount.value.isInteger() || amount.value.abs().greaterThan(Number.MAX_SAFE_INTEGER)) return fail(`expected a whole number, found ${amount.value.toFixed()}`);
  return ok(amount.value.toNumber());
}
