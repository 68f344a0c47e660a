import { balanceOf } from "../core/balance";
import { roundMoney } from "../core/money";
import { isBlank } from "../workbook/cells";
import { parseAccount } from "../workbook/read-ledger";
import { parseCurrency } from "../workbook/read-parameters";
import { fill, isBlankArgument, toCellValue, toMatrix } from "./arguments";
import { FunctionError, valueError } from "./function-error";
import { LedgerFacts, readLedgerFacts, readSettings } from "./workbook-facts";
import { WorkbookSource } from "./workbook-source";

/** The currency argument, or the workbook's Accounting currency when it is omitted or blank. */
async function resolveCurrency(currencyArg: unknown, source: WorkbookSource): Promise<string | FunctionError> {
  if (isBlankArgument(currencyArg)) {
    const settings = await readSettings(source);
    if (settings.accountingCurrency.ok) return settings.accountingCurrency.value;
    return valueError(`currency: omitted, and the workbook's Accounting currency cannot be used: ${settings.accountingCurrency.reason}`);
  }
  const parsed = parseCurrency(toCellValue(currencyArg));
  return parsed.ok ? parsed.value : valueError(`currency: ${parsed.reason}`);
}

/**
 * One account cell. An empty cell gives empty text, so a spill over a column with gaps stays
 * clean; an account the ledger has no rows for has a zero balance, as in the engine. A
 * customer with an unreadable ledger row gets the row's message instead of a number: the
 * engine would not reimburse it either, because any of its amounts may be wrong.
 */
function balanceCell(value: unknown, currency: string, ledger: LedgerFacts): number | string | FunctionError {
  const cell = toCellValue(value);
  // Some Excel builds pass the empty cells of a range argument as 0 (office-js #5262); no
  // customer account is the number 0, so it is read as the empty cell it almost surely is.
  if (isBlank(cell) || cell === 0) return "";
  // The contract reads TRUE in an account column as the text "TRUE"; as an argument it is a slip.
  if (typeof cell === "boolean") return valueError(`account: expected a customer account, found the logical value ${cell ? "TRUE" : "FALSE"}`);
  const account = parseAccount(cell);
  if (!account.ok) return valueError(`account: ${account.reason}`);
  const problems = ledger.problems.get(account.value.toUpperCase());
  if (problems?.length) return valueError(`customer ${account.value} has unreadable ledger rows: ${problems.join("; ")}`);
  return roundMoney(balanceOf(ledger.balances, account.value, currency), currency).toNumber();
}

/**
 * =CUSTOMER.CREDITBALANCE(account, [currency]): per account cell, the customer's current
 * balance in the currency (negative = credit), from Customer balances plus Customer transactions.
 */
export async function creditBalances(account: unknown, currency: unknown, source: WorkbookSource): Promise<(number | string | FunctionError)[][]> {
  const cells = toMatrix(account);
  const resolved = await resolveCurrency(currency, source);
  if (typeof resolved !== "string") return fill(cells, resolved);
  const ledger = await readLedgerFacts(source);
  if (ledger.failure !== null) return fill(cells, valueError(`the customer ledger cannot be read: ${ledger.failure}`));
  return cells.map((row) => row.map((value) => balanceCell(value, resolved, ledger)));
}
