import { SHEETS } from "../../src/workbook/contract";
import { WorkbookError } from "../../src/workbook/errors";
import { WorkbookSnapshot } from "../../src/workbook/grid";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { prepareRun } from "../../src/workbook/run";
import { buildBook, sheet } from "../support/workbook-builder";

const now = new Date("2026-11-24T09:30:00Z");

function fatal(book: WorkbookSnapshot): string {
  try {
    prepareRun(book, { now });
  } catch (e) {
    if (e instanceof WorkbookError) return e.message;
    throw e;
  }
  throw new Error("the run was expected to stop");
}

const replace = (book: WorkbookSnapshot, name: string, rows: unknown[][]): WorkbookSnapshot => ({
  sheets: book.sheets.map((s) => (s.name === name ? { ...s, rows: rows as never } : s)),
});

describe("the workbook contract", () => {
  const base = buildBook({ customers: [{ account: "C1" }], balances: [["C1", "EUR", -20]] });

  it("stops, naming the sheet, when a required sheet is missing", () => {
    const book = { sheets: base.sheets.filter((s) => s.name !== SHEETS.customers) };
    expect(fatal(book)).toBe("Sheet 'Customers': the workbook has no sheet named 'Customers'");
  });

  it("stops, naming the header row, when a required column is missing", () => {
    const book = replace(base, SHEETS.balances, [["Customer account", "Currency", "Amount"], ["C1", "EUR", -20]]);
    expect(fatal(book)).toBe("Sheet 'Customer balances', cell A1: required column 'Balance' is missing from the header row (row 1)");
  });

  it("stops, naming the cell, when the minimum cannot be read", () => {
    expect(fatal(buildBook({ minimum: "ten euros" }))).toBe(
      "Sheet 'Parameters', cell B2: Minimum reimbursement: expected an amount such as 1234.50, found \"ten euros\"",
    );
    expect(fatal(buildBook({ minimum: -5 }))).toMatch(/cell B2: Minimum reimbursement: expected zero or a positive number, found -5/);
    expect(fatal(buildBook({ accountingCurrency: "Euro" }))).toMatch(/cell B3: Accounting currency: expected a three-letter ISO currency code/);
  });

  it("reports every bad parameter at once", () => {
    expect(fatal(buildBook({ minimum: "x", date: "2026-02-30" })).split("\n")).toHaveLength(2);
  });

  it("finds sheets whatever their case and columns whatever their order, spacing and extra neighbours", () => {
    const book: WorkbookSnapshot = {
      sheets: [
        ...base.sheets.filter((s) => s.name !== SHEETS.balances && s.name !== SHEETS.customers),
        sheet("CUSTOMERS", [["Notes", " customer  ACCOUNT ", "name"], ["vip", "C1", "Acme"]]),
        { name: "customer balances", startRow: 3, startCol: 2, rows: [[null, null, null], ["Balance", "Currency", "Customer_Account"], [-20, "eur", "C1"]] },
      ],
    };
    const { plan } = prepareRun(book, { now });
    expect(plan.reimbursements.map((r) => [r.customerAccount, r.currency, r.amount.toFixed(2)])).toEqual([["C1", "EUR", "20.00"]]);
    expect(plan.exceptions).toEqual([]);
  });

  it("names the exact cell of a bad row when the used range does not start at A1", () => {
    const book = { sheets: [...base.sheets.filter((s) => s.name !== SHEETS.balances), { name: SHEETS.balances, startRow: 5, startCol: 3, rows: [["Customer account", "Currency", "Balance"], ["C1", "EUR", "lots"]] }] };
    const { plan } = prepareRun(book, { now });
    expect(plan.exceptions.map((e) => `${e.source.sheet}!${e.source.address}: ${e.reason}`)).toEqual([
      'Customer balances!E6: Balance: expected an amount such as 1234.50, found "lots"',
    ]);
  });

  it("reports a subtotal row instead of taking it for a customer", () => {
    const book = replace(base, SHEETS.balances, [["Customer account", "Currency", "Balance"], ["C1", "EUR", -20], ["Total", "EUR", -20]]);
    const { plan } = prepareRun(book, { now });
    expect(plan.reimbursements).toHaveLength(1);
    expect(plan.exceptions.map((e) => [e.source.address, e.reason])).toEqual([["A3", 'Customer account: "Total" looks like a subtotal row; remove it from the data']]);
  });

  it("refuses an amount with more decimals than its currency has", () => {
    const book = replace(base, SHEETS.balances, [["Customer account", "Currency", "Balance"], ["C1", "EUR", -20.005], ["C1", "JPY", -20.5]]);
    expect(prepareRun(book, { now }).plan.exceptions.map((e) => e.reason)).toEqual([
      "Balance: -20.005 has more than the 2 decimals EUR allows",
      "Balance: -20.5 has more than the 0 decimals JPY allows",
    ]);
  });

  it("appends to an existing output sheet under its own columns, adding the missing ones at the end", () => {
    const book = { sheets: [...base.sheets, sheet(SHEETS.reimbursements, [["My note", "Run id", "Customer account", "Currency", "Amount"], ["keep me", "RUN-OLD", "C9", "EUR", 5]])] };
    const { plan, patch } = prepareRun(book, { now });
    const after = applyPatchToSnapshot(book, patch).sheets.find((s) => s.name === SHEETS.reimbursements);
    expect(after?.rows[0].slice(0, 6)).toEqual(["My note", "Run id", "Customer account", "Currency", "Amount", "Date"]);
    expect(after?.rows[1]).toEqual(["keep me", "RUN-OLD", "C9", "EUR", 5]);
    expect(after?.rows[2].slice(0, 6)).toEqual([null, plan.runId, "C1", "EUR", 20, new Date("2026-11-24T00:00:00Z")]);
  });

  it("stops on two sheets whose names differ only in spacing", () => {
    const book = { sheets: [...base.sheets, sheet(" Customers ", [["Customer account", "Name"]])] };
    expect(fatal(book)).toMatch(/2 sheets are named 'Customers'/);
  });

  it("holds back a customer with a transaction dated after the reimbursement date", () => {
    const book = buildBook({ customers: [{ account: "C1" }], balances: [["C1", "EUR", -20]], transactions: [["C1", "2027-01-05", "EUR", -5, "Payment"]] });
    expect(prepareRun(book, { now }).plan.exceptions.map((e) => e.reason)).toEqual(["Date: 2027-01-05 is after the reimbursement date 2026-11-24"]);
  });
});
