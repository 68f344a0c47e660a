import { balanceOf, currentBalances } from "../../src/core/balance";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { COLUMNS, SHEETS } from "../../src/workbook/contract";
import { WorkbookError } from "../../src/workbook/errors";
import { WorkbookSnapshot } from "../../src/workbook/grid";
import { readLedger } from "../../src/workbook/read";
import { readInvoiceRows, readReimbursementRows } from "../../src/workbook/read-outputs";
import { prepareReversal } from "../../src/workbook/reverse";
import { prepareRun } from "../../src/workbook/run";
import { updateCells } from "../../src/workbook/update";
import { buildBook } from "../support/workbook-builder";
import { sheetRows } from "../support/sheet-rows";
import { recordPayments } from "../export/ap-book";

const runTime = new Date("2026-11-24T09:30:00Z");
const reverseTime = new Date("2026-11-25T14:00:00Z");

function balance(book: WorkbookSnapshot, account: string, currency = "EUR"): string {
  const ledger = readLedger(book);
  return balanceOf(currentBalances(ledger.balances, ledger.transactions), account, currency).toFixed(2);
}

function reverse(book: WorkbookSnapshot, runId: string, now = reverseTime) {
  const prepared = prepareReversal(book, { runId, now, user: "alice" });
  return { ...prepared, after: applyPatchToSnapshot(book, prepared.patch) };
}

/** What the payment step records for an invoice it paid (another module's job; simulated here). */
const markPaid = (book: WorkbookSnapshot, invoiceNumber: string): WorkbookSnapshot => recordPayments(book, [invoiceNumber]);

const book = buildBook({
  customers: [{ account: "C001", vendor: "V100" }, { account: "C002" }, { account: "C003" }],
  balances: [["C001", "EUR", -120.5], ["C002", "EUR", -10], ["C003", "USD", -40]],
  vendors: [["V100", "Vendor Hundred"]],
  rates: [["USD", 0.9]],
});
const first = prepareRun(book, { now: runTime, user: "bob" });
const reimbursed = applyPatchToSnapshot(book, first.patch);
const runId = first.plan.runId;

describe("reversing a run that is not paid yet", () => {
  const { plan, after } = reverse(reimbursed, runId);

  it("gives every credit back with an opposite Reimbursement reversal transaction on the run's date", () => {
    expect(plan.reversalId).toBe("REV-20261125-140000");
    const reversals = sheetRows(after, SHEETS.transactions).filter((t) => t.Type === "Reimbursement reversal");
    expect(reversals).toEqual([
      expect.objectContaining({ "Customer account": "C001", Date: new Date("2026-11-24T00:00:00Z"), Currency: "EUR", Amount: -120.5, Document: "RB-000001", "Run id": "REV-20261125-140000" }),
      expect.objectContaining({ "Customer account": "C002", Currency: "EUR", Amount: -10, Document: "RB-000002" }),
      expect.objectContaining({ "Customer account": "C003", Currency: "USD", Amount: -40, Document: "RB-000003" }),
    ]);
    expect([balance(reimbursed, "C001"), balance(after, "C001"), balance(after, "C002"), balance(after, "C003", "USD")]).toEqual(["0.00", "-120.50", "-10.00", "-40.00"]);
  });

  it("marks each reimbursement Reversed and cancels its vendor invoice", () => {
    expect(readReimbursementRows(after).map((r) => r.status)).toEqual(["Reversed", "Reversed", "Reversed"]);
    expect(readInvoiceRows(after).map((i) => [i.invoice, i.status])).toEqual([["RB-000001", "Cancelled"], ["RB-000002", "Cancelled"], ["RB-000003", "Cancelled"]]);
  });

  it("keeps the one-time vendor it created, and a new run reimburses the customers again on it with new invoice numbers", () => {
    expect(sheetRows(after, SHEETS.oneTimeVendors).map((v) => v["Vendor account"])).toEqual(["OTV-000001", "OTV-000002"]);
    const again = prepareRun(after, { now: new Date("2026-11-26T10:00:00Z") });
    expect(again.plan.reimbursements.map((r) => [r.customerAccount, r.currency, r.amount.toFixed(2), r.vendorAccount, r.invoice])).toEqual([
      ["C001", "EUR", "120.50", "V100", "RB-000004"],
      ["C002", "EUR", "10.00", "OTV-000001", "RB-000005"],
      ["C003", "USD", "40.00", "OTV-000002", "RB-000006"],
    ]);
    expect(again.plan.newOneTimeVendors).toEqual([]);
    expect(again.plan.exceptions).toEqual([]);
  });

  it("does nothing more when asked again, and says all of the run is already reversed", () => {
    const twice = reverse(after, runId, new Date("2026-11-25T15:00:00Z"));
    expect(twice.patch.sheets).toEqual([]);
    expect(twice.plan).toEqual(expect.objectContaining({ found: 3, alreadyReversed: 3, reversed: [], refused: [] }));
  });

  it("writes one Reversal row on the Reimbursement runs sheet, after the run's row", () => {
    expect(sheetRows(after, SHEETS.runs).map((r) => [r["Run id"], r.Kind, r.Reverses, r.Reimbursed, r.Reversed, r.Exceptions, r.Totals, r.User])).toEqual([
      [runId, "Run", null, 3, null, 0, "EUR 130.50; USD 40.00", "bob"],
      ["REV-20261125-140000", "Reversal", runId, null, 3, 0, "EUR 130.50; USD 40.00", "alice"],
    ]);
  });
});

