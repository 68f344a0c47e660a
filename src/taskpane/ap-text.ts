import { Money, formatMoney } from "../core/money";
import { groupDigits } from "./preview-model";

/** "3 invoices", "1 invoice": counts as the pane writes them. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

/** "1,234.50 EUR": an amount with its currency's decimals, grouped for reading. */
export const money = (amount: Money, currency: string): string => `${groupDigits(formatMoney(amount, currency))} ${currency}`;

/** The error an action throws when the workbook no longer matches what the user confirmed. */
export function changedSinceCheck(what: string, again: string): Error {
  return new Error(`${what} changed since you checked it: the workbook was edited. Nothing was written. ${again}`);
}
