import { CellValue, WorkbookSnapshot } from "./grid";

/**
 * Every text cell, on any sheet, that starts with one of the prefixes (case ignored), per prefix.
 * Numbering continues after these: a number survives on some sheet after its Vendor invoices row
 * was archived, a vendor account on Customers may be an old one-time vendor, and a run id may be
 * on an audit copy. Looking only at the column Reimburse writes would hand the number out again
 * (the same invoice number twice in AP, or one IBAN's vendor account given to another payee).
 */
export function idsSeen(snapshot: WorkbookSnapshot, prefixes: readonly string[]): Map<string, string[]> {
  const wanted = [...new Set(prefixes.filter((p) => p.length > 0).map((p) => p.toUpperCase()))];
  const found = new Map<string, string[]>(wanted.map((p) => [p, []]));
  if (wanted.length) {
    // First letters decide most cells without copying them: a ledger holds millions of cells.
    const firsts = new Uint8Array(128);
    for (const p of wanted) {
      const first = p.charCodeAt(0);
      if (first < 128) firsts[first] = firsts[first >= 65 && first <= 90 ? first + 32 : first] = 1;
    }
    const search: PrefixSearch = { wanted, found, firsts, shortest: Math.min(...wanted.map((p) => p.length)) };
    for (const sheet of snapshot.sheets) collectIds(sheet.rows, search);
  }
  return new Map(prefixes.map((p) => [p, found.get(p.toUpperCase()) ?? []]));
}

interface PrefixSearch {
  /** The prefixes, upper-cased. */
  wanted: readonly string[];
  /** Per upper-cased prefix, the texts found. */
  found: Map<string, string[]>;
  /** 1 for the first letter of a prefix, in either case (ASCII only). */
  firsts: Uint8Array;
  shortest: number;
}

/**
 * collectIds for one sheet's rows. A sheet per call, with indexed loops: a for-of over a million
 * cells allocates an iterator result per cell until the loop is optimized, which a
 * 10,000-customer run never waits for (15 MB of garbage there), and a loop over the sheets
 * around these would throw the optimized loop away at the end of the first sheet.
 */
function collectIds(rows: readonly (readonly CellValue[])[], search: PrefixSearch): void {
  const { firsts, shortest } = search;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (typeof cell !== "string" || cell.length <= shortest) continue;
      const lead = cell.charCodeAt(0);
      if (lead > 32 && lead < 128 && firsts[lead] === 0) continue;
      addMatches(cell, lead, search);
    }
  }
}

function addMatches(cell: string, lead: number, search: PrefixSearch): void {
  const text = lead <= 32 ? cell.trim() : cell;
  for (const p of search.wanted) if (startsWithFolded(text, p)) search.found.get(p)?.push(text);
}

/** ASCII letters upper-cased; prefixes are ASCII (validated as short texts without spaces). */
const fold = (code: number): number => (code >= 97 && code <= 122 ? code - 32 : code);

function startsWithFolded(text: string, upperPrefix: string): boolean {
  if (text.length < upperPrefix.length) return false;
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(upperPrefix)) return text.slice(0, upperPrefix.length).toUpperCase() === upperPrefix;
  for (let i = 0; i < upperPrefix.length; i++) if (fold(text.charCodeAt(i)) !== upperPrefix.charCodeAt(i)) return false;
  return true;
}

/** idsSeen for one prefix. */
export function idsWithPrefix(snapshot: WorkbookSnapshot, prefix: string): string[] {
  return idsSeen(snapshot, [prefix]).get(prefix) ?? [];
}
