/**
 * The balance groups in their order (the map's), walked beside the Customers rows: a ledger
 * lists its balances in the order of its customers, and each customer then finds its group as
 * the next one, without a lookup in a map of 100,000 accounts. Remembers which groups a
 * customer took, so that the orphans need no lookup of those either.
 */
export class AccountGroups<T> {
  readonly keys: string[];
  readonly lists: T[];
  readonly taken: Uint8Array;
  private next = 0;

  constructor(byAccount: ReadonlyMap<string, T>) {
    this.keys = [...byAccount.keys()];
    this.lists = [...byAccount.values()];
    this.taken = new Uint8Array(this.keys.length);
  }

  /**
   * The group of `key` when it is the next one, or the one after (past an account without a
   * customer); undefined: look it up in the map.
   */
  take(key: string): T | undefined {
    let i = this.next;
    if (i < this.keys.length && this.keys[i] !== key) i++;
    if (i >= this.keys.length || this.keys[i] !== key) return undefined;
    this.next = i + 1;
    this.taken[i] = 1;
    return this.lists[i];
  }
}

