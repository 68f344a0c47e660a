import fc from "fast-check";
import { CurrentBalance, balanceSummer, currentBalances } from "../../src/core/balance";
import { hasExcessDecimals } from "../../src/core/money";
import { minorUnits } from "../../src/core/currency";
import { Customer, CustomerTransaction, RowProblem } from "../../src/core/types";
import { Parsed, parseAmount, parseDate, parseName, parseRequiredText, parseText } from "../../src/workbook/cells";
import { COLUMNS, SHEETS } from "../../src/workbook/contract";
import { CellValue, SheetGrid } from "../../src/workbook/grid";
import { Read, parseAccount, readCustomers, readTransactions } from "../../src/workbook/read-ledger";
import { parseCurrency } from "../../src/workbook/read-parameters";
import { readRows } from "../../src/workbook/row-reader";
import { optionalTable } from "../../src/workbook/table";

/**
 * readTransactions as it was written before its fast paths (a table of row objects, a reader
 * per row, every cell through its parser): the plain path the reader must equal.
 */
function plainTransactions(grid: SheetGrid, date: string | null): Read<CustomerTransaction> {
  const table = optionalTable({ sheets: [grid] }, SHEETS.transactions, COLUMNS.transactions);
  const items: CustomerTransaction[] = [];
  const problems: RowProblem[] = [];
  if (!table) return { items, problems };
  for (const r of readRows(table)) {
    const account = r.read("Customer account", parseAccount);
    r.account = account ?? null;
    const currency = r.read("Currency", parseCurrency);
    let amount = r.read("Amount", parseAmount);
    if (amount && currency && hasExcessDecimals(amount, currency)) {
      r.fail("Amount", `Amount: ${amount.toFixed()} has more than the ${minorUnits(currency)} decimals ${currency} allows`);
      amount = undefined;
    }
    const rawDate = r.raw("Date");
    const txDate = rawDate === null || (typeof rawDate === "string" && !rawDate.trim()) ? null : r.read("Date", parseDate);
    if (txDate && date && txDate > date) r.fail("Date", `Date: ${txDate} is after the reimbursement date ${date}`);
    if (account && currency && amount && !r.problems.length) {
      items.push({
        account, date: txDate ?? null, currency, amount,
        type: r.read("Type", parseText) ?? null, document: r.read("Document", parseText) ?? null, runId: r.read("Run id", parseText) ?? null,
        source: { sheet: table.sheet, address: r.address("Amount") },
      });
    }
    if (r.problems.length) problems.push(...r.problems);
  }
  return { items, problems };
}

/** Amounts compared by digits, exponent and sign, not merely by value. */
const exact = (read: Read<CustomerTransaction>) => ({
  problems: read.problems,
  items: read.items.map((t) => ({ ...t, amount: [t.amount.d, t.amount.e, t.amount.s] })),
});

const day = (d: number): Date => new Date(Date.UTC(2026, 0, 1) + d * 86400000);

const cell = (...special: CellValue[]): fc.Arbitrary<CellValue> =>
  fc.oneof(
    fc.constant(null),
    fc.constantFrom<CellValue>(null, ...special),
    fc.string({ maxLength: 6 }),
    fc.constantFrom(" ", "\u00a0x", "x\u00a0", "a\u202fb", "\u0007", "Total", "#N/A"),
    fc.boolean(),
    fc.constantFrom({ error: "#N/A" }, { error: "#VALUE!", malformedNumber: "1,5" }),
  );

const amount = fc.oneof(
  fc.integer({ min: -1e9, max: 1e9 }).chain((m) => fc.constantFrom(m / 100, m / 1000, m / 10000)),
  fc.double({ noNaN: true, min: -1e16, max: 1e16 }),
  fc.constantFrom(-0, 0.1 + 0.2, 1e10, Infinity, "12,50", " (3.10) ", "EUR 5", "-0", "1,234"),
);

const row = fc.tuple(
  fc.oneof(fc.constantFrom("C1", "C2", " c1 ", "c2"), cell(123, 1e15, "Subtotal")),
  fc.oneof(fc.integer({ min: -400, max: 400 }).map(day), cell("2026-11-24", "24/11/2026", 46000, new Date(NaN))),
  fc.oneof(fc.constantFrom("EUR", "JPY", "BHD", " usd "), cell("EURO")),
  fc.oneof(amount, cell()),
  fc.oneof(fc.constantFrom("Invoice", "Payment", " Credit note ", "Invoice ", "Pay\tment\t"), cell()),
  fc.oneof(fc.integer({ min: 1, max: 99 }).map((n) => `INV-${n}`), cell("INV-7 ", "INV-8\n", "é")),
  fc.oneof(fc.constant(null), cell("RUN-1")),
);

