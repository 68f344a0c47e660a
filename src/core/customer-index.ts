import { Customer } from "./types";

/**
 * The Customers rows by account (upper-cased), first row of an account winning, as the plan
 * keeps them: which row is a repeat, and whether an account has a row. A Customers sheet is
 * mostly sorted by account, and then no key can repeat one before it: the index keeps no map of
 * 100,000 keys but the rows in order, and finds an account by binary search. The first key not
 * above the one before it turns it into the map (of every key so far) it otherwise is.
 */
export class CustomerIndex {
  private readonly sorted: Customer[] = [];
  private readonly keys: string[] = [];
  private map: Map<string, Customer> | null = null;

  /** Adds the row of `key` (its account upper-cased); false when that account already has one. */
  add(customer: Customer, key: string): boolean {
    const keys = this.keys;
    if (this.map === null) {
      if (keys.length === 0 || key > keys[keys.length - 1]) {
        keys.push(key);
        this.sorted.push(customer);
        return true;
      }
      this.map = new Map<string, Customer>();
      for (let i = 0; i < keys.length; i++) this.map.set(keys[i], this.sorted[i]);
    }
    if (this.map.has(key)) return false;
    this.map.set(key, customer);
    return true;
  }

  /** Whether an account (upper-cased) has a row. */
  has(key: string): boolean {
    if (this.map !== null) return this.map.has(key);
    const keys = this.keys;
    let low = 0;
    let high = keys.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = keys[mid];
      if (at === key) return true;
      if (at < key) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  }
}
