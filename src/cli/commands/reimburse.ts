import path from "node:path";
import { summarizePlan } from "../../workbook/summary";
import { prepareRun } from "../../workbook/run";
import { ReadOptions } from "../../workbook/read";
import { WorkbookSnapshot } from "../../workbook/grid";
import { SHEETS } from "../../workbook/contract";
import { restoreHeapGrowth } from "../../file/garbage-collection";
import { readForRun } from "../../file/transactions-offload";
import { readWorkbookFile, updateWorkbook } from "../../file/ledger-file";
import { CliIO, EXIT } from "../io";
import { LedgerFlags, commandLine, workbookOutput, writtenJson, writtenLines } from "../ledger-options";
import { formatSummary } from "../print-summary";
import { stageProgress } from "../progress";
import { Customer, Selection } from "../../core/types";
import { EXIT_NOTHING_SELECTED, SelectionFlags, checkSelection, dateFrom, selectionFrom } from "../selection-options";

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
  const options: ReadOptions = { selection, date, now: io.now(), user: io.user };
  // The Customer transactions sheet is read by a worker thread meanwhile (transactions-offload.ts).
  const readSnapshot = async (bytes: Uint8Array): Promise<WorkbookSnapshot> => {
    const read = await readForRun(bytes, { now: options.now, date });
    options.transactions = read.transactions;
    options.ahead = read.ahead;
    return read.snapshot;
  };
  if (!write) {
    const { snapshot } = await readWorkbookFile(input, readSnapshot);
    progress.step("planning");
    let planned: ReturnType<typeof prepareRun>;
    try {
      planned = prepareRun(snapshot, options);
    } finally {
      // The read may have tightened it (garbage-collection.ts); a run's updateWorkbook does the same.
      restoreHeapGrowth();
    }
    const { plan, customers } = planned;
    progress.done();
    const summary = summarizePlan(plan);
    const nothing = warnUnmatched(customers, selection, io);
    if (flags.json) io.stdout(JSON.stringify({ ...summary, written: false, output: null }, null, 2) + "\n");
    else io.stdout(formatSummary(summary, "Preview of run") + "Preview only: nothing was written.\n");
    return nothing ? EXIT_NOTHING_SELECTED : EXIT.ok;
  }
  let nothing = false;
  const result = await updateWorkbook(input, (snapshot) => {
    progress.step("planning");
    const { customers, ...prepared } = prepareRun(snapshot, options);
    nothing = warnUnmatched(customers, selection, io);
    // Planned: the other sheets parsed ahead and the transactions' digest (100 MB at 100,000
    // customers) are not kept through the write by `options`, which outlives it.
    options.ahead = undefined;
    options.transactions = undefined;
    progress.step("writing");
    // Without the customers: the result is kept until the write is done.
    return prepared;
  }, { command: "run", commandLine: commandLine("run", input), output, force: flags.force, now: io.now(), readSnapshot, appendsTo: [SHEETS.transactions] });
  progress.done();
  const summary = summarizePlan(result.plan.plan);
  if (flags.json) {
    io.stdout(JSON.stringify({ ...summary, ...writtenJson(result, input, output) }, null, 2) + "\n");
  } else {
    const lines = writtenLines(result, input, output);
    if (!result.written) lines.push("Nothing to write: the workbook is unchanged.");
    io.stdout(formatSummary(summary, "Run") + lines.join("\n") + "\n");
  }
  return nothing ? EXIT_NOTHING_SELECTED : EXIT.ok;
}

/** Warns on stderr about a selection that finds no customer (or names unknown ones); true when it matches nothing. */
function warnUnmatched(customers: readonly Customer[], selection: Selection, io: CliIO): boolean {
  const checked = checkSelection(customers, selection);
  for (const w of checked.warnings) io.stderr(`reimburse: warning: ${w}\n`);
  return checked.matchesNothing;
}
