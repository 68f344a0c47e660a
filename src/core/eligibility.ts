import { EngineLanguage, engineMessages } from "./engine-messages";
import Decimal from "decimal.js";
import { Money, ZERO, formatMoney, roundMoney } from "./money";

/** Why a balance is or is not reimbursed; the words the user sees in Excel. */
export type CreditStatus = "Reimbursable" | "Below minimum" | "Debit balance" | "Zero balance" | "No rate";

export interface EligibilityRule {
  /** Minimum reimbursement, in the accounting currency. */
  minimum: Decimal;
  /** Accounting-currency units per one unit of the balance's currency; null when unknown. */
  rate: Decimal | null;
  /** Decides the rounding of the accounting-currency value; ISO default (2 decimals) when omitted. */
  accountingCurrency?: string;
}

export interface CreditAssessment {
  status: CreditStatus;
  /** The whole credit as a positive amount in the balance's currency; zero unless reimbursable. */
  amount: Money;
  /** The credit's value in the accounting currency, when a rate is known and there is a credit. */
  accountingAmount: Money | null;
}

/**
 * The one eligibility rule of the product, shared by the engine and the worksheet functions:
 * a credit (negative balance) is reimbursed whole when its accounting-currency value, rounded
 * to the accounting currency's decimals, is greater than or equal to the minimum.
 */
export function assessCredit(balance: Decimal, currency: string, rule: EligibilityRule): CreditAssessment {
  const rounded = roundMoney(balance, currency);
  if (rounded.isZero()) return { status: "Zero balance", amount: ZERO, accountingAmount: null };
  if (rounded.isPositive()) return { status: "Debit balance", amount: ZERO, accountingAmount: null };
  const credit = rounded.negated();
  if (rule.rate === null) return { status: "No rate", amount: ZERO, accountingAmount: null };
  const accountingAmount = roundMoney(credit.times(rule.rate), rule.accountingCurrency ?? "");
  if (accountingAmount.lessThan(rule.minimum)) {
    return { status: "Below minimum", amount: ZERO, accountingAmount };
  }
  return { status: "Reimbursable", amount: new Money(credit), accountingAmount };
}

/**
 * "Credit of 5.00 USD (4.50 EUR) is below the minimum reimbursement of 10.00 EUR": every amount
 * with its currency's decimals, a foreign credit in its own currency first and then the
 * accounting value the minimum is compared with.
 */
export function belowMinimumReason(balance: Money, currency: string, accountingAmount: Money, minimum: Money, accountingCurrency: string, language?: EngineLanguage): string {
  const credit = `${formatMoney(roundMoney(balance, currency).negated(), currency)} ${currency}`;
  const value = currency === accountingCurrency ? "" : ` (${formatMoney(accountingAmount, accountingCurrency)} ${accountingCurrency})`;
  return engineMessages(language).belowMinimum(credit, value, `${formatMoney(minimum, accountingCurrency)} ${accountingCurrency}`);
}
