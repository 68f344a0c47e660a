import { ScaledAdder, balanceKey, scaledAdderOf } from "../core/balance";
import { minorUnits } from "../core/currency";
import { Money, hasExcessDecimals, moneyFromScaled } from "../core/money";
import { BlockedState, CellRef, Customer, CustomerTransaction, IsoDate, OpeningBalance, RowProblem } from "../core/types";
import { Parsed, hasControl, parseAmount, parseDate, parseName, parseRequiredText, parseText, plainAmount, plainDate, plainScaledAmount, plainText, scaledAmount } from "./cells";
import { COLUMNS, SHEETS } from "./contract";
import { CellValue, SheetGrid, WorkbookSnapshot } from "./grid";
import { parseCurrency } from "./read-parameters";
import { Column, RowReader, forEachRow } from "./row-reader";
import { TableHeader, dataRowVisitor, optionalTableHeader, requireTableHeader, tableHeaderAt } from "./table";

export interface Read<T> {
  items: T[];
  problems: RowProblem[];
}

const SUBTOTAL = /^(sub)?total\b|^grand total\b/i;

/** Whether SUBTOTAL may match: its matches start with an ASCII s, t or g (any case), an account seldom does. */
function mayBeSubtotal(text: string): boolean {
  const c = text.charCodeAt(0) | 32;
  return c === 115 || c === 116 || c === 103;
}

/** An account cell; a "Total" row pasted under the data is reported, not taken as a customer. */
export function parseAccount(value: CellValue): Parsed<string> {
  // Excel keeps 15 digits of a number: a longer account typed as a number has lost its end.
  if (typeof value === "number" && Math.abs(value) >= 1e15) {
    return { ok: false, reason: `${value} is a number too long for Excel to keep exactly; type the account as text` };
  }
  const text = parseRequiredText(value, "a customer account");
  if (text.ok && mayBeSubtotal(text.value) && SUBTOTAL.test(text.value)) return { ok: false, reason: `"${text.value}" looks like a subtotal row; remove it from the data` };
  return text;
}

function readAccount(r: RowReader, header = "Customer account"): string | undefined {
  const account = r.read(header, parseAccount);
  r.account = account ?? null;
  return account;
}

/** An amount whose decimals fit its currency: 10.005 EUR is refused, never silently rounded. */
function readAmount(r: RowReader, header: string, currency: string | undefined): CustomerTransaction["amount"] | undefined {
  return readAmountIn(r, r.column(header), currency);
}

function readAmountIn(r: RowReader, column: Column, currency: string | undefined): CustomerTransaction["amount"] | undefined {
  // A number cell that is an amount as it is needs no Parsed answer (a million of them).
  const amount = plainAmount(r.rawIn(column)) ?? r.readIn(column, parseAmount);
  if (amount && currency && hasExcessDecimals(amount, currency)) {
    failExcessDecimals(r, column, amount, currency);
    return undefined;
  }
  return amount;
}

function failExcessDecimals(r: RowReader, column: Column, amount: Money, currency: string): void {
  r.fail(column.header, `${column.header}: ${amount.toFixed()} has more than the ${minorUnits(currency)} decimals ${currency} allows`);
}

const BLOCKED: Readonly<Record<string, BlockedState>> = {
  "": "No", no: "No", none: "No", never: "No", false: "No", n: "No",
  yes: "Yes", true: "Yes", y: "Yes", all: "All", payment: "Payment", invoice: "Invoice", requisition: "Other",
};

function parseBlocked(value: CellValue): Parsed<BlockedState> {
  const text = parseText(value);
  const state = text.ok ? BLOCKED[(text.value ?? "").toLowerCase()] : undefined;
  return state ? { ok: true, value: state } : { ok: false, reason: "expected No, Invoice, Payment, All or Yes" };
}

function optionalCurrency(value: CellValue): Parsed<string | null> {
  return value === null || (typeof value === "string" && !value.trim()) ? { ok: true, value: null } : parseCurrency(value);
}

const parseCustomerName = (value: CellValue): Parsed<string> => parseRequiredText(value, "the customer's name");

