import { IsoDate } from "../core/types";
import { InvoiceRow } from "../workbook/read-outputs";

/**
 * Every export has an id unique in its workbook, `EXP-20261130-001`: it is the JournalBatchNumber
 * of the D365 journals, so a second import never lands in (and overwrites lines of) the first
 * one's journal. 16 characters, within the journal number's field.
 */
export function nextExportId(previousIds: readonly string[], date: IsoDate): string {
  const day = `EXP-${date.replace(/-/g, "")}-`;
  let last = 0;
  for (const id of previousIds) {
    if (!id.toUpperCase().startsWith(day)) continue;
    const n = Number(id.slice(day.length));
    if (Number.isInteger(n) && n > last) last = n;
  }
  return `${day}${String(last + 1).padStart(3, "0")}`;
}

/**
 * The export ids a workbook has used, until the export log (issue 10) records them: each export
 * marks at least one line with its date, so a day with k marks had at most k exports, and
 * numbering after k never repeats an id of an export that marked new lines. The log replaces
 * this with the ids it holds, through the same `nextExportId`.
 */
export function exportIdsFromMarks(invoices: readonly InvoiceRow[]): string[] {
  const perDay = new Map<IsoDate, number>();
  for (const row of invoices) {
    for (const mark of [row.exported, row.cancellationExported]) if (mark) perDay.set(mark, (perDay.get(mark) ?? 0) + 1);
  }
  const ids: string[] = [];
  for (const [date, count] of perDay) ids.push(`EXP-${date.replace(/-/g, "")}-${String(count).padStart(3, "0")}`);
  return ids;
}
