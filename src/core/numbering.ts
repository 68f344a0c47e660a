/**
 * Number sequences (invoices, one-time vendors): prefix + zero-padded counter, continuing
 * after the highest number already used with that prefix, so numbers stay unique across runs
 * even when earlier rows were deleted or typed by hand.
 */
export class NumberSequence {
  private next: number;
  private readonly used: Set<string>;

  constructor(
    private readonly prefix: string,
    existing: Iterable<string>,
    private readonly width = 6,
  ) {
    this.used = new Set<string>();
    // Only ids that start with the prefix can equal a number taken here: the others (all the
    // vendor accounts of a large ledger) need not be remembered.
    const upperPrefix = prefix.toUpperCase();
    let highest = 0;
    for (const id of existing) {
      // Most ids (a million documents at 100,000 customers) are told apart by their first letters, without an upper-cased copy.
      if (differsInPrefix(id, prefix)) continue;
      const upper = id.toUpperCase();
      if (upper.startsWith(upperPrefix)) this.used.add(upper);
      const n = numberAfterPrefix(id, prefix);
      if (n !== null && n > highest) highest = n;
    }
    this.next = highest + 1;
  }

  take(): string {
    for (;;) {
      const id = `${this.prefix}${String(this.next++).padStart(this.width, "0")}`;
      if (!this.used.has(id.toUpperCase())) {
        this.used.add(id.toUpperCase());
        return id;
      }
    }
  }
}

/**
 * True when `id` cannot start with `prefix` in any case, told from ASCII characters alone: then
 * neither id.toUpperCase() starts with prefix.toUpperCase() nor does its number follow the
 * prefix. False when it may (or where a character is not ASCII, whose upper case may be longer).
 */
export function differsInPrefix(id: string, prefix: string): boolean {
  const n = Math.min(prefix.length, id.length);
  for (let i = 0; i < n; i++) {
    const a = id.charCodeAt(i);
    const b = prefix.charCodeAt(i);
    if (a >= 0x80 || b >= 0x80) return false;
    if (a !== b && upperAscii(a) !== upperAscii(b)) return true;
  }
  // An id shorter than the prefix got here all ASCII: its upper case is as short, shorter than the prefix's, and no number follows.
  return id.length < prefix.length;
}

const upperAscii = (c: number): number => (c >= 97 && c <= 122 ? c - 32 : c);

function numberAfterPrefix(id: string, prefix: string): number | null {
  if (id.length <= prefix.length || id.slice(0, prefix.length).toUpperCase() !== prefix.toUpperCase()) return null;
  const rest = id.slice(prefix.length);
  return /^\d{1,15}$/.test(rest) ? Number(rest) : null;
}

export const RUN_ID_PREFIX = "RUN-";

/** Run ids read as the time they were made (UTC), with a suffix if that second is taken. */
export function newRunId(now: Date, existing: Iterable<string>): string {
  const taken = new Set([...existing].map((id) => id.toUpperCase()));
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  const base = `${RUN_ID_PREFIX}${stamp}`;
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
