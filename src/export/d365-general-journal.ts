import { CsvColumn } from "./csv-table";
import { dmfEntity, journalExchangeRate, sides } from "./d365-entity";
import { DmfEntityData } from "./d365-package";
import { ExportContext, documentDate, documentNumber, isCreditNote, owedToVendor } from "./export-context";
import { ExportLine } from "./export-selection";

interface GeneralLine {
  lineNumber: number;
  line: ExportLine;
  context: ExportContext;
}

/**
 * The customer is debited with what the vendor is owed (its credit goes to zero) and the vendor
 * credited; a credit note turns both sides round.
 */
const side = (l: GeneralLine) => sides(owedToVendor(l.line), l.line.invoice.currency, false);

function text(l: GeneralLine): string {
  const { invoice, customerAccount } = l.line.invoice;
  return isCreditNote(l.line) ? `Cancellation of reimbursement ${invoice}` : `Reimbursement ${invoice} of customer ${customerAccount ?? ""}`.trim();
}

/**
 * General journal (LedgerJournalEntity): header and line fields in one entity. Account type
 * Cust, offset account type Vend: D365's own reimbursement posts this way.
 */
export const GENERAL_JOURNAL_COLUMNS: readonly CsvColumn<GeneralLine>[] = [
  { header: "JOURNALBATCHNUMBER", kind: "text", value: (l) => l.context.exportId },
  { header: "JOURNALNAME", kind: "text", value: (l) => l.context.parameters.generalJournalName },
  { header: "DESCRIPTION", kind: "text", value: (l) => `Reimbursements ${l.context.exportId} exported ${l.context.date}` },
  { header: "LINENUMBER", kind: "integer", value: (l) => String(l.lineNumber) },
  { header: "VOUCHER", kind: "text", value: (l) => documentNumber(l.line) },
  { header: "TRANSDATE", kind: "date", value: (l) => documentDate(l.line, l.context) },
  { header: "ACCOUNTTYPE", kind: "text", value: () => "Cust" },
  { header: "ACCOUNTDISPLAYVALUE", kind: "text", value: (l) => l.line.invoice.customerAccount },
  { header: "OFFSETACCOUNTTYPE", kind: "text", value: () => "Vend" },
  { header: "OFFSETACCOUNTDISPLAYVALUE", kind: "text", value: (l) => l.line.invoice.vendorAccount },
  { header: "TEXT", kind: "text", value: text },
  { header: "CURRENCYCODE", kind: "text", value: (l) => l.line.invoice.currency },
  { header: "EXCHANGERATE", kind: "amount", value: (l) => journalExchangeRate(l.line.invoice.currency, l.context.parameters, l.context.rates) },
  { header: "DEBITAMOUNT", kind: "amount", value: (l) => side(l).debit },
  { header: "CREDITAMOUNT", kind: "amount", value: (l) => side(l).credit },
  { header: "INVOICE", kind: "text", value: (l) => documentNumber(l.line) },
  { header: "DOCUMENT", kind: "text", value: (l) => l.line.invoice.invoice },
  { header: "DUEDATE", kind: "date", value: (l) => (isCreditNote(l.line) ? null : l.line.invoice.dueDate) },
  { header: "POSTINGPROFILE", kind: "text", value: (l) => l.context.parameters.customerPostingProfile },
  { header: "PAYMENTMETHOD", kind: "text", value: (l) => l.context.parameters.methodOfPayment },
];

export const GENERAL_JOURNAL_ENTITY = { entityName: "General journal", targetEntity: "LedgerJournalEntity" } as const;

export function generalJournalEntity(lines: readonly ExportLine[], context: ExportContext): DmfEntityData {
  return dmfEntity(GENERAL_JOURNAL_ENTITY.entityName, GENERAL_JOURNAL_ENTITY.targetEntity, GENERAL_JOURNAL_COLUMNS, lines.map((line, i) => ({ lineNumber: i + 1, line, context })));
}
