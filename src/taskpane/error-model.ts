import { ExcelWriteError } from "../excel/write-error";
import { WorkbookError, formatProblem } from "../workbook/errors";
import { OverwrittenCellsError } from "./apply-or-restore";

export interface ProblemItem {
  text: string;
  /** Present when the problem is about a place in the workbook the pane can show. */
  sheet?: string;
  cell?: string;
}

export interface ErrorModel {
  title: string;
  items: ProblemItem[];
}

/** Any failure as what the user reads: where in the workbook, what was expected, what to do. */
export function describeError(error: unknown, action: string): ErrorModel {
  if (error instanceof WorkbookError) {
    return {
      title: `${action} stopped: the workbook needs ${error.problems.length === 1 ? "this fix" : "these fixes"} first. Nothing was written.`,
      items: error.problems.map((p) => ({ text: formatProblem(p), sheet: p.sheet, cell: p.address })),
    };
  }
  if (error instanceof OverwrittenCellsError) {
    return {
      title: `${action} failed.`,
      items: [{ text: error.message }, ...error.cells.map((c) => ({ text: formatProblem({ sheet: c.sheet, address: c.address, message: `held ${c.text}` }), sheet: c.sheet, cell: c.address }))],
    };
  }
  if (error instanceof ExcelWriteError) return { title: `${action} failed.`, items: [{ text: error.message }] };
  const message = error instanceof Error ? error.message : String(error);
  return { title: `${action} failed.`, items: [{ text: message || "Unknown error" }] };
}
