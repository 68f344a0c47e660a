import { InvoiceRow } from "../workbook/read-outputs";

/**
 * One line of an export: an invoice as it reached accounts payable, or the credit note that
 * takes a cancelled invoice back out of it.
 */
export interface ExportLine {
  kind: "invoice" | "credit note";
  invoice: InvoiceRow;
}

export interface ExportSelection {
  /** Only invoices of this run (the Vendor invoices sheet's Run id). */
  runId?: string;
  /** Export again invoices (and cancellations) already marked as exported. */
  again?: boolean;
}

export const isCancelled = (row: InvoiceRow): boolean => row.status.trim().toLowerCase() === "cancelled";

/**
 * The lines the next export holds, in sheet order. A cancelled invoice that never reached
 * accounts payable needs nothing there; one that did needs a credit note, exported once.
 */
export function selectExportLines(invoices: readonly InvoiceRow[], selection: ExportSelection): ExportLine[] {
  const again = selection.again === true;
  const wantedRun = selection.runId?.trim().toLowerCase();
  const lines: ExportLine[] = [];
  for (const invoice of invoices) {
    if (wantedRun !== undefined && (invoice.runId ?? "").toLowerCase() !== wantedRun) continue;
    const cancelled = isCancelled(invoice);
    const exported = invoice.exported !== null;
    if (cancelled) {
      if (!exported) continue;
      // --again replays the history: the invoice, then its credit note.
      if (again) lines.push({ kind: "invoice", invoice });
      if (again || invoice.cancellationExported === null) lines.push({ kind: "credit note", invoice });
    } else if (again || !exported) {
      lines.push({ kind: "invoice", invoice });
    }
  }
  return lines;
}
