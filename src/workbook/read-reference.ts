import { Money } from "../core/money";
import { OneTimeVendor, RowProblem, Vendor } from "../core/types";
import { parseName, parseNonNegative, parseRequiredText, parseText } from "./cells";
import { COLUMNS, SHEETS } from "./contract";
import { WorkbookError, WorkbookProblem } from "./errors";
import { WorkbookSnapshot } from "./grid";
import { parseCurrency } from "./read-parameters";
import { readRows } from "./row-reader";
import { optionalTable } from "./table";

/**
 * Vendors, or null when the workbook has no Vendors sheet (mapped accounts are then trusted).
 * An unreadable vendor row is reported on its own: otherwise its customers would read
 * "vendor does not exist", which points at the wrong cell.
 */
export function readVendors(snapshot: WorkbookSnapshot): { vendors: Vendor[] | null; problems: RowProblem[] } {
  const table = optionalTable(snapshot, SHEETS.vendors, COLUMNS.vendors);
  if (!table) return { vendors: null, problems: [] };
  const vendors: Vendor[] = [];
  const problems: RowProblem[] = [];
  for (const r of readRows(table)) {
    const account = r.read("Vendor account", (v) => parseRequiredText(v, "a vendor account"));
    if (account) vendors.push({ account, name: r.read("Name", parseName) ?? account, source: { sheet: table.sheet, address: r.address("Vendor account") } });
    problems.push(...r.problems);
  }
  return { vendors, problems };
}

/**
 * Exchange rates. A rate that cannot be read stops the run: every customer in that currency
 * would otherwise be paid at a guessed value.
 */
export function readRates(snapshot: WorkbookSnapshot): Map<string, Money> {
  const rates = new Map<string, Money>();
  const table = optionalTable(snapshot, SHEETS.rates, COLUMNS.rates);
  if (!table) return rates;
  const problems: WorkbookProblem[] = [];
  for (const r of readRows(table)) {
    const currency = r.read("Currency", parseCurrency);
    const rate = r.read("Rate", parseNonNegative);
    if (rate?.isZero()) r.fail("Rate", "Rate: expected a positive rate, found 0");
    if (currency && rates.has(currency)) r.fail("Currency", `a second rate for ${currency}; keep one row per currency`);
    if (currency && rate && !r.problems.length) rates.set(currency, rate);
    problems.push(...r.problems.map((p) => ({ ...p.source, message: p.message })));
  }
  if (problems.length) throw new WorkbookError(problems);
  return rates;
}

/** Values of one text column of an output sheet, for numbering that continues across runs. */
export function readColumnTexts(snapshot: WorkbookSnapshot, sheet: string, header: string): string[] {
  const table = optionalTable(snapshot, sheet, [], false);
  if (!table) return [];
  const out: string[] = [];
  for (const r of readRows(table)) {
    const text = r.read(header, parseText);
    if (text) out.push(text);
  }
  return out;
}

export function readOneTimeVendors(snapshot: WorkbookSnapshot): OneTimeVendor[] {
  const table = optionalTable(snapshot, SHEETS.oneTimeVendors, COLUMNS.oneTimeVendors);
  if (!table) return [];
  const out: OneTimeVendor[] = [];
  for (const r of readRows(table)) {
    const account = r.read("Vendor account", (v) => parseRequiredText(v, "a vendor account"));
    const customerAccount = r.read("Customer account", parseName);
    if (!account || !customerAccount) continue;
    const text = (h: string): string | null => r.read(h, h === "Currency" || h === "Run id" ? parseText : parseName) ?? null;
    out.push({
      account, customerAccount, name: text("Name") ?? customerAccount, currency: text("Currency"),
      address: text("Address"), city: text("City"), postalCode: text("Postal code"), country: text("Country"),
      iban: text("IBAN"), runId: text("Run id"),
    });
  }
  return out;
}
