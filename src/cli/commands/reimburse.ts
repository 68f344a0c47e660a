import path from "node:path";
import { summarizePlan } from "../../workbook/summary";
import { prepareRun } from "../../workbook/run";
import { readWorkbookFile, updateWorkbook } from "../../file/ledger-file";
import { CliIO, EXIT } from "../io";
import { LedgerFlags, commandLine, workbookOutput, writtenJson, writtenLines } from "../ledger-options";
import { formatSummary } from "../print-summary";
import { stageProgress } from "../progress";
import { SelectionFlags, dateFrom, selectionFrom } from "../selection-options";

export interface ReimburseFlags extends SelectionFlags, LedgerFlags {
  output?: string;
  json?: boolean;
}

/**
 * `reimburse run` and `reimburse preview`: the same plan; only run writes it, into the workbook
 * itself (the ledger) unless -o names a separate copy.
 */
export async function reimburse(input: string, flags: ReimburseFlags, io: CliIO, write: boolean): Promise<number> {
  const selection = selectionFrom(flags);
  const date = dateFrom(flags);
  const output = write ? workbookOutput(input, flags.output, flags, "-o") : undefined;
  const progress = stageProgress(io, write ? 3 : 2, !flags.json);
  progress.step(`reading ${path.basename(input)}`);
  const options = { selection, date, now: io.now(), user: io.user };
  if (!write) {
    const { snapshot } = await readWorkbookFile(input);
    progress.step("planning");
    const { plan } = prepareRun(snapshot, options);
    progress.done();
    const summary = summarizePlan(plan);
    if (flags.json) io.stdout(JSON.stringify({ ...summary, written: false, output: null }, null, 2) + "\n");
    else io.stdout(formatSummary(summary, "Preview of run") + "Preview only: nothing was written.\n");
    return EXIT.ok;
  }
  const result = await updateWorkbook(input, (snapshot) => {
    progress.step("planning");
    const prepared = prepareRun(snapshot, options);
    progress.step("writing");
    return prepared;
  }, { command: "run", commandLine: commandLine("run", input), output, force: flags.force, now: io.now() });
  progress.done();
  const summary = summarizePlan(result.plan.plan);
  if (flags.json) {
    io.stdout(JSON.stringify({ ...summary, ...writtenJson(result, input, output) }, null, 2) + "\n");
  } else {
    const lines = writtenLines(result, input, output);
    if (!result.written) lines.push("Nothing to write: the workbook is unchanged.");
    io.stdout(formatSummary(summary, "Run") + lines.join("\n") + "\n");
  }
  return EXIT.ok;
}