/** readCustomers as it was written before its fast paths: every cell through its parser. */
function plainCustomers(grid: SheetGrid): Read<Customer> {
  const table = optionalTable({ sheets: [grid] }, SHEETS.customers, COLUMNS.customers);
  const items: Customer[] = [];
  const problems: RowProblem[] = [];
  if (!table) return { items, problems };
  const firstSeen = new Map<string, string>();
  const optionalCurrency = (value: CellValue): Parsed<string | null> => (value === null || (typeof value === "string" && !value.trim()) ? { ok: true, value: null } : parseCurrency(value));
  const blocked: Record<string, Customer["blocked"]> = { "": "No", no: "No", none: "No", never: "No", false: "No", n: "No", yes: "Yes", true: "Yes", y: "Yes", all: "All", payment: "Payment", invoice: "Invoice", requisition: "Other" };
  const parseBlocked = (value: CellValue) => {
    const text = parseText(value);
    const state = text.ok ? blocked[(text.value ?? "").toLowerCase()] : undefined;
    return state ? { ok: true as const, value: state } : { ok: false as const, reason: "expected No, Invoice, Payment, All or Yes" };
  };
  for (const r of readRows(table)) {
    const account = r.read("Customer account", parseAccount);
    r.account = account ?? null;
    const customer = account && {
      account,
      name: r.read("Name", (v) => parseRequiredText(v, "the customer's name")) ?? "",
      currency: r.read("Currency", optionalCurrency) ?? null,
      vendorAccount: r.read("Vendor account", parseName) ?? null,
      group: r.read("Customer group", parseText) ?? null,
      blocked: r.read("Blocked", parseBlocked) ?? "No",
      address: r.read("Address", parseName) ?? null,
      city: r.read("City", parseName) ?? null,
      postalCode: r.read("Postal code", parseName) ?? null,
      country: r.read("Country", parseName) ?? null,
      iban: r.read("IBAN", parseName)?.replace(/\s+/g, "").toUpperCase() ?? null,
      source: { sheet: table.sheet, address: r.address("Customer account") },
    };
    if (customer) {
      const seen = firstSeen.get(account.toUpperCase());
      if (seen) r.fail("Customer account", `customer ${account} appears twice on sheet ${table.sheet} (also ${seen})`);
      else firstSeen.set(account.toUpperCase(), customer.source.address);
      items.push(customer);
    }
    if (r.problems.length) problems.push(...r.problems);
  }
  return { items, problems };
}

describe("reading the Customers sheet", () => {
  const text = fc.oneof(
    fc.constantFrom("Hämeenkatu 23", "Espoo", "02163", "FI", "NL91 ABNA 0417 1643 00", "nl91abna0417164300", "DE89\u00a03704", "a\u2003b", "x\u0007y", " padded ", "\u00a0", "Ltd\u0085", "é"),
    fc.string({ maxLength: 8 }),
    fc.string({ unit: "binary", maxLength: 6 }),
  );
  const value = fc.oneof({ weight: 4, arbitrary: text }, { weight: 2, arbitrary: cell() }, { weight: 1, arbitrary: fc.constantFrom<CellValue>(123, 1e15, 0.5, "Total") });
  const customerRow = fc.tuple(
    fc.oneof(fc.constantFrom("C1", "c1", "C2", "C3"), value),
    fc.oneof(fc.constantFrom("Daan de Vries", "Mäkinen Oy"), value),
    fc.oneof(fc.constantFrom("EUR", null, " usd "), value),
    value, value,
    fc.oneof(fc.constantFrom("No", "yes", "Payment", null), value),
    value, value, value, value,
    fc.oneof(fc.constantFrom("NL91 ABNA 0417 1643 00", "nl91abna0417164300", "DE89\u00a03704\u20030532", "FI21\t1234", "de89\u16803704", "FI21\u30001234\ufeff0"), value),
  );

  it("gives the plain path's customers and problems, cell for cell, whatever the rows hold", () => {
    fc.assert(
      fc.property(fc.array(customerRow.map((r) => r as CellValue[]), { maxLength: 12 }), fc.integer({ min: 1, max: 3 }), (rows, startCol) => {
        const header: CellValue[] = ["Customer account", "Name", "Currency", "Vendor account", "Customer group", "Blocked", "Address", "City", "Postal code", "Country", "IBAN"];
        const grid: SheetGrid = { name: SHEETS.customers, startRow: 1, startCol, rows: [header, ...rows] };
        expect(readCustomers({ sheets: [grid] })).toEqual(plainCustomers(grid));
      }),
      { numRuns: 800 },
    );
  });
});

