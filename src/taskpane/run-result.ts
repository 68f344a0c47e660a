import { money, t } from "../i18n/i18n";
import { WorkbookPatch } from "../workbook/grid";
import { PlanSummary } from "../workbook/summary";

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

/** Rows a patch writes per sheet (header rows not counted), for the result links. */
export function sheetResults(patch: WorkbookPatch): SheetResult[] {
  return patch.sheets.map((sp) => ({
    name: sp.sheet,
    created: sp.create,
    rows: sp.blocks.filter((b) => b.row !== sp.headerRow).reduce((n, b) => n + b.values.length, 0),
  }));
}

export function runHeadline(summary: PlanSummary): string {
  return t("run.headline", {
    runId: summary.runId,
    credits: t("count.credit", { n: summary.reimbursed }),
    total: money(summary.accountingTotal, summary.accountingCurrency),
    exceptions: t("count.exception", { n: summary.exceptions.length }),
  });
}

/** What a finished run wrote, sheet by sheet, for the pane's result links. */
export function runResult(summary: PlanSummary, patch: WorkbookPatch): RunResult {
  return { headline: runHeadline(summary), runId: summary.runId, sheets: sheetResults(patch) };
}
