import { Money } from "../core/money";
import { money as moneyText, t } from "../i18n/i18n";
import { MessageKey } from "../i18n/catalogue";

/** "3 invoices", "1 invoice": counts as the pane writes them, from the catalogue's "one|other" texts. */
export const plural = (n: number, key: MessageKey): string => t(key, { n });

/** "1,234.50 EUR": an amount with its currency's decimals, grouped for the display locale. */
export const money = (amount: Money, currency: string): string => moneyText(amount, currency);

/** The error an action throws when the workbook no longer matches what the user confirmed. */
export function changedSinceCheck(what: string, again: string): Error {
  return new Error(t("error.changedSinceCheck", { what, again }));
}
