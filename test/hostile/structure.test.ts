import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { WorkbookError } from "../../src/workbook/errors";
import { fingerprint } from "../../src/workbook/fingerprint";
import { CellValue, WorkbookSnapshot } from "../../src/workbook/grid";
import { prepareReversal } from "../../src/workbook/reverse";
import { prepareRun } from "../../src/workbook/run";
import { readTable, sheetNamed } from "../../src/workbook/table";
import { COLUMNS, EXCEL_ROWS, SHEETS, baseBook, fullHeightSheet, headers, sheet, withRows, withSheet } from "./generators";

/** Hostile shapes of the workbook as a whole: sheets, headers, rows, names, size. */
const now = new Date("2026-11-24T09:30:00Z");

function fatal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof WorkbookError) return e.message;
    throw e;
  }
  throw new Error("expected the workbook to be refused");
}
const runFatal = (book: WorkbookSnapshot) => fatal(() => prepareRun(book, { now }));
const reasons = (book: WorkbookSnapshot) => prepareRun(book, { now }).plan.exceptions.map((e) => `${e.source.sheet}!${e.source.address}: ${e.reason}`);
const headerOf = (book: WorkbookSnapshot, name: string) => (sheetNamed(book, name)?.rows[0] ?? []).filter((c) => c !== null);

describe("missing sheets and columns stop the run, naming them", () => {
  it.each([SHEETS.parameters, SHEETS.customers, SHEETS.balances])("no sheet %s", (name) => {
    expect(runFatal(withSheet(baseBook(), name, () => null))).toBe(`Sheet '${name}': the workbook has no sheet named '${name}'`);
  });

  it.each([SHEETS.transactions, SHEETS.vendors, SHEETS.rates])("runs without the optional sheet %s", (name) => {
    expect(() => prepareRun(withSheet(baseBook(), name, () => null), { now })).not.toThrow();
  });

  const required: [string, readonly { header: string; required?: boolean }[]][] = [
    [SHEETS.parameters, COLUMNS.parameters], [SHEETS.customers, COLUMNS.customers], [SHEETS.balances, COLUMNS.balances],
    [SHEETS.transactions, COLUMNS.transactions], [SHEETS.vendors, COLUMNS.vendors], [SHEETS.rates, COLUMNS.rates],
  ];
  const cases = required.flatMap(([name, specs]) => specs.filter((s) => s.required).map((s) => [name, s.header] as const));
  it.each(cases)("sheet %s without column %s", (name, header) => {
    const book = withSheet(baseBook(), name, (grid) => ({ ...grid, rows: grid.rows.map((r, i) => (i === 0 ? r.map((c) => (c === header ? "Renamed" : c)) : r)) }));
    expect(runFatal(book)).toBe(`Sheet '${name}', cell A1: required column '${header}' is missing from the header row (row 1)`);
  });

  it("a column that appears twice", () => {
    const book = withSheet(baseBook(), SHEETS.balances, (g) => ({ ...g, rows: g.rows.map((r, i) => [...r, i === 0 ? "balance" : -1]) }));
    expect(runFatal(book)).toBe("Sheet 'Customer balances', cell D1: column 'balance' appears twice (also C1); keep one");
  });

  it("a merged title above the header (value only in its top-left cell) is taken for the header, and the message says so", () => {
    const book = withSheet(baseBook(), SHEETS.customers, (g) => ({ ...g, rows: [["Customer list, November", null, null], ...g.rows] }));
    expect(runFatal(book)).toBe(
      "Sheet 'Customers', cell A1: required column 'Customer account' is missing from the header row (row 1)\nSheet 'Customers', cell A1: required column 'Name' is missing from the header row (row 1)",
    );
  });
});

describe("rows that are not data", () => {
  it("skips blank rows anywhere and keeps naming the right cell", () => {
    const book = withSheet(baseBook(), SHEETS.balances, (g) => ({ ...g, rows: [[], [null, "  "], g.rows[0], [], g.rows[1], [null, null, null], [], ["C002", "EUR", "thirty"]] }));
    expect(reasons(book)).toEqual(['Customer balances!C8: Balance: expected an amount such as 1234.50, found "thirty"']);
  });

  it("reports merged account cells (value only in the top-left cell) on every row below the first", () => {
    const book = withRows(withSheet(baseBook(), SHEETS.balances, (g) => ({ ...g, rows: g.rows.slice(0, 2) })), SHEETS.balances, [[null, "USD", -40]]);
    expect(reasons(book)).toEqual(["Customer balances!A3: Customer account: expected a customer account, found an empty cell"]);
  });

  it("reports subtotal and total rows pasted under the data instead of taking them for customers", () => {
    const book = withRows(baseBook(), SHEETS.balances, [["Subtotal", "EUR", -150.5], ["TOTAL", null, -150.5], ["Grand total", "EUR", -150.5]]);
    expect(reasons(book)).toEqual([
      'Customer balances!A4: Customer account: "Subtotal" looks like a subtotal row; remove it from the data',
      'Customer balances!A5: Customer account: "TOTAL" looks like a subtotal row; remove it from the data',
      "Customer balances!B5: Currency: expected a three-letter ISO currency code such as EUR",
      'Customer balances!A6: Customer account: "Grand total" looks like a subtotal row; remove it from the data',
    ]);
  });
});

