import path from "node:path";
import { todayIso } from "../../core/dates";
import { EXPORT_FORMATS, ExportFormat, companionRoles, prepareExport } from "../../export/prepare-export";
import { updateWorkbook } from "../../file/ledger-file";
import { formatProblem } from "../../workbook/errors";
import { CliIO, EXIT, UsageError } from "../io";
import { commandLine, writtenLines } from "../ledger-options";
import { ApOutputFlags, dateFlag, resolveApOutputs } from "./ap-files";

export interface ExportFlags extends ApOutputFlags {
  format?: string;
  run?: string;
  again?: boolean;
}

function formatFrom(flags: ExportFlags): ExportFormat {
  const format = (flags.format ?? "").trim().toLowerCase();
  const known = EXPORT_FORMATS.find((f) => f === format);
  if (!known) throw new UsageError(`--format expects ${EXPORT_FORMATS.join(", ")}, got "${flags.format ?? ""}"`);
  return known;
}

/** -o takes the main file; a companion (csv: the one-time vendors) goes beside it as `<name>.<role><ext>`. */
function filePaths(output: string, format: ExportFormat): string[] {
  const ext = path.extname(output);
  const stem = output.slice(0, output.length - ext.length);
  return [output, ...companionRoles(format).map((role) => `${stem}.${role}${ext || ".csv"}`)];
}

/**
 * `reimburse export IN.xlsx --format d365|d365-general-journal|ubl|csv -o FILE`: the invoices not yet exported (or those
 * of --run) go to a file for accounts payable, and are marked Exported in the workbook, together
 * or not at all.
 */
export async function exportInvoices(input: string, flags: ExportFlags, io: CliIO): Promise<number> {
  const format = formatFrom(flags);
  const outputs = resolveApOutputs(input, flags);
  const date = dateFlag(flags) ?? todayIso(io.now());
  const runId = flags.run?.trim();
  if (flags.run !== undefined && !runId) throw new UsageError("--run expects a run id such as RUN-20261124-093000");
  const paths = filePaths(outputs.file, format);
  const result = await updateWorkbook(input, (snapshot) => {
    const prepared = prepareExport(snapshot, { format, date, runId, again: flags.again });
    return { ...prepared, files: prepared.files.map((file, i) => ({ path: paths[i], content: file.content })) };
  }, { command: "export", commandLine: commandLine("export", input), output: outputs.workbook, outputFiles: paths, force: flags.force, now: io.now() });
  const prepared = result.plan;
  const which = runId ? `of run ${runId}` : "in the workbook";
  const notes = writtenLines({ ...result, written: false }, input, outputs.workbook);
  // Held back as in pay (one definition of payable): each with the cell to fix.
  const held = prepared.exceptions.length
    ? [`Not exported: ${prepared.exceptions.length}`, ...prepared.exceptions.map((e) => `  ${formatProblem({ ...e.source, message: e.reason })}`)]
    : [];
  if (prepared.content === null) {
    const hint = flags.again ? "" : "; add --again to export exported ones once more";
    io.stdout([...held, ...notes, `Nothing to export: no invoice or cancellation ${which} is waiting for export${hint}. No file was written.`].join("\n") + "\n");
    return EXIT.ok;
  }
  const invoices = prepared.lines.filter((l) => l.kind === "invoice").length;
  const creditNotes = prepared.lines.length - invoices;
  io.stdout(
    [
      `Exported ${invoices} invoice${invoices === 1 ? "" : "s"} and ${creditNotes} credit note${creditNotes === 1 ? "" : "s"} ${which} (${format}).`,
      `Written: ${paths.join(", ")}`,
      ...writtenLines(result, input, outputs.workbook, `Marked as exported on ${date}`),
      ...held,
    ].join("\n") + "\n",
  );
  return EXIT.ok;
}