/**
 * r.read(header, parseName) ?? null: plainText's answer where it has one and holds no control
 * character (no Parsed per cell: six such cells a customer row), else parseName's.
 */
function readName(r: RowReader, header: string): string | null {
  const column = r.column(header);
  const plain = plainText(r.rawIn(column));
  if (plain !== undefined && (plain === null || !hasControl(plain))) return plain;
  return r.readIn(column, parseName) ?? null;
}

/** An IBAN as typed, its spaces removed and its letters upper-cased (the expression only where there is a space). */
function ibanOf(text: string | null): string | null {
  if (text === null) return null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Outside visible ASCII, \s's characters among them.
    if (c <= 32 || c >= 127) return text.replace(/\s+/g, "").toUpperCase();
  }
  return text.toUpperCase();
}

export function readCustomers(snapshot: WorkbookSnapshot): Read<Customer> {
  const table = requireTableHeader(snapshot, SHEETS.customers, COLUMNS.customers);
  const items: Customer[] = [];
  const problems: RowProblem[] = [];
  const firstSeen = new Map<string, string>();
  forEachRow(table, (r) => {
    const account = readAccount(r);
    const customer = account && {
      account,
      name: r.read("Name", parseCustomerName) ?? "",
      currency: r.read("Currency", optionalCurrency) ?? null,
      vendorAccount: readName(r, "Vendor account"),
      group: readTextIn(r, r.column("Customer group")),
      blocked: r.read("Blocked", parseBlocked) ?? "No",
      address: readName(r, "Address"),
      city: readName(r, "City"),
      postalCode: readName(r, "Postal code"),
      country: readName(r, "Country"),
      iban: ibanOf(readName(r, "IBAN")),
      source: { sheet: table.sheet, address: r.address("Customer account") },
    };
    if (customer) {
      const seen = firstSeen.get(account.toUpperCase());
      if (seen) r.fail("Customer account", `customer ${account} appears twice on sheet ${table.sheet} (also ${seen})`);
      else firstSeen.set(account.toUpperCase(), customer.source.address);
      items.push(customer);
    }
    if (r.problems.length) problems.push(...r.problems);
  });
  return { items, problems };
}

export function readOpeningBalances(snapshot: WorkbookSnapshot): Read<OpeningBalance> {
  const table = requireTableHeader(snapshot, SHEETS.balances, COLUMNS.balances);
  const items: OpeningBalance[] = [];
  const problems: RowProblem[] = [];
  const firstSeen = new Map<string, string>();
  forEachRow(table, (r) => {
    const account = readAccount(r);
    const currency = r.read("Currency", parseCurrency);
    const amount = readAmount(r, "Balance", currency);
    if (account && currency) {
      const key = balanceKey(account, currency);
      const seen = firstSeen.get(key);
      // Summing two rows for one key would guess; the customer waits until the sheet is fixed.
      if (seen) r.fail("Customer account", `a second ${currency} balance for customer ${account} (first at ${seen}); keep one row per customer and currency`);
      else firstSeen.set(key, r.address("Customer account"));
    }
    if (account && currency && amount && !r.problems.length) {
      items.push({ account, currency, amount, source: { sheet: table.sheet, address: r.address("Balance") } });
    }
    if (r.problems.length) problems.push(...r.problems);
  });
  return { items, problems };
}

/** The transactions sheet's columns, found once per table. */
interface TransactionColumns {
  account: Column;
  currency: Column;
  amount: Column;
  date: Column;
  type: Column;
  document: Column;
  runId: Column;
}

function transactionColumns(r: RowReader): TransactionColumns {
  return {
    account: r.column("Customer account"), currency: r.column("Currency"), amount: r.column("Amount"), date: r.column("Date"),
    type: r.column("Type"), document: r.column("Document"), runId: r.column("Run id"),
  };
}

/** A text cell: plainText's answer where it has one (no Parsed per cell), else parseText's. */
function readTextIn(r: RowReader, column: Column): string | null {
  const plain = plainText(r.rawIn(column));
  return plain !== undefined ? plain : r.readIn(column, parseText) ?? null;
}

