import { ExportRequest } from "./export-model";
import { Engine, StageProgress } from "./run-engine";
import { ExportOutcome } from "./worker/jobs";

export { EXPORT_SHEETS } from "./worker/jobs";
export type { ExportOutcome } from "./worker/jobs";

/**
 * Read, prepare, write the Exported marks, and only then hand out the file. The other order can
 * export twice: a file handed out before marks that then fail to write leaves the invoices
 * unmarked, and the next export sends them again. In this order a failed write leaves no file,
 * and a download that goes astray is recovered from the pane (the file stays there) or with
 * "Export again" for the run: an invoice can be missing from AP for a while, never doubled.
 * The engine prepares it off the pane's thread (the "export" job) and returns the file only
 * once the marks are written.
 */
export function exportInvoices(engine: Engine, request: ExportRequest, now: Date, progress?: StageProgress): Promise<ExportOutcome> {
  return engine.write("export", { request, now }, progress);
}
