import { exceptionsTsv, filterExceptions, groupExceptions } from "../../src/taskpane/exceptions-view";
import { maskIban, payApproval, runApproval } from "../../src/taskpane/approval-model";
import { paymentModel } from "../../src/taskpane/payment-model";
import { preparePayment } from "../../src/payments/prepare-payment";
import { DEBTOR_PARAMETERS, RUN_AT } from "../export/ap-book";
import { buildBook } from "../support/workbook-builder";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { SHEETS } from "../../src/workbook/contract";
import { prepareRun } from "../../src/workbook/run";
import { ExceptionItem, reasonGroup } from "../../src/taskpane/preview-model";
import { deserializeError, serializeError } from "../../src/taskpane/worker/protocol";
import { WorkbookError } from "../../src/workbook/errors";
import { PlanSummary } from "../../src/workbook/summary";

const item = (customer: string, reason: string, balance = "-5.00"): ExceptionItem => ({
  text: `Sheet 'Customers', cell A2: customer ${customer}: ${reason}`, sheet: "Customers", cell: "A2",
  customer, currency: "EUR", balance, amount: `${balance} EUR`, reason, group: reasonGroup(reason),
});

describe("the exceptions table", () => {
  const items = [
    item("C1", "Credit of 5.00 EUR is below the minimum reimbursement of 10.00 EUR"),
    item("C2", "Customer is blocked (All)"),
    item("C3", "Credit of 7.25 EUR is below the minimum reimbursement of 10.00 EUR", "-7.25"),
  ];

  it("groups exceptions of one kind whatever their figures, the largest group first", () => {
    expect(groupExceptions(items).map((g) => [g.group, g.items.map((i) => i.customer)])).toEqual([
      ["Credit of … EUR is below the minimum reimbursement of … EUR", ["C1", "C3"]],
      ["Customer is blocked (All)", ["C2"]],
    ]);
  });

  it("filters on every word typed, in any column, ignoring case", () => {
    expect(filterExceptions(items, "BELOW c3").map((i) => i.customer)).toEqual(["C3"]);
    expect(filterExceptions(items, "  ")).toHaveLength(3);
  });

  it("copies as tab-separated rows with a header, tabs and line breaks in a reason flattened", () => {
    const tsv = exceptionsTsv([item("C9", "two\tparts\nhere")]);
    expect(tsv).toBe("Customer\tCurrency\tAmount\tReason\tSheet\tCell\r\nC9\tEUR\t-5.00\ttwo parts here\tCustomers\tA2\r\n");
  });
});

describe("the approval summary", () => {
  it("masks an IBAN to its country, check digits and last four", () => {
    expect(maskIban("NL91 ABNA 0417 1643 00")).toBe("NL91 •••• 4300");
    expect(maskIban(null)).toBe("");
  });

  it("lists totals per currency, the payees and the exceptions by kind", () => {
    const summary: PlanSummary = {
      runId: "RUN-1", date: "2026-11-24", selection: "All customers", minimum: "10.00", accountingCurrency: "EUR", reimbursed: 2, customers: 1,
      totals: [{ currency: "EUR", count: 1, amount: "1234.50", accountingAmount: "1234.50" }, { currency: "JPY", count: 1, amount: "5000", accountingAmount: "31.00" }],
      accountingTotal: "1265.50", oneTimeVendors: [],
      exceptions: [{ customerAccount: "C2", currency: "EUR", balance: "-3.00", reason: "Credit of 3.00 EUR is below the minimum reimbursement of 10.00 EUR", sheet: "Customer balances", cell: "C3", message: "" }],
    };
    const payees = [
      { name: "Customer one", vendorAccount: "OTV-1", customerAccount: "C1", iban: "NL91ABNA0417164300", currency: "EUR", amount: "1234.5" },
      { name: "Customer one", vendorAccount: "OTV-1", customerAccount: "C1", iban: null, currency: "JPY", amount: "5000" },
    ];
    const model = runApproval(summary, payees, "ledger.xlsx", "2026-11-24 09:30 UTC");
    expect(model.totals).toEqual([["EUR", "1", "1,234.50 EUR", "1,234.50 EUR"], ["JPY", "1", "5,000 JPY", "31.00 EUR"]]);
    expect(model.payees).toEqual([["Customer one (OTV-1)", "NL91 •••• 4300", "1,234.50 EUR"], ["Customer one (OTV-1)", "no IBAN: the payment will list it as an exception", "5,000 JPY"]]);
    expect(model.exceptions).toEqual([["Credit of … EUR is below the minimum reimbursement of … EUR", "1"]]);
    expect(model.facts).toContain("Workbook: ledger.xlsx");
  });
});

describe("the pay approval", () => {
  it("totals the payment file per currency it pays, each with its transfers, not as one euro figure", () => {
    const spec = buildBook({
      customers: [{ account: "C001" }, { account: "C002" }, { account: "C003", currency: "USD" }, { account: "C004", iban: "" }, { account: "C005", iban: "" }],
      balances: [["C001", "EUR", -120.5], ["C002", "EUR", -30], ["C003", "USD", -50], ["C004", "EUR", -20], ["C005", "EUR", -25]],
      rates: [["USD", 0.9]],
      extraParameters: DEBTOR_PARAMETERS,
    });
    // A payment in USD needs the payee bank's BIC, which the one-time vendors take from their customers.
    const customers = spec.sheets.find((g) => g.name === SHEETS.customers);
    const bic = customers?.rows[0].indexOf("BIC") ?? -1;
    for (const row of customers?.rows.slice(1) ?? []) {
      while (row.length < bic) row.push(null);
      row[bic] = "BNPAFRPPXXX";
    }
    const book = applyPatchToSnapshot(spec, prepareRun(spec, { now: RUN_AT }).patch);
    const prepared = preparePayment(book, { now: new Date("2026-11-24T10:00:00Z"), randomHex: () => "a1b2c3" });
    const model = payApproval(paymentModel(prepared), "book.xlsx", "2026-11-24 10:00");
    const expected = prepared.totals.map((x) => [x.currency, String(x.count), `${x.total.toFixed(2)} ${x.currency}`]);
    expect(expected.map((row) => row[0])).toEqual(["EUR", "USD"]);
    expect(model.totals).toEqual(expected);
    expect(model.payees.length).toBe(prepared.transfers.length);
    // Unpaid invoices by kind of reason, not one group per cell.
    expect(model.exceptions).toEqual([["Invoice RB-… not paid: vendor OTV-… has no IBAN or account number", "2"]]);
    expect(model.exceptions.flat().join(" ")).not.toMatch(/Sheet '/);
  });
});

describe("errors from the engine worker", () => {
  it("keep a WorkbookError's cell-addressed problems across postMessage", () => {
    const problems = [{ sheet: "Parameters", address: "B2", message: "Minimum reimbursement: expected an amount" }];
    const back = deserializeError(structuredClone(serializeError(new WorkbookError(problems))));
    expect(back).toBeInstanceOf(WorkbookError);
    expect((back as WorkbookError).problems).toEqual(problems);
    expect(deserializeError(serializeError(new Error("boom"))).message).toBe("boom");
  });
});
