import { preparePayment } from "../../src/payments/prepare-payment";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { SHEETS } from "../../src/workbook/contract";
import { WorkbookError } from "../../src/workbook/errors";
import { CellValue, WorkbookSnapshot, findSheet } from "../../src/workbook/grid";
import { readLedgerState } from "../../src/workbook/ledger-state";
import { prepareReversal } from "../../src/workbook/reverse";
import { prepareRun } from "../../src/workbook/run";
import { DEBTOR_PARAMETERS, bookAfterRun, editInvoices } from "../export/ap-book";
import { sheetRows } from "../support/sheet-rows";
import { buildBook, sheet } from "../support/workbook-builder";

const now = new Date(2026, 10, 24, 10, 15, 0);
const hex = (() => {
  let n = 0;
  return () => (n++).toString(16).padStart(6, "0");
})();

const book = (): WorkbookSnapshot =>
  bookAfterRun({
    customers: [{ account: "C001" }, { account: "C002" }, { account: "C003" }],
    balances: [["C001", "EUR", -120.5], ["C002", "EUR", -30], ["C003", "EUR", -40]],
    extraParameters: DEBTOR_PARAMETERS,
  });

const paid = (b: WorkbookSnapshot): WorkbookSnapshot => applyPatchToSnapshot(b, preparePayment(b, { now, randomHex: hex }).patch);

function stop(action: () => unknown): string {
  try {
    action();
  } catch (e) {
    if (e instanceof WorkbookError) return e.message;
    throw e;
  }
  throw new Error("expected the command to stop");
}

function withoutColumn(b: WorkbookSnapshot, sheetName: string, header: string): WorkbookSnapshot {
  return {
    sheets: b.sheets.map((s) => {
      if (s.name !== sheetName) return s;
      const col = s.rows[0].indexOf(header);
      return { ...s, rows: s.rows.map((r) => r.filter((_, i) => i !== col)) };
    }),
  };
}

function withRows(b: WorkbookSnapshot, sheetName: string, keep: (row: CellValue[], index: number) => boolean): WorkbookSnapshot {
  return { sheets: b.sheets.map((s) => (s.name === sheetName ? { ...s, rows: s.rows.filter(keep) } : s)) };
}

describe("the state of an invoice comes from the records, not from its Status cell", () => {
  const after = paid(book());
  const runId = String(sheetRows(after, SHEETS.invoices)[0]["Run id"]);

  it("derives Sent from the Vendor payments rows (Paid once the bank accepts) and agrees with the view pay wrote", () => {
    const state = readLedgerState(after);
    expect(state.contradictions).toEqual([]);
    expect(state.invoices.map((s) => [s.invoice.invoice, s.status, s.standing.kind])).toEqual([
      ["RB-000001", "Sent", "paid"], ["RB-000002", "Sent", "paid"], ["RB-000003", "Sent", "paid"],
    ]);
    expect(state.reimbursements.map((r) => r.status)).toEqual(["Sent", "Sent", "Sent"]);
  });

  it("a blanked Status on a paid invoice stops pay and reverse, naming the cell; nothing is paid or given back", () => {
    const blanked = editInvoices(after, [{ invoice: "RB-000002", header: "Status", value: null }]);
    const expected = "Sheet 'Vendor invoices', cell K3: Status says Open (or is empty), but a transfer for it is on sheet Vendor payments";
    expect(stop(() => preparePayment(blanked, { now, randomHex: hex }))).toContain(expected);
    expect(stop(() => prepareReversal(blanked, { runId, now }))).toContain(expected);
  });

  it("deleting both Status columns does not make paid credits reversible", () => {
    const deleted = withoutColumn(withoutColumn(after, SHEETS.invoices, "Status"), SHEETS.reimbursements, "Status");
    const message = stop(() => prepareReversal(deleted, { runId, now }));
    expect(message).toContain("Sheet 'Vendor invoices', cell A1: column 'Status' is missing from the header row, but invoice RB-000001 is sent according to the records; add the column back");
    expect(message).toContain("Sheet 'Reimbursements', cell A1: column 'Status' is missing from the header row");
  });

  it("an invoice both paid and reversed in the records stops everything: the credit would be paid and given back", () => {
    const tx = findSheet(after, SHEETS.transactions);
    if (!tx) throw new Error("no transactions");
    const reversal = [...tx.rows[1]];
    reversal[4] = "Reimbursement reversal";
    reversal[3] = -120.5;
    const both = { sheets: after.sheets.map((s) => (s === tx ? { ...s, rows: [...s.rows, reversal] } : s)) };
    expect(stop(() => preparePayment(both, { now, randomHex: hex }))).toMatch(/cell A2: invoice RB-000001 is both paid \(sheet Vendor payments, row 2\) and reversed \(sheet Customer transactions, row 5\)/);
  });

  it("a transfer the bank rejected (Payment status RJCT) makes its invoice payable again", () => {
    const payments = sheetRows(after, SHEETS.vendorPayments);
    const rejected = {
      sheets: [...after.sheets, sheet(SHEETS.paymentStatus, [["Message id", "Payment id", "Invoice", "Status"], [payments[1]["Message id"], payments[1]["Payment id"], "RB-000002", "RJCT"]])],
    };
    // The view still says Sent: the status import (issue 11) writes it Rejected (or Open).
    expect(stop(() => preparePayment(rejected, { now, randomHex: hex }))).toContain("cell K3: Status says Sent, but the bank rejected its transfer");
    const reopened = editInvoices(rejected, [{ invoice: "RB-000002", header: "Status", value: "Open" }]);
    const reimbursements = findSheet(reopened, SHEETS.reimbursements);
    if (!reimbursements) throw new Error("no Reimbursements");
    reimbursements.rows[2][reimbursements.rows[0].indexOf("Status")] = "Open";
    expect(preparePayment(reopened, { now, randomHex: hex }).transfers.map((t) => t.endToEndId)).toEqual(["RB-000002"]);
  });
});

