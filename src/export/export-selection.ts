import { CellRef } from "../core/types";
import { InvoiceState, LedgerState } from "../workbook/ledger-state";
import { InvoiceRow } from "../workbook/read-outputs";

/**
 * One line of an export: an invoice as it reached accounts payable, or the credit note that
 * takes a cancelled invoice back out of it.
 */
export interface ExportLine {
  kind: "invoice" | "credit note";
  invoice: InvoiceRow;
}

/** An invoice the export holds back (unknown Status, unreadable cell, three-way mismatch), at its cell. */
export interface ExportException {
  invoice: InvoiceRow;
  reason: string;
  source: CellRef;
}

export interface ExportSelection {
  /** Only invoices of this run (the Vendor invoices sheet's Run id). */
  runId?: string;
  /** Export again invoices (and cancellations) already in the Export log. */
  again?: boolean;
}

export interface SelectedLines {
  lines: ExportLine[];
  exceptions: ExportException[];
}

/**
 * The lines the next export holds, in sheet order, from the ledger state (the Export log says
 * what reached accounts payable, never an editable cell). An invoice goes to AP when it is
 * payable or paid (the one definition, core/invoice-state.ts); a cancelled invoice that never
 * reached AP needs nothing there, one that did needs a credit note, exported once.
 */
export function selectExportLines(ledger: LedgerState, selection: ExportSelection): SelectedLines {
  const again = selection.again === true;
  const wantedRun = selection.runId?.trim().toLowerCase();
  const lines: ExportLine[] = [];
  const exceptions: ExportException[] = [];
  for (const state of ledger.invoices) {
    const { invoice, standing } = state;
    if (wantedRun !== undefined && (invoice.runId ?? "").trim().toLowerCase() !== wantedRun) continue;
    const exported = state.records.exports.length > 0;
    if (standing.kind === "cancelled") {
      if (!exported) continue;
      // --again replays the history: the invoice, then its credit note.
      if (again) lines.push({ kind: "invoice", invoice });
      if (again || !state.records.cancellationExports.length) lines.push({ kind: "credit note", invoice });
    } else if (again || !exported) {
      if (standing.kind === "held") exceptions.push(exceptionOf(state, standing.reason, standing.source));
      else lines.push({ kind: "invoice", invoice });
    }
  }
  return { lines, exceptions };
}

function exceptionOf(state: InvoiceState, reason: string, source: CellRef): ExportException {
  return { invoice: state.invoice, reason: `Invoice ${state.invoice.invoice || `on row ${state.invoice.row}`} not exported: ${reason}`, source };
}
