/**
 * The reasons a run writes on the sheets, in the workbook's language (Parameters "Language"),
 * so one workbook never mixes English and Dutch reasons. Pure text: no DOM, no Office.
 */
export type EngineLanguage = "en" | "nl-NL";

export const ENGINE_LANGUAGES: readonly EngineLanguage[] = ["en", "nl-NL"];

export interface EngineMessages {
  /** `credit` and `minimum` are amounts with their currency ("3.00 EUR"); `value` is "" or " (4.35 EUR)". */
  belowMinimum(credit: string, value: string, minimum: string): string;
  noRate(currency: string): string;
  blocked(blocked: string): string;
  missingVendor(vendor: string): string;
  notOnCustomers(account: string): string;
}

const MESSAGES: Record<EngineLanguage, EngineMessages> = {
  en: {
    belowMinimum: (credit, value, minimum) => `Credit of ${credit}${value} is below the minimum reimbursement of ${minimum}`,
    noRate: (currency) => `No exchange rate for ${currency} on sheet Exchange rates`,
    blocked: (blocked) => `Customer is blocked (${blocked})`,
    missingVendor: (vendor) => `Vendor account ${vendor} does not exist on sheet Vendors`,
    notOnCustomers: (account) => `Customer ${account} is not on sheet Customers`,
  },
  // Dynamics 365's Dutch terms: "minimale terugbetaling", "leveranciersrekening", "geblokkeerd".
  "nl-NL": {
    belowMinimum: (credit, value, minimum) => `Tegoed van ${credit}${value} is lager dan de minimale terugbetaling van ${minimum}`,
    noRate: (currency) => `Geen wisselkoers voor ${currency} op blad Exchange rates`,
    blocked: (blocked) => `Klant is geblokkeerd (${blocked})`,
    missingVendor: (vendor) => `Leveranciersrekening ${vendor} bestaat niet op blad Vendors`,
    notOnCustomers: (account) => `Klant ${account} staat niet op blad Customers`,
  },
};

export function engineMessages(language: EngineLanguage = "en"): EngineMessages {
  return MESSAGES[language];
}
