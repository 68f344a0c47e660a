import { COLUMNS, ColumnSpec, SHEETS } from "../workbook/contract";

/**
 * The *Payment status* sheet: append-only, one row per transfer per bank status report
 * imported, so the state of every payment can be traced to the bank's own words. Its Status
 * column holds the bank's ISO 20022 code (RJCT, ACSC...), which the ledger state reads
 * (src/workbook/ledger-state.ts); Result says it in Reimburse's words (Paid, Rejected, Pending).
 */
export const PAYMENT_STATUS_SHEET = SHEETS.paymentStatus;

export const PAYMENT_STATUS_COLUMNS: readonly ColumnSpec[] = COLUMNS.paymentStatus;
