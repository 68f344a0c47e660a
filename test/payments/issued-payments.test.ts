import fc from "fast-check";
import { IssuedPayment, RegisterEntry, alreadyPaidIn, asRegisterEntry, standingPayments } from "../../src/payments/issued-payments";

const DEBTOR = "NL91ABNA0417164300";

function paid(invoice: string, messageId: string, paymentId = `${messageId}-1`): IssuedPayment {
  return {
    kind: "payment", debtorIban: DEBTOR, invoice, customer: "C1", vendor: "V1", amount: "13.31", currency: "EUR", creditorIban: "DE89370400440532013000",
    messageId, paymentId, executionDate: "2026-12-01", time: "2026-12-01T10:00:00.000Z", workbook: "book.xlsx", workbookSha256: "ab", file: "p.xml",
  };
}
const rejected = (invoice: string, messageId: string, paymentId?: string): RegisterEntry => ({ kind: "rejection", debtorIban: DEBTOR, invoice, messageId, paymentId, reason: "AC04", time: "2026-12-01T11:00:00.000Z" });

describe("the register of issued payments, as its entries say in order", () => {
  test("an invoice paid before is found, whatever its case or spacing", () => {
    expect(alreadyPaidIn([paid("RB-000001", "M1")], [" rb-000001 ", "RB-000002"]).map((p) => p.messageId)).toEqual(["M1"]);
  });

  test("a rejection of the transfer makes the invoice payable again; a later payment stands again", () => {
    expect(alreadyPaidIn([paid("RB-000001", "M1"), rejected("RB-000001", "M1")], ["RB-000001"])).toEqual([]);
    expect(alreadyPaidIn([paid("RB-000001", "M1"), rejected("RB-000001", "M1"), paid("RB-000001", "M2")], ["RB-000001"]).map((p) => p.messageId)).toEqual(["M2"]);
  });

  test("a rejection of another message or another transfer leaves the payment standing", () => {
    expect(alreadyPaidIn([paid("RB-000001", "M1"), rejected("RB-000001", "M0")], ["RB-000001"])).toHaveLength(1);
    expect(alreadyPaidIn([paid("RB-000001", "M1", "P1"), rejected("RB-000001", "M1", "P2")], ["RB-000001"])).toHaveLength(1);
  });

  test("the latest standing payment of an invoice is the one named", () => {
    expect(alreadyPaidIn([paid("RB-000001", "M1"), paid("RB-000001", "M2")], ["RB-000001"])[0].messageId).toBe("M2");
  });

  test("an invoice stands exactly when it was paid more often than its transfers were rejected (property)", () => {
    const step = fc.record({ reject: fc.boolean(), invoice: fc.constantFrom("RB-1", "RB-2") });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const entries: RegisterEntry[] = [];
        const open = new Map<string, string[]>();
        steps.forEach((s, i) => {
          const list = open.get(s.invoice) ?? [];
          if (s.reject && list.length) entries.push(rejected(s.invoice, list.shift() ?? ""));
          else if (!s.reject) {
            entries.push(paid(s.invoice, `M${i}`));
            list.push(`M${i}`);
          }
          open.set(s.invoice, list);
        });
        const standing = standingPayments(entries);
        for (const [invoice, list] of open) expect(standing.get(invoice)?.map((p) => p.messageId) ?? []).toEqual(list);
      }),
    );
  });

  test("a stored value that is no entry is refused", () => {
    expect(asRegisterEntry(paid("RB-1", "M1"))).not.toBeNull();
    expect(asRegisterEntry({ kind: "payment", invoice: 1 })).toBeNull();
    expect(asRegisterEntry(null)).toBeNull();
    expect(asRegisterEntry("text")).toBeNull();
  });
});
