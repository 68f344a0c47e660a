import { CsvColumn } from "./csv-table";
import { dmfEntity, journalExchangeRate, sides } from "./d365-entity";
import { DmfEntityData } from "./d365-package";
import { ExportContext, documentDate, documentNumber, isCreditNote, owedToVendor } from "./export-context";
import { ExportLine } from "./export-selection";

interface JournalLine {
  lineNumber: number;
  line: ExportLine;
  context: ExportContext;
}

function description(l: JournalLine): string | null {
  const { invoice, description: own } = l.line.invoice;
  return isCreditNote(l.line) ? `Cancellation of invoice ${invoice}` : own;
}

/** An invoice credits the vendor; its credit note debits it back. */
const side = (l: JournalLine) => sides(owedToVendor(l.line), l.line.invoice.currency, true);

/** Vendor invoice journal line (VendInvoiceJournalLineEntity), in the order of the file. */
export const INVOICE_LINE_COLUMNS: readonly CsvColumn<JournalLine>[] = [
  { header: "JOURNALBATCHNUMBER", kind: "text", value: (l) => l.context.exportId },
  { header: "LINENUMBER", kind: "integer", value: (l) => String(l.lineNumber) },
  { header: "COMPANY", kind: "text", value: (l) => l.context.parameters.company },
  { header: "VOUCHER", kind: "text", value: (l) => documentNumber(l.line) },
  { header: "ACCOUNTTYPE", kind: "text", value: () => "Vend" },
  { header: "ACCOUNTDISPLAYVALUE", kind: "text", value: (l) => l.line.invoice.vendorAccount },
  { header: "INVOICE", kind: "text", value: (l) => documentNumber(l.line) },
  { header: "INVOICEDATE", kind: "date", value: (l) => documentDate(l.line, l.context) },
  { header: "DATE", kind: "date", value: (l) => documentDate(l.line, l.context) },
  { header: "DUEDATE", kind: "date", value: (l) => (isCreditNote(l.line) ? null : l.line.invoice.dueDate) },
  { header: "CURRENCY", kind: "text", value: (l) => l.line.invoice.currency },
  { header: "EXCHRATE", kind: "amount", value: (l) => journalExchangeRate(l.line.invoice.currency, l.context.parameters, l.context.rates) },
  { header: "CREDIT", kind: "amount", value: (l) => side(l).credit },
  { header: "DEBIT", kind: "amount", value: (l) => side(l).debit },
  { header: "DESCRIPTION", kind: "text", value: description },
  { header: "DOCUMENT", kind: "text", value: (l) => l.line.invoice.invoice },
  { header: "POSTINGPROFILE", kind: "text", value: (l) => l.context.parameters.vendorPostingProfile },
  { header: "METHODOFPAYMENT", kind: "text", value: (l) => l.context.parameters.methodOfPayment },
  { header: "SALESTAXGROUP", kind: "text", value: (l) => l.context.parameters.salesTaxGroup },
  { header: "OFFSETACCOUNTTYPE", kind: "text", value: (l) => (l.context.parameters.offsetAccount ? "Ledger" : null) },
  { header: "OFFSETACCOUNTDISPLAYVALUE", kind: "text", value: (l) => l.context.parameters.offsetAccount },
  { header: "OFFSETCOMPANY", kind: "text", value: (l) => (l.context.parameters.offsetAccount ? l.context.parameters.company : null) },
];

interface HeaderRow {
  context: ExportContext;
}

/** Vendor invoice journal header (VendInvoiceJournalHeaderEntity): the journal the lines belong to. */
export const INVOICE_HEADER_COLUMNS: readonly CsvColumn<HeaderRow>[] = [
  { header: "JOURNALBATCHNUMBER", kind: "text", value: (h) => h.context.exportId },
  { header: "JOURNALNAME", kind: "text", value: (h) => h.context.parameters.journalName },
  { header: "DESCRIPTION", kind: "text", value: (h) => journalDescription(h.context) },
];

export const journalDescription = (context: ExportContext): string => `Reimbursements ${context.exportId} exported ${context.date}`;

export const INVOICE_HEADER_ENTITY = { entityName: "Vendor invoice journal header", targetEntity: "VendInvoiceJournalHeaderEntity" } as const;
export const INVOICE_LINE_ENTITY = { entityName: "Vendor invoice journal line", targetEntity: "VendInvoiceJournalLineEntity" } as const;

/** The journal header, then its lines: one line per invoice or credit note, numbered from 1. */
export function invoiceJournalEntities(lines: readonly ExportLine[], context: ExportContext): DmfEntityData[] {
  return [
    dmfEntity(INVOICE_HEADER_ENTITY.entityName, INVOICE_HEADER_ENTITY.targetEntity, INVOICE_HEADER_COLUMNS, [{ context }]),
    dmfEntity(INVOICE_LINE_ENTITY.entityName, INVOICE_LINE_ENTITY.targetEntity, INVOICE_LINE_COLUMNS, lines.map((line, i) => ({ lineNumber: i + 1, line, context }))),
  ];
}
