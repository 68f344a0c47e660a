import { CellRef } from "../core/types";
import { parseName } from "../workbook/cells";
import { COLUMNS, SHEETS } from "../workbook/contract";
import { WorkbookSnapshot } from "../workbook/grid";
import { InvoiceRow } from "../workbook/read-outputs";
import { RowReader, readRows } from "../workbook/row-reader";
import { Table, columnOf, optionalTable } from "../workbook/table";
import { normaliseIban } from "./iban";

/** The payee cells a payment reads, by the workbook's column headers. */
export const PAYEE_FIELDS = {
  iban: "IBAN",
  bic: "BIC",
  accountNumber: "Account number",
  lei: "LEI",
  address: "Address",
  street: "Street",
  buildingNumber: "Building number",
  postalCode: "Postal code",
  town: "City",
  country: "Country",
} as const;

export type PayeeField = keyof typeof PAYEE_FIELDS;

/** One payee cell: its text (null when blank or absent) and where it is, or would be typed. */
export interface PayeeCell {
  value: string | null;
  source: CellRef;
}

/** Where a payee's bank details and address were looked up, cell by cell. */
export interface CreditorAccount {
  /** The legal name from the vendor master, one-time vendor or customer (null: use the invoice's). */
  name: string | null;
  fields: Record<PayeeField, PayeeCell>;
  /** Set when the account cannot be decided (two mapped customers with different IBANs). */
  ambiguity?: string;
  /** The row the details come from, for a message about the payee as a whole. */
  source: CellRef;
}

interface PayeeRow {
  account: string;
  name: string | null;
  /** Customers: the vendor the customer is mapped to; One-time vendors: the customer it pays. */
  link: string | null;
  fields: Record<PayeeField, PayeeCell>;
  source: CellRef;
  /** Set on the first row when a second row has the same account. */
  duplicate?: string;
}

const FIELD_NAMES = Object.keys(PAYEE_FIELDS) as PayeeField[];

function cellOf(table: Table, r: RowReader, header: string): PayeeCell {
  const present = columnOf(table, header) >= 0;
  // Names, accounts and bank details reach the bank as they are: control characters are refused.
  const value = present ? r.read(header, parseName) ?? null : null;
  // An absent column has no cell: the message names the sheet and the column to add.
  return { value: value || null, source: { sheet: table.sheet, address: present ? r.address(header) : "" } };
}

function readPayees(table: Table | null, accountHeader: string, nameHeader: string, linkHeader?: string): PayeeRow[] {
  if (!table) return [];
  const out: PayeeRow[] = [];
  for (const r of readRows(table)) {
    const text = (h: string): string | null => (columnOf(table, h) < 0 ? null : r.read(h, parseName) ?? null);
    const account = text(accountHeader);
    if (!account) continue;
    const fields = {} as Record<PayeeField, PayeeCell>;
    for (const f of FIELD_NAMES) fields[f] = cellOf(table, r, PAYEE_FIELDS[f]);
    out.push({ account, name: text(nameHeader), link: linkHeader ? text(linkHeader) : null, fields, source: { sheet: table.sheet, address: r.address(accountHeader) } });
  }
  return out;
}

const key = (account: string): string => account.trim().toUpperCase();

function byAccount(rows: PayeeRow[]): Map<string, PayeeRow> {
  const map = new Map<string, PayeeRow>();
  for (const row of rows) {
    const first = map.get(key(row.account));
    if (!first) map.set(key(row.account), row);
    // Name from one row and IBAN from another would pay a mixture: both rows are named instead.
    else first.duplicate ??= `account ${row.account} is on sheet ${row.source.sheet} more than once (${first.source.address} and ${row.source.address}); keep one row`;
  }
  return map;
}

/** A one-time vendor's cells, with the columns its sheet leaves blank taken from its customer. */
function withCustomerFallback(vendor: PayeeRow, customer: PayeeRow | undefined): PayeeRow {
  if (!customer) return vendor;
  const fields = { ...vendor.fields };
  for (const f of FIELD_NAMES) if (fields[f].value === null && customer.fields[f].value !== null) fields[f] = customer.fields[f];
  return { ...vendor, fields };
}