describe("reverse checks that the run's customer transaction still exists", () => {
  const b = book();
  const runId = String(sheetRows(b, SHEETS.invoices)[0]["Run id"]);

  it("refuses a reimbursement whose transaction was deleted, and one whose transaction was edited", () => {
    const tx = findSheet(b, SHEETS.transactions);
    if (!tx) throw new Error("no transactions");
    let edited = withRows(b, SHEETS.transactions, (r) => r[5] !== "RB-000001");
    const amountCol = tx.rows[0].indexOf("Amount");
    edited = { sheets: edited.sheets.map((s) => (s.name === SHEETS.transactions ? { ...s, rows: s.rows.map((r) => (r[5] === "RB-000002" ? r.map((v, i) => (i === amountCol ? 300 : v)) : r)) } : s)) };
    const { plan } = prepareReversal(edited, { runId, now });
    expect(plan.reversed.map((r) => r.invoice)).toEqual(["RB-000003"]);
    expect(plan.refused.map((r) => [r.invoice, r.reason])).toEqual([
      ["RB-000001", "its customer transaction (Type Reimbursement, Document RB-000001) is no longer on sheet Customer transactions; the credit it removed cannot be checked"],
      ["RB-000002", expect.stringMatching(/^invoice, reimbursement and customer transaction disagree \(invoice 30.00 EUR for customer C002, reimbursement 30.00 EUR for customer C002, customer transaction 300.00 EUR for customer C002\); one of them was edited \(sheet 'Customer transactions', cell D2\)$/)],
    ]);
  });
});

