import { preparePayment } from "../../src/payments/prepare-payment";
import { prepareStatusImport, statusImportLines } from "../../src/payments/payment-status";
import { PAYMENT_STATUS_SHEET } from "../../src/payments/payment-status-sheet";
import { VENDOR_PAYMENTS_SHEET } from "../../src/payments/vendor-payments-sheet";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { SHEETS } from "../../src/workbook/contract";
import { WorkbookSnapshot, findSheet } from "../../src/workbook/grid";
import { prepareReversal } from "../../src/workbook/reverse";
import { DEBTOR_PARAMETERS, bookAfterRun } from "../export/ap-book";
import { sheetRows } from "../support/sheet-rows";
import { BlockSpec, Pain002Version, statusReportXml } from "./status-report-fixture";

const NOW = new Date(2026, 10, 24, 10, 0, 0);
const LATER = new Date(2026, 10, 25, 9, 0, 0);
const DEBTOR_ADDRESS: [string, string][] = [["Debtor street", "Keizersgracht"], ["Debtor building number", "1"], ["Debtor town", "Amsterdam"], ["Debtor country", "NL"]];

/** Sets a Customers cell by header before the run, as a user fills in bank details. */
function withCustomerCells(book: WorkbookSnapshot, account: string, cells: Record<string, string>): WorkbookSnapshot {
  const sheet = findSheet(book, SHEETS.customers);
  if (!sheet) throw new Error("no Customers sheet");
  const row = sheet.rows.find((r) => r[0] === account);
  if (!row) throw new Error(`no customer ${account}`);
  for (const [header, value] of Object.entries(cells)) row[sheet.rows[0].indexOf(header)] = value;
  return book;
}

/** A workbook after run and pay: three EUR invoices and one USD invoice, sent in two blocks. */
function sentBook() {
  const spec = {
    customers: [{ account: "C001" }, { account: "C002" }, { account: "C003" }, { account: "C004", currency: "USD", iban: "" }],
    balances: [["C001", "EUR", -120.5], ["C002", "EUR", -30], ["C003", "EUR", -40], ["C004", "USD", -50]] as [string, string, number][],
    rates: [["USD", 0.9]] as [string, number][],
    extraParameters: [...DEBTOR_PARAMETERS, ...DEBTOR_ADDRESS],
  };
  // The USD customer banks in New York: account number, BIC and address, as such a payment needs.
  const book = withCustomerCells(bookAfterRun(spec, NOW), "C004", { "Account number": "000123456789", BIC: "CHASUS33XXX", Street: "Main St", "Building number": "350", City: "New York", "Postal code": "10001", Country: "US" });
  const payment = preparePayment(book, { now: NOW, randomHex: () => "abc123" });
  if (!payment.messageId) throw new Error("nothing was paid");
  return { book: applyPatchToSnapshot(book, payment.patch), payment, messageId: payment.messageId };
}

const statuses = (book: WorkbookSnapshot, sheet: string): unknown[] => sheetRows(book, sheet).map((r) => r.Status);

