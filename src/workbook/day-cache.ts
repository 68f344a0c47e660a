/** Milliseconds in a day (a Date's time over a day number). */
export const DAY_MS = 86_400_000;

const SLOTS = 4096;

/**
 * Values made once per day of a ledger's dates (a million date cells hold a few hundred days):
 * 4,096 slots by day number, each keeping the value of the last key that fell in it. Bounded,
 * and cheaper than a Map keyed by a double. Keys are day numbers (`unit` 1) or a Date's time
 * (`unit` DAY_MS); any key works, NaN included (it never matches, so it is made each time).
 */
export class DayCache<T> {
  private readonly keys = new Float64Array(SLOTS).fill(NaN);
  private readonly values: T[];

  constructor(private readonly unit: number, empty: T) {
    this.values = new Array<T>(SLOTS).fill(empty);
  }

  /** The value for `key`: the one kept, or make(key), then kept. */
  get(key: number, make: (key: number) => T): T {
    const slot = (key / this.unit) & (SLOTS - 1);
    if (this.keys[slot] === key) return this.values[slot];
    const value = make(key);
    this.keys[slot] = key;
    this.values[slot] = value;
    return value;
  }
}
