import { formatMoney } from "../core/money";
import { CsvColumn, toCsv } from "./csv-table";
import { ExportLine } from "./export-selection";

/**
 * The plain export: the Vendor invoices sheet's own columns, for any accounts payable system
 * that is not Dynamics 365. The export marks (Exported, Cancellation exported) are left out:
 * they describe the workbook, not the invoice.
 */
export const INVOICE_CSV_COLUMNS: readonly CsvColumn<ExportLine>[] = [
  { header: "Line type", kind: "text", value: (l) => (l.kind === "invoice" ? "Invoice" : "Credit note") },
  { header: "Invoice", kind: "text", value: (l) => l.invoice.invoice },
  { header: "Vendor account", kind: "text", value: (l) => l.invoice.vendorAccount },
  { header: "Vendor name", kind: "text", value: (l) => l.invoice.vendorName },
  { header: "Invoice date", kind: "date", value: (l) => l.invoice.invoiceDate },
  { header: "Due date", kind: "date", value: (l) => l.invoice.dueDate },
  { header: "Currency", kind: "text", value: (l) => l.invoice.currency },
  // A credit note carries the invoice's amount with the opposite sign.
  { header: "Amount", kind: "amount", value: (l) => formatMoney(l.kind === "invoice" ? l.invoice.amount : l.invoice.amount.negated(), l.invoice.currency) },
  { header: "Customer account", kind: "text", value: (l) => l.invoice.customerAccount },
  { header: "Description", kind: "text", value: (l) => l.invoice.description },
  { header: "Run id", kind: "text", value: (l) => l.invoice.runId },
  { header: "Status", kind: "text", value: (l) => l.invoice.status },
];

export function buildInvoiceCsv(lines: readonly ExportLine[]): string {
  return toCsv(INVOICE_CSV_COLUMNS, lines);
}
