import { IsoDate } from "./types";

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

// A ledger has a few hundred distinct dates and a million rows: answers are remembered.
const checked = new Map<string, boolean>();
const CHECKED_MAX = 4096;

/** A real calendar date in ISO form (rejects 2026-02-30). */
export function isIsoDate(text: string): boolean {
  const known = checked.get(text);
  if (known !== undefined) return known;
  const answer = checkIsoDate(text);
  if (checked.size >= CHECKED_MAX) checked.clear();
  checked.set(text, answer);
  return answer;
}

function checkIsoDate(text: string): boolean {
  const m = ISO.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = date.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Today in the local calendar of the machine running the add-in, as the user sees it. */
export function todayIso(now: Date): IsoDate {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, "0");
  const d = String(now.getDate()).padStart(2, "0");
  return `${y}-${m}-${d}`;
}
