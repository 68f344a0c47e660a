import { readRunIds } from "../workbook/audit";
import { WorkbookSnapshot } from "../workbook/grid";

/**
 * The runs a user can export or reverse: the Reimbursement runs sheet's rows of kind Run,
 * newest first (the last run is the one usually meant). Reversals are left out: they have no
 * invoices of their own and cannot be reversed. A blank kind is a run, as prepareReversal reads it.
 */
export function runChoices(snapshot: WorkbookSnapshot): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const { runId, kind } of [...readRunIds(snapshot)].reverse()) {
    const key = runId.trim().toUpperCase();
    if ((kind ?? "").trim().toLowerCase() === "reversal" || seen.has(key)) continue;
    seen.add(key);
    out.push(runId.trim());
  }
  return out;
}
