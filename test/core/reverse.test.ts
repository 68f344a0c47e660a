import { Money } from "../../src/core/money";
import { InvoiceRecord, ReimbursementRecord, REVERSAL_TYPE, newReversalId, planReversal } from "../../src/core/reverse";

const now = new Date("2026-11-25T08:00:00Z");

function reimbursement(row: number, over: Partial<ReimbursementRecord> = {}): ReimbursementRecord {
  return { row, runId: "RUN-1", date: "2026-11-24", customerAccount: `C${row}`, currency: "EUR", amount: new Money("10.50"), invoice: `RB-${row}`, status: "Open", problems: [], ...over };
}
function invoice(row: number, over: Partial<InvoiceRecord> = {}): InvoiceRecord {
  return { row, invoice: `RB-${row}`, currency: "EUR", amount: new Money("10.50"), status: "Open", problems: [], ...over };
}
const plan = (reimbursements: ReimbursementRecord[], invoices: InvoiceRecord[], extra: { date?: string; existingIds?: string[] } = {}) =>
  planReversal({ runId: "run-1", reimbursements, invoices, existingIds: extra.existingIds ?? [], now, date: extra.date });

describe("planning the reversal of a run", () => {
  it("gives each open reimbursement its credit back with the opposite transaction, on the reimbursement's date", () => {
    const p = plan([reimbursement(2), reimbursement(3, { currency: "JPY", amount: new Money(5000) })], [invoice(2), invoice(3, { currency: "JPY", amount: new Money(5000) })]);
    expect(p.reversalId).toBe("REV-20261125-080000");
    expect(p.runId).toBe("RUN-1");
    expect(p.transactions.map((t) => [t.account, t.date, t.currency, t.amount.toFixed(), t.type, t.document, t.runId])).toEqual([
      ["C2", "2026-11-24", "EUR", "-10.5", REVERSAL_TYPE, "RB-2", "REV-20261125-080000"],
      ["C3", "2026-11-24", "JPY", "-5000", REVERSAL_TYPE, "RB-3", "REV-20261125-080000"],
    ]);
    expect(p.reversed.map((x) => [x.reimbursementRow, x.invoiceRow, x.cancelInvoice])).toEqual([[2, 2, true], [3, 3, true]]);
    expect(p.totals.map((t) => [t.currency, t.amount.toFixed()])).toEqual([["EUR", "10.5"], ["JPY", "5000"]]);
  });

  it("dates the reversing transactions on the date asked for instead", () => {
    expect(plan([reimbursement(2)], [invoice(2)], { date: "2026-12-01" }).transactions[0].date).toBe("2026-12-01");
  });

  it("only touches the reimbursements of the run asked for, whatever the case of its id", () => {
    const p = plan([reimbursement(2), reimbursement(3, { runId: "RUN-2" })], [invoice(2), invoice(3)]);
    expect(p.found).toBe(1);
    expect(p.reversed.map((x) => x.customerAccount)).toEqual(["C2"]);
  });

  it("refuses a paid reimbursement, and one whose invoice is paid, saying why", () => {
    const p = plan([reimbursement(2, { status: "Paid" }), reimbursement(3), reimbursement(4)], [invoice(2), invoice(3, { status: "paid" }), invoice(4)]);
    expect(p.reversed.map((x) => x.customerAccount)).toEqual(["C4"]);
    expect(p.refused.map((x) => [x.customerAccount, x.reason])).toEqual([
      ["C2", "it is Paid: the money has left the company; recover it from the vendor instead"],
      ["C3", "its invoice RB-3 is Paid: the money has left the company; recover it from the vendor instead"],
    ]);
  });

  it("counts already reversed reimbursements and reverses nothing twice", () => {
    const p = plan([reimbursement(2, { status: "Reversed" }), reimbursement(3, { status: " reversed " })], [invoice(2, { status: "Cancelled" }), invoice(3, { status: "Cancelled" })]);
    expect(p).toEqual(expect.objectContaining({ found: 2, alreadyReversed: 2, reversed: [], refused: [], transactions: [] }));
  });

  it("reverses a reimbursement whose invoice was already cancelled by hand, leaving the invoice as it is", () => {
    const p = plan([reimbursement(2)], [invoice(2, { status: "Cancelled" })]);
    expect(p.reversed.map((x) => x.cancelInvoice)).toEqual([false]);
  });

  it("refuses what it cannot check rather than guess: no invoice, a missing or duplicated invoice, an unreadable row, an edited amount, an unknown status", () => {
    const p = plan(
      [
        reimbursement(2, { invoice: null }),
        reimbursement(3),
        reimbursement(4),
        reimbursement(5, { problems: ["Sheet 'Reimbursements', cell F5: Amount: expected an amount, found the error #N/A"] }),
        reimbursement(6),
        reimbursement(7, { status: "On hold" }),
        reimbursement(8),
        reimbursement(9, { amount: new Money(0) }),
      ],
      [invoice(4), invoice(40, { invoice: "rb-4" }), invoice(5), invoice(6, { amount: new Money("99.00") }), invoice(7), invoice(8, { status: "Disputed" }), invoice(9)],
    );
    expect(p.reversed).toEqual([]);
    expect(p.refused.map((x) => x.reason)).toEqual([
      "it has no invoice number, so whether it was paid cannot be checked",
      "its invoice RB-3 is not on sheet Vendor invoices, so whether it was paid cannot be checked",
      "its invoice RB-4 appears 2 times on sheet Vendor invoices (rows 4, 40); keep one",
      "its row cannot be read: Sheet 'Reimbursements', cell F5: Amount: expected an amount, found the error #N/A",
      "its invoice RB-6 is for 99.00 EUR, the reimbursement for 10.50 EUR; one of them was edited",
      "its Status is 'On hold'; only Open reimbursements can be reversed",
      "its invoice RB-8 has Status 'Disputed'; only Open invoices can be cancelled",
      "its amount 0 is not a positive credit",
    ]);
  });

  it("reports a run it does not know as zero reimbursements found", () => {
    expect(plan([reimbursement(2, { runId: "RUN-9" })], []).found).toBe(0);
  });
});

describe("a reversal's own id", () => {
  it("is the time it was made, with a suffix if that second is already taken", () => {
    expect(newReversalId(now, [])).toBe("REV-20261125-080000");
    expect(newReversalId(now, ["rev-20261125-080000", "REV-20261125-080000-2"])).toBe("REV-20261125-080000-3");
  });
});
