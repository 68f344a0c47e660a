import { CellRef } from "../core/types";

export interface WorkbookProblem extends CellRef {
  message: string;
}

/** "Sheet 'Customers', cell B7: expected ..." — the form of every message a user sees. */
export function formatProblem(p: WorkbookProblem): string {
  const where = p.address ? `Sheet '${p.sheet}', cell ${p.address}` : `Sheet '${p.sheet}'`;
  return `${where}: ${p.message}`;
}

/**
 * A problem that stops the whole run before anything is written: a missing sheet or column,
 * or a parameter that cannot be read. Row-level problems do not throw; they become exceptions.
 */
export class WorkbookError extends Error {
  constructor(readonly problems: readonly WorkbookProblem[]) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "WorkbookError";
  }
}
