import { WorkbookSnapshot } from "./grid";

/**
 * Every text cell, on any sheet, that starts with one of the prefixes (case ignored), per prefix.
 * Numbering continues after these: a number survives on some sheet after its Vendor invoices row
 * was archived, a vendor account on Customers may be an old one-time vendor, and a run id may be
 * on an audit copy. Looking only at the column Reimburse writes would hand the number out again
 * (the same invoice number twice in AP, or one IBAN's vendor account given to another payee).
 */
export function idsSeen(snapshot: WorkbookSnapshot, prefixes: readonly string[]): Map<string, string[]> {
  const wanted = [...new Set(prefixes.filter((p) => p.length > 0).map((p) => p.toUpperCase()))];
  const out = new Map<string, string[]>(prefixes.map((p) => [p, []]));
  if (!wanted.length) return out;
  // First letters decide most cells without upper-casing them: a ledger holds millions of cells.
  const firsts = new Set(wanted.flatMap((p) => [p[0], p[0].toLowerCase()]));
  const shortest = Math.min(...wanted.map((p) => p.length));
  const found = new Map<string, string[]>(wanted.map((p) => [p, []]));
  for (const sheet of snapshot.sheets) {
    for (const row of sheet.rows) {
      for (const cell of row) {
        if (typeof cell !== "string" || cell.length <= shortest) continue;
        const text = cell.charCodeAt(0) <= 32 ? cell.trim() : cell;
        if (!firsts.has(text[0])) continue;
        const upper = text.toUpperCase();
        for (const p of wanted) if (upper.startsWith(p)) found.get(p)?.push(text);
      }
    }
  }
  for (const p of prefixes) out.set(p, found.get(p.toUpperCase()) ?? []);
  return out;
}

/** idsSeen for one prefix. */
export function idsWithPrefix(snapshot: WorkbookSnapshot, prefix: string): string[] {
  return idsSeen(snapshot, [prefix]).get(prefix) ?? [];
}
