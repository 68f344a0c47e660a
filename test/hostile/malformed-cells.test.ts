import { WorkbookError, formatProblem } from "../../src/workbook/errors";
import { CellValue, WorkbookSnapshot, numericCellValue } from "../../src/workbook/grid";
import { prepareRun } from "../../src/workbook/run";
import { ERROR_VALUES, SHEETS, baseBook, withCell, withSheet } from "./generators";

/**
 * Every kind of malformed cell of the input contract, one at a time in an otherwise valid
 * workbook: the run either stops before writing anything (a parameter, a rate) or holds back the
 * one customer the cell belongs to, and says which sheet, which cell and why.
 */
const now = new Date("2026-11-24T09:30:00Z");

interface Outcome {
  fatal: string | null;
  reimbursed: string[];
  exceptions: string[];
}

function outcome(book: WorkbookSnapshot): Outcome {
  try {
    const { plan } = prepareRun(book, { now });
    return {
      fatal: null,
      reimbursed: plan.reimbursements.map((r) => `${r.customerAccount} ${r.currency} ${r.amount.toFixed(2)}`),
      exceptions: plan.exceptions.map((e) => formatProblem({ ...e.source, message: e.reason })),
    };
  } catch (e) {
    if (e instanceof WorkbookError) return { fatal: e.message, reimbursed: [], exceptions: [] };
    throw e;
  }
}

const untouched = "C001 EUR 100.50"; // -120.50 opening + 20.00 invoice
const bal = (value: CellValue) => withCell(baseBook(), SHEETS.balances, 2, "Balance", value);

describe("a balance typed as text in the common formats", () => {
  it.each<[CellValue, string]>([
    ["-30.00", "30.00"], ["-30,00", "30.00"], ["(30.00)", "30.00"], ["30.00-", "30.00"], ["-€30", "30.00"], ["EUR -30.00", "30.00"],
    ["-30.00 EUR", "30.00"], ["\u221230.00", "30.00"], ["  -30  ", "30.00"], ["-1,234.50", "1234.50"], ["-1.234,50", "1234.50"],
    ["-1 234,50", "1234.50"], ["-1\u202f234,50", "1234.50"], ["-1\u00a0234,50", "1234.50"], ["-1'234.50", "1234.50"], ["(1,234.50)", "1234.50"],
    ["-1,234,567.00", "1234567.00"], ["-.50", "0.50"], ["-0,5", "0.50"], [-30, "30.00"], [-0.1 - 0.2, "0.30"],
  ])("reads %p as a credit of %s", (cell, amount) => {
    // A minimum of 0.01 so that the smallest credits are reimbursed too.
    expect(outcome(withCell(bal(cell), SHEETS.parameters, 1, "Value", 0.01))).toEqual({ fatal: null, reimbursed: [untouched, `C002 EUR ${amount}`], exceptions: [] });
  });
});

