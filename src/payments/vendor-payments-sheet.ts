import { ColumnSpec } from "../workbook/contract";

/**
 * The *Vendor payments* sheet: one row per transfer in a payment file, so the bank statement can
 * be matched to invoices (EndToEndId = Invoice) and to the file (Message id).
 */
export const VENDOR_PAYMENTS_SHEET = "Vendor payments";

export const VENDOR_PAYMENT_COLUMNS: readonly ColumnSpec[] = [
  { header: "Payment id", kind: "text", required: true },
  { header: "Date", kind: "date" },
  { header: "Invoice", kind: "text", required: true },
  { header: "Vendor account", kind: "text" },
  { header: "Vendor name", kind: "text" },
  { header: "IBAN", kind: "text" },
  { header: "Currency", kind: "text" },
  { header: "Amount", kind: "amount" },
  { header: "Message id", kind: "text" },
  /** The PmtInf the transfer is in: a bank's status report may reject a whole block by it. */
  { header: "Payment info id", kind: "text" },
  { header: "Payment type", kind: "text" },
  { header: "BIC", kind: "text" },
  { header: "Account number", kind: "text" },
];

/**
 * Status values on Vendor invoices and Reimbursements: `pay` marks them Sent; the bank's status
 * report (`payment-status`) turns them Paid or Rejected. A Rejected invoice is payable again and
 * its reimbursement may be reversed.
 */
export const SENT = "Sent";
export const PAID = "Paid";
export const REJECTED = "Rejected";
