import { minorUnits } from "../core/currency";
import { hasExcessDecimals } from "../core/money";
import { COLUMNS, SHEETS } from "../workbook/contract";
import { WorkbookProblem } from "../workbook/errors";
import { WorkbookSnapshot, cellAddress } from "../workbook/grid";
import { InvoiceRow } from "../workbook/read-outputs";
import { columnOf, optionalTable } from "../workbook/table";

type InvoiceHeader = (typeof COLUMNS.invoices)[number]["header"];

/** The A1 address of an invoice row's cell, so every message about an invoice names its cell. */
export function invoiceCellLocator(snapshot: WorkbookSnapshot): (row: number, header: InvoiceHeader) => string {
  const table = optionalTable(snapshot, SHEETS.invoices, COLUMNS.invoices, false);
  return (row, header) => {
    const col = table ? columnOf(table, header) : -1;
    return cellAddress(row, (table?.grid.startCol ?? 1) + Math.max(col, 0));
  };
}

const PROBLEM_TEXT = /^Sheet '(.*)', cell ([A-Z]+\d+): ([\s\S]*)$/;

/**
 * readInvoiceRows reports problems as finished sentences; they are taken apart again so they can
 * travel as WorkbookProblems (and land in an exception's Sheet and Cell columns).
 */
export function problemsOfInvoice(row: InvoiceRow, locate: (row: number, header: InvoiceHeader) => string): WorkbookProblem[] {
  const out: WorkbookProblem[] = row.problems.map((text) => {
    const m = PROBLEM_TEXT.exec(text);
    return m ? { sheet: m[1], address: m[2], message: m[3] } : { sheet: SHEETS.invoices, address: locate(row.row, "Invoice"), message: text };
  });
  const required: [InvoiceHeader, string][] = [["Invoice", row.invoice], ["Vendor account", row.vendorAccount], ["Currency", row.currency]];
  for (const [header, value] of required) {
    if (!value) out.push({ sheet: SHEETS.invoices, address: locate(row.row, header), message: `${header}: expected a value, found an empty cell` });
  }
  if (row.currency && !/^[A-Z]{3}$/.test(row.currency)) {
    out.push({ sheet: SHEETS.invoices, address: locate(row.row, "Currency"), message: `Currency: expected a three-letter ISO code such as EUR, found "${row.currency}"` });
  }
  // Rounding an amount on its way to accounts payable or a bank would change what is owed.
  if (row.currency && hasExcessDecimals(row.amount, row.currency)) {
    out.push({ sheet: SHEETS.invoices, address: locate(row.row, "Amount"), message: `Amount: ${row.amount.toFixed()} has more than the ${minorUnits(row.currency)} decimals ${row.currency} allows` });
  }
  return out;
}