describe("reading an account", () => {
  it("refuses a subtotal row's label exactly where the expression alone refuses it", () => {
    const subtotal = /^(sub)?total\b|^grand total\b/i;
    const label = fc.oneof(
      fc.string(),
      fc.constantFrom("Total", "total", "TOTAL:", "Subtotal", "SubTotal 2026", "sub total", "Grand total", "grand  total", "Totals", "\u017Fubtotal", "\u212Aotal", " Total", "C000123", "T-1", "G7", "s"),
      fc.tuple(fc.constantFrom("", "sub", "grand ", "S", "g", "T"), fc.constantFrom("total", "Total", "otal", ""), fc.string({ maxLength: 3 })).map(([a, b, c]) => a + b + c),
    );
    fc.assert(
      fc.property(label, (text) => {
        const required = parseRequiredText(text, "a customer account");
        const expected = required.ok && subtotal.test(required.value) ? { ok: false, reason: `"${required.value}" looks like a subtotal row; remove it from the data` } : required;
        expect(parseAccount(text)).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("reading the Customer transactions sheet", () => {
  it("gives the plain path's transactions and problems, cell for cell, whatever the rows hold", () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 8, arbitrary: row.map((r) => r as CellValue[]) }, { weight: 1, arbitrary: fc.constant([null, " "] as CellValue[]) }), { maxLength: 25 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.constantFrom(null, "2026-11-24"),
        fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
        (rows, startRow, startCol, date, totalsAt) => {
          const header: CellValue[] = ["Customer account", "Date", "Currency", "Amount", "Type", "Document", "Run id"];
          const grid: SheetGrid = { name: SHEETS.transactions, startRow, startCol, rows: [header, ...rows] };
          if (totalsAt !== undefined) grid.totalsRows = [startRow + totalsAt];
          const expected = exact(plainTransactions(grid, date));
          expect(exact(readTransactions({ sheets: [grid] }, date))).toEqual(expected);
          // Handed one by one to a summing reader, the same transactions in the same order.
          const taken: CustomerTransaction[] = [];
          const read = readTransactions({ sheets: [grid] }, date, (t) => void taken.push(t));
          expect(read.items).toEqual([]);
          expect(exact({ items: taken, problems: read.problems })).toEqual(expected);
          // Handed to a balance summer (amounts as integers where they can be): the plain path's
          // transactions summed, with the same problems.
          const summer = balanceSummer();
          const summed = readTransactions({ sheets: [grid] }, date, summer.add);
          expect(summed.problems).toEqual(expected.problems);
          const balances = [...currentBalances([], plainTransactions(grid, date).items).values()];
          const digits = (b: CurrentBalance) => ({ ...b, amount: [b.amount.d, b.amount.e, b.amount.s] });
          expect(summer.balances().map(digits)).toEqual(balances.map(digits));
        },
      ),
      { numRuns: 600 },
    );
  });

  it("reads a plain ledger row with its amount as an exact Decimal and its source cell", () => {
    const grid: SheetGrid = { name: SHEETS.transactions, startRow: 1, startCol: 1, rows: [["Customer account", "Date", "Currency", "Amount", "Type", "Document", "Run id"], ["C1", day(10), "EUR", 38.21, "Invoice", "INV-1", null]] };
    const [t] = readTransactions({ sheets: [grid] }, null).items;
    expect([t.account, t.date, t.currency, t.amount.toFixed(), t.type, t.document, t.runId, t.source]).toEqual(["C1", "2026-01-11", "EUR", "38.21", "Invoice", "INV-1", null, { sheet: SHEETS.transactions, address: "D2" }]);
  });
});
