import { OneTimeVendor } from "../core/types";
import { parseText } from "../workbook/cells";
import { COLUMNS, SHEETS } from "../workbook/contract";
import { WorkbookSnapshot } from "../workbook/grid";
import { readOneTimeVendors } from "../workbook/read-reference";
import { readRows } from "../workbook/row-reader";
import { columnOf, optionalTable } from "../workbook/table";
import { normaliseBic, normaliseIban } from "../payments/iban";
import { ExportLine } from "./export-selection";

/** A one-time vendor as accounts payable must create it before its invoices can post. */
export interface VendorMaster extends OneTimeVendor {
  /** From an optional BIC column of the One-time vendors sheet; SEPA needs none within the EEA. */
  bic: string | null;
}

const key = (account: string): string => account.trim().toUpperCase();

/** An optional BIC column a user may add to One-time vendors (the run does not fill it). */
function bicsByAccount(snapshot: WorkbookSnapshot): Map<string, string> {
  const table = optionalTable(snapshot, SHEETS.oneTimeVendors, COLUMNS.oneTimeVendors, false);
  const bics = new Map<string, string>();
  if (!table || columnOf(table, "BIC") < 0) return bics;
  for (const r of readRows(table)) {
    const account = r.read("Vendor account", parseText);
    const bic = r.read("BIC", parseText);
    if (account && bic) bics.set(key(account), normaliseBic(bic));
  }
  return bics;
}

/**
 * The one-time vendors the exported invoices post to, once each, in the order the invoices
 * first use them. Vendors mapped on Customers already exist in accounts payable: they are not
 * exported. An invoice whose vendor is on neither list is left to the AP system to refuse.
 */
export function vendorsOfLines(snapshot: WorkbookSnapshot, lines: readonly ExportLine[]): VendorMaster[] {
  const known = new Map(readOneTimeVendors(snapshot).map((v) => [key(v.account), v] as const));
  const bics = bicsByAccount(snapshot);
  const out = new Map<string, VendorMaster>();
  for (const { invoice } of lines) {
    const k = key(invoice.vendorAccount);
    const vendor = known.get(k);
    if (!vendor || out.has(k)) continue;
    out.set(k, { ...vendor, iban: vendor.iban ? normaliseIban(vendor.iban) : null, bic: bics.get(k) ?? null });
  }
  return [...out.values()];
}

/** The sheet's Country as an ISO 3166-1 alpha-2 code, or null when it is not one. */
export function countryCode(country: string | null): string | null {
  const code = country?.trim().toUpperCase() ?? "";
  return /^[A-Z]{2}$/.test(code) ? code : null;
}
