import Decimal from "decimal.js";
import { CATALOGUE, Language, MessageKey } from "./catalogue";
import { formatAmountNumber, formatCount, formatIsoDate, formatMoneyText } from "./format";

/**
 * The pane's current language (which catalogue column) and format locale (how numbers and
 * dates look). They differ on purpose: Office may run in en-GB or de-DE, whose separators and
 * dates the user expects even where the catalogue has only English.
 */
let language: Language = "en";
let formatLocale = "en-US";

export type Vars = Record<string, string | number>;

/** "nl", "nl-NL", "nl-BE" -> nl-NL; anything else -> English. */
export function languageFor(tag: string | undefined | null): Language {
  return /^nl(\b|[-_])/i.test(tag ?? "") ? "nl-NL" : "en";
}

/** Sets both; a format locale Intl does not know falls back to the language's own. */
export function setLanguage(next: Language, locale?: string): void {
  language = next;
  const fallback = next === "nl-NL" ? "nl-NL" : "en-US";
  let chosen = locale && languageFor(locale) === next ? locale : fallback;
  try {
    chosen = Intl.getCanonicalLocales(chosen)[0] ?? fallback;
  } catch {
    chosen = fallback;
  }
  formatLocale = chosen;
}

export const currentLanguage = (): Language => language;
export const currentFormatLocale = (): string => formatLocale;

const pluralRules = new Map<string, Intl.PluralRules>();

function pluralForm(n: number): "one" | "other" {
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    pluralRules.set(language, rules);
  }
  return rules.select(n) === "one" ? "one" : "other";
}

/**
 * The catalogue's text for `key` in the current language. `{name}` takes vars.name (numbers
 * grouped for the locale); "one|other" texts pick a form by vars.n.
 */
export function t(key: MessageKey, vars: Vars = {}): string {
  let text: string = CATALOGUE[key][language === "nl-NL" ? 1 : 0];
  if (text.includes("|")) {
    const [one, other] = text.split("|");
    text = pluralForm(Number(vars.n ?? 0)) === "one" ? one : other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === "number" ? formatCount(value, formatLocale) : value;
  });
}

/** "1.234,50 EUR" in nl-NL: an amount with its currency's decimals and the locale's separators. */
export const money = (amount: Decimal.Value, currency: string): string => formatMoneyText(amount, currency, formatLocale);
export const amountText = (amount: Decimal.Value, currency: string): string => formatAmountNumber(amount, currency, formatLocale);
export const countText = (n: number): string => formatCount(n, formatLocale);
export const dateText = (iso: string): string => formatIsoDate(iso, formatLocale);
