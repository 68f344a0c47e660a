import { WorkbookPatch } from "../workbook/grid";
import { PlanSummary } from "../workbook/summary";
import { groupDigits } from "./preview-model";

export interface SheetResult {
  name: string;
  rows: number;
  created: boolean;
}

export interface RunResult {
  headline: string;
  runId: string;
  sheets: SheetResult[];
}

/** What a finished run wrote, sheet by sheet, for the pane's result links. */
export function runResult(summary: PlanSummary, patch: WorkbookPatch): RunResult {
  const sheets = patch.sheets.map((sp) => ({
    name: sp.sheet,
    created: sp.create,
    rows: sp.blocks.filter((b) => b.row !== sp.headerRow).reduce((n, b) => n + b.values.length, 0),
  }));
  const count = (n: number, what: string): string => `${n.toLocaleString("en-US")} ${what}${n === 1 ? "" : "s"}`;
  return {
    headline: `Run ${summary.runId} reimbursed ${count(summary.reimbursed, "credit")} (${groupDigits(summary.accountingTotal)} ${summary.accountingCurrency}); ${count(summary.exceptions.length, "exception")} recorded.`,
    runId: summary.runId,
    sheets,
  };
}