describe("reversing a run that is partly paid", () => {
  const paid = markPaid(reimbursed, "RB-000002");
  const { plan, after } = reverse(paid, runId);

  it("reverses the unpaid reimbursements and lists the paid one with the reason", () => {
    expect(plan.reversed.map((x) => x.customerAccount)).toEqual(["C001", "C003"]);
    expect(plan.refused).toEqual([
      expect.objectContaining({ customerAccount: "C002", invoice: "RB-000002", row: 3, reason: "it is Paid: the money has left the company; recover it from the vendor instead" }),
    ]);
    expect(readReimbursementRows(after).map((r) => r.status)).toEqual(["Reversed", "Paid", "Reversed"]);
    expect(readInvoiceRows(after).map((i) => i.status)).toEqual(["Cancelled", "Paid", "Cancelled"]);
    expect(balance(after, "C002")).toBe("0.00");
  });

  it("counts the refused reimbursement as the reversal's exception on the audit row", () => {
    expect(sheetRows(after, SHEETS.runs)[1]).toEqual(expect.objectContaining({ Kind: "Reversal", Reversed: 2, Exceptions: 1, Totals: "EUR 120.50; USD 40.00" }));
  });

  it("writes nothing when every reimbursement of the run is paid", () => {
    const allPaid = ["RB-000001", "RB-000002", "RB-000003"].reduce(markPaid, reimbursed);
    const result = reverse(allPaid, runId);
    expect(result.patch.sheets).toEqual([]);
    expect(result.plan.refused).toHaveLength(3);
  });
});

describe("a run id the workbook does not hold", () => {
  const fail = (b: WorkbookSnapshot, id: string): string => {
    try {
      prepareReversal(b, { runId: id, now: reverseTime });
    } catch (e) {
      if (e instanceof WorkbookError) return e.message;
      throw e;
    }
    throw new Error("expected the reversal to stop");
  };

  it("stops, naming the Reimbursements sheet", () => {
    expect(fail(reimbursed, "RUN-20990101-000000")).toBe("Sheet 'Reimbursements': no reimbursement has run id RUN-20990101-000000; the run ids are in column 'Run id'");
    expect(fail(book, runId)).toBe(`Sheet 'Reimbursements': the workbook has no sheet named 'Reimbursements', so it holds no run ${runId} to reverse`);
  });

  it("refuses to reverse a reversal", () => {
    const { plan, after } = reverse(reimbursed, runId);
    expect(fail(after, plan.reversalId)).toBe(`Sheet 'Reimbursement runs': ${plan.reversalId} is a reversal, not a run; a reversal cannot be reversed`);
  });

  it("finds the run whatever the case of the id typed", () => {
    expect(reverse(reimbursed, runId.toLowerCase()).plan.reversed).toHaveLength(3);
  });
});