describe.each<Pain002Version>(["pain.002.001.10", "pain.002.001.03"])("importing a %s status report", (version) => {
  const { book, payment, messageId } = sentBook();
  const usdBlock = payment.blocks.find((b) => b.currency === "USD")?.paymentInfoId ?? "";
  const eurBlock = payment.blocks.find((b) => b.currency === "EUR")?.paymentInfoId ?? "";
  const report = (id: string, rest: { groupStatus?: string; groupReasons?: { code: string }[]; blocks?: BlockSpec[] }) =>
    statusReportXml({ version, messageId: id, originalMessageId: messageId, ...rest });
  const imported = (xml: string, on = book) => {
    const result = prepareStatusImport(on, xml, LATER);
    return { ...result, after: applyPatchToSnapshot(on, result.patch) };
  };

  it("pay sent four invoices in a EUR and a USD block and marked them Sent, not Paid", () => {
    expect(payment.blocks.map((b) => [b.currency, b.transfers.length])).toEqual([["EUR", 3], ["USD", 1]]);
    expect(statuses(book, SHEETS.invoices)).toEqual(["Sent", "Sent", "Sent", "Sent"]);
    expect(statuses(book, SHEETS.reimbursements)).toEqual(["Sent", "Sent", "Sent", "Sent"]);
  });

  it("all accepted: every invoice and reimbursement becomes Paid, each status recorded", () => {
    const { after, summary } = imported(report("BANK-1", { groupStatus: "ACSC" }));
    expect(summary).toMatchObject({ paid: ["RB-000001", "RB-000002", "RB-000003", "RB-000004"], rejected: [], alreadyImported: false });
    expect(statuses(after, SHEETS.invoices)).toEqual(["Paid", "Paid", "Paid", "Paid"]);
    expect(statuses(after, SHEETS.reimbursements)).toEqual(["Paid", "Paid", "Paid", "Paid"]);
    expect(sheetRows(after, PAYMENT_STATUS_SHEET).map((r) => [r["Report id"], r.Invoice, r.Status, r.Result, r.Level])).toEqual([
      ["BANK-1", "RB-000001", "ACSC", "Paid", "group"], ["BANK-1", "RB-000002", "ACSC", "Paid", "group"],
      ["BANK-1", "RB-000003", "ACSC", "Paid", "group"], ["BANK-1", "RB-000004", "ACSC", "Paid", "group"],
    ]);
  });

  it("the whole file rejected: every invoice is Rejected and payable again, each listed as an exception with the reason", () => {
    const { after, summary } = imported(report("BANK-2", { groupStatus: "RJCT", groupReasons: [{ code: "FF01" }] }));
    expect(summary.rejected.map((r) => [r.invoice, r.words])).toEqual(["RB-000001", "RB-000002", "RB-000003", "RB-000004"].map((i) => [i, "rejected: FF01 (the file format is not valid)"]));
    expect(statuses(after, SHEETS.invoices)).toEqual(["Rejected", "Rejected", "Rejected", "Rejected"]);
    expect(sheetRows(after, SHEETS.exceptions).filter((r) => String(r.Reason).includes("rejected by the bank")).map((r) => [r["Customer account"], r.Sheet, r.Cell])).toEqual([
      ["C001", VENDOR_PAYMENTS_SHEET, "A2"], ["C002", VENDOR_PAYMENTS_SHEET, "A3"], ["C003", VENDOR_PAYMENTS_SHEET, "A4"], ["C004", VENDOR_PAYMENTS_SHEET, "A5"],
    ]);
    // Payable again, without any flag: a new file pays all four.
    const again = preparePayment(after, { now: LATER, randomHex: () => "def456" });
    expect(again.transfers.map((t) => t.endToEndId)).toEqual(["RB-000001", "RB-000002", "RB-000003", "RB-000004"]);
    // And reversible: nothing left the company.
    const runId = String(sheetRows(after, SHEETS.reimbursements)[0]["Run id"]);
    expect(prepareReversal(after, { runId, now: LATER }).plan.reversed).toHaveLength(4);
  });

  it("one block rejected: its invoice is Rejected, the other block's are Paid", () => {
    const { after, summary } = imported(report("BANK-3", { groupStatus: "PART", blocks: [{ paymentInfoId: eurBlock, status: "ACCP" }, { paymentInfoId: usdBlock, status: "RJCT", reasons: [{ code: "RC01" }] }] }));
    expect(summary.paid).toEqual(["RB-000001", "RB-000002", "RB-000003"]);
    expect(summary.rejected.map((r) => [r.invoice, r.words])).toEqual([["RB-000004", "rejected: RC01 (the bank identifier (BIC) is wrong)"]]);
    expect(statuses(after, SHEETS.invoices)).toEqual(["Paid", "Paid", "Paid", "Rejected"]);
  });

  it("single transactions rejected with Verification of Payee codes: those invoices Rejected, the rest untouched", () => {
    const { after, summary } = imported(report("BANK-4", {
      groupStatus: "PART",
      blocks: [{ paymentInfoId: eurBlock, transactions: [{ endToEndId: "RB-000002", status: "RJCT", reasons: [{ code: "PN01" }] }, { endToEndId: "RB-000003", status: "RJCT", reasons: [{ code: "AC04" }] }] }],
    }));
    expect(summary.rejected.map((r) => [r.invoice, r.vop])).toEqual([["RB-000002", true], ["RB-000003", false]]);
    expect(statuses(after, SHEETS.invoices)).toEqual(["Sent", "Rejected", "Rejected", "Sent"]);
    expect(statusImportLines(summary).join("\n")).toContain("invoice RB-000002 rejected: PN01 (Verification of Payee: the account holder's name and the account do not match) (check the payee's legal name); payable again");
  });

  it("an unknown message is reported and changes nothing", () => {
    const result = prepareStatusImport(book, statusReportXml({ version, messageId: "BANK-5", originalMessageId: "RBP-19990101-000000-000000", groupStatus: "RJCT" }), LATER);
    expect(result.patch.sheets).toEqual([]);
    expect(result.summary.unknownMessage).toBe(true);
    expect(statusImportLines(result.summary)).toEqual(["Status report BANK-5 answers message RBP-19990101-000000-000000, which is not on sheet Vendor payments; nothing was changed."]);
  });

  it("the same report twice is reported and never applied twice", () => {
    const xml = report("BANK-6", { groupStatus: "RJCT", groupReasons: [{ code: "AM04" }] });
    const first = imported(xml);
    const second = prepareStatusImport(first.after, xml, LATER);
    expect(second.patch.sheets).toEqual([]);
    expect(second.summary.alreadyImported).toBe(true);
    expect(statusImportLines(second.summary)).toEqual(["Status report BANK-6 was imported before; nothing was changed."]);
  });

  it("a late report on a transfer since paid again is recorded but does not move the invoice", () => {
    const rejected = imported(report("BANK-7", { groupStatus: "RJCT" })).after;
    const paidAgain = applyPatchToSnapshot(rejected, preparePayment(rejected, { now: LATER, randomHex: () => "fff000" }).patch);
    expect(statuses(paidAgain, SHEETS.invoices)).toEqual(["Sent", "Sent", "Sent", "Sent"]);
    const late = imported(report("BANK-8", { groupStatus: "ACSC" }), paidAgain);
    expect(late.summary.unchanged).toEqual(["RB-000001", "RB-000002", "RB-000003", "RB-000004"]);
    expect(statuses(late.after, SHEETS.invoices)).toEqual(["Sent", "Sent", "Sent", "Sent"]);
  });
});
