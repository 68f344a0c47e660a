import { ReimbursementInput } from "../core/plan";
import { Customer, CustomerTransaction, IsoDate, OpeningBalance, Parameters, RowProblem, Selection } from "../core/types";
import { SHEETS } from "./contract";
import { WorkbookSnapshot } from "./grid";
import { RUN_ID_PREFIX } from "../core/numbering";
import { idsSeen } from "./ids-seen";
import { readParameters } from "./read-parameters";
import { Read, readCustomers, readOpeningBalances, readTransactions } from "./read-ledger";
import { fingerprint } from "./fingerprint";
import { readColumnTexts, readOneTimeVendors, readRates, readVendors } from "./read-reference";

export interface ReadOptions {
  selection?: Selection;
  now: Date;
  /** Overrides the Parameters sheet's reimbursement date (the CLI's --date). */
  date?: IsoDate;
  /** Who runs it, when the host knows (the OS or Office account), for the Reimbursement runs sheet. */
  user?: string;
  /**
   * Where the Customer transactions sheet's rows come from when a host read them elsewhere (the
   * CLI's worker thread, see offloaded-transactions.ts); by default the snapshot's own cells.
   */
  transactions?: TransactionsSource;
  /** The other sheets' readers run ahead on this snapshot (readAhead), used when it is the one read. */
  ahead?: ReadAhead;
}

/** A reader's answer, or the error it threw, kept to be handed over (or thrown) in its turn. */
type Answer<T> = { ok: true; value: T } | { ok: false; error: unknown };

function answer<T>(read: () => T): Answer<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    return { ok: false, error };
  }
}

function given<T>(answer: Answer<T>): T {
  if (answer.ok) return answer.value;
  throw answer.error;
}

/**
 * The readers readReimbursementInput calls around the transactions, run ahead (the CLI runs them
 * while its worker reads the Customer transactions sheet). Their errors are kept, and thrown by
 * readReimbursementInput in its own order, so the run stops where it would have.
 */
export interface ReadAhead {
  snapshot: WorkbookSnapshot;
  now: number;
  date?: IsoDate;
  parameters: Answer<Parameters>;
  customers: Answer<Read<Customer>>;
  balances: Answer<Read<OpeningBalance>>;
  vendors: Answer<ReturnType<typeof readVendors>>;
}

/**
 * readReimbursementInput's readers of the other sheets, one sheet per step (none reads the
 * Customer transactions sheet): the one order both readAhead and readAheadPausing run.
 */
function* readAheadSteps(snapshot: WorkbookSnapshot, options: Pick<ReadOptions, "now" | "date">): Generator<void, ReadAhead, void> {
  const parameters = answer(() => readParameters(snapshot, options.now, options.date));
  yield;
  const customers = answer(() => readCustomers(snapshot));
  yield;
  const balances = answer(() => readOpeningBalances(snapshot));
  yield;
  const vendors = answer(() => readVendors(snapshot));
  return { snapshot, now: options.now.getTime(), date: options.date, parameters, customers, balances, vendors };
}

/** readReimbursementInput's readers of the other sheets, run now. */
export function readAhead(snapshot: WorkbookSnapshot, options: Pick<ReadOptions, "now" | "date">): ReadAhead {
  const steps = readAheadSteps(snapshot, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * readAhead with `pause` awaited between two sheets' readers: the same answers, in the same order.
 * A host that receives work from another thread meanwhile (the transactions worker's fingerprint
 * text, transactions-offload.ts) takes it between two sheets rather than after all of them, so
 * that it is not all held until the last reader ends (0.6 s at 100,000 customers).
 */
export async function readAheadPausing(snapshot: WorkbookSnapshot, options: Pick<ReadOptions, "now" | "date">, pause: () => Promise<void>): Promise<ReadAhead> {
  const steps = readAheadSteps(snapshot, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** What a run reads from the Customer transactions sheet, as readTransactions, idsSeen and fingerprint give it. */
export interface TransactionsSource {
  read(snapshot: WorkbookSnapshot, date: IsoDate): Read<CustomerTransaction>;
  /** idsSeen over the whole workbook, that sheet included. */
  idsSeen(snapshot: WorkbookSnapshot, prefixes: readonly string[]): Map<string, string[]>;
  /** fingerprint(snapshot) of the run's input sheets. */
  fingerprint(snapshot: WorkbookSnapshot): string;
}

/** The snapshot's own cells. */
export const SNAPSHOT_TRANSACTIONS: TransactionsSource = {
  read: readTransactions,
  idsSeen,
  fingerprint: (snapshot) => fingerprint(snapshot),
};

/** Everything the engine needs, parsed from the workbook; throws WorkbookError when it cannot run. */
export function readReimbursementInput(snapshot: WorkbookSnapshot, options: ReadOptions): ReimbursementInput {
  const a = options.ahead;
  const ahead = a && a.snapshot === snapshot && a.now === options.now.getTime() && a.date === options.date ? a : null;
  const parameters = ahead ? given(ahead.parameters) : readParameters(snapshot, options.now, options.date);
  const customers = ahead ? given(ahead.customers) : readCustomers(snapshot);
  const balances = ahead ? given(ahead.balances) : readOpeningBalances(snapshot);
  const source = options.transactions ?? SNAPSHOT_TRANSACTIONS;
  const transactions = source.read(snapshot, parameters.date);
  const vendors = ahead ? given(ahead.vendors) : readVendors(snapshot);
  // Numbers continue after every one seen anywhere in the workbook (archived rows, copies).
  const seen = source.idsSeen(snapshot, [parameters.invoicePrefix, parameters.oneTimeVendorPrefix, RUN_ID_PREFIX]);
  const runIds = [
    ...readColumnTexts(snapshot, SHEETS.reimbursements, "Run id"),
    ...readColumnTexts(snapshot, SHEETS.exceptions, "Run id"),
    ...(seen.get(RUN_ID_PREFIX) ?? []),
  ];
  return {
    parameters,
    customers: customers.items,
    balances: balances.items,
    transactions: transactions.items,
    vendors: vendors.vendors,
    oneTimeVendors: readOneTimeVendors(snapshot),
    rates: readRates(snapshot),
    existingInvoices: [...readColumnTexts(snapshot, SHEETS.invoices, "Invoice"), ...(seen.get(parameters.invoicePrefix) ?? [])],
    existingVendorIds: seen.get(parameters.oneTimeVendorPrefix) ?? [],
    existingRunIds: runIds,
    problems: [...customers.problems, ...balances.problems, ...transactions.problems, ...vendors.problems],
    selection: options.selection ?? {},
    now: options.now,
  };
}

export interface Ledger {
  balances: OpeningBalance[];
  transactions: CustomerTransaction[];
  problems: RowProblem[];
}

/** The ledger alone (opening balances and transactions), for =CUSTOMER.CREDITBALANCE(). */
export function readLedger(snapshot: WorkbookSnapshot): Ledger {
  const balances = readOpeningBalances(snapshot);
  const transactions = readTransactions(snapshot, null);
  return { balances: balances.items, transactions: transactions.items, problems: [...balances.problems, ...transactions.problems] };
}