describe("a malformed cell on a customer's row holds back that customer only, naming the cell", () => {
  const cases: [string, WorkbookSnapshot, string][] = [
    ["an ambiguous thousands comma", bal("-1,234"), "Sheet 'Customer balances', cell C3: Balance: \"1,234\" is ambiguous: write 1234 or 1.234 without a thousands comma"],
    ["a word", bal("abc"), "Sheet 'Customer balances', cell C3: Balance: expected an amount such as 1234.50, found \"abc\""],
    ["an empty cell", bal(null), "Sheet 'Customer balances', cell C3: Balance: expected an amount, found an empty cell"],
    ["a logical value", bal(true), "Sheet 'Customer balances', cell C3: Balance: expected an amount, found the logical value TRUE"],
    ["a date", bal(new Date("2026-01-01T00:00:00Z")), "Sheet 'Customer balances', cell C3: Balance: expected an amount, found a date"],
    ["too many decimals (text)", bal("-30.005"), "Sheet 'Customer balances', cell C3: Balance: -30.005 has more than the 2 decimals EUR allows"],
    ["too many decimals (number)", bal(-30.005), "Sheet 'Customer balances', cell C3: Balance: -30.005 has more than the 2 decimals EUR allows"],
    ["a non-finite number", bal(Number.NaN), "Sheet 'Customer balances', cell C3: Balance: expected an amount, found a non-finite number"],
    ["scientific notation", bal("1e3"), "Sheet 'Customer balances', cell C3: Balance: expected an amount such as 1234.50, found \"1e3\""],
    ["a double negative", bal("(-30)"), "Sheet 'Customer balances', cell C3: Balance: expected an amount such as 1234.50, found \"(-30)\""],
    ["a space inside the digits", bal("-3 0"), "Sheet 'Customer balances', cell C3: Balance: expected an amount such as 1234.50, found \"-3 0\""],
    ["two currencies", bal("EUR -30 USD"), "Sheet 'Customer balances', cell C3: Balance: expected an amount such as 1234.50, found \"EUR -30 USD\""],
    ["more digits than a cell keeps", bal("-123456789012345678"), "Sheet 'Customer balances', cell C3: Balance: \"-123456789012345678\" has more than the 15 significant digits Excel keeps"],
    ["a currency name", withCell(baseBook(), SHEETS.balances, 2, "Currency", "euro"), "Sheet 'Customer balances', cell B3: Currency: expected a three-letter ISO currency code such as EUR"],
    ["a currency number", withCell(baseBook(), SHEETS.balances, 2, "Currency", 978), "Sheet 'Customer balances', cell B3: Currency: expected a three-letter ISO currency code such as EUR"],
    ["a subtotal row", withCell(baseBook(), SHEETS.balances, 2, "Customer account", "Subtotal EUR"), "Sheet 'Customer balances', cell A3: Customer account: \"Subtotal EUR\" looks like a subtotal row; remove it from the data"],
    ["an account number Excel shortened", withCell(baseBook(), SHEETS.balances, 2, "Customer account", 1e16), "Sheet 'Customer balances', cell A3: Customer account: 10000000000000000 is a number too long for Excel to keep exactly; type the account as text"],
    ["a missing name", withCell(baseBook(), SHEETS.customers, 2, "Name", null), "Sheet 'Customers', cell B3: Name: expected the customer's name, found an empty cell"],
    ["an unknown block", withCell(baseBook(), SHEETS.customers, 2, "Blocked", "maybe"), "Sheet 'Customers', cell F3: Blocked: expected No, Invoice, Payment, All or Yes"],
    ["a currency symbol for a code", withCell(baseBook(), SHEETS.customers, 2, "Currency", "€"), "Sheet 'Customers', cell C3: Currency: expected a three-letter ISO currency code such as EUR"],
  ];
  it.each(cases)("%s", (_, book, message) => {
    expect(outcome(book)).toEqual({ fatal: null, reimbursed: [untouched], exceptions: [message] });
  });

  it.each(ERROR_VALUES)("the error value %s in an amount, an account, a name", (error) => {
    expect(outcome(bal({ error })).exceptions).toEqual([`Sheet 'Customer balances', cell C3: Balance: expected an amount, found the error ${error}`]);
    expect(outcome(withCell(baseBook(), SHEETS.balances, 2, "Customer account", { error })).exceptions).toEqual([
      `Sheet 'Customer balances', cell A3: Customer account: expected a customer account, found the error ${error}`,
    ]);
    expect(outcome(withCell(baseBook(), SHEETS.customers, 2, "Name", { error })).exceptions).toEqual([`Sheet 'Customers', cell B3: Name: expected the customer's name, found the error ${error}`]);
  });
});

describe("a malformed transaction date holds back its customer", () => {
  const tx = (value: CellValue) => withCell(baseBook(), SHEETS.transactions, 1, "Date", value);
  it.each<[string, CellValue, string]>([
    ["a future date", "2027-01-05", "Date: 2027-01-05 is after the reimbursement date 2026-11-24"],
    ["an impossible date", "2026-02-30", "Date: \"2026-02-30\" is not a real calendar date"],
    ["the 31st of a 30-day month", "31.04.2026", "Date: \"31.04.2026\" is not a real calendar date"],
    ["day and month in unknown order", "03/04/2026", "Date: \"03/04/2026\" is ambiguous (day/month or month/day): write it as YYYY-MM-DD"],
    ["Excel's phantom 29 February 1900", 60, "Date: expected a date, found the number 60, which is not a date serial"],
    ["a negative serial", -5, "Date: expected a date, found the number -5, which is not a date serial"],
    ["a date before Excel's first", "1066-10-14", "Date: \"1066-10-14\" is before 1900, the first date Excel holds"],
    ["a date cell past year 9999", new Date(Date.UTC(12000, 0, 1)), "Date: expected a date, found an invalid date or one outside the years 1900 to 9999"],
    ["words after the date", "2026-11-01 approx", "Date: expected a date such as 2026-11-24, found \"2026-11-01 approx\""],
  ])("%s", (_, value, reason) => {
    expect(outcome(tx(value))).toEqual({ fatal: null, reimbursed: ["C002 EUR 30.00"], exceptions: [`Sheet 'Customer transactions', cell B2: ${reason}`] });
  });

  it("reads dates in the unambiguous forms, with or without a time of day", () => {
    for (const value of ["2026-11-01", "01.11.2026", "2026/11/01", "2026-11-01 10:30:00", "2026-11-01T10:30Z", 46327, new Date("2026-11-01T00:00:00Z")]) {
      expect(outcome(tx(value)).reimbursed).toEqual([untouched, "C002 EUR 30.00"]);
    }
  });
});

