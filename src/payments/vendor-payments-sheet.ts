import { COLUMNS, ColumnSpec, SHEETS } from "../workbook/contract";

/**
 * The *Vendor payments* sheet: one row per transfer in a payment file, so the bank statement can
 * be matched to invoices (EndToEndId = Invoice) and to the file (Message id). It is the record
 * that an invoice was paid (src/workbook/ledger-state.ts); its columns live in the contract.
 */
export const VENDOR_PAYMENTS_SHEET = SHEETS.vendorPayments;

export const VENDOR_PAYMENT_COLUMNS: readonly ColumnSpec[] = COLUMNS.vendorPayments;

/** Status values `pay` reads and writes on Vendor invoices and Reimbursements. */
export const PAID = "Paid";
