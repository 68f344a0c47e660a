import fc from "fast-check";
import { assessCredit } from "../../src/core/eligibility";
import { Money } from "../../src/core/money";

const eur = (minimum: string | number, rate: string | number | null = 1) => ({
  minimum: new Money(minimum),
  rate: rate === null ? null : new Money(rate),
  accountingCurrency: "EUR",
});

describe("the eligibility rule", () => {
  it("reimburses a credit of exactly the minimum", () => {
    const a = assessCredit(new Money("-10.00"), "EUR", eur(10));
    expect(a.status).toBe("Reimbursable");
    expect(a.amount.toFixed(2)).toBe("10.00");
  });

  it("does not reimburse a credit one cent below the minimum", () => {
    const a = assessCredit(new Money("-9.99"), "EUR", eur(10));
    expect(a.status).toBe("Below minimum");
    expect(a.amount.isZero()).toBe(true);
  });

  it("never reimburses a debit balance or a zero balance", () => {
    expect(assessCredit(new Money("25"), "EUR", eur(0)).status).toBe("Debit balance");
    expect(assessCredit(new Money("0"), "EUR", eur(0)).status).toBe("Zero balance");
    expect(assessCredit(new Money("-0.004"), "EUR", eur(0)).status).toBe("Zero balance");
  });

  it("compares a foreign credit by its accounting-currency value, but reimburses it in its own currency", () => {
    const a = assessCredit(new Money("-1000"), "JPY", eur(10, "0.0061"));
    expect(a.status).toBe("Below minimum");
    expect(a.accountingAmount?.toFixed(2)).toBe("6.10");
    const b = assessCredit(new Money("-2000"), "JPY", eur(10, "0.0061"));
    expect(b.status).toBe("Reimbursable");
    expect(b.amount.toFixed()).toBe("2000");
    expect(b.accountingAmount?.toFixed(2)).toBe("12.20");
  });

  it("rounds the accounting value to cents before comparing with the minimum", () => {
    // 9.995 EUR rounds half up to 10.00, which reaches the minimum.
    expect(assessCredit(new Money("-99.95"), "USD", eur(10, "0.1")).status).toBe("Reimbursable");
    expect(assessCredit(new Money("-99.94"), "USD", eur(10, "0.1")).status).toBe("Below minimum");
  });

  it("reports a foreign credit without a rate as No rate", () => {
    expect(assessCredit(new Money("-50"), "CHF", eur(10, null)).status).toBe("No rate");
  });

  it("reimburses the whole credit, never more and never a part, whatever the amounts", () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 100_000 }), (cents, minCents) => {
        const balance = new Money(cents).div(100);
        const minimum = new Money(minCents).div(100);
        const a = assessCredit(balance, "EUR", eur(minimum.toFixed()));
        if (a.status === "Reimbursable") {
          expect(a.amount.equals(balance.negated())).toBe(true);
          expect(a.amount.greaterThanOrEqualTo(minimum)).toBe(true);
        } else {
          expect(a.amount.isZero()).toBe(true);
          if (cents < 0) expect(balance.negated().lessThan(minimum)).toBe(true);
        }
      }),
    );
  });
});
