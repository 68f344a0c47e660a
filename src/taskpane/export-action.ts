import { todayIso } from "../core/dates";
import { prepareExport } from "../export/prepare-export";
import { SHEETS } from "../workbook/contract";
import { LEDGER_SHEETS } from "../workbook/ledger-state";
import { applyOrRestore } from "./apply-or-restore";
import { ExportRequest, exportHeadline, nothingToExport } from "./export-model";
import { OutputFile, exportFile } from "./output-file";
import { Progress, WorkbookHost } from "./workbook-host";

/** The sheets prepareExport reads; in Excel, the large input sheets are not read for it. */
// The ledger's sheets, and those the formats take master data from (one-time vendors, rates, payees).
export const EXPORT_SHEETS: readonly string[] = [...new Set([SHEETS.parameters, SHEETS.exceptions, ...LEDGER_SHEETS, SHEETS.oneTimeVendors, SHEETS.rates, SHEETS.customers, SHEETS.vendors])];

export type ExportOutcome = { kind: "nothing"; message: string } | { kind: "exported"; headline: string; file: OutputFile; companions: OutputFile[] };

/**
 * Read, prepare, write the Exported marks, and only then hand out the file. The other order can
 * export twice: a file handed out before marks that then fail to write leaves the invoices
 * unmarked, and the next export sends them again. In this order a failed write leaves no file,
 * and a download that goes astray is recovered from the pane (the file stays there) or with
 * "Export again" for the run: an invoice can be missing from AP for a while, never doubled.
 */
export async function exportInvoices(host: WorkbookHost, request: ExportRequest, now: Date, onProgress?: Progress): Promise<ExportOutcome> {
  const date = todayIso(now);
  const snapshot = await host.readSnapshot(EXPORT_SHEETS);
  const prepared = prepareExport(snapshot, { format: request.format, date, runId: request.runId ?? undefined, again: request.again });
  if (prepared.content === null) return { kind: "nothing", message: nothingToExport(request) };
  await applyOrRestore(host, snapshot, prepared.patch, onProgress);
  const companions = prepared.files.slice(1).map((f) => exportFile(request.format, date, request.runId, f.content, f.role));
  return { kind: "exported", headline: exportHeadline(prepared, request, date), file: exportFile(request.format, date, request.runId, prepared.content), companions };
}
