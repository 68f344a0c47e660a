import { ExportFormat } from "../export/prepare-export";
import { IsoDate } from "../core/types";

/** A file an action produced, held by the pane so it can be offered again or copied. */
export interface OutputFile {
  name: string;
  type: string;
  text: string;
}

export const CSV_TYPE = "text/csv;charset=utf-8";
export const XML_TYPE = "application/xml;charset=utf-8";

/** Run ids come from cells: anything a file name cannot hold becomes "_". */
const safe = (text: string): string => text.replace(/[^A-Za-z0-9._-]+/g, "_");

/** "vendor-invoice-journal-2026-11-24-RUN-20261124-093000.csv": what, when, which run. */
export function exportFile(format: ExportFormat, date: IsoDate, runId: string | null, text: string): OutputFile {
  const base = format === "d365" ? "vendor-invoice-journal" : "vendor-invoices";
  return { name: `${base}-${date}${runId ? `-${safe(runId)}` : ""}.csv`, type: CSV_TYPE, text };
}

/** Named after the message id, so each file in the Downloads folder says which payment it is. */
export function paymentFile(messageId: string, text: string): OutputFile {
  return { name: `payments-${safe(messageId)}.xml`, type: XML_TYPE, text };
}
