import { minorUnits } from "../core/currency";
import { REVERSAL_ID_PREFIX, ReversalPlan, planReversal } from "../core/reverse";
import { IsoDate } from "../core/types";
import { OutputRow, appendRows } from "./append";
import { RunAudit, appendAudit, formatTotals, readRunIds } from "./audit";
import { COLUMNS, SHEETS } from "./contract";
import { WorkbookError } from "./errors";
import { REVERSAL_INPUT_SHEETS, fingerprint } from "./fingerprint";
import { SheetPatch, WorkbookPatch, WorkbookSnapshot } from "./grid";
import { idsWithPrefix } from "./ids-seen";
import { InvoiceState, readConsistentLedger } from "./ledger-state";
import { readColumnTexts } from "./read-reference";
import { amountCell, dateCell } from "./render";
import { assertFitsExcel } from "./run";
import { sheetNamed } from "./table";
import { updateCells } from "./update";

export interface ReverseOptions {
  /** The run to reverse, as on the Reimbursements sheet (case is forgiven). */
  runId: string;
  now: Date;
  user?: string;
  /** Date of the reversing transactions, instead of each reimbursement's own date. */
  date?: IsoDate;
}

export interface PreparedReversal {
  plan: ReversalPlan;
  /** Empty when there is nothing to reverse: the workbook is then left as it is. */
  patch: WorkbookPatch;
  audit: RunAudit | null;
}

/**
 * A reversal between a host's read and its write. Throws WorkbookError (naming the sheet) when the
 * run is not in the workbook; a run with nothing left to reverse gives an empty patch.
 */
export function prepareReversal(snapshot: WorkbookSnapshot, options: ReverseOptions): PreparedReversal {
  const runId = options.runId.trim();
  // State from the records: a Status cell blanked by hand cannot make a paid credit reversible.
  const ledger = readConsistentLedger(snapshot);
  const byInvoice = new Map(ledger.invoices.map((s) => [s.invoice.invoice.trim().toUpperCase(), s]));
  const audited = readRunIds(snapshot);
  const plan = planReversal({
    runId,
    reimbursements: ledger.reimbursements.map((r) => ({ ...r.row, status: r.status })),
    invoices: ledger.invoices.map((s) => ({ ...s.invoice, status: s.status })),
    verify: (r) => transactionCheck(byInvoice.get((r.invoice ?? "").trim().toUpperCase()), r.invoice, runId),
    existingIds: [...audited.map((a) => a.runId), ...readColumnTexts(snapshot, SHEETS.transactions, "Run id"), ...idsWithPrefix(snapshot, REVERSAL_ID_PREFIX)],
    now: options.now,
    date: options.date,
  });
  if (plan.found === 0) {
    const known = audited.find((a) => a.runId.toUpperCase() === runId.toUpperCase());
    if (!known) throw new WorkbookError([{ sheet: SHEETS.reimbursements, address: "", message: unknownRun(snapshot, runId) }]);
    if ((known.kind ?? "").toLowerCase() === "reversal") {
      throw new WorkbookError([{ sheet: SHEETS.runs, address: "", message: `${known.runId} is a reversal, not a run; a reversal cannot be reversed` }]);
    }
    // A run that reimbursed nobody: there is nothing to undo, which is not an error.
    return { plan: { ...plan, runId: known.runId }, patch: { sheets: [] }, audit: null };
  }
  if (!plan.reversed.length) return { plan, patch: { sheets: [] }, audit: null };
  const audit = reversalAudit(plan, options, fingerprint(snapshot, REVERSAL_INPUT_SHEETS));
  const patch = renderReversal(snapshot, plan, audit);
  assertFitsExcel(patch);
  return { plan, patch, audit };
}

/**
 * A reversal gives back the credit the run's customer transaction removed: if that transaction is
 * gone or was edited, giving it back would create a credit that never existed.
 */
function transactionCheck(state: InvoiceState | undefined, invoice: string | null, runId: string): string | null {
  if (!state) return null;
  const tx = state.transaction;
  if (!tx) return `its customer transaction (Type Reimbursement, Document ${invoice}) is no longer on sheet Customer transactions; the credit it removed cannot be checked`;
  if (tx.runId && tx.runId.trim().toUpperCase() !== runId.toUpperCase()) {
    return `its customer transaction (sheet Customer transactions, row ${tx.row}) belongs to run ${tx.runId}, not ${runId}`;
  }
  if (state.mismatch) return `${state.mismatch.reason} (sheet '${state.mismatch.source.sheet}', cell ${state.mismatch.source.address})`;
  return null;
}

function unknownRun(snapshot: WorkbookSnapshot, runId: string): string {
  if (!sheetNamed(snapshot, SHEETS.reimbursements)) {
    return `the workbook has no sheet named '${SHEETS.reimbursements}', so it holds no run ${runId} to reverse`;
  }
  return `no reimbursement has run id ${runId}; the run ids are in column 'Run id'`;
}

function reversalAudit(plan: ReversalPlan, options: ReverseOptions, print: string): RunAudit {
  return {
    runId: plan.reversalId,
    kind: "Reversal",
    reverses: plan.runId,
    time: options.now.toISOString(),
    user: options.user?.trim() || null,
    date: options.date ?? plan.reversed[0]?.date ?? null,
    minimum: null,
    accountingCurrency: null,
    selection: null,
    reimbursed: null,
    reversed: plan.reversed.length,
    exceptions: plan.refused.length,
    oneTimeVendorsCreated: null,
    totals: formatTotals(plan.totals),
    fingerprint: print,
  };
}

/** Everything a reversal writes; a host applies all of it or none. */
export function renderReversal(snapshot: WorkbookSnapshot, plan: ReversalPlan, audit: RunAudit): WorkbookPatch {
  const transactions: OutputRow[] = plan.transactions.map((t) => ({
    "Customer account": t.account, Date: dateCell(t.date), Currency: t.currency, Amount: amountCell(t.amount),
    Type: t.type, Document: t.document, "Run id": t.runId,
  }));
  const cancelled = plan.reversed.filter((x) => x.cancelInvoice);
  const patches: (SheetPatch | null)[] = [
    appendRows(snapshot, SHEETS.transactions, COLUMNS.transactions, transactions, plan.transactions.map((t) => minorUnits(t.currency))),
    updateCells(snapshot, SHEETS.reimbursements, COLUMNS.reimbursements, plan.reversed.map((x) => ({ row: x.reimbursementRow, header: "Status", value: "Reversed" }))),
    updateCells(snapshot, SHEETS.invoices, COLUMNS.invoices, cancelled.map((x) => ({ row: x.invoiceRow, header: "Status", value: "Cancelled" }))),
    appendAudit(snapshot, audit),
  ];
  return { sheets: patches.filter((p): p is SheetPatch => p !== null) };
}
