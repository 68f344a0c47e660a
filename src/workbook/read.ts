import { ReimbursementInput } from "../core/plan";
import { CustomerTransaction, IsoDate, OpeningBalance, RowProblem, Selection } from "../core/types";
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
  const parameters = readParameters(snapshot, options.now, options.date);
  const customers = readCustomers(snapshot);
  const balances = readOpeningBalances(snapshot);
  const source = options.transactions ?? SNAPSHOT_TRANSACTIONS;
  const transactions = source.read(snapshot, parameters.date);
  const vendors = readVendors(snapshot);
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
