import { XMLParser } from "fast-xml-parser";
import { preparePayment } from "../../src/payments/prepare-payment";
import { VENDOR_PAYMENTS_SHEET } from "../../src/payments/vendor-payments-sheet";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { SHEETS } from "../../src/workbook/contract";
import { WorkbookError } from "../../src/workbook/errors";
import { CellValue, WorkbookSnapshot, findSheet } from "../../src/workbook/grid";
import { CustomerSpec } from "../support/workbook-builder";
import { DEBTOR_PARAMETERS, bookAfterRun, cancelInvoices, editInvoices, isoOf, recordPayments } from "../export/ap-book";
import { sheetRows } from "../support/sheet-rows";
import { validatePain001 } from "./validate-pain001";

const now = new Date(2026, 10, 24, 10, 15, 0);
const options = { now, randomHex: () => "a1b2c3" };

const customers: CustomerSpec[] = [
  { account: "C001", vendor: "V100" },
  { account: "C002" },
  { account: "C003", iban: "FR7630006000011234567890188" },
  { account: "C004", currency: "USD" },
  { account: "C005", name: "Zoë Ørsted & Søn", iban: "DE89 3704 0044 0532 0130 00" },
  { account: "C006", iban: "" },
];

function book(extra: [string, CellValue][] = DEBTOR_PARAMETERS): WorkbookSnapshot {
  return bookAfterRun({
    customers,
    balances: [["C001", "EUR", -120.5], ["C002", "EUR", -30], ["C003", "EUR", -40], ["C004", "USD", -50], ["C005", "EUR", -12.34], ["C006", "EUR", -15]],
    vendors: [["V100", "Vendor Hundred"]],
    rates: [["USD", 0.9]],
    extraParameters: extra,
  });
}

const parser = new XMLParser({ parseTagValue: false, ignoreAttributes: true, isArray: (name) => name === "CdtTrfTxInf" });
type Tx = { PmtId: { InstrId: string; EndToEndId: string }; Amt: { InstdAmt: string }; Cdtr: { Nm: string }; CdtrAcct: { Id: { IBAN: string } } };
function transfersIn(xml: string): Tx[] {
  return (parser.parse(xml) as { Document: { CstmrCdtTrfInitn: { PmtInf: { CdtTrfTxInf: Tx[] } } } }).Document.CstmrCdtTrfInitn.PmtInf.CdtTrfTxInf;
}

