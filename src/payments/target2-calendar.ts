import { addDays } from "../core/dates";
import { IsoDate } from "../core/types";

/**
 * The TARGET2 (T2) closing days, on which no euro payment settles: Saturdays, Sundays, New
 * Year's Day, Good Friday, Easter Monday, 1 May (Labour Day), 25 and 26 December. Source: ECB,
 * "TARGET2 / T2 calendar" (ecb.europa.eu/paym/target); the same days are closing days of the
 * SEPA schemes' clearing (EPC SCT rulebook, "TARGET2 days"). See docs/payments.md.
 */

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, Meeus/Jones/Butcher). */
export function easterSunday(year: number): IsoDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

export type ClosingReason = "Saturday" | "Sunday" | "New Year's Day" | "Good Friday" | "Easter Monday" | "Labour Day" | "Christmas Day" | "Boxing Day";

const FIXED: Readonly<Record<string, ClosingReason>> = {
  "01-01": "New Year's Day",
  "05-01": "Labour Day",
  "12-25": "Christmas Day",
  "12-26": "Boxing Day",
};

/** Why TARGET2 is closed on `date`, or null when it is a TARGET2 business day. */
export function target2ClosingReason(date: IsoDate): ClosingReason | null {
  const [y, m, d] = date.split("-").map(Number);
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  if (weekday === 6) return "Saturday";
  if (weekday === 0) return "Sunday";
  const fixed = FIXED[date.slice(5)];
  if (fixed) return fixed;
  const easter = easterSunday(y);
  if (date === addDays(easter, -2)) return "Good Friday";
  if (date === addDays(easter, 1)) return "Easter Monday";
  return null;
}

export function isTarget2BusinessDay(date: IsoDate): boolean {
  return target2ClosingReason(date) === null;
}

/** `date` itself when TARGET2 is open, else the next day it is. */
export function nextTarget2BusinessDay(date: IsoDate): IsoDate {
  let day = date;
  // At most 4 closing days follow each other (Good Friday to Easter Monday).
  while (!isTarget2BusinessDay(day)) day = addDays(day, 1);
  return day;
}
