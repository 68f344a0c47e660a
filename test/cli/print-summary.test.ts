import { formatSummary } from "../../src/cli/print-summary";
import { PlanSummary } from "../../src/workbook/summary";

const summary: PlanSummary = {
  runId: "RUN-1", date: "2026-11-24", selection: "All customers", minimum: "10.00", accountingCurrency: "EUR",
  reimbursed: 6, customers: 5,
  totals: [
    { currency: "EUR", count: 5, amount: "1234567.50", accountingAmount: "1234567.50" },
    { currency: "JPY", count: 1, amount: "435248", accountingAmount: "4352.48" },
  ],
  accountingTotal: "1238919.98",
  oneTimeVendors: [{ account: "OTV-1", customerAccount: "C1", name: "One" }],
  exceptions: [],
};

describe("the CLI's run summary", () => {
  const text = formatSummary(summary, "Run");

  it("counts credits and customers apart", () => {
    expect(text).toContain("Reimbursed: 6 credits of 5 customers");
  });

  it("groups thousands and keeps each currency's decimals, the accounting column in the accounting currency's", () => {
    expect(text).toMatch(/EUR\s+5\s+1,234,567\.50\s+1,234,567\.50/);
    expect(text).toMatch(/JPY\s+1\s+435,248\s+4,352\.48/);
    expect(text).toMatch(/Total\s+6\s+1,238,919\.98/);
    expect(text).toContain("minimum 10.00 EUR");
  });
});
