import { ReimbursementInput } from "../core/plan";
import { CustomerTransaction, IsoDate, OpeningBalance, RowProblem, Selection } from "../core/types";
import { SHEETS } from "./contract";
import { WorkbookSnapshot } from "./grid";
import { RUN_ID_PREFIX } from "../core/numbering";
import { idsSeen } from "./ids-seen";
import { readParameters } from "./read-parameters";
import { readCustomers, readOpeningBalances, readTransactions } from "./read-ledger";
import { readColumnTexts, readOneTimeVendors, readRates, readVendors } from "./read-reference";

export interface ReadOptions {
  selection?: Selection;
  now: Date;
  /** Overrides the Parameters sheet's reimbursement date (the CLI's --date). */
  date?: IsoDate;
  /** Who runs it, when the host knows (the OS or Office account), for the Reimbursement runs sheet. */
  user?: string;
}

/** Everything the engine needs, parsed from the workbook; throws WorkbookError when it cannot run. */
export function readReimbursementInput(snapshot: WorkbookSnapshot, options: ReadOptions): ReimbursementInput {
  const parameters = readParameters(snapshot, options.now, options.date);
  const customers = readCustomers(snapshot);
  const balances = readOpeningBalances(snapshot);
  const transactions = readTransactions(snapshot, parameters.date);
  const vendors = readVendors(snapshot);
  // Numbers continue after every one seen anywhere in the workbook (archived rows, copies).
  const seen = idsSeen(snapshot, [parameters.invoicePrefix, parameters.oneTimeVendorPrefix, RUN_ID_PREFIX]);
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
