/**
 * ISO 4217 minor units for the currencies whose decimals differ from 2, plus the common
 * 2-decimal ones so that a typo ("EURO") can be told from a real code.
 */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  // 0 decimals
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0,
  UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  // 3 decimals
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  // 4 decimals
  CLF: 4, UYW: 4,
  // 2 decimals (the usual case; listed so they count as known codes)
  AED: 2, AUD: 2, BGN: 2, BRL: 2, CAD: 2, CHF: 2, CNY: 2, CZK: 2, DKK: 2, EGP: 2, EUR: 2,
  GBP: 2, HKD: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, MAD: 2, MXN: 2, MYR: 2, NGN: 2, NOK: 2,
  NZD: 2, PHP: 2, PKR: 2, PLN: 2, QAR: 2, RON: 2, RSD: 2, RUB: 2, SAR: 2, SEK: 2, SGD: 2,
  THB: 2, TRY: 2, TWD: 2, UAH: 2, USD: 2, ZAR: 2,
};

const CODE = /^[A-Z]{3}$/;

/** A currency code is three letters; case and surrounding spaces are forgiven. */
export function normalizeCurrency(text: string): string | null {
  const code = text.trim().toUpperCase();
  return CODE.test(code) ? code : null;
}

export function isKnownCurrency(code: string): boolean {
  return code in MINOR_UNITS;
}

/** Decimals of the currency; an unlisted three-letter code is treated as 2, ISO's default. */
export function minorUnits(currency: string): number {
  return MINOR_UNITS[currency] ?? 2;
}