describe("paying open reimbursement invoices", () => {
  const before = book();
  const payment = preparePayment(before, options);

  it("pays each open euro invoice to its vendor's IBAN, with the invoice number as end-to-end reference", async () => {
    expect(payment.xml).not.toBeNull();
    expect(await validatePain001(payment.xml ?? "")).toEqual([]);
    expect(transfersIn(payment.xml ?? "").map((t) => [t.PmtId.EndToEndId, t.Amt.InstdAmt, t.Cdtr.Nm, t.CdtrAcct.Id.IBAN])).toEqual([
      ["RB-000001", "120.50", "Vendor Hundred", "FR7630006000011234567890189"],
      ["RB-000002", "30.00", "Customer C002", "FR7630006000011234567890189"],
      ["RB-000005", "12.34", "Zoe Orsted + Son", "DE89370400440532013000"],
    ]);
    expect(payment.total.toFixed(2)).toBe("162.84");
    expect(payment.messageId).toBe("RBP-20261124-101500-A1B2C3");
    expect(payment.executionDate).toBe("2026-11-24");
  });

  it("lists invoices with an invalid or missing IBAN, or a non-euro one without its bank's BIC, as exceptions naming the cell to fix", () => {
    expect(payment.selection.exceptions.map((e) => [e.invoice.invoice, `${e.source.sheet}!${e.source.address}`, e.reason])).toEqual([
      ["RB-000003", "One-time vendors!I3", 'Invoice RB-000003 not paid: the IBAN "FR7630006000011234567890188" of vendor OTV-000002 is not valid (ISO 13616 check digits)'],
      ["RB-000004", "One-time vendors!M4", "Invoice RB-000004 not paid: a payment in USD needs the BIC of vendor OTV-000003's bank"],
      ["RB-000006", "One-time vendors!I6", "Invoice RB-000006 not paid: vendor OTV-000005 has no IBAN"],
    ]);
  });

  it("records the transfers on Vendor payments and marks the invoices and reimbursements Sent (the bank's report makes them Paid)", () => {
    const after = applyPatchToSnapshot(before, payment.patch);
    expect(sheetRows(after, VENDOR_PAYMENTS_SHEET).map((r) => [r["Payment id"], isoOf(r.Date), r.Invoice, r["Vendor account"], r.IBAN, r.Currency, r.Amount, r["Message id"]])).toEqual([
      ["RBP-20261124-101500-A1B2C3-00001", "2026-11-24", "RB-000001", "V100", "FR7630006000011234567890189", "EUR", 120.5, "RBP-20261124-101500-A1B2C3"],
      ["RBP-20261124-101500-A1B2C3-00002", "2026-11-24", "RB-000002", "OTV-000001", "FR7630006000011234567890189", "EUR", 30, "RBP-20261124-101500-A1B2C3"],
      ["RBP-20261124-101500-A1B2C3-00003", "2026-11-24", "RB-000005", "OTV-000004", "DE89370400440532013000", "EUR", 12.34, "RBP-20261124-101500-A1B2C3"],
    ]);
    expect(sheetRows(after, SHEETS.invoices).map((r) => r.Status)).toEqual(["Sent", "Sent", "Open", "Open", "Sent", "Open"]);
    expect(sheetRows(after, SHEETS.reimbursements).map((r) => r.Status)).toEqual(["Sent", "Sent", "Open", "Open", "Sent", "Open"]);
    expect(sheetRows(after, SHEETS.exceptions).filter((r) => String(r.Reason).includes("not paid")).map((r) => [r["Customer account"], r.Currency, r.Balance, r.Sheet, r.Cell])).toEqual([
      ["C003", "EUR", 40, "One-time vendors", "I3"],
      ["C004", "USD", 50, "One-time vendors", "M4"],
      ["C006", "EUR", 15, "One-time vendors", "I6"],
    ]);
  });

  it("pays nothing more the second time, and writes nothing", () => {
    const after = applyPatchToSnapshot(before, payment.patch);
    const second = preparePayment(after, options);
    expect([second.xml, second.transfers, second.patch.sheets]).toEqual([null, [], []]);
    expect(second.selection.exceptions).toHaveLength(3);
  });

  it("pays a held-back invoice once its IBAN is fixed, without listing the old exceptions again", () => {
    const after = applyPatchToSnapshot(before, payment.patch);
    const oneTime = findSheet(after, SHEETS.oneTimeVendors);
    if (!oneTime) throw new Error("no One-time vendors sheet");
    oneTime.rows[2][8] = "FR76 3000 6000 0112 3456 7890 189";
    const third = preparePayment(after, { now: new Date(2026, 10, 25, 8, 0, 0), randomHex: () => "0000ff" });
    expect(third.transfers.map((t) => t.endToEndId)).toEqual(["RB-000003"]);
    const exceptionsAdded = third.patch.sheets.find((s) => s.sheet === SHEETS.exceptions);
    expect(exceptionsAdded).toBeUndefined();
  });

  it("skips cancelled and paid invoices: those the records (reversals, Vendor payments) say so", () => {
    const edited = recordPayments(cancelInvoices(before, ["RB-000001"]), ["RB-000002"]);
    expect(preparePayment(edited, options).transfers.map((t) => t.endToEndId)).toEqual(["RB-000005"]);
  });

  it("stops, naming the cell, when a Status says Paid or Cancelled that no record carries", () => {
    const typed = editInvoices(before, [
      { invoice: "RB-000001", header: "Status", value: "Cancelled" },
      { invoice: "RB-000002", header: "Status", value: "paid" },
    ]);
    expect(() => preparePayment(typed, options)).toThrow(
      [
        "Sheet 'Vendor invoices', cell K2: Status says Cancelled, but no reversal records it; to cancel a reimbursement reverse its run (reimburse reverse --run), otherwise set Status back to Open",
        "Sheet 'Vendor invoices', cell K3: Status says Paid, but no transfer for it is on sheet Vendor payments; a payment made outside Reimburse is recorded by adding its row there, otherwise set Status back to Open",
      ].join("\n"),
    );
  });

  it("never pays twice an invoice whose Status was blanked or deleted after it was paid", () => {
    const paid = applyPatchToSnapshot(before, payment.patch);
    const blanked = editInvoices(paid, [{ invoice: "RB-000001", header: "Status", value: null }]);
    expect(() => preparePayment(blanked, options)).toThrow(
      "Sheet 'Vendor invoices', cell K2: Status says Open (or is empty), but a transfer for it is on sheet Vendor payments (row 2, message RBP-20261124-101500-A1B2C3); set it back to Sent",
    );
    const invoices = findSheet(paid, SHEETS.invoices);
    const reimbursements = findSheet(paid, SHEETS.reimbursements);
    if (!invoices || !reimbursements) throw new Error("no sheets");
    for (const grid of [invoices, reimbursements]) {
      const col = grid.rows[0].indexOf("Status");
      grid.rows = grid.rows.map((r) => r.filter((_, i) => i !== col));
    }
    expect(() => preparePayment(paid, options)).toThrow(/^Sheet 'Vendor invoices', cell A1: column 'Status' is missing from the header row, but invoice RB-000001 is sent according to the records; add the column back/);
  });

  it("holds back an invoice whose amount was edited by hand (three-way match), naming the cell that disagrees", () => {
    const edited = editInvoices(before, [{ invoice: "RB-000002", header: "Amount", value: 131300.31 }]);
    const result = preparePayment(edited, options);
    expect(result.transfers.map((t) => t.endToEndId)).toEqual(["RB-000001", "RB-000005"]);
    expect(result.selection.exceptions[0]).toEqual(expect.objectContaining({
      source: { sheet: "Vendor invoices", address: "G3" },
      reason: "Invoice RB-000002 not paid: invoice, reimbursement and customer transaction disagree (invoice 131300.31 EUR for customer C002, reimbursement 30.00 EUR for customer C002, customer transaction 30.00 EUR for customer C002); one of them was edited",
    }));
  });

  it("holds back an invoice whose customer transaction is gone, and one with a status it does not know", () => {
    const tx = findSheet(before, SHEETS.transactions);
    if (!tx) throw new Error("no transactions");
    const withoutFirst = { sheets: before.sheets.map((s) => (s === tx ? { ...s, rows: s.rows.filter((r) => r[5] !== "RB-000001") } : s)) };
    const held = editInvoices(withoutFirst, [{ invoice: "RB-000005", header: "Status", value: "Void" }]);
    const result = preparePayment(held, options);
    expect(result.transfers.map((t) => t.endToEndId)).toEqual(["RB-000002"]);
    expect(result.selection.exceptions.slice(0, 1).concat(result.selection.exceptions.filter((e) => e.invoice.invoice === "RB-000005")).map((e) => [e.source.address, e.reason])).toEqual([
      ["G2", "Invoice RB-000001 not paid: no reimbursement transaction on sheet Customer transactions carries invoice RB-000001 (Type Reimbursement, Document RB-000001), so the credit was never removed"],
      ["K6", "Invoice RB-000005 not paid: its Status is 'Void', which Reimburse does not know (Open, Paid, Cancelled); set it to Open to release it"],
    ]);
  });

  it("takes a mapped vendor's IBAN from the Vendors sheet when that sheet has an IBAN column", () => {
    const withIbans = book();
    const vendors = findSheet(withIbans, SHEETS.vendors);
    if (!vendors) throw new Error("no Vendors sheet");
    vendors.rows = [["Vendor account", "Name", "IBAN"], ["V100", "Vendor Hundred", "NL91 ABNA 0417 1643 00"]];
    expect(preparePayment(withIbans, options).transfers[0]).toEqual(expect.objectContaining({ endToEndId: "RB-000001", iban: "NL91ABNA0417164300" }));
    vendors.rows[1][2] = null;
    expect(preparePayment(withIbans, options).selection.exceptions[0]).toEqual(
      expect.objectContaining({ reason: "Invoice RB-000001 not paid: vendor V100 has no IBAN", source: { sheet: "Vendors", address: "C2" } }),
    );
  });

  it("pays on the date given instead of the Parameters sheet's", () => {
    expect(preparePayment(before, { ...options, date: "2026-12-01" }).xml).toContain("<Dt>2026-12-01</Dt>");
  });
});

describe("the debtor account paid from", () => {
  it("is required, and a missing or invalid entry stops the payment naming its Parameters cell", () => {
    const bad = book([["Debtor name", "Reimburse Demo SARL"], ["Debtor IBAN", "FR76 3000 4000 0312 3456 7890 144"], ["Debtor BIC", "NOTABIC"]]);
    expect(() => preparePayment(bad, options)).toThrow(WorkbookError);
    expect(() => preparePayment(bad, options)).toThrow(
      [
        `Sheet 'Parameters', cell B7: Debtor IBAN: "FR76 3000 4000 0312 3456 7890 144" is not a valid IBAN (ISO 13616 check digits)`,
        `Sheet 'Parameters', cell B8: Debtor BIC: "NOTABIC" is not a valid BIC (8 or 11 characters, ISO 9362)`,
      ].join("\n"),
    );
    expect(() => preparePayment(book([]), options)).toThrow(/Sheet 'Parameters': parameter 'Debtor name' is required to pay; it is missing/);
    expect(() => preparePayment(book([["Debtor name", null], ...DEBTOR_PARAMETERS.slice(1)]), options)).toThrow(
      "Sheet 'Parameters', cell B6: parameter 'Debtor name' is required to pay; it is empty",
    );
  });
});