/**
 * Customer transactions, optional on input. A transaction dated after the reimbursement date
 * is not part of the balance being reimbursed, so its customer waits (reported, not guessed).
 * With `take`, each transaction is handed to it instead of kept in `items` (a summing reader
 * need not hold a million of them).
 */
export function readTransactions(snapshot: WorkbookSnapshot, date: IsoDate | null, take?: (transaction: CustomerTransaction) => void): Read<CustomerTransaction> {
  const table = optionalTableHeader(snapshot, SHEETS.transactions, COLUMNS.transactions);
  const items: CustomerTransaction[] = [];
  const problems: RowProblem[] = [];
  if (!table) return { items, problems };
  forEachRow(table, transactionRowReader(table, date, take ?? ((transaction) => void items.push(transaction)), problems));
  return { items, problems };
}

/**
 * readTransactions' reading of one data row of `table`: its transaction handed to `take`, its
 * problems added to `problems`. For a sheet read row by row (transactionDataRows) as for a grid.
 */
export function transactionRowReader(table: TableHeader, date: IsoDate | null, take: (transaction: CustomerTransaction) => void, problems: RowProblem[]): (r: RowReader) => void {
  let c: TransactionColumns | undefined;
  // A summer's add (balanceSummer) takes a number amount as an exact integer: no Money, no
  // transaction object, and the source cell's address only for a row that starts a sum.
  const scaled = scaledAdderOf(take);
  let reader: RowReader | null = null;
  const source = (): CellRef => ({ sheet: table.sheet, address: (reader as RowReader).addressIn((c as TransactionColumns).amount) });
  let minorOf = "";
  let minor = 2;
  return (r) => {
    c ??= transactionColumns(r);
    const account = r.readIn(c.account, parseAccount);
    r.account = account ?? null;
    const currency = r.readIn(c.currency, parseCurrency);
    const fast = scaled !== undefined && plainScaledAmount(r.rawIn(c.amount));
    let amount: Money | undefined;
    let term = 0;
    let dp = 0;
    if (fast) {
      term = scaledAmount.term;
      dp = scaledAmount.dp;
      // hasExcessDecimals(amount, currency), its decimal places known.
      if (currency && currency !== minorOf) {
        minorOf = currency;
        minor = minorUnits(currency);
      }
      if (currency && dp > minor) failExcessDecimals(r, c.amount, moneyFromScaled(term, dp), currency);
    } else amount = readAmountIn(r, c.amount, currency);
    const rawDate = r.rawIn(c.date);
    const txDate = rawDate === null || (typeof rawDate === "string" && !rawDate.trim()) ? null : plainDate(rawDate) ?? r.readIn(c.date, parseDate);
    if (txDate && date && txDate > date) r.fail("Date", `Date: ${txDate} is after the reimbursement date ${date}`);
    if (fast) {
      if (account && currency && !r.problems.length) {
        // The texts are read for their problems, in take's order, as below.
        readTextIn(r, c.type);
        readTextIn(r, c.document);
        readTextIn(r, c.runId);
        reader = r;
        (scaled as ScaledAdder)(account, currency, term, dp, source);
      }
    } else if (account && currency && amount && !r.problems.length) {
      take({
        account,
        date: txDate ?? null,
        currency,
        amount,
        type: readTextIn(r, c.type),
        document: readTextIn(r, c.document),
        runId: readTextIn(r, c.runId),
        source: { sheet: table.sheet, address: r.addressIn(c.amount) },
      });
    }
    if (r.problems.length) problems.push(...r.problems);
  };
}

/**
 * The transactions table's header read from its header row (readTransactions' checks, its
 * WorkbookError), and readTransactions for each row below it: `row` takes each sheet row
 * after the header, top to bottom, data rows or not (dataRowVisitor decides, as for a grid).
 */
export function transactionDataRows(
  grid: SheetGrid,
  headerCells: readonly CellValue[],
  date: IsoDate | null,
  take: (transaction: CustomerTransaction) => void,
  problems: RowProblem[],
): (row: number, cells: readonly CellValue[]) => void {
  const table = tableHeaderAt(grid, 0, headerCells, COLUMNS.transactions);
  return dataRowVisitor(grid, RowReader.visitor(table, transactionRowReader(table, date, take, problems)));
}