const toAccount = (row: PayeeRow, name: string | null = row.name): CreditorAccount => ({ name, fields: row.fields, source: row.source, ...(row.duplicate ? { ambiguity: row.duplicate } : {}) });

/**
 * Finds the bank details and address to pay an invoice to:
 * 1. a one-time vendor: its row (made from the customer; columns it lacks come from the customer);
 * 2. a mapped vendor, when the Vendors sheet has an IBAN or Account number column: that row (the
 *    vendor master is then the authority for bank details and address);
 * 3. otherwise the customer mapped to the vendor: the invoice's own customer first; several
 *    customers of one vendor must agree on one IBAN.
 */
export function creditorAccountFinder(snapshot: WorkbookSnapshot): (invoice: InvoiceRow) => CreditorAccount {
  const customerTable = optionalTable(snapshot, SHEETS.customers, COLUMNS.customers, false);
  const customers = readPayees(customerTable, "Customer account", "Name", "Vendor account");
  const customerByAccount = byAccount(customers);
  const oneTime = byAccount(readPayees(optionalTable(snapshot, SHEETS.oneTimeVendors, COLUMNS.oneTimeVendors, false), "Vendor account", "Name", "Customer account"));
  const vendorTable = optionalTable(snapshot, SHEETS.vendors, COLUMNS.vendors, false);
  const vendorIsMaster = vendorTable !== null && (columnOf(vendorTable, "IBAN") >= 0 || columnOf(vendorTable, "Account number") >= 0);
  const vendors = vendorIsMaster ? byAccount(readPayees(vendorTable, "Vendor account", "Name")) : null;
  const customersOfVendor = new Map<string, PayeeRow[]>();
  for (const c of customers) {
    if (!c.link) continue;
    const list = customersOfVendor.get(key(c.link)) ?? [];
    list.push(c);
    customersOfVendor.set(key(c.link), list);
  }

  return (invoice) => {
    const vendor = key(invoice.vendorAccount);
    const once = oneTime.get(vendor);
    if (once) return toAccount(withCustomerFallback(once, once.link ? customerByAccount.get(key(once.link)) : undefined));
    if (vendors) {
      const master = vendors.get(vendor);
      if (master) return toAccount(master);
      const source = { sheet: vendorTable?.sheet ?? SHEETS.vendors, address: "" };
      return { name: null, fields: blankFields(source), source, ambiguity: `vendor ${invoice.vendorAccount} is not on the Vendors sheet, which holds the vendors' bank details` };
    }
    // The invoice's own customer first: several customers may share one vendor.
    const own = invoice.customerAccount ? customerByAccount.get(key(invoice.customerAccount)) : undefined;
    if (own && own.link && key(own.link) === vendor) return toAccount(own, null);
    const mapped = customersOfVendor.get(vendor) ?? [];
    const ibans = new Set(mapped.filter((c) => c.fields.iban.value).map((c) => normaliseIban(c.fields.iban.value ?? "")));
    if (ibans.size > 1) {
      return { ...toAccount(mapped[0], null), ambiguity: `customers ${mapped.map((c) => c.account).join(", ")} are mapped to vendor ${invoice.vendorAccount} with different IBANs` };
    }
    const chosen = mapped.find((c) => c.fields.iban.value) ?? mapped[0];
    if (chosen) return toAccount(chosen, null);
    const source = { sheet: customerTable?.sheet ?? SHEETS.customers, address: "" };
    return { name: null, fields: blankFields(source), source };
  };
}

function blankFields(source: CellRef): Record<PayeeField, PayeeCell> {
  const fields = {} as Record<PayeeField, PayeeCell>;
  for (const f of FIELD_NAMES) fields[f] = { value: null, source };
  return fields;
}
