import fc from "fast-check";
import { balanceOf, currentBalances } from "../../src/core/balance";
import { Money } from "../../src/core/money";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { SHEETS } from "../../src/workbook/contract";
import { WorkbookSnapshot } from "../../src/workbook/grid";
import { readLedger } from "../../src/workbook/read";
import { prepareRun } from "../../src/workbook/run";
import { buildBook, CustomerSpec } from "../support/workbook-builder";
import { sheetRows } from "../support/sheet-rows";

const now = new Date("2026-11-24T09:30:00Z");
const run = (book: WorkbookSnapshot, selection = {}) => prepareRun(book, { now, selection });

describe("a reimbursement run", () => {
  const book = buildBook({
    customers: [
      { account: "C001", vendor: "V100" },
      { account: "C002" },
      { account: "C003", blocked: "Payment" },
      { account: "C004" },
    ],
    balances: [["C001", "EUR", -120.5], ["C002", "EUR", -10], ["C003", "EUR", -50], ["C004", "EUR", -9.99]],
    vendors: [["V100", "Vendor Hundred"]],
  });

  it("reimburses each credit that reaches the minimum with a vendor invoice for the whole credit", () => {
    const { plan } = run(book);
    expect(plan.reimbursements.map((r) => [r.customerAccount, r.amount.toFixed(2), r.vendorAccount, r.invoice])).toEqual([
      ["C001", "120.50", "V100", "RB-000001"],
      ["C002", "10.00", "OTV-000001", "RB-000002"],
    ]);
    expect(plan.reimbursements[0].dueDate).toBe("2026-12-08");
  });

  it("gives a customer without a vendor a one-time vendor made from its own data", () => {
    const { plan } = run(book);
    expect(plan.newOneTimeVendors).toEqual([
      expect.objectContaining({ account: "OTV-000001", customerAccount: "C002", name: "Customer C002", iban: "FR7630006000011234567890189", currency: "EUR" }),
    ]);
  });

  it("skips a blocked customer and a credit below the minimum, with the reason and cell", () => {
    const { plan } = run(book);
    expect(plan.exceptions.map((e) => [e.customerAccount, e.reason, `${e.source.sheet}!${e.source.address}`])).toEqual([
      ["C003", "Customer is blocked (Payment)", "Customers!A4"],
      ["C004", "Credit of 9.99 EUR is below the minimum reimbursement of 10.00 EUR", "Customer balances!C5"],
    ]);
  });

  it("removes the reimbursed credit with a Reimbursement transaction, so a second run finds nothing", () => {
    const first = run(book);
    const after = applyPatchToSnapshot(book, first.patch);
    const tx = sheetRows(after, SHEETS.transactions);
    expect(tx).toEqual([
      expect.objectContaining({ "Customer account": "C001", Amount: 120.5, Type: "Reimbursement", Document: "RB-000001", "Run id": first.plan.runId }),
      expect.objectContaining({ "Customer account": "C002", Amount: 10, Type: "Reimbursement", Document: "RB-000002" }),
    ]);
    const second = run(after);
    expect(second.plan.reimbursements).toEqual([]);
    expect(second.plan.runId).not.toBe(first.plan.runId);
  });

  it("writes nothing at all when a run finds nothing new: no repeated exception rows, no empty run on the audit sheet", () => {
    const after = applyPatchToSnapshot(book, run(book).patch);
    const second = prepareRun(after, { now: new Date("2026-11-25T09:00:00Z"), selection: {} });
    expect(second.plan.exceptions).toHaveLength(2);
    expect([second.patch.sheets, second.audit]).toEqual([[], null]);
  });

  it("reuses a customer's one-time vendor on a later run and continues invoice numbers", () => {
    const first = applyPatchToSnapshot(book, run(book).patch);
    const more = { ...first, sheets: first.sheets.map((s) => (s.name === SHEETS.transactions ? { ...s, rows: [...s.rows, ["C002", "2026-11-20", "EUR", -30, "Credit note", null, null]] } : s)) };
    const { plan } = run(more);
    expect(plan.reimbursements.map((r) => [r.customerAccount, r.amount.toFixed(2), r.vendorAccount, r.invoice])).toEqual([["C002", "30.00", "OTV-000001", "RB-000003"]]);
    expect(plan.newOneTimeVendors).toEqual([]);
  });

  it("records the run on the Reimbursements sheet with the amount in the accounting currency", () => {
    const { plan, patch } = run(book);
    const rows = sheetRows(applyPatchToSnapshot(book, patch), SHEETS.reimbursements);
    expect(rows[1]).toEqual({
      "Run id": plan.runId, Date: new Date("2026-11-24T00:00:00Z"), "Customer account": "C002", "Customer name": "Customer C002",
      Currency: "EUR", Amount: 10, "Accounting amount": 10, "Vendor account": "OTV-000001", "One-time vendor": "Yes", Invoice: "RB-000002", Status: "Open",
    });
  });

  it("nets open debits against the credit in the same currency before deciding", () => {
    const netted = buildBook({
      customers: [{ account: "C1" }],
      balances: [["C1", "EUR", -50]],
      transactions: [["C1", "2026-11-01", "EUR", 45, "Invoice"]],
    });
    const { plan } = run(netted);
    expect(plan.reimbursements).toEqual([]);
    expect(plan.exceptions[0].reason).toMatch(/Credit of 5\.00 EUR is below the minimum/);
  });

  it("reimburses each currency of a customer separately, in that currency", () => {
    const multi = buildBook({
      customers: [{ account: "C1", vendor: "V1" }],
      balances: [["C1", "EUR", -20], ["C1", "JPY", -5000], ["C1", "CHF", -40]],
      vendors: [["V1", "V one"]],
      rates: [["JPY", 0.0061]],
    });
    const { plan } = run(multi);
    expect(plan.reimbursements.map((r) => [r.currency, r.amount.toFixed(), r.accountingAmount.toFixed(2)])).toEqual([["EUR", "20", "20.00"], ["JPY", "5000", "30.50"]]);
    expect(plan.exceptions.map((e) => e.reason)).toEqual(["No exchange rate for CHF on sheet Exchange rates"]);
  });

  it("skips a customer mapped to a vendor that is not on the Vendors sheet", () => {
    const missing = buildBook({ customers: [{ account: "C1", vendor: "V404" }], balances: [["C1", "EUR", -20]], vendors: [["V1", "x"]] });
    expect(run(missing).plan.exceptions.map((e) => e.reason)).toEqual(["Vendor account V404 does not exist on sheet Vendors"]);
  });

  it("reports an unreadable vendor row at its own cell rather than calling the vendor missing", () => {
    const book = buildBook({ customers: [{ account: "C1", vendor: "V1" }], balances: [["C1", "EUR", -20]], vendors: [["V1", "x"]] });
    const vendors = book.sheets.find((s) => s.name === SHEETS.vendors);
    vendors?.rows.push([{ error: "#REF!" } as never, "Broken"]);
    const { plan } = run(book);
    expect(plan.reimbursements.map((r) => r.customerAccount)).toEqual(["C1"]);
    expect(plan.exceptions.map((e) => `${e.source.sheet}!${e.source.address}: ${e.reason}`)).toEqual([
      "Vendors!A3: Vendor account: expected a vendor account, found the error #REF!",
    ]);
  });

  it("treats a duplicate balance row as an exception for that customer, not a silent sum", () => {
    const dup = buildBook({ customers: [{ account: "C1" }, { account: "C2" }], balances: [["C1", "EUR", -20], ["C1", "EUR", -30], ["C2", "EUR", -40]] });
    const { plan } = run(dup);
    expect(plan.reimbursements.map((r) => r.customerAccount)).toEqual(["C2"]);
    expect(plan.exceptions[0]).toEqual(expect.objectContaining({ customerAccount: "C1", source: { sheet: "Customer balances", address: "A3" } }));
    expect(plan.exceptions[0].reason).toMatch(/second EUR balance for customer C1 \(first at A2\)/);
  });

  it("skips a customer whose row holds an error value, naming the cell", () => {
    const bad = buildBook({ customers: [{ account: "C1" }], balances: [["C1", "EUR", { error: "#N/A" }]] });
    const { plan } = run(bad);
    expect(plan.exceptions.map((e) => [e.reason, e.source.address])).toEqual([["Balance: expected an amount, found the error #N/A", "C2"]]);
  });

  it("reimburses only the selected customers, leaving the others untouched", () => {
    expect(run(book, { accounts: ["c002"] }).plan.reimbursements.map((r) => r.customerAccount)).toEqual(["C002"]);
    expect(run(book, { range: { from: "C001", to: "C001" } }).plan.reimbursements.map((r) => r.customerAccount)).toEqual(["C001"]);
    expect(run(book, { currency: "USD" }).plan.reimbursements).toEqual([]);
  });
});

