import Decimal from "decimal.js";
import { minorUnits } from "../core/currency";
import { Money } from "../core/money";

/**
 * Numbers, amounts and dates for people to read, in a display locale. Amounts never pass
 * through a JS number: the decimal string is rounded with decimal.js to its currency's ISO 4217
 * decimals, and only the separators come from Intl, so a 20-digit amount stays exact.
 */

interface Separators {
  group: string;
  decimal: string;
}

const separatorCache = new Map<string, Separators>();

/** The locale's grouping and decimal signs, as Intl formats 1234567.5. */
export function separators(locale: string): Separators {
  let found = separatorCache.get(locale);
  if (!found) {
    const parts = new Intl.NumberFormat(locale, { useGrouping: true }).formatToParts(1234567.5);
    found = {
      group: parts.find((p) => p.type === "group")?.value ?? ",",
      decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
    };
    separatorCache.set(locale, found);
  }
  return found;
}

/** "-1234567.5" -> "-1,234,567.5" (en) or "-1.234.567,5" (nl-NL): grouping for reading, same digits. */
export function groupDigits(amount: string, locale = "en-US"): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) return amount;
  const { group, decimal } = separators(locale);
  const whole = m[2].replace(/\B(?=(\d{3})+$)/g, group);
  return `${m[1]}${whole}${m[3] === undefined ? "" : decimal + m[3]}`;
}

/** An amount with exactly its currency's decimals (JPY 0, EUR 2, BHD 3), grouped: "1,234.50". */
export function formatAmountNumber(amount: Decimal.Value, currency: string, locale = "en-US"): string {
  let value: Decimal;
  try {
    value = new Money(amount);
  } catch {
    return String(amount);
  }
  return groupDigits(value.toFixed(minorUnits(currency)), locale);
}

/** "1,234.50 EUR": the code after the figure, as the workbook's sheets and bank statements write it. */
export function formatMoneyText(amount: Decimal.Value, currency: string, locale = "en-US"): string {
  return `${formatAmountNumber(amount, currency, locale)} ${currency}`;
}

/** A count: "20,000" (en), "20.000" (nl-NL). */
export function formatCount(n: number, locale = "en-US"): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/** An ISO date (YYYY-MM-DD) as the locale writes a date: "Nov 24, 2026", "24 nov 2026". */
export function formatIsoDate(iso: string, locale = "en-US"): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" }).format(date);
}
