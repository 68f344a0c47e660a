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
