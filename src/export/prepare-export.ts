import { IsoDate } from "../core/types";
import { COLUMNS, SHEETS } from "../workbook/contract";
import { WorkbookError, WorkbookProblem } from "../workbook/errors";
import { WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { readInvoiceRows } from "../workbook/read-outputs";
import { dateCell } from "../workbook/render";
import { CellUpdate, mergePatches, updateCells } from "../workbook/update";
import { buildD365InvoiceJournal } from "./d365-invoice-journal";
import { readExportParameters } from "./export-parameters";
import { ExportLine, ExportSelection, selectExportLines } from "./export-selection";
import { invoiceCellLocator, problemsOfInvoice } from "./invoice-cells";
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
  /** The file's text, or null when there is nothing to export. */
  content: string | null;
  /** The Exported / Cancellation exported marks; a host writes them with the file or not at all. */
  patch: WorkbookPatch;
}

/**
 * The whole export between a host's read and its writes. Any unreadable invoice among those to
 * export stops it: a journal with a guessed amount would be posted as it is.
 */
export function prepareExport(snapshot: WorkbookSnapshot, options: ExportOptions): PreparedExport {
  const lines = selectExportLines(readInvoiceRows(snapshot), options);
  if (!lines.length) return { lines, content: null, patch: { sheets: [] } };
  const locate = invoiceCellLocator(snapshot);
  const problems: WorkbookProblem[] = [];
  const firstRow = new Map<string, number>();
  const checked = new Set<number>();
  for (const { kind, invoice } of lines) {
    if (!checked.has(invoice.row)) problems.push(...problemsOfInvoice(invoice, locate));
    checked.add(invoice.row);
    const key = `${kind}|${invoice.invoice.toUpperCase()}`;
    const seen = firstRow.get(key);
    if (invoice.invoice && seen !== undefined) {
      problems.push({ sheet: SHEETS.invoices, address: locate(invoice.row, "Invoice"), message: `invoice ${invoice.invoice} appears twice (also row ${seen}); accounts payable would reject the second` });
    } else firstRow.set(key, invoice.row);
  }
  if (problems.length) throw new WorkbookError(problems);

  const content = options.format === "d365" ? buildD365InvoiceJournal(lines, { ...journalSettings(snapshot), exportDate: options.date }) : buildInvoiceCsv(lines);
  const mark = dateCell(options.date);
  const updates: CellUpdate[] = lines.map(({ kind, invoice }) => ({ row: invoice.row, header: kind === "invoice" ? "Exported" : "Cancellation exported", value: mark }));
  return { lines, content, patch: { sheets: mergePatches(updateCells(snapshot, SHEETS.invoices, COLUMNS.invoices, updates)) } };
}

function journalSettings(snapshot: WorkbookSnapshot): { journalBatch: string; offsetAccount: string | null } {
  const p = readExportParameters(snapshot);
  return { journalBatch: p.journalName, offsetAccount: p.offsetAccount };
}
