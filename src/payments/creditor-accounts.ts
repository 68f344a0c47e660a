import { CellRef } from "../core/types";
import { parseName } from "../workbook/cells";
import { COLUMNS, SHEETS } from "../workbook/contract";
import { WorkbookSnapshot } from "../workbook/grid";
import { InvoiceRow } from "../workbook/read-outputs";
import { readRows } from "../workbook/row-reader";
import { Table, columnOf, optionalTable } from "../workbook/table";

/** Where a vendor's bank account was looked up: the IBAN as typed, and its cell (null if none). */
export interface CreditorAccount {
  iban: string | null;
  name: string | null;
  /** The IBAN cell, or where one was expected: exceptions point the user there. */
  source: CellRef;
  /** Set when the account cannot be decided (two mapped customers with different IBANs). */
  ambiguity?: string;
}

interface AccountRow {
  account: string;
  iban: string | null;
  name: string | null;
  ibanCell: CellRef;
  accountCell: string;
  /** Set on the first row when a second row has the same account. */
  duplicate?: string;
  /** Customers only: the vendor the customer is mapped to. */
  vendor?: string | null;
}

function readAccounts(table: Table | null, accountHeader: string, nameHeader: string, vendorHeader?: string): AccountRow[] {
  if (!table) return [];
  const out: AccountRow[] = [];
  const hasIban = columnOf(table, "IBAN") >= 0;
  for (const r of readRows(table)) {
    const text = (h: string): string | null => (columnOf(table, h) < 0 ? null : r.read(h, parseName) ?? null);
    const account = text(accountHeader);
    if (!account) continue;
    out.push({
      account, iban: text("IBAN"), name: text(nameHeader), vendor: vendorHeader ? text(vendorHeader) : undefined,
      ibanCell: { sheet: table.sheet, address: hasIban ? r.address("IBAN") : "" },
      accountCell: r.address(accountHeader),
    });
  }
  return out;
}

const key = (account: string): string => account.trim().toUpperCase();

function byAccount(rows: AccountRow[]): Map<string, AccountRow> {
  const map = new Map<string, AccountRow>();
  for (const row of rows) {
    const first = map.get(key(row.account));
    if (!first) map.set(key(row.account), row);
    // Name from one row and IBAN from another would pay a mixture: both rows are named instead.
    else if (!first.duplicate) first.duplicate = `vendor ${row.account} is on sheet ${row.ibanCell.sheet} more than once (${first.accountCell} and ${row.accountCell}); keep one row`;
  }
  return map;
}

/**
 * Finds the bank account to pay an invoice to. A one-time vendor carries its IBAN. A mapped
 * vendor's IBAN is on the Vendors sheet when that sheet has an IBAN column (the vendor master is
 * then the authority); otherwise it is the IBAN of the customer mapped to the vendor.
 */
export function creditorAccountFinder(snapshot: WorkbookSnapshot): (invoice: InvoiceRow) => CreditorAccount {
  const oneTime = byAccount(readAccounts(optionalTable(snapshot, SHEETS.oneTimeVendors, COLUMNS.oneTimeVendors, false), "Vendor account", "Name"));
  const vendorTable = optionalTable(snapshot, SHEETS.vendors, COLUMNS.vendors, false);
  const vendorIbans = vendorTable && columnOf(vendorTable, "IBAN") >= 0 ? byAccount(readAccounts(vendorTable, "Vendor account", "Name")) : null;
  const customerTable = optionalTable(snapshot, SHEETS.customers, COLUMNS.customers, false);
  const customers = readAccounts(customerTable, "Customer account", "Name", "Vendor account");
  const customerByAccount = byAccount(customers);
  const customersOfVendor = new Map<string, AccountRow[]>();
  for (const c of customers) {
    if (!c.vendor) continue;
    const list = customersOfVendor.get(key(c.vendor)) ?? [];
    list.push(c);
    customersOfVendor.set(key(c.vendor), list);
  }

  return (invoice) => {
    const vendor = key(invoice.vendorAccount);
    const found = oneTime.get(vendor) ?? vendorIbans?.get(vendor);
    if (found?.duplicate) return { iban: null, name: null, source: { sheet: found.ibanCell.sheet, address: found.accountCell }, ambiguity: found.duplicate };
    if (found) return { iban: found.iban, name: found.name, source: found.ibanCell };
    if (vendorIbans) {
      return { iban: null, name: null, source: { sheet: vendorTable?.sheet ?? SHEETS.vendors, address: "" } };
    }
    // The invoice's own customer first: several customers may share one vendor.
    const own = invoice.customerAccount ? customerByAccount.get(key(invoice.customerAccount)) : undefined;
    if (own && own.vendor && key(own.vendor) === vendor) return { iban: own.iban, name: null, source: own.ibanCell };
    const mapped = customersOfVendor.get(vendor) ?? [];
    const ibans = new Set(mapped.filter((c) => c.iban).map((c) => (c.iban ?? "").replace(/\s+/g, "").toUpperCase()));
    if (ibans.size > 1) {
      return { iban: null, name: null, source: mapped[0].ibanCell, ambiguity: `customers ${mapped.map((c) => c.account).join(", ")} are mapped to vendor ${invoice.vendorAccount} with different IBANs` };
    }
    const withIban = mapped.find((c) => c.iban);
    if (withIban) return { iban: withIban.iban, name: null, source: withIban.ibanCell };
    return { iban: null, name: null, source: mapped[0]?.ibanCell ?? { sheet: customerTable?.sheet ?? SHEETS.customers, address: "" } };
  };
}
