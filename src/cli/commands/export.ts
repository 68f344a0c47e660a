import { Command } from "commander";
import path from "node:path";
import { todayIso } from "../../core/dates";
import { ExportFile } from "../../export/export-file";
import { EXPORT_FORMATS, ExportFormat, prepareExport } from "../../export/prepare-export";
import { readXlsx } from "../../file/xlsx-read";
import { CliIO, EXIT, UsageError } from "../io";
import { ApOutputFlags, OutputFileWrite, dateFlag, resolveApOutputs, writeFilesWithWorkbook } from "./ap-files";

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
function filePaths(output: string, files: readonly ExportFile[]): OutputFileWrite[] {
  const ext = path.extname(output);
  const stem = output.slice(0, output.length - ext.length);
  return files.map((file, i) => ({ path: i === 0 ? output : `${stem}.${file.role}${path.extname(file.name) || ext}`, content: file.content }));
}

/**
 * `reimburse export IN.xlsx --format d365|d365-general-journal|ubl|csv -o FILE`: the invoices not yet exported (or those
 * of --run) go to a file for accounts payable, and are marked Exported in the workbook.
 */
export async function exportInvoices(input: string, flags: ExportFlags, io: CliIO): Promise<number> {
  const format = formatFrom(flags);
  const outputs = resolveApOutputs(input, flags, "exported");
  const date = dateFlag(flags) ?? todayIso(io.now());
  const runId = flags.run?.trim();
  if (flags.run !== undefined && !runId) throw new UsageError("--run expects a run id such as RUN-20261124-093000");
  const snapshot = await readXlsx(input);
  const prepared = prepareExport(snapshot, { format, date, runId, again: flags.again });
  const which = runId ? `of run ${runId}` : "in the workbook";
  if (prepared.content === null) {
    const hint = flags.again ? "" : "; add --again to export exported ones once more";
    io.stdout(`Nothing to export: no invoice or cancellation ${which} is waiting for export${hint}. No file was written.\n`);
    return EXIT.ok;
  }
  const written = filePaths(outputs.file, prepared.files);
  await writeFilesWithWorkbook(written, input, prepared.patch, outputs.workbook);
  const invoices = prepared.lines.filter((l) => l.kind === "invoice").length;
  const creditNotes = prepared.lines.length - invoices;
  io.stdout(
    `Exported ${invoices} invoice${invoices === 1 ? "" : "s"} and ${creditNotes} credit note${creditNotes === 1 ? "" : "s"} ${which} (${format}).\n` +
      `Written: ${written.map((f) => f.path).join(", ")}\nMarked as exported on ${date}: ${outputs.workbook}\n`,
  );
  return EXIT.ok;
}

export function registerExport(program: Command, io: CliIO, setCode: (code: number) => void): void {
  program.command("export").description("export vendor invoices to accounts payable (Dynamics 365 data package, UBL 2.1 or plain CSV)").argument("<input.xlsx>")
    .requiredOption("--format <format>", "d365 (D365 data package: one-time vendors, vendor invoice journal), d365-general-journal (D365 data package: general journal debiting customers, crediting vendors), ubl (zip of UBL 2.1 invoices and credit notes) or csv (the sheet's columns, plus the one-time vendors beside it)")
    .requiredOption("-o, --output <file>", "the export file to write (.zip for d365, d365-general-journal and ubl)")
    .option("--run <run-id>", "only the invoices of this run")
    .option("--again", "export again invoices already marked as exported")
    .option("-w, --workbook-out <out.xlsx>", "workbook with the Exported marks (default: <input>.exported.xlsx)")
    .option("--in-place", "write the Exported marks into the input workbook itself")
    .option("--date <YYYY-MM-DD>", "export date: the Exported marks and credit note dates (default: today)")
    .action(async (input: string, flags: ExportFlags) => setCode(await exportInvoices(input, flags, io)));
}

