import { Decimal } from "decimal.js";
import { IsoDate } from "../core/types";
import { VendorMaster } from "./ap-vendors";
import { ExportLine } from "./export-selection";
import { ExportParameters } from "./export-parameters";

/** Everything a format builder needs besides the lines; builders are pure functions of both. */
export interface ExportContext {
  /** Unique in the workbook: the JournalBatchNumber of the D365 journals, the package's name. */
  exportId: string;
  /** The day of the export: the date of credit notes, which have no invoice date of their own. */
  date: IsoDate;
  parameters: ExportParameters;
  /** The one-time vendors the lines post to, for the vendor master files. */
  vendors: readonly VendorMaster[];
  /** Exchange rates sheet: accounting currency per unit of the currency. */
  rates: ReadonlyMap<string, Decimal>;
}

export const isCreditNote = (line: ExportLine): boolean => line.kind === "credit note";

/** Credit notes need an invoice number of their own: D365 rejects a vendor's invoice number used twice. */
export function creditNoteNumber(invoice: string): string {
  return `${invoice}-CN`;
}

/** The number of the document a line is: the invoice, or its credit note. */
export const documentNumber = (line: ExportLine): string => (isCreditNote(line) ? creditNoteNumber(line.invoice.invoice) : line.invoice.invoice);

/** A credit note is dated on the export day; an invoice carries its own date. */
export const documentDate = (line: ExportLine, context: ExportContext): IsoDate | null => (isCreditNote(line) ? context.date : line.invoice.invoiceDate);

/** What the vendor is owed by the document: positive for an invoice, negative for its credit note. */
export const owedToVendor = (line: ExportLine): Decimal => (isCreditNote(line) ? line.invoice.amount.negated() : line.invoice.amount);

/** A zip entry's timestamp: the export day at noon UTC, so the same export gives the same bytes. */
export const packageTime = (date: IsoDate): Date => new Date(`${date}T12:00:00Z`);