describe("a malformed parameter or exchange rate stops the run before anything is written", () => {
  const param = (row: number, value: CellValue) => withCell(baseBook(), SHEETS.parameters, row, "Value", value);
  it.each<[string, WorkbookSnapshot, string]>([
    ["a minimum in words", param(1, "ten"), "Sheet 'Parameters', cell B2: Minimum reimbursement: expected an amount such as 1234.50, found \"ten\""],
    ["an ambiguous minimum", param(1, "10,000"), "Sheet 'Parameters', cell B2: Minimum reimbursement: \"10,000\" is ambiguous: write 1234 or 1.234 without a thousands comma"],
    ["a minimum holding an error", param(1, { error: "#DIV/0!" }), "Sheet 'Parameters', cell B2: Minimum reimbursement: expected an amount, found the error #DIV/0!"],
    ["a currency name", param(2, "Euro"), "Sheet 'Parameters', cell B3: Accounting currency: expected a three-letter ISO currency code such as EUR"],
    ["an impossible date", param(3, "2026-02-30"), "Sheet 'Parameters', cell B4: Reimbursement date: \"2026-02-30\" is not a real calendar date"],
    ["fractional payment terms", param(4, 14.5), "Sheet 'Parameters', cell B5: Payment terms days: expected a whole number, found 14.5"],
    ["payment terms of eleven years", param(4, 4000), "Sheet 'Parameters', cell B5: Payment terms days: expected a number of days between 0 and 3650"],
    ["a zero rate", withCell(baseBook(), SHEETS.rates, 1, "Rate", 0), "Sheet 'Exchange rates', cell B2: Rate: expected a positive rate, found 0"],
    ["a negative rate", withCell(baseBook(), SHEETS.rates, 1, "Rate", "-0.9"), "Sheet 'Exchange rates', cell B2: Rate: expected zero or a positive number, found -0.9"],
    ["a rate holding an error", withCell(baseBook(), SHEETS.rates, 1, "Rate", { error: "#N/A" }), "Sheet 'Exchange rates', cell B2: Rate: expected an amount, found the error #N/A"],
    ["a currency name on a rate", withCell(baseBook(), SHEETS.rates, 1, "Currency", "US Dollar"), "Sheet 'Exchange rates', cell A2: Currency: expected a three-letter ISO currency code such as EUR"],
    ["a required parameter left empty", param(2, null), "Sheet 'Parameters', cell B3: parameter 'Accounting currency' is required but empty"],
  ])("%s", (_, book, message) => {
    expect(outcome(book)).toEqual({ fatal: message, reimbursed: [], exceptions: [] });
  });

  it("takes a reimbursement date far in the future as given (documented in docs/errors.md)", () => {
    expect(outcome(param(3, "2999-12-31")).reimbursed).toEqual([untouched, "C002 EUR 30.00"]);
  });
});

describe("ids typed as numbers", () => {
  it("match the same digits typed as text, and leading zeros stay significant", () => {
    const numeric = withCell(withCell(baseBook(), SHEETS.customers, 2, "Customer account", 1002), SHEETS.balances, 2, "Customer account", "1002");
    expect(outcome(numeric).reimbursed).toEqual([untouched, "1002 EUR 30.00"]);
    const zeros = withCell(withCell(baseBook(), SHEETS.customers, 2, "Customer account", 1002), SHEETS.balances, 2, "Customer account", "01002");
    expect(outcome(zeros).exceptions).toEqual(["Sheet 'Customer balances', cell C3: Customer 01002 is not on sheet Customers"]);
  });

  it("a vendor account typed as a number finds its vendor typed as text", () => {
    const book = withCell(withCell(baseBook(), SHEETS.customers, 1, "Vendor account", 100), SHEETS.vendors, 1, "Vendor account", "100");
    expect(outcome(book).reimbursed).toEqual([untouched, "C002 EUR 30.00"]);
  });
});

describe("duplicated keys", () => {
  it("hold back every row of the duplicated customer, never summing or picking one", () => {
    expect(outcome(withCell(baseBook(), SHEETS.balances, 2, "Customer account", "C001")).exceptions).toEqual([
      "Sheet 'Customer balances', cell A3: a second EUR balance for customer C001 (first at A2); keep one row per customer and currency",
    ]);
    expect(outcome(withCell(baseBook(), SHEETS.customers, 2, "Customer account", "c001")).exceptions).toEqual([
      "Sheet 'Customers', cell A3: customer c001 appears twice on sheet Customers (also A2)",
      "Sheet 'Customer balances', cell C3: Customer C002 is not on sheet Customers",
    ]);
  });

  it("stop the run on a currency with two rates", () => {
    const book = withCell(baseBook(), SHEETS.rates, 1, "Currency", "USD");
    const twice = { sheets: book.sheets.map((s) => (s.name === SHEETS.rates ? { ...s, rows: [...s.rows, ["usd", 0.91]] } : s)) };
    expect(outcome(twice).fatal).toBe("Sheet 'Exchange rates', cell A3: a second rate for USD; keep one row per currency");
  });
});

