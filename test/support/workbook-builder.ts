import { COLUMNS, SHEETS } from "../../src/workbook/contract";
import { CellValue, SheetGrid, WorkbookSnapshot } from "../../src/workbook/grid";

export interface CustomerSpec {
  account: string;
  name?: string;
  vendor?: string | null;
  group?: string;
  blocked?: string;
  currency?: string;
  iban?: string;
}

export interface BookSpec {
  minimum?: CellValue;
  accountingCurrency?: string;
  date?: CellValue;
  customers?: CustomerSpec[];
  /** [account, currency, balance] */
  balances?: [CellValue, CellValue, CellValue][];
  /** [account, date, currency, amount, type] */
  transactions?: [CellValue, CellValue, CellValue, CellValue, CellValue][];
  vendors?: [string, string][] | null;
  rates?: [string, CellValue][];
  extraParameters?: [string, CellValue][];
}

export function sheet(name: string, rows: CellValue[][]): SheetGrid {
  return { name, startRow: 1, startCol: 1, rows };
}

const headers = (cols: readonly { header: string }[]): string[] => cols.map((c) => c.header);

/** A small workbook in the contract's shape, built from plain values (cells as Excel gives them). */
export function buildBook(spec: BookSpec = {}): WorkbookSnapshot {
  const sheets: SheetGrid[] = [
    sheet(SHEETS.parameters, [
      ["Parameter", "Value"],
      ["Minimum reimbursement", spec.minimum ?? 10],
      ["Accounting currency", spec.accountingCurrency ?? "EUR"],
      ["Reimbursement date", spec.date ?? "2026-11-24"],
      ["Payment terms days", 14],
      ...(spec.extraParameters ?? []),
    ]),
    sheet(SHEETS.customers, [
      headers(COLUMNS.customers),
      ...(spec.customers ?? []).map((c) => [
        c.account, c.name ?? `Customer ${c.account}`, c.currency ?? "EUR", c.vendor ?? null, c.group ?? "RETAIL",
        c.blocked ?? "No", "1 Main Street", "Lyon", "69001", "FR", c.iban ?? "FR7630006000011234567890189",
      ]),
    ]),
    sheet(SHEETS.balances, [headers(COLUMNS.balances), ...(spec.balances ?? [])]),
  ];
  if (spec.transactions) sheets.push(sheet(SHEETS.transactions, [headers(COLUMNS.transactions), ...spec.transactions.map((t) => [...t, null, null])]));
  if (spec.vendors) sheets.push(sheet(SHEETS.vendors, [["Vendor account", "Name"], ...spec.vendors]));
  if (spec.rates) sheets.push(sheet(SHEETS.rates, [["Currency", "Rate"], ...spec.rates]));
  return { sheets };
}
