import { ExportFormat } from "../export/prepare-export";
import { IsoDate } from "../core/types";

/** A file an action produced, held by the pane so it can be offered again or copied. */
export interface OutputFile {
  name: string;
  type: string;
  /** The text; for a binary file (a zip) a note that it is binary, and the file is in `bytes`. */
  text: string;
  bytes?: Uint8Array;
  /**
   * A text file's text as UTF-8, encoded where the file was made (the engine worker): the
   * download then copies bytes instead of encoding megabytes of pain.001 on the pane's thread.
   */
  utf8?: Uint8Array;
}

export const CSV_TYPE = "text/csv;charset=utf-8";
export const XML_TYPE = "application/xml;charset=utf-8";
export const ZIP_TYPE = "application/zip";

/** Run ids come from cells: anything a file name cannot hold becomes "_". */
const safe = (text: string): string => text.replace(/[^A-Za-z0-9._-]+/g, "_");

const EXPORT_BASE: Record<ExportFormat, string> = {
  d365: "vendor-invoice-journal",
  "d365-general-journal": "general-journal",
  ubl: "ubl-invoices",
  csv: "vendor-invoices",
};

/** "vendor-invoice-journal-2026-11-24-RUN-20261124-093000.zip": what, when, which run. */
export function exportFile(format: ExportFormat, date: IsoDate, runId: string | null, content: string | Uint8Array, role?: string): OutputFile {
  const name = `${role ?? EXPORT_BASE[format]}-${date}${runId ? `-${safe(runId)}` : ""}`;
  if (typeof content === "string") return { name: `${name}.csv`, type: CSV_TYPE, text: content };
  return { name: `${name}.zip`, type: ZIP_TYPE, text: `(${name}.zip is a zip package: use Download)`, bytes: content };
}

/** Named after the message id, so each file in the Downloads folder says which payment it is. */
export function paymentFile(messageId: string, text: string): OutputFile {
  return { name: `payments-${safe(messageId)}.xml`, type: XML_TYPE, text };
}