describe("a run over random workbooks", () => {
  const customerArb = fc.record({
    blocked: fc.constantFrom("No", "No", "No", "All", "Invoice"),
    vendor: fc.constantFrom<string | null>(null, "V1", "V404"),
    balances: fc.array(fc.tuple(fc.constantFrom("EUR", "USD", "JPY", "CHF"), fc.integer({ min: -50000, max: 50000 })), { maxLength: 3 }),
    transactions: fc.array(fc.integer({ min: -20000, max: 20000 }), { maxLength: 3 }),
  });

  it("invoices exactly the credits it removes, zeroes every reimbursed balance, touches nothing else, and a second run creates nothing", () => {
    fc.assert(
      fc.property(fc.array(customerArb, { maxLength: 12 }), fc.integer({ min: 0, max: 200 }), (specs, minimum) => {
        const customers: CustomerSpec[] = specs.map((s, i) => ({ account: `C${i + 1}`, blocked: s.blocked, vendor: s.vendor }));
        const seen = new Set<string>();
        const balances: [string, string, number][] = [];
        specs.forEach((s, i) => s.balances.forEach(([cur, cents]) => {
          if (seen.has(`${i}${cur}`)) return;
          seen.add(`${i}${cur}`);
          balances.push([`C${i + 1}`, cur, cur === "JPY" ? cents : cents / 100]);
        }));
        const transactions = specs.flatMap((s, i) => s.transactions.map((c) => [`C${i + 1}`, "2026-11-01", "EUR", c / 100, "Invoice"] as [string, string, string, number, string]));
        const book = buildBook({ minimum, customers, balances, transactions, vendors: [["V1", "Vendor one"]], rates: [["USD", 0.9], ["JPY", 0.0061]] });
        const before = currentBalances(readLedger(book).balances, readLedger(book).transactions);
        const { plan, patch } = prepareRun(book, { now, selection: {} });
        const after = applyPatchToSnapshot(book, patch);
        const ledger = readLedger(after);
        const afterBalances = currentBalances(ledger.balances, ledger.transactions);
        const invoiced = plan.reimbursements.reduce((s, r) => s.plus(r.amount), new Money(0));
        const removed = plan.transactions.reduce((s, t) => s.plus(t.amount), new Money(0));
        expect(invoiced.equals(removed)).toBe(true);
        const reimbursed = new Set(plan.reimbursements.map((r) => `${r.customerAccount}|${r.currency}`));
        for (const r of plan.reimbursements) {
          expect(balanceOf(afterBalances, r.customerAccount, r.currency).isZero()).toBe(true);
          expect(r.amount.greaterThan(0)).toBe(true);
        }
        for (const [key, b] of before) {
          if (!reimbursed.has(`${b.account}|${b.currency}`)) expect(afterBalances.get(key)?.amount.equals(b.amount)).toBe(true);
        }
        const second = prepareRun(after, { now, selection: {} });
        expect(second.plan.reimbursements).toEqual([]);
        expect(second.plan.newOneTimeVendors).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});
