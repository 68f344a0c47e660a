import { COLUMNS, ColumnSpec, SHEETS } from "../workbook/contract";

/**
 * The *Vendor payments* sheet: one row per transfer in a payment file, so the bank statement can
 * be matched to invoices (EndToEndId = Invoice) and to the file (Message id). It is the record
 * that an invoice was paid (src/workbook/ledger-state.ts); its columns live in the contract.
 */
export const VENDOR_PAYMENTS_SHEET = SHEETS.vendorPayments;

export const VENDOR_PAYMENT_COLUMNS: readonly ColumnSpec[] = COLUMNS.vendorPayments;

/**
 * Status values on Vendor invoices and Reimbursements: `pay` marks them Sent; the bank's status
 * report (`payment-status`) turns them Paid or Rejected. A Rejected invoice is payable again and
 * its reimbursement may be reversed.
 */
export const SENT = "Sent";
export const PAID = "Paid";
export const REJECTED = "Rejected";