describe("inputs Excel itself could not hold are refused, naming sheet and cell (issue 10)", () => {
  const cases: [string, WorkbookSnapshot, string][] = [
    ["a number cell storing a comma decimal (<v>-1812,69</v>)", bal(numericCellValue("-1812,69")), "Sheet 'Customer balances', cell C3: Balance: expected an amount, found a number cell holding \"-1812,69\", which is not a number (a number cell stores digits with a \".\" such as -1812.69; the file was not written by Excel or was damaged)"],
    ["a number cell storing hexadecimal (<v>0x10</v>)", bal(numericCellValue("0x10")), "Sheet 'Customer balances', cell C3: Balance: expected an amount, found a number cell holding \"0x10\", which is not a number (a number cell stores digits with a \".\" such as -1812.69; the file was not written by Excel or was damaged)"],
    ["an amount beyond 15 significant digits", bal(-39999999999999.96), "Sheet 'Customer balances', cell C3: Balance: -39999999999999.96 has more than the 15 significant digits Excel keeps; it would be read as -40000000000000, a different amount"],
    ["a bell in a name", withCell(baseBook(), SHEETS.customers, 2, "Name", "Jan\u0007 Jansen"), "Sheet 'Customers', cell B3: Name: expected a name or account without control characters, found U+0007 at character 4 of \"Jan\u0007 Jansen\""],
    ["an escape in a vendor account", withCell(baseBook(), SHEETS.customers, 2, "Vendor account", "V\u001b1"), "Sheet 'Customers', cell D3: Vendor account: expected a name or account without control characters, found U+001B at character 2 of \"V\u001b1\""],
    ["a tab in an IBAN", withCell(baseBook(), SHEETS.customers, 2, "IBAN", "FR76\t3000"), "Sheet 'Customers', cell K3: IBAN: expected a name or account without control characters, found U+0009 at character 5 of \"FR76\t3000\""],
    ["a text longer than a cell holds", withCell(baseBook(), SHEETS.customers, 2, "Address", "x".repeat(32_768)), "Sheet 'Customers', cell G3: Address: expected text of at most 32,767 characters (Excel's limit for a cell), found 32,768"],
  ];
  it.each(cases)("%s", (_, book, message) => {
    expect(outcome(book).exceptions).toEqual([message]);
  });

  it("reads a number cell in every form Excel writes, and float noise of formulas as the amount shown", () => {
    expect([numericCellValue("-1812.69"), numericCellValue("1E-3"), numericCellValue("4.0000000000000002E+13"), numericCellValue(" 12 ")]).toEqual([-1812.69, 0.001, 40000000000000, 12]);
    expect(outcome(bal(-123456789012.35 + 1e-5 * 0)).reimbursed).toEqual([untouched, "C002 EUR 123456789012.35"]);
    expect(outcome(bal(-(0.1 + 0.2) * 1e11)).reimbursed).toEqual([untouched, "C002 EUR 30000000000.00"]);
  });

  it("allows line breaks in a name (CSV quoting keeps them in one field)", () => {
    expect(outcome(withCell(baseBook(), SHEETS.customers, 2, "Name", "Jansen\nc/o Pietersen")).reimbursed).toEqual([untouched, "C002 EUR 30.00"]);
  });

  it("stops on a minimum with more decimals than the accounting currency: 10.001 EUR would show as 10.00", () => {
    const book = withCell(baseBook(), SHEETS.parameters, 1, "Value", 10.001);
    expect(outcome(book).fatal).toBe("Sheet 'Parameters', cell B2: Minimum reimbursement: 10.001 has more than the 2 decimals of the accounting currency EUR");
  });

  it("stops on a value past Excel's last row or column", () => {
    const below = withSheet(baseBook(), SHEETS.balances, (g) => ({ ...g, startRow: 1_048_575 }));
    expect(outcome(below).fatal).toBe("Sheet 'Customer balances', cell A1048577: a value past row 1,048,576, the last row of an Excel sheet; the file was not written by Excel: remove it");
    const right = withSheet(baseBook(), SHEETS.balances, (g) => ({ ...g, startCol: 16_383 }));
    expect(outcome(right).fatal).toBe("Sheet 'Customer balances', cell XFE1: a value past column XFD (16,384), the last column of an Excel sheet; the file was not written by Excel: remove it");
  });
});
