import { IsoDate } from "../core/types";
import { ClosingReason, nextTarget2BusinessDay, target2ClosingReason } from "./target2-calendar";

/** Where the requested date came from: a date the user typed now is refused when past. */
export type ExecutionDateSource = "option" | "parameters" | "today";

export interface ExecutionDate {
  /** The date written as ReqdExctnDt: today or later, a TARGET2 business day. */
  date: IsoDate;
  requested: IsoDate;
  source: ExecutionDateSource;
  /** Why the date differs from the requested one, for the summary; empty when it does not. */
  moves: string[];
}

export class PastExecutionDateError extends Error {}

/**
 * A bank executes a credit transfer on a business day and never in the past: it rejects a
 * requested execution date before today (EPC SCT rulebook: the requested execution date is the
 * day the payer's account is debited). A date the user gives explicitly (--date, the pane's field)
 * is refused when past, since they meant that day; the Parameters sheet's Reimbursement date is
 * usually the run's date, days ago, and moves up to today. A weekend or TARGET2 holiday moves to
 * the next TARGET2 business day, and `moves` says so.
 */
export function executionDate(requested: IsoDate, source: ExecutionDateSource, today: IsoDate): ExecutionDate {
  const moves: string[] = [];
  let date = requested;
  if (date < today) {
    if (source === "option") throw new PastExecutionDateError(`the execution date ${requested} is in the past (today is ${today}); a bank rejects it`);
    moves.push(`the Reimbursement date ${requested} is in the past: paying from today, ${today}`);
    date = today;
  }
  const closed: ClosingReason | null = target2ClosingReason(date);
  if (closed) {
    const next = nextTarget2BusinessDay(date);
    moves.push(`${date} is a ${closed === "Saturday" || closed === "Sunday" ? closed : `TARGET2 holiday (${closed})`}: moved to the next business day, ${next}`);
    date = next;
  }
  return { date, requested, source, moves };
}
