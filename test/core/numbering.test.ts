import fc from "fast-check";
import { NumberSequence, differsInPrefix } from "../../src/core/numbering";

/** The sequence as it was first written: every id upper-cased, then compared (the specification the fast skip is held to). */
class PlainSequence {
  private next: number;
  private readonly used = new Set<string>();

  constructor(private readonly prefix: string, existing: Iterable<string>, private readonly width = 6) {
    const upperPrefix = prefix.toUpperCase();
    let highest = 0;
    for (const id of existing) {
      const upper = id.toUpperCase();
      if (upper.startsWith(upperPrefix)) this.used.add(upper);
      if (id.length > prefix.length && id.slice(0, prefix.length).toUpperCase() === upperPrefix && /^\d{1,15}$/.test(id.slice(prefix.length))) {
        highest = Math.max(highest, Number(id.slice(prefix.length)));
      }
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

/** Ids near a prefix: its letters in either case, cut short, with digits after, and letters whose upper case is longer (ß) or not ASCII. */
const piece = fc.constantFrom("INV", "inv", "Inv", "IN", "i", "V", "-", "0", "7", "000123", "ß", "SS", "ı", "é", "ﬀ", "FF", "x", " ");
const idNear = fc.array(piece, { maxLength: 5 }).map((parts) => parts.join(""));
const prefix = fc.oneof(fc.constantFrom("INV-", "inv", "SS", "ß", "ﬀ", "Ré", "", "V"), fc.array(piece, { minLength: 1, maxLength: 3 }).map((p) => p.join("")));

describe("a number sequence", () => {
  it("continues after the highest number used with its prefix and skips the ids taken, in any case, as the plain comparison does", () => {
    fc.assert(
      fc.property(prefix, fc.array(fc.oneof(idNear, fc.string()), { maxLength: 40 }), fc.nat(5), (p, existing, takes) => {
        const fast = new NumberSequence(p, existing, 3);
        const plain = new PlainSequence(p, existing, 3);
        for (let i = 0; i <= takes; i++) expect(fast.take()).toBe(plain.take());
      }),
      { numRuns: 3000 },
    );
  });

  it("tells an id that cannot start with the prefix only where the upper-cased comparison says so", () => {
    fc.assert(
      fc.property(prefix, fc.oneof(idNear, fc.string()), (p, id) => {
        if (differsInPrefix(id, p)) {
          expect(id.toUpperCase().startsWith(p.toUpperCase())).toBe(false);
          expect(id.slice(0, p.length).toUpperCase() === p.toUpperCase() && id.length > p.length).toBe(false);
        }
      }),
      { numRuns: 5000 },
    );
  });
});
