import { LISTED_EXCEPTIONS, exceptionsHeading, groupDigits, previewModel } from "../../src/taskpane/preview-model";
import { runResult } from "../../src/taskpane/run-result";
import { prepareRun } from "../../src/workbook/run";
import { summarizePlan } from "../../src/workbook/summary";
import { buildBook } from "../support/workbook-builder";

const now = new Date("2026-11-24T09:30:00Z");
const book = buildBook({
  customers: [{ account: "C001", vendor: "V1" }, { account: "C002" }, { account: "C003", currency: "USD" }, { account: "C004" }],
  balances: [["C001", "EUR", -1234567.5], ["C002", "EUR", -20], ["C003", "USD", -100], ["C004", "EUR", -2]],
  vendors: [["V1", "Vendor one"]],
  rates: [["USD", 0.9]],
});

describe("the preview of a run", () => {
  const { plan, patch } = prepareRun(book, { now });
  const summary = summarizePlan(plan);
  const model = previewModel(summary);

  it("counts the credits and totals them per currency and in the accounting currency", () => {
    expect(model.headline).toBe("3 credits of 3 customers to reimburse, 1,234,677.50 EUR in total");
    expect(model.totals).toEqual([
      { currency: "EUR", count: "2", amount: "1,234,587.50", accountingAmount: "1,234,587.50" },
      { currency: "USD", count: "1", amount: "100.00", accountingAmount: "90.00" },
    ]);
    expect(model.selection).toBe("All customers; minimum 10.00 EUR; date 2026-11-24");
    expect(model.canRun).toBe(true);
  });

  it("lists the one-time vendors to create and each exception with the cell it comes from", () => {
    expect(model.vendors).toEqual(["OTV-000001 — Customer C002 (customer C002)", "OTV-000002 — Customer C003 (customer C003)"]);
    expect(model.exceptions).toEqual([{
      sheet: "Customer balances", cell: "C5", text: "Sheet 'Customer balances', cell C5: customer C004: Credit of 2.00 EUR is below the minimum reimbursement of 10.00 EUR",
      customer: "C004", currency: "EUR", balance: "-2.00", amount: "-2.00 EUR",
      reason: "Credit of 2.00 EUR is below the minimum reimbursement of 10.00 EUR", group: "Credit of … EUR is below the minimum reimbursement of … EUR",
    }]);
    expect(exceptionsHeading(summary)).toBe("1 exception: not reimbursed");
  });

  it("keeps every exception for the table, which lists at most a few hundred", () => {
    const many = { ...summary, exceptions: Array.from({ length: LISTED_EXCEPTIONS + 5 }, () => summary.exceptions[0]) };
    expect(previewModel(many).exceptions).toHaveLength(LISTED_EXCEPTIONS + 5);
  });

  it("cannot run when only exceptions would be written: an empty run is not a run", () => {
    const onlyBelow = summarizePlan(prepareRun(buildBook({ customers: [{ account: "C1" }], balances: [["C1", "EUR", -2]] }), { now }).plan);
    expect(onlyBelow.exceptions).toHaveLength(1);
    expect(previewModel(onlyBelow).canRun).toBe(false);
  });

  it("has nothing to run when nothing would be written", () => {
    const empty = summarizePlan(prepareRun(buildBook(), { now }).plan);
    expect(previewModel(empty)).toMatchObject({ headline: "No credit balance to reimburse", canRun: false });
  });

  it("sums up a finished run sheet by sheet, for links to the sheets", () => {
    const result = runResult(summary, patch);
    expect(result.headline).toBe(`Run ${summary.runId} reimbursed 3 credits (1,234,677.50 EUR); 1 exception recorded.`);
    expect(result.sheets.find((s) => s.name === "Reimbursements")).toEqual({ name: "Reimbursements", rows: 3, created: true });
  });

  it("groups thousands without touching decimals", () => {
    expect(groupDigits("-1234567.125")).toBe("-1,234,567.125");
    expect(groupDigits("999")).toBe("999");
    expect(groupDigits("n/a")).toBe("n/a");
  });
});
