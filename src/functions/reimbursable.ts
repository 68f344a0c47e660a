import Decimal from "decimal.js";
import { CreditAssessment, CreditStatus, EligibilityRule, assessCredit } from "../core/eligibility";
import { Money } from "../core/money";
import { isBlank, parseAmount, parseNonNegative } from "../workbook/cells";
import { fill, isBlankArgument, isOmitted, toCellValue, toMatrix } from "./arguments";
import { FunctionError, isFunctionError, valueError } from "./function-error";
import { FunctionSettings, readSettings } from "./workbook-facts";
import { WorkbookSource } from "./workbook-source";

/** The eligibility rule for one call, and the currency whose decimals round the balances. */
interface CallTerms {
  rule: EligibilityRule;
  balanceCurrency: string;
}

/**
 * Resolves the optional arguments against the Parameters sheet.
 * - minimum omitted or blank: the sheet's Minimum reimbursement.
 * - rate omitted: 1, the balance is in the accounting currency and is rounded as the engine
 *   rounds an accounting-currency balance.
 * - rate given: the balance is in some other currency the function is not told, so it is
 *   rounded to ISO's default 2 decimals; a rate that is not a positive amount means "No rate".
 * The accounting currency (for the rounding of the credit's accounting value) is the sheet's
 * when readable, else ISO's default 2 decimals: a function whose minimum is given still works
 * in a workbook without a Parameters sheet.
 */
async function resolveTerms(minimumArg: unknown, rateArg: unknown, source: WorkbookSource): Promise<CallTerms | FunctionError> {
  const settings: FunctionSettings = await readSettings(source);
  const accountingCurrency = settings.accountingCurrency.ok ? settings.accountingCurrency.value : "";
  let minimum: Money;
  if (isBlankArgument(minimumArg)) {
    if (!settings.minimum.ok) return valueError(`minimum: omitted, and the workbook's Minimum reimbursement cannot be used: ${settings.minimum.reason}`);
    minimum = settings.minimum.value;
  } else {
    const parsed = parseNonNegative(toCellValue(minimumArg));
    if (!parsed.ok) return valueError(`minimum: ${parsed.reason}`);
    minimum = parsed.value;
  }
  if (isOmitted(rateArg)) {
    return { rule: { minimum, rate: new Money(1), accountingCurrency }, balanceCurrency: accountingCurrency };
  }
  return { rule: { minimum, rate: parseRate(rateArg), accountingCurrency }, balanceCurrency: "" };
}

/** A usable exchange rate is a positive amount; anything else (empty, 0, text, an error) is no rate. */
function parseRate(value: unknown): Decimal | null {
  const cell = toCellValue(value);
  if (isBlank(cell)) return null;
  const parsed = parseAmount(cell);
  return parsed.ok && parsed.value.isPositive() && !parsed.value.isZero() ? parsed.value : null;
}

/** One balance cell: an empty cell is a zero balance (a column with gaps spills cleanly). */
function assessCell(value: unknown, terms: CallTerms): CreditAssessment | FunctionError {
  const cell = toCellValue(value);
  const amount = isBlank(cell) ? { ok: true as const, value: new Money(0) } : parseAmount(cell);
  if (!amount.ok) return valueError(`balance: ${amount.reason}`);
  return assessCredit(amount.value, terms.balanceCurrency, terms.rule);
}

async function assessRange<T>(
  balance: unknown,
  minimum: unknown,
  rate: unknown,
  source: WorkbookSource,
  answer: (assessment: CreditAssessment) => T,
): Promise<(T | FunctionError)[][]> {
  const cells = toMatrix(balance);
  const terms = await resolveTerms(minimum, rate, source);
  if (isFunctionError(terms)) return fill(cells, terms);
  return cells.map((row) =>
    row.map((value) => {
      const assessment = assessCell(value, terms);
      return isFunctionError(assessment) ? assessment : answer(assessment);
    }),
  );
}

/**
 * =CUSTOMER.REIMBURSABLE(balance, [minimum], [rate]): per balance cell, the credit a
 * reimbursement run would pay back (a positive amount in the balance's currency), else 0.
 */
export function reimbursableAmounts(balance: unknown, minimum: unknown, rate: unknown, source: WorkbookSource): Promise<(number | FunctionError)[][]> {
  return assessRange(balance, minimum, rate, source, (a) => a.amount.toNumber());
}

/** =CUSTOMER.REIMBURSEMENTSTATUS(balance, [minimum], [rate]): per balance cell, why it is or is not reimbursed. */
export function reimbursementStatuses(balance: unknown, minimum: unknown, rate: unknown, source: WorkbookSource): Promise<(CreditStatus | FunctionError)[][]> {
  return assessRange(balance, minimum, rate, source, (a) => a.status);
}
