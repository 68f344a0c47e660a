import { ColumnKind } from "./grid";

/**
 * The workbook contract: sheet names and column headers Reimburse reads and writes
 * (docs/workbook.md explains each). Headers are matched ignoring case, spaces and punctuation.
 */
export const SHEETS = {
  parameters: "Parameters",
  customers: "Customers",
  balances: "Customer balances",
  transactions: "Customer transactions",
  vendors: "Vendors",
  rates: "Exchange rates",
  invoices: "Vendor invoices",
  reimbursements: "Reimbursements",
  oneTimeVendors: "One-time vendors",
  exceptions: "Reimbursement exceptions",
  runs: "Reimbursement runs",
  /** Append-only record of transfers issued (one row per transfer in a payment file). */
  vendorPayments: "Vendor payments",
  /** Append-only record of invoices and cancellations sent to accounts payable. */
  exportLog: "Export log",
  /** Bank status reports (pain.002) per transfer: a rejected transfer makes its invoice payable again. */
  paymentStatus: "Payment status",
  /** Append-only record of sign-offs: who prepared and who approved each run and payment file. */
  approvals: "Approvals",
} as const;

export const PARAMETER_NAMES = {
  minimum: "Minimum reimbursement",
  accountingCurrency: "Accounting currency",
  date: "Reimbursement date",
  paymentTermsDays: "Payment terms days",
  invoicePrefix: "Invoice prefix",
  oneTimeVendorPrefix: "One-time vendor prefix",
} as const;

/** en or nl-NL: the language of the reasons a run writes on the sheets (absent: en), one per workbook. */
export const LANGUAGE_PARAMETER = "Language";

/** The paying company's address, sent as Dbtr/PstlAdr (docs/payments.md). */
export const DEBTOR_ADDRESS_PARAMETERS = {
  street: "Debtor street",
  buildingNumber: "Debtor building number",
  postalCode: "Debtor postal code",
  town: "Debtor town",
  country: "Debtor country",
} as const;

export interface ColumnSpec {
  header: string;
  kind: ColumnKind;
  required?: boolean;
}

const text = (header: string, required = false): ColumnSpec => ({ header, kind: "text", required });
const amount = (header: string, required = false): ColumnSpec => ({ header, kind: "amount", required });
const date = (header: string, required = false): ColumnSpec => ({ header, kind: "date", required });
const integer = (header: string): ColumnSpec => ({ header, kind: "integer" });

/**
 * Optional payee columns for structured addresses and non-SEPA payments (docs/payments.md):
 * Street and Building number beside Address, the bank's BIC, an account number where the
 * country has no IBAN, and the Legal Entity Identifier sent for Verification of Payee.
 */
const PAYEE_COLUMNS: readonly ColumnSpec[] = [
  text("Street"), text("Building number"), text("BIC"), text("Account number"), text("LEI"),
];

export const COLUMNS = {
  parameters: [text("Parameter", true), text("Value", true)],
  customers: [
    text("Customer account", true), text("Name", true), text("Currency"), text("Vendor account"),
    text("Customer group"), text("Blocked"), text("Address"), text("City"), text("Postal code"),
    text("Country"), text("IBAN"), ...PAYEE_COLUMNS,
  ],
  balances: [text("Customer account", true), text("Currency", true), amount("Balance", true)],
  transactions: [
    text("Customer account", true), date("Date"), text("Currency", true), amount("Amount", true),
    text("Type"), text("Document"), text("Run id"),
  ],
  vendors: [
    text("Vendor account", true), text("Name", true), text("Address"), text("City"), text("Postal code"),
    text("Country"), text("IBAN"), ...PAYEE_COLUMNS,
  ],
  rates: [text("Currency", true), amount("Rate", true)],
  invoices: [
    text("Invoice", true), text("Vendor account", true), text("Vendor name"), date("Invoice date"),
    date("Due date"), text("Currency", true), amount("Amount", true), text("Customer account"),
    text("Description"), text("Run id"), text("Status"), date("Exported"), date("Cancellation exported"),
  ],
  reimbursements: [
    text("Run id", true), date("Date"), text("Customer account", true), text("Customer name"),
    text("Currency", true), amount("Amount", true), amount("Accounting amount"), text("Vendor account"),
    text("One-time vendor"), text("Invoice"), text("Status"),
  ],
  oneTimeVendors: [
    text("Vendor account", true), text("Name"), text("Customer account", true), text("Currency"),
    text("Address"), text("City"), text("Postal code"), text("Country"), text("IBAN"), text("Run id"),
    ...PAYEE_COLUMNS,
  ],
  exceptions: [
    text("Run id"), text("Customer account"), text("Currency"), amount("Balance"), text("Reason"),
    text("Sheet"), text("Cell"),
  ],
  /** The audit trail: one row per run and per reversal (docs/reverse.md). */
  runs: [
    text("Run id", true), text("Kind", true), text("Reverses"), text("Time"), text("User"), date("Date"),
    amount("Minimum"), text("Accounting currency"), text("Selection"), integer("Reimbursed"), integer("Reversed"),
    integer("Exceptions"), integer("One-time vendors created"), text("Totals"), text("Fingerprint"),
  ],
  /** docs/ledger-state.md: an invoice is paid when it is here (and no bank status rejected it). */
  vendorPayments: [
    text("Payment id", true), date("Date"), text("Invoice", true), text("Vendor account"), text("Vendor name"),
    text("IBAN"), text("Currency"), amount("Amount"), text("Message id"),
    // The PmtInf (a bank may reject a block by it), payment type and the account details sent.
    text("Payment info id"), text("Payment type"), text("BIC"), text("Account number"),
  ],
  /** docs/ledger-state.md: an invoice is exported when it is here with Kind Invoice. */
  exportLog: [
    text("Export id", true), date("Date"), text("Format"), text("Invoice", true), text("Kind", true),
    text("Vendor account"), text("Currency"), amount("Amount"), text("Run id"),
  ],
  /** Read only: written by the pain.002 status import (issue 11). */
  paymentStatus: [
    text("Message id"), text("Payment id"), text("Invoice"), text("Status", true),
    // Issue 11: which report said it, when it was imported, and the bank's reason in words.
    text("Report id"), date("Imported"), text("Payment info id"), text("Result"), text("Level"),
    text("Reason code"), text("Reason"),
  ],
  /** docs/workbook.md: one row per approved run or payment file, written in the same patch. */
  approvals: [
    text("Approved", true), text("Reference", true), text("Time"), text("Prepared by"), text("Approved by"),
    integer("Payees"), text("Totals"),
  ],
} as const satisfies Record<string, readonly ColumnSpec[]>;

/** Header text reduced to letters and digits, so "Customer  Account" finds "customer account". */
export function headerKey(header: string): string {
  return header.toLowerCase().replace(/[^a-z0-9]/g, "");
}
