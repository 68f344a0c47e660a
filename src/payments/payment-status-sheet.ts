import { ColumnSpec } from "../workbook/contract";

/**
 * The *Payment status* sheet: append-only, one row per transfer per bank status report
 * imported, so the state of every payment can be traced to the bank's own words.
 */
export const PAYMENT_STATUS_SHEET = "Payment status";

export const PAYMENT_STATUS_COLUMNS: readonly ColumnSpec[] = [
  { header: "Report id", kind: "text", required: true },
  { header: "Imported", kind: "date" },
  { header: "Message id", kind: "text" },
  { header: "Payment info id", kind: "text" },
  { header: "Payment id", kind: "text" },
  { header: "Invoice", kind: "text" },
  { header: "Bank status", kind: "text" },
  { header: "Result", kind: "text" },
  { header: "Level", kind: "text" },
  { header: "Reason code", kind: "text" },
  { header: "Reason", kind: "text" },
];
