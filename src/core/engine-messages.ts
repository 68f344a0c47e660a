import { dutchCellProblem } from "./cell-problems-nl";
import { dutchPaymentReason } from "./payment-reasons-nl";
import { dutchReversalRefusal } from "./reversal-reasons-nl";
import { DUTCH_REASON_TEXTS, DUTCH_STATUS_WORDS } from "./status-reasons-nl";

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
  /** `cells` are the Vendors cells of the account's rows ("A2", "A5"). */
  duplicateVendor(vendor: string, cells: readonly string[]): string;
  /** A row the workbook layer could not read; `problem` is its English reason ("Balance: expected an amount, ..."). */
  unreadable(problem: string): string;
  /** Why pay leaves an open invoice unpaid; `reason` is the payment rules' English ("Invoice RB-1 not paid: ..."). */
  paymentException(reason: string): string;
  /** Why a reimbursement cannot be reversed (reverse.ts's English: "it is Paid: ..."); the pane lists them. */
  reversalRefusal(reason: string): string;
  /** The description of a reimbursement's vendor invoice (Vendor invoices sheet, AP exports, remittance). */
  invoiceDescription(account: string): string;
  /** A bank status code's words (ISO 20022 ACSC, RJCT, ...); `english` is status-reasons.ts's text. */
  bankStatus(code: string, english: string): string;
  /** A bank reason code's text (AC04, PN01, ...), written beside the code; `english` is status-reasons.ts's text. */
  bankReason(code: string, english: string): string;
  /** The Result of a Payment status row; `english` is the invoice status word (Paid, Rejected) or "Pending". */
  bankResult(outcome: "paid" | "rejected" | "pending", english: string): string;
  /** The Exceptions row of an invoice the bank rejected; `words` is the status with its reasons. */
  bankRejection(invoice: string, report: string, words: string): string;
  /** A status report that names no transfer of the message, with its group status if any. */
  noTransferNamed(): string;
  groupStatus(code: string): string;
}

const MESSAGES: Record<EngineLanguage, EngineMessages> = {
  en: {
    belowMinimum: (credit, value, minimum) => `Credit of ${credit}${value} is below the minimum reimbursement of ${minimum}`,
    noRate: (currency) => `No exchange rate for ${currency} on sheet Exchange rates`,
    blocked: (blocked) => `Customer is blocked (${blocked})`,
    missingVendor: (vendor) => `Vendor account ${vendor} does not exist on sheet Vendors`,
    notOnCustomers: (account) => `Customer ${account} is not on sheet Customers`,
    duplicateVendor: (vendor, cells) =>
      `Vendor account ${vendor} is on sheet Vendors more than once (cells ${cells.join(" and ")}); keep one row, so name and bank account come from the same vendor`,
    unreadable: (problem) => problem,
    paymentException: (reason) => reason,
    reversalRefusal: (reason) => reason,
    invoiceDescription: (account) => `Reimbursement of credit balance, customer ${account}`,
    bankStatus: (_code, english) => english,
    bankReason: (_code, english) => english,
    bankResult: (_outcome, english) => english,
    bankRejection: (invoice, report, words) => `Invoice ${invoice} rejected by the bank (report ${report}): ${words}; it is payable again once fixed`,
    noTransferNamed: () => "No transfer named",
    groupStatus: (code) => `group status ${code}`,
  },
  // Dynamics 365's Dutch terms: "minimale terugbetaling", "leveranciersrekening", "geblokkeerd".
  "nl-NL": {
    belowMinimum: (credit, value, minimum) => `Tegoed van ${credit}${value} is lager dan de minimale terugbetaling van ${minimum}`,
    noRate: (currency) => `Geen wisselkoers voor ${currency} op blad Exchange rates`,
    blocked: (blocked) => `Klant is geblokkeerd (${blocked})`,
    missingVendor: (vendor) => `Leveranciersrekening ${vendor} bestaat niet op blad Vendors`,
    notOnCustomers: (account) => `Klant ${account} staat niet op blad Customers`,
    duplicateVendor: (vendor, cells) =>
      `Leveranciersrekening ${vendor} staat meer dan één keer op blad Vendors (cellen ${cells.join(" en ")}); houd één rij, zodat naam en bankrekening van dezelfde leverancier komen`,
    unreadable: dutchCellProblem,
    paymentException: dutchPaymentReason,
    reversalRefusal: dutchReversalRefusal,
    // D365's Dutch "Klanten terugbetalen" calls the credit "creditsaldo".
    invoiceDescription: (account) => `Terugbetaling van creditsaldo, klant ${account}`,
    // A code without Dutch (a new ISO code) keeps its English rather than losing its meaning.
    bankStatus: (code, english) => DUTCH_STATUS_WORDS[code.toUpperCase()] ?? english,
    bankReason: (code, english) => DUTCH_REASON_TEXTS[code.toUpperCase()] ?? english,
    bankResult: (outcome) => ({ paid: "Betaald", rejected: "Geweigerd", pending: "In behandeling" })[outcome],
    bankRejection: (invoice, report, words) => `Factuur ${invoice} geweigerd door de bank (rapport ${report}): ${words}; na herstel opnieuw te betalen`,
    noTransferNamed: () => "Geen overboeking genoemd",
    groupStatus: (code) => `groepsstatus ${code}`,
  },
};

export function engineMessages(language: EngineLanguage = "en"): EngineMessages {
  return MESSAGES[language];
}
