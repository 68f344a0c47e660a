import { balanceKey } from "../core/balance";
import { minorUnits } from "../core/currency";
import { hasExcessDecimals } from "../core/money";
import { BlockedState, Customer, CustomerTransaction, IsoDate, OpeningBalance, RowProblem } from "../core/types";
import { Parsed, parseAmount, parseDate, parseName, parseRequiredText, parseText } from "./cells";
import { COLUMNS, SHEETS } from "./contract";
import { CellValue, WorkbookSnapshot } from "./grid";
import { parseCurrency } from "./read-parameters";
import { RowReader, readRows } from "./row-reader";
import { optionalTable, requireTable } from "./table";

export interface Read<T> {
  items: T[];
  problems: RowProblem[];
}

const SUBTOTAL = /^(sub)?total\b|^grand total\b/i;

/** An account cell; a "Total" row pasted under the data is reported, not taken as a customer. */
export function parseAccount(value: CellValue): Parsed<string> {
  // Excel keeps 15 digits of a number: a longer account typed as a number has lost its end.
  if (typeof value === "number" && Math.abs(value) >= 1e15) {
    return { ok: false, reason: `${value} is a number too long for Excel to keep exactly; type the account as text` };
  }
  const text = parseRequiredText(value, "a customer account");
  if (text.ok && SUBTOTAL.test(text.value)) return { ok: false, reason: `"${text.value}" looks like a subtotal row; remove it from the data` };
  return text;
}

function readAccount(r: RowReader, header = "Customer account"): string | undefined {
  const account = r.read(header, parseAccount);
  r.account = account ?? null;
  return account;
}

/** An amount whose decimals fit its currency: 10.005 EUR is refused, never silently rounded. */
function readAmount(r: RowReader, header: string, currency: string | undefined): CustomerTransaction["amount"] | undefined {
  const amount = r.read(header, parseAmount);
  if (amount && currency && hasExcessDecimals(amount, currency)) {
    r.fail(header, `${header}: ${amount.toFixed()} has more than the ${minorUnits(currency)} decimals ${currency} allows`);
    return undefined;
  }
  return amount;
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

export function readCustomers(snapshot: WorkbookSnapshot): Read<Customer> {
  const table = requireTable(snapshot, SHEETS.customers, COLUMNS.customers);
  const items: Customer[] = [];
  const problems: RowProblem[] = [];
  const firstSeen = new Map<string, string>();
  for (const r of readRows(table)) {
    const account = readAccount(r);
    const text = (h: string): string | null => r.read(h, parseText) ?? null;
    const name = (h: string): string | null => r.read(h, parseName) ?? null;
    const customer = account && {
      account,
      name: r.read("Name", (v) => parseRequiredText(v, "the customer's name")) ?? "",
      currency: r.read("Currency", optionalCurrency) ?? null,
      vendorAccount: name("Vendor account"),
      group: text("Customer group"),
      blocked: r.read("Blocked", parseBlocked) ?? "No",
      address: name("Address"),
      city: name("City"),
      postalCode: name("Postal code"),
      country: name("Country"),
      iban: name("IBAN")?.replace(/\s+/g, "").toUpperCase() ?? null,
      source: { sheet: table.sheet, address: r.address("Customer account") },
    };
    if (customer) {
      const seen = firstSeen.get(account.toUpperCase());
      if (seen) r.fail("Customer account", `customer ${account} appears twice on sheet ${table.sheet} (also ${seen})`);
      else firstSeen.set(account.toUpperCase(), customer.source.address);
      items.push(customer);
    }
    if (r.problems.length) problems.push(...r.problems);
  }
  return { items, problems };
}

export function readOpeningBalances(snapshot: WorkbookSnapshot): Read<OpeningBalance> {
  const table = requireTable(snapshot, SHEETS.balances, COLUMNS.balances);
  const items: OpeningBalance[] = [];
  const problems: RowProblem[] = [];
  const firstSeen = new Map<string, string>();
  for (const r of readRows(table)) {
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
  }
  return { items, problems };
}

/**
 * Customer transactions, optional on input. A transaction dated after the reimbursement date
 * is not part of the balance being reimbursed, so its customer waits (reported, not guessed).
 * With `take`, each transaction is handed to it instead of kept in `items` (a summing reader
 * need not hold a million of them).
 */
export function readTransactions(snapshot: WorkbookSnapshot, date: IsoDate | null, take?: (transaction: CustomerTransaction) => void): Read<CustomerTransaction> {
  const table = optionalTable(snapshot, SHEETS.transactions, COLUMNS.transactions);
  const items: CustomerTransaction[] = [];
  const problems: RowProblem[] = [];
  if (!table) return { items, problems };
  for (const r of readRows(table)) {
    const account = readAccount(r);
    const currency = r.read("Currency", parseCurrency);
    const amount = readAmount(r, "Amount", currency);
    const rawDate = r.raw("Date");
    const txDate = rawDate === null || (typeof rawDate === "string" && !rawDate.trim()) ? null : r.read("Date", parseDate);
    if (txDate && date && txDate > date) r.fail("Date", `Date: ${txDate} is after the reimbursement date ${date}`);
    if (account && currency && amount && !r.problems.length) {
      const transaction: CustomerTransaction = {
        account,
        date: txDate ?? null,
        currency,
        amount,
        type: r.read("Type", parseText) ?? null,
        document: r.read("Document", parseText) ?? null,
        runId: r.read("Run id", parseText) ?? null,
        source: { sheet: table.sheet, address: r.address("Amount") },
      };
      if (take) take(transaction);
      else items.push(transaction);
    }
    if (r.problems.length) problems.push(...r.problems);
  }
  return { items, problems };
}