describe("numbering continues after every number seen anywhere in the workbook", () => {
  it("gives a new one-time vendor a number no customer is already mapped to (no wrong payee)", () => {
    const b = buildBook({
      customers: [{ account: "C1", vendor: "OTV-000001" }, { account: "C2" }],
      balances: [["C1", "EUR", -500], ["C2", "EUR", -20]],
    });
    const { plan } = prepareRun(b, { now, selection: {} });
    expect(plan.reimbursements.map((r) => [r.customerAccount, r.vendorAccount])).toEqual([["C1", "OTV-000001"], ["C2", "OTV-000002"]]);
  });

  it("does not restart invoice numbers at RB-000001 when old Vendor invoices rows were archived", () => {
    const first = book();
    const archived = {
      sheets: [
        ...withRows(withRows(first, SHEETS.invoices, (_, i) => i === 0), SHEETS.reimbursements, (_, i) => i === 0).sheets,
        { ...(findSheet(first, SHEETS.invoices) ?? sheet("x", [])), name: "Archive 2026" },
      ],
    };
    // Only the archive copy still holds the numbers: the transactions' Document cells are cleared too.
    const transactions = findSheet(archived, SHEETS.transactions);
    if (!transactions) throw new Error("no transactions");
    transactions.rows = [...transactions.rows.map((r, i) => (i === 0 ? r : r.map((v, c) => (c === 5 ? null : v)))), ["C001", "2026-11-20", "EUR", -10.25, "Payment", null, null]];
    const { plan } = prepareRun(archived, { now: new Date("2026-12-01T10:00:00Z"), selection: {} });
    expect(plan.reimbursements.map((r) => r.invoice)).toEqual(["RB-000004"]);
  });

  it("gives a run an id not used on any sheet, and a payment a message id never seen", () => {
    const b = buildBook({ customers: [{ account: "C1" }], balances: [["C1", "EUR", -50]] });
    const copy = { sheets: [...b.sheets, sheet("Audit copy", [["Id"], ["RUN-20261124-091500"]])] };
    expect(prepareRun(copy, { now: new Date("2026-11-24T09:15:00Z"), selection: {} }).plan.runId).toBe("RUN-20261124-091500-2");
    const after = book();
    const seen = { sheets: [...after.sheets, sheet("Bank notes", [["Message"], ["RBP-20261124-101500-00000A"]])] };
    expect(preparePayment(seen, { now, randomHex: (() => { const ids = ["00000a", "00000b"]; return () => ids.shift() ?? "ffffff"; })() }).messageId).toBe("RBP-20261124-101500-00000B");
  });
});

describe("a vendor account on two Vendors rows", () => {
  const twice = (): WorkbookSnapshot =>
    buildBook({
      customers: [{ account: "C1", vendor: "V1" }, { account: "C2" }],
      balances: [["C1", "EUR", -500], ["C2", "EUR", -20]],
      vendors: [["V1", "Vendor one"], ["V2", "Vendor two"], ["v1", "Someone else"]],
      extraParameters: DEBTOR_PARAMETERS,
    });

  it("holds back its customers in a run, naming both cells, rather than taking the name from one row", () => {
    const { plan } = prepareRun(twice(), { now, selection: {} });
    expect(plan.reimbursements.map((r) => r.customerAccount)).toEqual(["C2"]);
    expect(plan.exceptions.map((e) => [e.customerAccount, `${e.source.sheet}!${e.source.address}`, e.reason])).toEqual([
      ["C1", "Customers!A2", "Vendor account V1 is on sheet Vendors more than once (cells A2 and A4); keep one row, so name and bank account come from the same vendor"],
    ]);
  });

  it("is not paid when the IBANs come from the Vendors sheet: name from one row and IBAN from another would pay a mixture", () => {
    const once = buildBook({
      customers: [{ account: "C1", vendor: "V1" }],
      balances: [["C1", "EUR", -500]],
      vendors: [["V1", "Vendor one"]],
      extraParameters: DEBTOR_PARAMETERS,
    });
    const ran = applyPatchToSnapshot(once, prepareRun(once, { now, selection: {} }).patch);
    const vendors = findSheet(ran, SHEETS.vendors);
    if (!vendors) throw new Error("no Vendors");
    vendors.rows = [["Vendor account", "Name", "IBAN"], ["V1", "Vendor one", "NL91 ABNA 0417 1643 00"], ["V1", "Vendor one", "DE89 3704 0044 0532 0130 00"]];
    const result = preparePayment(ran, { now, randomHex: hex });
    expect(result.transfers).toEqual([]);
    expect(result.selection.exceptions.map((e) => [`${e.source.sheet}!${e.source.address}`, e.reason])).toEqual([
      ["Vendors!A2", "Invoice RB-000001 not paid: account V1 is on sheet Vendors more than once (A2 and A3); keep one row"],
    ]);
  });
});