describe("sheet names that collide", () => {
  it("stops on two input sheets whose names differ only in case and spacing", () => {
    const book = { sheets: [...baseBook().sheets, sheet(" customer BALANCES ", [["Customer account", "Currency", "Balance"]])] };
    expect(runFatal(book)).toBe("Sheet 'Customer balances': 2 sheets are named 'Customer balances' ('Customer balances', ' customer BALANCES '); rename all but one");
  });

  it("stops on two output sheets that collide, before anything is written", () => {
    const book = { sheets: [...baseBook().sheets, sheet("Vendor invoices", [["Invoice"]]), sheet("vendor invoices ", [["Invoice"]])] };
    expect(runFatal(book)).toBe("Sheet 'Vendor invoices': 2 sheets are named 'Vendor invoices' ('Vendor invoices', 'vendor invoices '); rename all but one");
    expect(fatal(() => prepareReversal(book, { runId: "RUN-1", now }))).toMatch(/2 sheets are named 'Vendor invoices'/);
  });

  it("writes into an output sheet whatever the case of its name, never creating a second one", () => {
    const book = { sheets: [...baseBook().sheets, sheet("REIMBURSEMENT RUNS", [["Run id", "Kind"]])] };
    const { patch } = prepareRun(book, { now });
    expect(patch.sheets.find((p) => p.sheet.toLowerCase() === "reimbursement runs")).toEqual(expect.objectContaining({ sheet: "REIMBURSEMENT RUNS", create: false }));
  });
});

describe("output sheets that already exist with other columns", () => {
  it("appends under the user's own column order, adding the contract's missing columns at the right", () => {
    const book = {
      sheets: [
        ...baseBook().sheets,
        sheet(SHEETS.invoices, [["Amount", "Invoice", "My notes", "Vendor account", "Currency"], [99, "RB-000007", "keep", "V9", "EUR"]]),
        sheet(SHEETS.runs, [["Fingerprint", "Run id", "Approved by"], ["abc", "RUN-OLD", "Carol"]]),
      ],
    };
    const { plan, patch } = prepareRun(book, { now });
    const after = applyPatchToSnapshot(book, patch);
    expect(plan.reimbursements.map((r) => r.invoice)).toEqual(["RB-000008", "RB-000009"]);
    expect(headerOf(after, SHEETS.invoices)).toEqual([
      "Amount", "Invoice", "My notes", "Vendor account", "Currency", "Vendor name", "Invoice date", "Due date", "Customer account", "Description", "Run id", "Status", "Exported", "Cancellation exported",
    ]);
    const invoices = sheetNamed(after, SHEETS.invoices)?.rows ?? [];
    expect(invoices[1].slice(0, 5)).toEqual([99, "RB-000007", "keep", "V9", "EUR"]);
    expect(invoices[2].slice(0, 5)).toEqual([100.5, "RB-000008", null, "V1", "EUR"]);
    const runs = readTable(sheetNamed(after, SHEETS.runs) ?? sheet("x", []), [], false);
    expect(runs.rows.map((r) => [r.cells[0], r.cells[1], r.cells[2]])).toEqual([["abc", "RUN-OLD", "Carol"], [fingerprint(book), plan.runId, null]]);
  });

  it("stops when an output sheet holds a contract column twice", () => {
    const book = { sheets: [...baseBook().sheets, sheet(SHEETS.invoices, [["Invoice", "Amount", "amount"]])] };
    expect(runFatal(book)).toBe("Sheet 'Vendor invoices', cell C1: column 'amount' appears twice (also B1); keep one");
  });

  it("refuses to reverse from an output sheet that lost a required column", () => {
    const book = { sheets: [...baseBook().sheets, sheet(SHEETS.reimbursements, [["Run id", "Customer account", "Currency"], ["RUN-1", "C001", "EUR"]])] };
    expect(fatal(() => prepareReversal(book, { runId: "RUN-1", now }))).toBe("Sheet 'Reimbursements', cell A1: required column 'Amount' is missing from the header row (row 1)");
  });
});

describe("a sheet as long as Excel allows (1,048,576 rows)", () => {
  const tx = (data: CellValue[][], last: CellValue[] | null = null) =>
    withSheet(baseBook(), SHEETS.transactions, () => fullHeightSheet(SHEETS.transactions, headers(COLUMNS.transactions), data, last));

  it("is read in full, blank rows skipped, and the run appends below its last data row", () => {
    const book = tx([["C001", "2026-11-01", "EUR", 20, "Invoice", null, null]], ["C002", "2026-11-02", "EUR", -5, "Credit note", null, null]);
    expect(sheetNamed(book, SHEETS.transactions)?.rows).toHaveLength(EXCEL_ROWS);
    const t = Date.now();
    const { plan } = prepareRun(withSheet(book, SHEETS.transactions, (g) => ({ ...g, rows: g.rows.slice(0, EXCEL_ROWS - 3).concat([g.rows[EXCEL_ROWS - 1]]) })), { now });
    expect(plan.reimbursements.map((r) => `${r.customerAccount} ${r.amount.toFixed(2)}`)).toEqual(["C001 100.50", "C002 35.00"]);
    expect(Date.now() - t).toBeLessThan(5000);
  });

  it("stops, naming the sheet, when the run's rows would go past Excel's last row", () => {
    const book = tx([["C001", "2026-11-01", "EUR", 20, "Invoice", null, null]], ["C002", "2026-11-02", "EUR", -5, "Credit note", null, null]);
    expect(runFatal(book)).toBe("Sheet 'Customer transactions': the sheet is full: 2 row(s) would be written from row 1048577, past row 1048576, the last Excel has; move older rows to another sheet");
  });

  it("gives the same fingerprint as the same sheet without its blank rows", () => {
    const data: CellValue[][] = [["C001", "2026-11-01", "EUR", 20, "Invoice", null, null]];
    const short = withSheet(baseBook(), SHEETS.transactions, () => sheet(SHEETS.transactions, [headers(COLUMNS.transactions), ...data]));
    expect(fingerprint(tx(data))).toBe(fingerprint(short));
  });
});
