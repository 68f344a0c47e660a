import { isSEPACountry, isValidBIC, isValidIBAN } from "ibantools";

/** IBANs are typed in groups of four ("FR76 3000 6000 ..."); banks want the electronic form. */
export function normaliseIban(text: string): string {
  return text.replace(/\s+/g, "").toUpperCase();
}

/** ISO 13616: country code, check digits (mod 97) and the country's length and layout. */
export function isValidIban(text: string): boolean {
  return isValidIBAN(normaliseIban(text));
}

/** A SEPA credit transfer reaches only accounts in the SEPA scheme's countries. */
export function isSepaIban(iban: string): boolean {
  return isSEPACountry(normaliseIban(iban).slice(0, 2));
}

export function normaliseBic(text: string): string {
  return text.replace(/\s+/g, "").toUpperCase();
}

/** ISO 9362, 8 or 11 characters. */
export function isValidBic(text: string): boolean {
  return isValidBIC(normaliseBic(text));
}
