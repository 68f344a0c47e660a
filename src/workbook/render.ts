import { minorUnits } from "../core/currency";
import { Money, moneyToNumber } from "../core/money";
import { ReimbursementPlan } from "../core/plan";
import { IsoDate } from "../core/types";
import { OutputRow, appendRows } from "./append";
import { COLUMNS, SHEETS } from "./contract";
import { newExceptionRows } from "./exception-rows";
import { CellValue, SheetPatch, WorkbookPatch, WorkbookSnapshot } from "./grid";

/** Dates are written as date cells (UTC midnight), amounts as numbers: what Excel sums and sorts. */
export function dateCell(date: IsoDate | null): CellValue {
  return date ? new Date(`${date}T00:00:00Z`) : null;
}

/**
 * dateCell with one Date per day: a run's rows share a handful of dates, and a Date per cell
 * is 100,000 objects at 100,000 customers. Only for cells that no one changes.
 */
function dateCells(): (date: IsoDate | null) => CellValue {
  const made = new Map<IsoDate, CellValue>();
  return (date) => {
    if (!date) return null;
    let cell = made.get(date);
    if (cell === undefined) made.set(date, (cell = dateCell(date)));
    return cell;
  };
}

/** Amounts carry at most 15 significant digits here, so the double shows exactly the decimal. */
export function amountCell(amount: Money | null): CellValue {
  return amount === null ? null : moneyToNumber(amount);
}

/** The rows one run adds, sheet by sheet: a host writes all of them or none. */
export function renderPlan(snapshot: WorkbookSnapshot, plan: ReimbursementPlan): WorkbookPatch {
  const r = plan.reimbursements;
  const dateOf = dateCells();
  const decimals = r.map((x) => minorUnits(x.currency));
  const invoices: OutputRow[] = r.map((x) => ({
    Invoice: x.invoice, "Vendor account": x.vendorAccount, "Vendor name": x.vendorName,
    "Invoice date": dateOf(x.date), "Due date": dateOf(x.dueDate), Currency: x.currency,
    Amount: amountCell(x.amount), "Customer account": x.customerAccount, Description: x.description, "Run id": x.runId,
    Status: "Open",
  }));
  const reimbursements: OutputRow[] = r.map((x) => ({
    "Run id": x.runId, Date: dateOf(x.date), "Customer account": x.customerAccount, "Customer name": x.customerName,
    Currency: x.currency, Amount: amountCell(x.amount), "Accounting amount": amountCell(x.accountingAmount),
    "Vendor account": x.vendorAccount, "One-time vendor": x.oneTimeVendor ? "Yes" : "No", Invoice: x.invoice, Status: "Open",
  }));
  const transactions: OutputRow[] = plan.transactions.map((t) => ({
    "Customer account": t.account, Date: dateOf(t.date), Currency: t.currency, Amount: amountCell(t.amount),
    Type: t.type, Document: t.document, "Run id": t.runId,
  }));
  const vendors: OutputRow[] = plan.newOneTimeVendors.map((v) => ({
    "Vendor account": v.account, Name: v.name, "Customer account": v.customerAccount, Currency: v.currency,
    Address: v.address, City: v.city, "Postal code": v.postalCode, Country: v.country, IBAN: v.iban, "Run id": v.runId,
  }));
  // An exception already listed (same reason, same cell) by an earlier run is not repeated: a run
  // that finds nothing new then writes nothing at all, not even its audit row.
  const exceptions = newExceptionRows(snapshot, plan.exceptions.map((e) => ({
    runId: plan.runId, customerAccount: e.customerAccount, currency: e.currency, balance: e.balance, reason: e.reason, source: e.source,
  })));
  const patches: (SheetPatch | null)[] = [
    appendRows(snapshot, SHEETS.invoices, COLUMNS.invoices, invoices, decimals),
    appendRows(snapshot, SHEETS.reimbursements, COLUMNS.reimbursements, reimbursements, decimals),
    appendRows(snapshot, SHEETS.transactions, COLUMNS.transactions, transactions, decimals),
    appendRows(snapshot, SHEETS.oneTimeVendors, COLUMNS.oneTimeVendors, vendors),
    exceptions,
  ];
  return { sheets: patches.filter((p): p is SheetPatch => p !== null) };
}
