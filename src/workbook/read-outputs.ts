import { Money } from "../core/money";
import { IsoDate } from "../core/types";
import { Parsed, parseAmount, parseDate, parseName, parseText } from "./cells";
import { COLUMNS, SHEETS } from "./contract";
import { CellValue, WorkbookSnapshot } from "./grid";
import { RowReader, readRows } from "./row-reader";
import { optionalTable } from "./table";

/** A Vendor invoices row as later steps (export, payment, reversal) see it, with its sheet row. */
export interface InvoiceRow {
  row: number;
  invoice: string;
  vendorAccount: string;
  vendorName: string | null;
  invoiceDate: IsoDate | null;
  dueDate: IsoDate | null;
  currency: string;
  amount: Money;
  customerAccount: string | null;
  description: string | null;
  runId: string | null;
  /** Open, Paid or Cancelled; blank on rows written before the column existed means Open. */
  status: string;
  exported: IsoDate | null;
  cancellationExported: IsoDate | null;
  problems: string[];
}

export interface ReimbursementRow {
  row: number;
  runId: string;
  date: IsoDate | null;
  customerAccount: string;
  customerName: string | null;
  currency: string;
  amount: Money;
  accountingAmount: Money | null;
  vendorAccount: string | null;
  oneTimeVendor: boolean;
  invoice: string | null;
  /** Open, Paid or Reversed. */
  status: string;
  problems: string[];
}

function optionalDate(v: CellValue): Parsed<IsoDate | null> {
  return v === null || v === "" ? { ok: true, value: null } : parseDate(v);
}

function problemsOf(r: RowReader): string[] {
  return r.problems.map((p) => `Sheet '${p.source.sheet}', cell ${p.source.address}: ${p.message}`);
}

export function readInvoiceRows(snapshot: WorkbookSnapshot): InvoiceRow[] {
  const table = optionalTable(snapshot, SHEETS.invoices, COLUMNS.invoices);
  if (!table) return [];
  const out: InvoiceRow[] = [];
  for (const r of readRows(table)) {
    const text = (h: string) => r.read(h, parseText) ?? null;
    const name = (h: string) => r.read(h, parseName) ?? null;
    out.push({
      row: r.row.row,
      invoice: name("Invoice") ?? "",
      vendorAccount: name("Vendor account") ?? "",
      vendorName: name("Vendor name"),
      invoiceDate: r.read("Invoice date", optionalDate) ?? null,
      dueDate: r.read("Due date", optionalDate) ?? null,
      currency: (text("Currency") ?? "").toUpperCase(),
      amount: r.read("Amount", parseAmount) ?? new Money(0),
      customerAccount: name("Customer account"),
      description: text("Description"),
      runId: text("Run id"),
      status: text("Status") ?? "Open",
      exported: r.read("Exported", optionalDate) ?? null,
      cancellationExported: r.read("Cancellation exported", optionalDate) ?? null,
      problems: problemsOf(r),
    });
  }
  return out;
}

export function readReimbursementRows(snapshot: WorkbookSnapshot): ReimbursementRow[] {
  const table = optionalTable(snapshot, SHEETS.reimbursements, COLUMNS.reimbursements);
  if (!table) return [];
  const out: ReimbursementRow[] = [];
  for (const r of readRows(table)) {
    const text = (h: string) => r.read(h, parseText) ?? null;
    const accounting = r.raw("Accounting amount");
    out.push({
      row: r.row.row,
      runId: text("Run id") ?? "",
      date: r.read("Date", optionalDate) ?? null,
      customerAccount: text("Customer account") ?? "",
      customerName: text("Customer name"),
      currency: (text("Currency") ?? "").toUpperCase(),
      amount: r.read("Amount", parseAmount) ?? new Money(0),
      accountingAmount: accounting === null ? null : r.read("Accounting amount", parseAmount) ?? null,
      vendorAccount: text("Vendor account"),
      oneTimeVendor: (text("One-time vendor") ?? "").toLowerCase() === "yes",
      invoice: text("Invoice"),
      status: text("Status") ?? "Open",
      problems: problemsOf(r),
    });
  }
  return out;
}
