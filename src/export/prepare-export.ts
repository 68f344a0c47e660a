import { minorUnits } from "../core/currency";
import { NumberSequence } from "../core/numbering";
import { IsoDate } from "../core/types";
import { OutputRow, appendRows } from "../workbook/append";
import { COLUMNS, SHEETS } from "../workbook/contract";
import { newExceptionRows } from "../workbook/exception-rows";
import { WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { idsWithPrefix } from "../workbook/ids-seen";
import { readConsistentLedger } from "../workbook/ledger-state";
import { amountCell, dateCell } from "../workbook/render";
import { CellUpdate, mergePatches, updateCells } from "../workbook/update";
import { buildD365InvoiceJournal } from "./d365-invoice-journal";
import { readExportParameters } from "./export-parameters";
import { ExportException, ExportLine, ExportSelection, selectExportLines } from "./export-selection";
import { buildInvoiceCsv } from "./invoice-csv";

export const EXPORT_FORMATS = ["d365", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions extends ExportSelection {
  format: ExportFormat;
  /** The day of the export: the Exported marks and the date of credit notes. */
  date: IsoDate;
}

export interface PreparedExport {
  lines: ExportLine[];
  /** Invoices held back (unknown Status, unreadable cell, three-way mismatch), each at its cell. */
  exceptions: ExportException[];
  /** EXP-YYYYMMDD-NNN: the Export log rows of this export carry it; null when nothing is exported. */
  exportId: string | null;
  /** The file's text, or null when there is nothing to export. */
  content: string | null;
  /** Export log rows, Exported / Cancellation exported marks; a host writes them with the file or not at all. */
  patch: WorkbookPatch;
}

export const EXPORT_ID_PREFIX = "EXP-";

/** EXP-20261130-001: numbered within the day, after every export id seen anywhere in the workbook. */
export function newExportId(snapshot: WorkbookSnapshot, date: IsoDate): string {
  const prefix = `${EXPORT_ID_PREFIX}${date.replace(/-/g, "")}-`;
  return new NumberSequence(prefix, idsWithPrefix(snapshot, prefix), 3).take();
}

/**
 * The whole export between a host's read and its writes. The state comes from the records
 * (src/workbook/ledger-state.ts): a Status or Exported cell that contradicts them stops the
 * export naming the cell; an invoice that is not payable is held back as an exception.
 */
export function prepareExport(snapshot: WorkbookSnapshot, options: ExportOptions): PreparedExport {
  const ledger = readConsistentLedger(snapshot);
  const { lines, exceptions } = selectExportLines(ledger, options);
  if (!lines.length) return { lines, exceptions, exportId: null, content: null, patch: { sheets: [] } };

  const content = options.format === "d365" ? buildD365InvoiceJournal(lines, { ...journalSettings(snapshot), exportDate: options.date }) : buildInvoiceCsv(lines);
  const exportId = newExportId(snapshot, options.date);
  const mark = dateCell(options.date);
  const updates: CellUpdate[] = lines.map(({ kind, invoice }) => ({ row: invoice.row, header: kind === "invoice" ? "Exported" : "Cancellation exported", value: mark }));
  const log: OutputRow[] = lines.map(({ kind, invoice }) => ({
    "Export id": exportId, Date: mark, Format: options.format, Invoice: invoice.invoice, Kind: kind === "invoice" ? "Invoice" : "Cancellation",
    "Vendor account": invoice.vendorAccount, Currency: invoice.currency, Amount: amountCell(invoice.amount), "Run id": invoice.runId,
  }));
  const patch = {
    sheets: mergePatches(
      appendRows(snapshot, SHEETS.exportLog, COLUMNS.exportLog, log, lines.map((l) => minorUnits(l.invoice.currency))),
      updateCells(snapshot, SHEETS.invoices, COLUMNS.invoices, updates),
      newExceptionRows(snapshot, exceptions.map((e) => ({
        runId: e.invoice.runId, customerAccount: e.invoice.customerAccount, currency: e.invoice.currency, balance: e.invoice.amount, reason: e.reason, source: e.source,
      }))),
    ),
  };
  return { lines, exceptions, exportId, content, patch };
}

function journalSettings(snapshot: WorkbookSnapshot): { journalBatch: string; offsetAccount: string | null } {
  const p = readExportParameters(snapshot);
  return { journalBatch: p.journalName, offsetAccount: p.offsetAccount };
}
