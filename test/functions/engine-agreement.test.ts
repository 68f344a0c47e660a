import fc from "fast-check";
import { minorUnits } from "../../src/core/currency";
import { Money, roundMoney } from "../../src/core/money";
import { ReimbursementInput, ReimbursementPlan, planReimbursement } from "../../src/core/plan";
import { reimbursableAmounts, reimbursementStatuses } from "../../src/functions/reimbursable";
import { snapshotSource } from "../../src/functions/workbook-source";
import { ledgerBook } from "./book";

/**
 * The worksheet functions must say what a reimbursement run would do: for any balance,
 * minimum and rate, =CUSTOMER.REIMBURSABLE() equals the amount planReimbursement pays the one
 * customer, and =CUSTOMER.REIMBURSEMENTSTATUS() names the same outcome.
 */

const ACCOUNT = "C001";

interface Case {
  accountingCurrency: string;
  /** The balance's currency; the accounting currency when the function is called without a rate. */
  currency: string;
  balance: Money;
  minimum: Money;
  /** Accounting-currency units per unit of `currency`; null when the rate is missing. */
  rate: Money | null;
  /** True: the minimum comes from the Parameters sheet (argument omitted). */
  minimumFromSheet: boolean;
}

function engineInput(c: Case): ReimbursementInput {
  const source = { sheet: "Customer balances", address: "C2" };
  return {
    parameters: { minimum: c.minimum, accountingCurrency: c.accountingCurrency, date: "2026-11-24", paymentTermsDays: 0, invoicePrefix: "RB-", oneTimeVendorPrefix: "OTV-" },
    customers: [{
      account: ACCOUNT, name: "Customer One", currency: c.currency, vendorAccount: "V001", group: null, blocked: "No",
      address: null, city: null, postalCode: null, country: null, iban: null, source: { sheet: "Customers", address: "A2" },
    }],
    balances: [{ account: ACCOUNT, currency: c.currency, amount: c.balance, source }],
    transactions: [],
    vendors: null,
    oneTimeVendors: [],
    rates: c.rate === null ? new Map() : new Map([[c.currency, c.rate]]),
    existingInvoices: [],
    existingRunIds: [],
    problems: [],
    selection: {},
    now: new Date("2026-11-24T09:00:00Z"),
  };
}

/** The run's outcome for the one balance, in the words of CreditStatus. */
function engineStatus(plan: ReimbursementPlan, balance: Money, currency: string): string {
  if (plan.reimbursements.length) return "Reimbursable";
  const reason = plan.exceptions[0]?.reason ?? "";
  if (reason.startsWith("No exchange rate")) return "No rate";
  if (reason.includes("below the minimum")) return "Below minimum";
  const rounded = roundMoney(balance, currency);
  return rounded.isZero() ? "Zero balance" : "Debit balance";
}

const amountIn = (currency: string) =>
  fc.oneof(fc.constant(0), fc.integer({ min: -5_000, max: 5_000 }), fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }))
    .map((minor) => new Money(minor).dividedBy(10 ** minorUnits(currency)));

/** Rates with up to 6 decimals, as an exchange-rate sheet holds them. */
const rate = fc.integer({ min: 1, max: 500_000_000 }).map((n) => new Money(n).dividedBy(1_000_000));

const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    accountingCurrency: fc.constantFrom("EUR", "USD", "JPY", "KWD"),
    // A foreign balance is rounded to 2 decimals by the function (it is not told the currency),
    // so foreign currencies here have at most 2; docs/functions.md says so.
    foreign: fc.option(fc.constantFrom("EUR", "USD", "GBP", "JPY", "CHF"), { nil: null }),
    rate: fc.option(rate, { nil: null }),
    minimumKind: fc.constantFrom("random", "at", "below", "above"),
    minimumFromSheet: fc.boolean(),
    seed: fc.integer({ min: 0, max: 1_000_000 }),
  })
  .chain((r) => {
    const currency = r.foreign ?? r.accountingCurrency;
    return amountIn(currency).chain((balance) =>
      amountIn(r.accountingCurrency).map((randomMinimum): Case => {
        const effectiveRate = currency === r.accountingCurrency ? new Money(1) : r.rate;
        const credit = roundMoney(balance, currency).negated();
        const value = effectiveRate ? roundMoney(credit.times(effectiveRate), r.accountingCurrency) : credit;
        const unit = new Money(1).dividedBy(10 ** minorUnits(r.accountingCurrency));
        const boundary = { random: randomMinimum.abs(), at: value, below: value.minus(unit), above: value.plus(unit) }[r.minimumKind as "random" | "at" | "below" | "above"];
        return {
          accountingCurrency: r.accountingCurrency,
          currency,
          balance,
          minimum: Money.max(boundary, 0),
          rate: currency === r.accountingCurrency ? null : r.rate,
          minimumFromSheet: r.minimumFromSheet,
        };
      }),
    );
  });

describe("the worksheet functions and a reimbursement run agree", () => {
  it("for every balance, minimum and rate: the same amount reimbursed and the same status", async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (c) => {
        const plan = planReimbursement(engineInput(c));
        const reimbursed = plan.reimbursements[0]?.amount.toNumber() ?? 0;
        const workbook = snapshotSource(ledgerBook({ minimum: c.minimum.toNumber(), accountingCurrency: c.accountingCurrency }));
        const minimumArg = c.minimumFromSheet ? null : c.minimum.toNumber();
        // No rate argument when the balance is in the accounting currency; "" for a rate the sheet lacks.
        const rateArg = c.currency === c.accountingCurrency ? null : c.rate === null ? "" : c.rate.toNumber();
        const [[amount]] = await reimbursableAmounts([[c.balance.toNumber()]], minimumArg, rateArg, workbook);
        const [[status]] = await reimbursementStatuses([[c.balance.toNumber()]], minimumArg, rateArg, workbook);
        expect(amount).toBe(reimbursed);
        expect(status).toBe(engineStatus(plan, c.balance, c.currency));
      }),
      { numRuns: 400 },
    );
  });

  it("agrees on the boundary cases named in the issue", async () => {
    const cases: Case[] = [
      { accountingCurrency: "EUR", currency: "EUR", balance: new Money("-10"), minimum: new Money(10), rate: null, minimumFromSheet: false },
      { accountingCurrency: "EUR", currency: "EUR", balance: new Money("-9.99"), minimum: new Money(10), rate: null, minimumFromSheet: true },
      { accountingCurrency: "JPY", currency: "JPY", balance: new Money("-1000"), minimum: new Money(1000), rate: null, minimumFromSheet: true },
      { accountingCurrency: "JPY", currency: "USD", balance: new Money("-100"), minimum: new Money(14957), rate: new Money("149.567"), minimumFromSheet: false },
      { accountingCurrency: "EUR", currency: "USD", balance: new Money("-100"), minimum: new Money(1), rate: null, minimumFromSheet: false },
    ];
    for (const c of cases) {
      const plan = planReimbursement(engineInput(c));
      const workbook = snapshotSource(ledgerBook({ minimum: c.minimum.toNumber(), accountingCurrency: c.accountingCurrency }));
      const rateArg = c.currency === c.accountingCurrency ? null : c.rate === null ? "" : c.rate.toNumber();
      const [[status]] = await reimbursementStatuses(c.balance.toNumber(), c.minimumFromSheet ? null : c.minimum.toNumber(), rateArg, workbook);
      expect(status).toBe(engineStatus(plan, c.balance, c.currency));
    }
  });
});
