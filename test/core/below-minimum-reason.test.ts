import { belowMinimumReason } from "../../src/core/eligibility";
import { Money } from "../../src/core/money";

const m = (v: string) => new Money(v);

describe("the reason a credit below the minimum is not reimbursed", () => {
  it("writes every amount with its currency's decimals", () => {
    expect(belowMinimumReason(m("-3"), "EUR", m("3"), m("10"), "EUR")).toBe("Credit of 3.00 EUR is below the minimum reimbursement of 10.00 EUR");
  });

  it("quotes a foreign credit in its own currency, then its accounting value", () => {
    expect(belowMinimumReason(m("-5"), "USD", m("4.5"), m("10"), "EUR")).toBe("Credit of 5.00 USD (4.50 EUR) is below the minimum reimbursement of 10.00 EUR");
    expect(belowMinimumReason(m("-800"), "JPY", m("4.87"), m("10"), "EUR")).toBe("Credit of 800 JPY (4.87 EUR) is below the minimum reimbursement of 10.00 EUR");
    expect(belowMinimumReason(m("-1.2345"), "BHD", m("2.99"), m("10"), "EUR")).toBe("Credit of 1.235 BHD (2.99 EUR) is below the minimum reimbursement of 10.00 EUR");
  });
});
