import { Money } from "../../src/core/money";
import { ReimbursementInput, planReimbursement } from "../../src/core/plan";
import { creditBalances } from "../../src/functions/credit-balance";
import { WorkbookSource, snapshotSource } from "../../src/functions/workbook-source";
import * as read from "../../src/workbook/read";
import { WorkbookSnapshot } from "../../src/workbook/grid";
import { LedgerSpec, ledgerBook } from "./book";
import { valueError } from "./matchers";

const OMITTED = null;

/** C001: a 150 EUR credit, 50 of it settled since, and a 20.50 USD credit; C002 square; C003 a USD debit less a credit note; 1001 typed as a number. */
const LEDGER: LedgerSpec = {
  balances: [
    ["C001", "EUR", -150],
    ["C001", "USD", -20.5],
    ["C002", "EUR", 0],
    ["C003", "USD", 75],
    [1001, "EUR", -12.34],
  ],
  transactions: [
    ["C001", "2026-11-01", "EUR", 50, "Payment"],
    ["C003", "2026-11-02", "usd", "-25.00", "Credit note"],
  ],
};

const source = (spec: LedgerSpec = LEDGER): WorkbookSource => snapshotSource(ledgerBook(spec));

async function balance(account: unknown, currency: unknown = OMITTED, from: WorkbookSource = source()): Promise<unknown> {
  return (await creditBalances(account, currency, from))[0][0];
}

describe("=CUSTOMER.CREDITBALANCE()", () => {
  it("is the opening balance plus the customer's transactions, in the accounting currency by default", async () => {
    expect(await balance("C001")).toBe(-100);
    expect(await balance("C003", "USD")).toBe(50);
    expect(await balance("C002")).toBe(0);
  });

  it("matches accounts and currencies as the engine does: ignoring case, numbers as their digits", async () => {
    expect(await balance("c001", " usd ")).toBe(-20.5);
    expect(await balance(1001)).toBe(-12.34);
    expect(await balance("1001", "EUR")).toBe(-12.34);
  });

  it("is zero for a customer or a currency without ledger rows", async () => {
    expect(await balance("C999")).toBe(0);
    expect(await balance("C002", "JPY")).toBe(0);
  });

  it("uses the Parameters sheet's accounting currency when the currency is omitted or blank", async () => {
    const usdBook = source({ ...LEDGER, accountingCurrency: "USD" });
    expect(await balance("C001", OMITTED, usdBook)).toBe(-20.5);
    expect(await balance("C001", "", usdBook)).toBe(-20.5);
  });

  it("is zero after the reimbursement run's transaction removes the credit", async () => {
    const input: ReimbursementInput = {
      parameters: { minimum: new Money(10), accountingCurrency: "EUR", date: "2026-11-24", paymentTermsDays: 0, invoicePrefix: "RB-", oneTimeVendorPrefix: "OTV-" },
      customers: [{
        account: "C001", name: "Customer One", currency: "EUR", vendorAccount: "V001", group: null, blocked: "No",
        address: null, city: null, postalCode: null, country: null, iban: null, source: { sheet: "Customers", address: "A2" },
      }],
      balances: [{ account: "C001", currency: "EUR", amount: new Money(-100), source: { sheet: "Customer balances", address: "C2" } }],
      transactions: [],
      vendors: null,
      oneTimeVendors: [],
      rates: new Map(),
      existingInvoices: [],
      existingRunIds: [],
      problems: [],
      selection: {},
      now: new Date("2026-11-24T09:00:00Z"),
    };
    const [reimbursement] = planReimbursement(input).transactions;
    const book = ledgerBook({
      balances: [["C001", "EUR", -100]],
      transactions: [[reimbursement.account, reimbursement.date, reimbursement.currency, reimbursement.amount.toNumber(), reimbursement.type]],
    });
    expect(reimbursement.amount.toNumber()).toBe(100);
    expect(await balance("C001", "EUR", snapshotSource(book))).toBe(0);
  });

  it("spills one balance per account cell, an empty cell giving an empty result", async () => {
    expect(await creditBalances([["C001"], ["C002"], [null], [""], ["C003"]], "EUR", source())).toEqual([[-100], [0], [""], [""], [0]]);
    expect(await creditBalances([["C001", "C003"]], "USD", source())).toEqual([[-20.5, 50]]);
  });

  it("reads a 0 among the accounts as the empty cell some Excel builds turn into 0 (office-js #5262)", async () => {
    expect(await creditBalances([["C001"], [0], ["C002"]], "EUR", source())).toEqual([[-100], [""], [0]]);
  });

  it("reads an account cell holding an entity by the text it shows", async () => {
    expect(await creditBalances([[{ type: "Entity", text: "C001", basicType: "Error", basicValue: "#VALUE!" }]], "EUR", source())).toEqual([[-100]]);
  });
});

