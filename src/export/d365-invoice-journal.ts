import { formatMoney } from "../core/money";
import { IsoDate } from "../core/types";
import { CsvColumn, toCsv } from "./csv-table";
import { ExportLine } from "./export-selection";

/** What a Dynamics 365 import needs beyond the invoice rows (from the Parameters sheet). */
export interface D365JournalSettings {
  /** JournalBatchNumber: groups the lines into one vendor invoice journal. */
  journalBatch: string;
  /** Ledger account the invoices are offset against; blank leaves it to the journal name's default. */
  offsetAccount: string | null;
  /** The day of the export: date of credit notes, which have no invoice date of their own. */
  exportDate: IsoDate;
}

/** A journal line as the VendInvoiceJournalLineEntity fields hold it. */
interface JournalLine {
  lineNumber: number;
  line: ExportLine;
  settings: D365JournalSettings;
}

/** Credit notes need an invoice number of their own: D365 rejects a vendor's invoice number used twice. */
export function creditNoteNumber(invoice: string): string {
  return `${invoice}-CN`;
}

const isCreditNote = (l: JournalLine): boolean => l.line.kind === "credit note";

/**
 * An invoice credits the vendor (Reimburse owes the customer); its credit note debits the vendor
 * back. A negative amount on the sheet swaps the side, so both columns stay positive.
 */
function side(l: JournalLine): { credit: string | null; debit: string | null } {
  const { amount, currency } = l.line.invoice;
  const credits = isCreditNote(l) ? amount.isNegative() : !amount.isNegative();
  const text = formatMoney(amount.abs(), currency);
  return credits ? { credit: text, debit: null } : { credit: null, debit: text };
}

function description(l: JournalLine): string | null {
  const { invoice, description: own } = l.line.invoice;
  return isCreditNote(l) ? `Cancellation of invoice ${invoice}` : own;
}

/** The entity's field names, in the order of the file (docs/export.md explains each). */
export const D365_COLUMNS: readonly CsvColumn<JournalLine>[] = [
  { header: "JournalBatchNumber", kind: "text", value: (l) => l.settings.journalBatch },
  { header: "LineNumber", kind: "integer", value: (l) => String(l.lineNumber) },
  { header: "AccountType", kind: "text", value: () => "Vend" },
  { header: "AccountDisplayValue", kind: "text", value: (l) => l.line.invoice.vendorAccount },
  { header: "Invoice", kind: "text", value: (l) => (isCreditNote(l) ? creditNoteNumber(l.line.invoice.invoice) : l.line.invoice.invoice) },
  { header: "InvoiceDate", kind: "date", value: (l) => (isCreditNote(l) ? l.settings.exportDate : l.line.invoice.invoiceDate) },
  { header: "Date", kind: "date", value: (l) => (isCreditNote(l) ? l.settings.exportDate : l.line.invoice.invoiceDate) },
  { header: "DueDate", kind: "date", value: (l) => (isCreditNote(l) ? null : l.line.invoice.dueDate) },
  { header: "Currency", kind: "text", value: (l) => l.line.invoice.currency },
  { header: "Credit", kind: "amount", value: (l) => side(l).credit },
  { header: "Debit", kind: "amount", value: (l) => side(l).debit },
  { header: "Description", kind: "text", value: description },
  { header: "Document", kind: "text", value: (l) => l.line.invoice.invoice },
  { header: "OffsetAccountType", kind: "text", value: (l) => (l.settings.offsetAccount ? "Ledger" : null) },
  { header: "OffsetAccountDisplayValue", kind: "text", value: (l) => l.settings.offsetAccount },
];

/** The CSV a Data management import project reads into the Vendor invoice journal lines entity. */
export function buildD365InvoiceJournal(lines: readonly ExportLine[], settings: D365JournalSettings): string {
  return toCsv(D365_COLUMNS, lines.map((line, i) => ({ lineNumber: i + 1, line, settings })));
}
