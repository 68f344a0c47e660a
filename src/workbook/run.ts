import { ReimbursementPlan, planReimbursement } from "../core/plan";
import { Customer } from "../core/types";
import { SignOff, approvalRecord, withApproval } from "./approval";
import { RunAudit, appendAudit, readRunIds, runAudit } from "./audit";
import { WorkbookError, WorkbookProblem } from "./errors";
import { WorkbookPatch, WorkbookSnapshot, columnLetter } from "./grid";
import { ReadOptions, SNAPSHOT_TRANSACTIONS, readReimbursementInput } from "./read";
import { renderPlan } from "./render";
import { EXCEL_COLUMNS, EXCEL_ROWS } from "./table";

export interface PreparedRun {
  plan: ReimbursementPlan;
  patch: WorkbookPatch;
  /** The row the patch adds to the Reimbursement runs sheet; null when the run writes nothing. */
  audit: RunAudit | null;
  /**
   * The Customers sheet as parsed for the plan, for a host that checks its selection against it
   * (the CLI warns about unknown accounts) without parsing the sheet again. A host that keeps the
   * prepared run through its write should drop this first: it is 100,000 objects at 100k customers.
   */
  customers: readonly Customer[];
}

/**
 * The whole run between a host's read and its write: parse, plan, render. Hosts call this and
 * apply `patch` all-or-nothing; a preview shows `plan` and applies nothing. With a sign-off the
 * patch also records it on the Approvals sheet.
 */
export function prepareRun(snapshot: WorkbookSnapshot, options: ReadOptions, signOff?: SignOff): PreparedRun {
  const input = readReimbursementInput(snapshot, options);
  // The audit sheet keeps a run's id even after its rows elsewhere were deleted by hand.
  const audited = readRunIds(snapshot).map((r) => r.runId);
  const plan = planReimbursement({ ...input, existingRunIds: [...input.existingRunIds, ...audited] });
  const patch = renderPlan(snapshot, plan);
  // A run that changes nothing leaves the workbook as it was, audit sheet included.
  if (!patch.sheets.length) return { plan, patch, audit: null, customers: input.customers };
  const audit = runAudit(plan, options, (options.transactions ?? SNAPSHOT_TRANSACTIONS).fingerprint(snapshot));
  let full: WorkbookPatch = { sheets: [...patch.sheets, appendAudit(snapshot, audit)] };
  // The pane's approval page signs off a run; the CLI's batch runs have no such page.
  if (signOff) {
    const payees = new Set(plan.reimbursements.map((r) => r.vendorAccount)).size;
    full = withApproval(snapshot, full, approvalRecord("Run", plan.runId, options.now, signOff, payees, plan.totals));
  }
  assertFitsExcel(full);
  return { plan, patch: full, audit, customers: input.customers };
}

/** Excel's sheet size: a host cannot write beyond it (docs/errors.md). */
export const EXCEL_MAX_ROW = EXCEL_ROWS;
export const EXCEL_MAX_COL = EXCEL_COLUMNS;

/**
 * Stops a patch that would write past Excel's last row or column (a sheet filled to the bottom):
 * a host would fail half way or silently drop rows, and the run must be all or nothing.
 */
export function assertFitsExcel(patch: WorkbookPatch): void {
  const problems: WorkbookProblem[] = [];
  for (const sheet of patch.sheets) {
    for (const block of sheet.blocks) {
      const lastRow = block.row + block.values.length - 1;
      let width = 0;
      for (const values of block.values) width = Math.max(width, values.length);
      const lastCol = block.col + width - 1;
      if (lastRow > EXCEL_MAX_ROW) {
        problems.push({ sheet: sheet.sheet, address: "", message: `the sheet is full: ${block.values.length} row(s) would be written from row ${block.row}, past row ${EXCEL_MAX_ROW}, the last Excel has; move older rows to another sheet` });
      } else if (lastCol > EXCEL_MAX_COL) {
        problems.push({ sheet: sheet.sheet, address: "", message: `the sheet is full: columns would be written up to column ${lastCol}, past column ${columnLetter(EXCEL_MAX_COL)}, the last Excel has; remove unused columns` });
      }
    }
  }
  if (problems.length) throw new WorkbookError(problems);
}