describe("=CUSTOMER.CREDITBALANCE() with odd arguments", () => {
  it("answers #VALUE! for an account that is logical, an error or a subtotal row", async () => {
    expect(await balance(true)).toEqual(valueError("account: expected a customer account, found the logical value TRUE"));
    expect(await balance({ error: "#REF!" })).toEqual(valueError("account: expected a customer account, found the error #REF!"));
    expect(await balance("Total")).toEqual(valueError("looks like a subtotal row"));
  });

  it("answers #VALUE! in every cell for a currency that is not a three-letter code", async () => {
    const bad = valueError("currency: expected a three-letter ISO currency code such as EUR");
    expect(await creditBalances([["C001"], ["C002"]], "EURO", source())).toEqual([[bad], [bad]]);
    expect(await balance("C001", 978)).toEqual(bad);
  });

  it("answers #VALUE! when the currency is omitted and the workbook has no usable accounting currency", async () => {
    expect(await balance("C001", OMITTED, source({ ...LEDGER, withoutParameters: true }))).toEqual(valueError("no sheet named 'Parameters'"));
    expect(await balance("C001", OMITTED, source({ ...LEDGER, accountingCurrency: "Euro" }))).toEqual(valueError("Sheet 'Parameters', cell B3: Accounting currency: expected a three-letter ISO currency code"));
    expect(await balance("C001", "EUR", source({ ...LEDGER, withoutParameters: true }))).toBe(-100);
  });
});

describe("=CUSTOMER.CREDITBALANCE() over a ledger with problems", () => {
  it("gives a customer with an unreadable ledger row that row's message, as the run would not pay it", async () => {
    const from = source({
      balances: [["C001", "EUR", -150], ["C004", "EUR", "abc"]],
      transactions: [["C001", null, "JPY", 10.5, "Payment"]],
    });
    expect(await balance("C004", "EUR", from)).toEqual(valueError(/customer C004 has unreadable ledger rows: Sheet 'Customer balances', cell C3: .*"abc"/));
    expect(await balance("C001", "EUR", from)).toEqual(valueError("has more than the 0 decimals JPY allows"));
    expect(await balance("C002", "EUR", from)).toBe(0);
  });

  it("answers #VALUE! naming the sheet when the ledger cannot be read at all", async () => {
    const noBalances: WorkbookSnapshot = { sheets: ledgerBook().sheets.filter((s) => s.name !== "Customer balances") };
    expect(await balance("C001", "EUR", snapshotSource(noBalances))).toEqual(valueError("the workbook has no sheet named 'Customer balances'"));
    const failing: WorkbookSource = { parameters: () => Promise.reject(new Error("busy")), ledger: () => Promise.reject(new Error("busy")) };
    expect(await balance("C001", "EUR", failing)).toEqual(valueError("the customer ledger cannot be read: busy"));
  });
});

describe("reading the ledger once per snapshot", () => {
  afterEach(() => jest.restoreAllMocks());

  it("parses a snapshot once however many cells ask, and again only for a new snapshot", async () => {
    const readLedger = jest.spyOn(read, "readLedger");
    const book = ledgerBook(LEDGER);
    const from = snapshotSource(book);
    await creditBalances([["C001"], ["C002"]], "EUR", from);
    await balance("C003", "USD", from);
    expect(readLedger).toHaveBeenCalledTimes(1);
    const changed: WorkbookSnapshot = { sheets: [...book.sheets] };
    expect(await balance("C001", "EUR", snapshotSource(changed))).toBe(-100);
    expect(readLedger).toHaveBeenCalledTimes(2);
  });
});
