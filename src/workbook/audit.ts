import { minorUnits } from "../core/currency";
import { Money } from "../core/money";
import { ReimbursementPlan } from "../core/plan";
import { describeSelection } from "../core/selection";
import { IsoDate } from "../core/types";
import { appendRows } from "./append";
import { parseText } from "./cells";
import { COLUMNS, SHEETS } from "./contract";
import { SheetPatch, WorkbookSnapshot } from "./grid";
import { amountCell, dateCell } from "./render";
import { readRows } from "./row-reader";
import { optionalTable } from "./table";

/** One row of the Reimbursement runs sheet: who did what, when, from which input. */
export interface RunAudit {
  runId: string;
  kind: "Run" | "Reversal";
  /** The run a reversal undid; null for a run. */
  reverses: string | null;
  /** ISO timestamp (UTC) of the host's clock when it was prepared. */
  time: string;
  user: string | null;
  date: IsoDate | null;
  minimum: Money | null;
  accountingCurrency: string | null;
  selection: string | null;
  reimbursed: number | null;
  reversed: number | null;
  /** A run's exceptions; a reversal's reimbursements it refused (paid, unreadable). */
  exceptions: number;
  oneTimeVendorsCreated: number | null;
  /** "EUR 120.50; USD 10.00": the amounts reimbursed (or reversed) per currency. */
  totals: string;
  fingerprint: string;
}

/** Amounts per currency as one cell of text, each with its currency's decimals. */
export function formatTotals(totals: readonly { currency: string; amount: Money }[]): string {
  return [...totals]
    .sort((a, b) => a.currency.localeCompare(b.currency))
    .map((t) => `${t.currency} ${t.amount.toFixed(minorUnits(t.currency))}`)
    .join("; ");
}

export function runAudit(plan: ReimbursementPlan, host: { now: Date; user?: string }, fingerprint: string): RunAudit {
  return {
    runId: plan.runId,
    kind: "Run",
    reverses: null,
    time: host.now.toISOString(),
    user: host.user?.trim() || null,
    date: plan.date,
    minimum: plan.parameters.minimum,
    accountingCurrency: plan.parameters.accountingCurrency,
    selection: describeSelection(plan.selection),
    reimbursed: plan.reimbursements.length,
    reversed: null,
    exceptions: plan.exceptions.length,
    oneTimeVendorsCreated: plan.newOneTimeVendors.length,
    totals: formatTotals(plan.totals),
    fingerprint,
  };
}

/** The patch that adds one audit row, creating the sheet on the first run. */
export function appendAudit(snapshot: WorkbookSnapshot, audit: RunAudit): SheetPatch {
  const row = {
    "Run id": audit.runId, Kind: audit.kind, Reverses: audit.reverses, Time: audit.time, User: audit.user,
    Date: dateCell(audit.date), Minimum: amountCell(audit.minimum), "Accounting currency": audit.accountingCurrency,
    Selection: audit.selection, Reimbursed: audit.reimbursed, Reversed: audit.reversed, Exceptions: audit.exceptions,
    "One-time vendors created": audit.oneTimeVendorsCreated, Totals: audit.totals || null, Fingerprint: audit.fingerprint,
  };
  const patch = appendRows(snapshot, SHEETS.runs, COLUMNS.runs, [row], [minorUnits(audit.accountingCurrency ?? "")]);
  // appendRows returns null only for no rows; one row is always given.
  if (!patch) throw new Error("no audit row to write");
  return patch;
}

/** Run ids and kinds already on the Reimbursement runs sheet, in sheet order. */
export function readRunIds(snapshot: WorkbookSnapshot): { runId: string; kind: string | null }[] {
  const table = optionalTable(snapshot, SHEETS.runs, [], false);
  if (!table) return [];
  const out: { runId: string; kind: string | null }[] = [];
  for (const r of readRows(table)) {
    const runId = r.read("Run id", parseText);
    if (runId) out.push({ runId, kind: r.read("Kind", parseText) ?? null });
  }
  return out;
}
