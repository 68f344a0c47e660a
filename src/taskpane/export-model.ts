import { ExportFormat, PreparedExport } from "../export/prepare-export";
import { IsoDate } from "../core/types";
import { SHEETS } from "../workbook/contract";
import { plural } from "./ap-text";

export const FORMAT_LABELS: Record<ExportFormat, string> = {
  d365: "Dynamics 365 vendor invoice journal",
  "d365-general-journal": "Dynamics 365 general journal (customer and vendor)",
  ubl: "UBL 2.1 invoices",
  csv: "plain CSV",
};

/** What the Export section was asked for. */
export interface ExportRequest {
  format: ExportFormat;
  /** Only this run's invoices; null for all invoices. */
  runId: string | null;
  /** Export again invoices already marked Exported. */
  again: boolean;
}

const which = (request: ExportRequest): string => (request.runId ? `of run ${request.runId}` : "in the workbook");

export function nothingToExport(request: ExportRequest): string {
  const hint = request.again ? "" : ' Tick "Export again" to export exported ones once more.';
  return `Nothing to export: no invoice or cancellation ${which(request)} is waiting for export. Nothing was written.${hint}`;
}

export function exportHeadline(prepared: PreparedExport, request: ExportRequest, date: IsoDate): string {
  const invoices = prepared.lines.filter((l) => l.kind === "invoice").length;
  const creditNotes = prepared.lines.length - invoices;
  return (
    `Exported ${plural(invoices, "invoice")} and ${plural(creditNotes, "credit note")} ${which(request)} (${FORMAT_LABELS[request.format]}); ` +
    `marked Exported on ${date} on sheet ${SHEETS.invoices}.`
  );
}
