import { engineMessages } from "../core/engine-messages";
import { ExcelWriteError } from "../excel/write-error";
import { currentLanguage, t } from "../i18n/i18n";
import { WorkbookError, WorkbookProblem } from "../workbook/errors";
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

/**
 * A reader's reason in the pane's language: the workbook layer speaks English (the CLI's and the
 * sheets' default); Dutch comes from the same engine message table the sheets use.
 */
export const readerReason = (message: string): string => engineMessages(currentLanguage()).unreadable(message);

/** "Blad 'Parameters', cel B2: verwacht een bedrag, …": where, then what, in the pane's language. */
export function problemText(p: WorkbookProblem, translate: (message: string) => string = readerReason): string {
  const where = p.address ? t("cell.where", { sheet: p.sheet, address: p.address }) : t("cell.sheet", { sheet: p.sheet });
  return t("cell.problem", { where, message: translate(p.message) });
}

/** Why pay leaves an invoice unpaid, in the pane's language. */
export const paymentReason = (reason: string): string => engineMessages(currentLanguage()).paymentException(reason);

/** Any failure as what the user reads: where in the workbook, what was expected, what to do. */
export function describeError(error: unknown, action: string): ErrorModel {
  if (error instanceof WorkbookError) {
    return {
      title: t(error.problems.length === 1 ? "error.stoppedOne" : "error.stoppedMany", { action }),
      items: error.problems.map((p) => ({ text: problemText(p), sheet: p.sheet, cell: p.address })),
    };
  }
  if (error instanceof OverwrittenCellsError) {
    return {
      title: t("error.failed", { action }),
      items: [{ text: error.message }, ...error.cells.map((c) => ({ text: problemText({ sheet: c.sheet, address: c.address, message: `held ${c.text}` }), sheet: c.sheet, cell: c.address }))],
    };
  }
  if (error instanceof ExcelWriteError) return { title: t("error.failed", { action }), items: [{ text: error.message }] };
  const message = error instanceof Error ? error.message : String(error);
  return { title: t("error.failed", { action }), items: [{ text: message || t("error.unknown") }] };
}
