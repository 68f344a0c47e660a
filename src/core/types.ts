import { EngineLanguage } from "./engine-messages";
import { Money } from "./money";

/** Where a value came from, so that every message can name the sheet and cell. */
export interface CellRef {
  sheet: string;
  /** A1-style address, e.g. "C7". */
  address: string;
}

/** ISO calendar date "YYYY-MM-DD"; dates in a ledger have no time of day or time zone. */
export type IsoDate = string;

/** D365's customer hold: All and Payment stop a reimbursement; Yes is the plain-workbook form. */
export type BlockedState = "No" | "All" | "Payment" | "Invoice" | "Yes" | "Other";

export interface Parameters {
  minimum: Money;
  accountingCurrency: string;
  date: IsoDate;
  paymentTermsDays: number;
  invoicePrefix: string;
  oneTimeVendorPrefix: string;
  /** The language of the reasons written on the sheets (Parameters "Language"); absent: English. */
  language?: EngineLanguage;
}

export interface Customer {
  account: string;
  name: string;
  currency: string | null;
  vendorAccount: string | null;
  group: string | null;
  blocked: BlockedState;
  address: string | null;
  city: string | null;
  postalCode: string | null;
  country: string | null;
  iban: string | null;
  source: CellRef;
}

export interface OpeningBalance {
  account: string;
  currency: string;
  amount: Money;
  source: CellRef;
}

export interface CustomerTransaction {
  account: string;
  date: IsoDate | null;
  currency: string;
  amount: Money;
  type: string | null;
  document: string | null;
  runId: string | null;
  source: CellRef;
}

export interface Vendor {
  account: string;
  name: string;
  /** Its Vendor account cell, so a duplicate row can be named. */
  source?: CellRef;
}

/** A vendor created by Reimburse for a customer that had none; reused on later runs. */
export interface OneTimeVendor {
  account: string;
  name: string;
  customerAccount: string;
  currency: string | null;
  address: string | null;
  city: string | null;
  postalCode: string | null;
  country: string | null;
  iban: string | null;
  runId: string | null;
}

/** A row the workbook layer could not read; it stops the customer it belongs to. */
export interface RowProblem {
  /** The customer the row belongs to, when its account cell could be read. */
  account: string | null;
  message: string;
  source: CellRef;
}

export interface Selection {
  /** Exact accounts; empty or absent means no restriction. */
  accounts?: string[];
  /** Inclusive account range, compared as the accounts sort in a ledger (C2 before C10). */
  range?: { from: string; to: string };
  group?: string;
  currency?: string;
}
