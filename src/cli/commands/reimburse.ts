import path from "node:path";
import { summarizePlan } from "../../workbook/summary";
import { prepareRun } from "../../workbook/run";
import { readXlsx } from "../../file/xlsx-read";
import { applyPatchToXlsx } from "../../file/xlsx-write";
import { CliIO, EXIT, UsageError } from "../io";
import { formatSummary } from "../print-summary";
import { stageProgress } from "../progress";
import { readCustomers } from "../../workbook/read-ledger";
import { EXIT_NOTHING_SELECTED, SelectionFlags, checkSelection, dateFrom, selectionFrom } from "../selection-options";

export interface ReimburseFlags extends SelectionFlags {
  output?: string;
  inPlace?: boolean;
  json?: boolean;
}

/** IN.xlsx -> IN.reimbursed.xlsx: the input stays as it was unless --in-place says otherwise. */
export function defaultOutput(input: string): string {
  const ext = path.extname(input);
  return `${input.slice(0, input.length - ext.length)}.reimbursed${ext || ".xlsx"}`;
}

function resolveOutput(input: string, flags: ReimburseFlags): string {
  if (flags.inPlace && flags.output && path.resolve(flags.output) !== path.resolve(input)) {
    throw new UsageError("--in-place and -o name different files; give one of them");
  }
  if (flags.inPlace) return input;
  const output = flags.output ?? defaultOutput(input);
  if (path.resolve(output) === path.resolve(input)) {
    throw new UsageError(`-o ${output} is the input workbook; add --in-place to overwrite it`);
  }
  return output;
}

/** `reimburse run` and `reimburse preview`: the same plan; only run writes it. */
export async function reimburse(input: string, flags: ReimburseFlags, io: CliIO, write: boolean): Promise<number> {
  const selection = selectionFrom(flags);
  const date = dateFrom(flags);
  const output = write ? resolveOutput(input, flags) : null;
  const progress = stageProgress(io, write ? 3 : 2, !flags.json);
  progress.step(`reading ${path.basename(input)}`);
  const snapshot = await readXlsx(input);
  progress.step("planning");
  const { plan, patch } = prepareRun(snapshot, { selection, date, now: io.now(), user: io.user });
  if (output) {
    progress.step(`writing ${path.basename(output)}`);
    if (patch.sheets.length) await applyPatchToXlsx(input, patch, output);
  }
  progress.done();
  const checked = checkSelection(readCustomers(snapshot).items, selection);
  for (const w of checked.warnings) io.stderr(`reimburse: warning: ${w}\n`);
  const summary = summarizePlan(plan);
  if (flags.json) {
    io.stdout(JSON.stringify({ ...summary, written: output !== null && patch.sheets.length > 0, output }, null, 2) + "\n");
  } else {
    io.stdout(formatSummary(summary, write ? "Run" : "Preview of run"));
    if (output && patch.sheets.length) io.stdout(`Written: ${output}\n`);
    else if (output) io.stdout("Nothing to write: the workbook is unchanged.\n");
    else io.stdout("Preview only: nothing was written.\n");
  }
  return checked.matchesNothing ? EXIT_NOTHING_SELECTED : EXIT.ok;
}
