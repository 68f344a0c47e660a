import { parseText } from "../workbook/cells";
import { WorkbookError, WorkbookProblem } from "../workbook/errors";
import { WorkbookSnapshot } from "../workbook/grid";
import { readParameter, readParameterCells } from "../workbook/read-parameters";

/** The Parameters entries the AP export reads (docs/export.md). */
export const EXPORT_PARAMETER_NAMES = {
  journalName: "Invoice journal name",
  offsetAccount: "Reimbursement offset account",
} as const;

export const DEFAULT_JOURNAL_NAME = "APInvoice";

export interface ExportParameters {
  journalName: string;
  offsetAccount: string | null;
}

/** Both entries are optional; one that cannot be read as text stops the export, naming its cell. */
export function readExportParameters(snapshot: WorkbookSnapshot): ExportParameters {
  const cells = readParameterCells(snapshot);
  const problems: WorkbookProblem[] = [];
  const text = (name: string): string | null => {
    const read = readParameter(cells, name, parseText, null);
    if (read.ok) return read.value;
    problems.push(read.problem);
    return null;
  };
  const journalName = text(EXPORT_PARAMETER_NAMES.journalName) ?? DEFAULT_JOURNAL_NAME;
  const offsetAccount = text(EXPORT_PARAMETER_NAMES.offsetAccount);
  if (problems.length) throw new WorkbookError(problems);
  return { journalName, offsetAccount };
}
