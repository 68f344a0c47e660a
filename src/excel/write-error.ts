import { describeOfficeError } from "./office-errors";

/** What a failed write left behind after the undo, for the message and for tests. */
export interface UndoOutcome {
  removedSheets: string[];
  clearedRanges: string[];
  /** Cells that held values before the write and so were not cleared; Excel may have changed some. */
  uncheckedRanges?: string[];
  /** Set when the undo itself failed: the user must remove these by hand. */
  failure?: unknown;
}

/**
 * A run that Excel refused part-way. The undo has already run: the message says whether the
 * workbook is back as it was or what is left to remove by hand.
 */
export class ExcelWriteError extends Error {
  constructor(
    readonly reason: unknown,
    readonly undo: UndoOutcome,
  ) {
    super(messageFor(reason, undo));
    this.name = "ExcelWriteError";
  }
}

function messageFor(reason: unknown, undo: UndoOutcome): string {
  const head = `Excel could not write to the workbook: ${describeOfficeError(reason)}.`;
  const sheets = undo.removedSheets.map((s) => `'${s}'`).join(", ");
  const ranges = undo.clearedRanges.join(", ");
  if (undo.failure !== undefined) {
    const leftovers = [sheets && `delete the sheets ${sheets}`, ranges && `clear ${ranges}`].filter(Boolean).join(" and ");
    return `${head} Undoing it also failed (${describeOfficeError(undo.failure)}): ${leftovers || "check the workbook"} by hand before running again.`;
  }
  const removed = undo.removedSheets.length === 1 ? `the new sheet ${sheets} was removed` : `the new sheets ${sheets} were removed`;
  const done = [sheets && removed, ranges && `the cells written at ${ranges} were cleared`].filter(Boolean).join(" and ");
  if (undo.uncheckedRanges?.length) {
    return `${head} Check ${undo.uncheckedRanges.join(", ")}: Excel may have written some of these cells before it stopped.${done ? ` Otherwise ${done}.` : ""}`;
  }
  return `${head} Nothing was kept${done ? `: ${done}` : ""}. Fix the cause and run again.`;
}
