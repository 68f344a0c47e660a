import { IssuedPayment, RegisterEntry, alreadyPaidIn, asRegisterEntry, normaliseAccount } from "../payments/issued-payments";

/**
 * The pane's register of issued payments: the CLI's second line of defence (src/file/payment-register.ts)
 * in the browser's storage. A copy of the workbook, an older version restored from OneDrive or a
 * hand-edited Status cell cannot make the pane pay an invoice again unless the user ticks "pay again".
 * The rules (what stands, what a rejection undoes) are src/payments/issued-payments.ts, shared with the CLI.
 */

/** Where the entries are kept: append-only, per debtor account. */
export interface RegisterStore {
  read(debtorIban: string): Promise<unknown[]>;
  append(debtorIban: string, entries: readonly RegisterEntry[]): Promise<void>;
}

export class PaneRegister {
  constructor(readonly store: RegisterStore) {}

  async entries(debtorIban: string): Promise<RegisterEntry[]> {
    return (await this.store.read(normaliseAccount(debtorIban))).flatMap((v) => asRegisterEntry(v) ?? []);
  }

  async alreadyPaid(debtorIban: string, invoices: readonly string[]): Promise<IssuedPayment[]> {
    return alreadyPaidIn(await this.entries(debtorIban), invoices);
  }

  async record(entries: readonly RegisterEntry[]): Promise<void> {
    const byAccount = new Map<string, RegisterEntry[]>();
    for (const e of entries) byAccount.set(normaliseAccount(e.debtorIban), [...(byAccount.get(normaliseAccount(e.debtorIban)) ?? []), e]);
    for (const [account, list] of byAccount) await this.store.append(account, list);
  }
}

/** Entries in memory: tests, and a browser that offers no storage at all. */
export function memoryStore(): RegisterStore {
  const lists = new Map<string, RegisterEntry[]>();
  return {
    read: async (debtor) => [...(lists.get(debtor) ?? [])],
    append: async (debtor, entries) => void lists.set(debtor, [...(lists.get(debtor) ?? []), ...entries]),
  };
}

/** The key-value storage of OfficeRuntime.storage (strings only, shared by the add-in's runtimes). */
export interface KeyValueStorage {
  getItem(key: string): Promise<string | null>;
  setItem(key: string, value: string): Promise<void>;
}

const KEY_PREFIX = "reimburse.payments.";

/** OfficeRuntime.storage: one JSON array per debtor account, under reimburse.payments.<IBAN>. */
export function keyValueStore(storage: KeyValueStorage): RegisterStore {
  const readList = async (debtor: string): Promise<unknown[]> => {
    const text = await storage.getItem(KEY_PREFIX + debtor);
    if (!text) return [];
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  };
  return {
    read: readList,
    append: async (debtor, entries) => storage.setItem(KEY_PREFIX + debtor, JSON.stringify([...(await readList(debtor)), ...entries])),
  };
}

const DB_NAME = "reimburse-register";
const STORE = "entries";

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** IndexedDB: one record per entry, auto-numbered so the order is the order written, indexed by debtor account. */
/** Entries added to IndexedDB per task (see append). */
const APPEND_BATCH = 100;

export function indexedDbStore(factory: IDBFactory): RegisterStore {
  let opened: Promise<IDBDatabase> | null = null;
  const db = (): Promise<IDBDatabase> => {
    opened ??= new Promise((resolve, reject) => {
      const req = factory.open(DB_NAME, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE, { autoIncrement: true }).createIndex("debtor", "debtor");
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    return opened;
  };
  return {
    read: async (debtor) => {
      const rows = await request((await db()).transaction(STORE).objectStore(STORE).index("debtor").getAll(debtor));
      return (rows as { entry: unknown }[]).map((r) => r.entry);
    },
    append: async (debtor, entries) => {
      const tx = (await db()).transaction(STORE, "readwrite");
      const done = new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
      // One transaction (all entries or none), fed in batches: each add clones its entry, and
      // thousands at once are one long task on the pane's thread. The next batch starts from the
      // last add's success callback, a task of its own, while the transaction is still active.
      const store = tx.objectStore(STORE);
      const addFrom = (start: number): void => {
        const batch = entries.slice(start, start + APPEND_BATCH);
        batch.forEach((entry, i) => {
          const added = store.add({ debtor, entry });
          if (i === batch.length - 1 && start + APPEND_BATCH < entries.length) added.onsuccess = () => addFrom(start + APPEND_BATCH);
        });
      };
      addFrom(0);
      await done;
    },
  };
}

/** Excel's OfficeRuntime.storage where the add-in has it, else the browser's IndexedDB, else memory. */
export function defaultStore(): RegisterStore {
  if (typeof OfficeRuntime !== "undefined" && OfficeRuntime.storage) return keyValueStore(OfficeRuntime.storage);
  if (typeof indexedDB !== "undefined") return indexedDbStore(indexedDB);
  return memoryStore();
}

let shared: PaneRegister | null = null;
/** The pane's one register, opened on first use. */
export const paneRegister = (): PaneRegister => (shared ??= new PaneRegister(defaultStore()));
