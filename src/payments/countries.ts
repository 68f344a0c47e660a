import { countrySpecs, isSEPACountry } from "ibantools";

/**
 * Country facts the payment rules need. EEA: the 27 EU states plus Iceland, Liechtenstein and
 * Norway (EEA Agreement). SEPA also reaches non-EEA countries (CH, GB, MC, SM, VA, AD, JE, GG, IM
 * and others): there the EPC rulebook requires the payee bank's BIC and the payer's address
 * (Regulation (EU) 2023/1113, formerly 2015/847, on information accompanying transfers of funds).
 */
const EEA = new Set([
  "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL",
  "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
]);

/** Region codes Intl knows that are not ISO 3166-1 countries (UK is reserved; GB is the code). */
const NOT_COUNTRIES = new Set(["EU", "EZ", "UN", "UK", "QO", "ZZ", "XA", "XB"]);

let regionNames: Intl.DisplayNames | null = null;

/** An ISO 3166-1 alpha-2 code as ISO 20022's CountryCode means it: "NL", not "Netherlands" or "UK". */
export function isCountryCode(code: string): boolean {
  if (!/^[A-Z]{2}$/.test(code) || NOT_COUNTRIES.has(code)) return false;
  regionNames ??= new Intl.DisplayNames(["en"], { type: "region" });
  const name = regionNames.of(code);
  return name !== undefined && name !== code;
}

export function isEeaCountry(code: string): boolean {
  return EEA.has(code);
}

export function isSepaCountry(code: string): boolean {
  return isSEPACountry(code);
}

/** Whether the country's banks use IBANs (ISO 13616 registry); elsewhere an account number is sent. */
export function usesIban(code: string): boolean {
  const spec = countrySpecs[code] as { chars?: number } | undefined;
  return Boolean(spec?.chars);
}

/** The country of a bank from its BIC (ISO 9362: characters 5 and 6). */
export function bicCountry(bic: string): string {
  return bic.slice(4, 6);
}
