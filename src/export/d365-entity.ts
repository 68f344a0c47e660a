import { Decimal } from "decimal.js";
import { formatMoney } from "../core/money";
import { CsvColumn, toCsv } from "./csv-table";
import { DmfEntityData } from "./d365-package";
import { ExportParameters } from "./export-parameters";

/** An entity's rows as a Data management file: header = the field names, upper case. */
export function dmfEntity<T>(entityName: string, targetEntity: string, columns: readonly CsvColumn<T>[], rows: readonly T[]): DmfEntityData {
  return { entityName, targetEntity, fields: columns.map((c) => c.header), csv: toCsv(columns, rows) };
}

/** NoYes, the D365 enumeration of every yes/no field. */
export const YES = "Yes";

/**
 * The exchange rate D365 expects on a journal line: accounting currency per 100 units of the
 * line's currency (the rates form's default quotation), blank for accounting-currency lines and
 * when the workbook has no rate (D365 then takes its own).
 */
export function journalExchangeRate(currency: string, parameters: ExportParameters, rates: ReadonlyMap<string, Decimal>): string | null {
  if (!parameters.accountingCurrency || currency === parameters.accountingCurrency) return null;
  const rate = rates.get(currency);
  return rate ? rate.times(100).toFixed() : null;
}

/** Debit or credit, never negative: a negative amount changes side. */
export function sides(amount: Decimal, currency: string, creditWhenPositive: boolean): { credit: string | null; debit: string | null } {
  const text = formatMoney(amount.abs(), currency);
  const credit = creditWhenPositive ? !amount.isNegative() : amount.isNegative();
  return credit ? { credit: text, debit: null } : { credit: null, debit: text };
}
