import { ExportFormat, PreparedExport } from "../export/prepare-export";
import { IsoDate } from "../core/types";
import { t } from "../i18n/i18n";
import { SHEETS } from "../workbook/contract";
import { plural } from "./ap-text";

/** Every export format, in the order the pane offers them. */
export const FORMATS: readonly ExportFormat[] = ["d365", "d365-general-journal", "ubl", "csv"];

/** The format as the pane names it in a sentence, in the pane's language. */
export const formatLabel = (format: ExportFormat): string => (format === "csv" ? t("export.format.csvShort") : t(`export.format.${format}`));

/** The format as its radio button names it. */
export const formatChoice = (format: ExportFormat): string => t(`export.format.${format}`);

/** What the Export section was asked for. */
export interface ExportRequest {
  format: ExportFormat;
  /** Only this run's invoices; null for all invoices. */
  runId: string | null;
  /** Export again invoices already marked Exported. */
  again: boolean;
}

const which = (request: ExportRequest): string => (request.runId ? t("export.ofRun", { runId: request.runId }) : t("export.inWorkbook"));

export function nothingToExport(request: ExportRequest): string {
  return t("export.nothing", { which: which(request) }) + (request.again ? "" : t("export.nothingHint"));
}

export function exportHeadline(prepared: PreparedExport, request: ExportRequest, date: IsoDate): string {
  const invoices = prepared.lines.filter((l) => l.kind === "invoice").length;
  const creditNotes = prepared.lines.length - invoices;
  return t("export.headline", {
    invoices: plural(invoices, "count.invoice"),
    creditNotes: plural(creditNotes, "count.creditNote"),
    which: which(request),
    format: formatLabel(request.format),
    date,
    sheet: SHEETS.invoices,
  });
}
