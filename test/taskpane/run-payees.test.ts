import { XMLParser } from "fast-xml-parser";
import { preparePayment } from "../../src/payments/prepare-payment";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { SHEETS } from "../../src/workbook/contract";
import { WorkbookSnapshot } from "../../src/workbook/grid";
import { runApproval } from "../../src/taskpane/approval-model";
import { planRun } from "../../src/taskpane/run-engine";
import { DEBTOR_PARAMETERS } from "../export/ap-book";
import { buildBook, sheet } from "../support/workbook-builder";

const now = new Date("2026-11-24T09:30:00Z");
const CUSTOMER_IBAN = "FR7630006000011234567890189";
const VENDOR_IBAN = "DE89370400440532013000";

/** C001 is mapped to V100, whose own bank account is on the Vendors sheet; C002 gets a one-time vendor. */
function book(vendorIban: string | null = VENDOR_IBAN): WorkbookSnapshot {
  const b = buildBook({
    customers: [{ account: "C001", vendor: "V100", iban: CUSTOMER_IBAN }, { account: "C002", iban: "NL91ABNA0417164300" }],
    balances: [["C001", "EUR", -120.5], ["C002", "EUR", -30]],
    extraParameters: DEBTOR_PARAMETERS,
  });
  const vendors = vendorIban === null
    ? sheet(SHEETS.vendors, [["Vendor account", "Name"], ["V100", "Vendor Hundred GmbH"]])
    : sheet(SHEETS.vendors, [["Vendor account", "Name", "IBAN"], ["V100", "Vendor Hundred GmbH", vendorIban]]);
  return { sheets: [...b.sheets, vendors] };
}

const parser = new XMLParser({ parseTagValue: false, ignoreAttributes: true, isArray: (name) => name === "CdtTrfTxInf" });
type Tx = { PmtId: { EndToEndId: string }; Cdtr: { Nm: string }; CdtrAcct: { Id: { IBAN: string } } };
function paidIbans(xml: string): Record<string, string> {
  const txs = (parser.parse(xml) as { Document: { CstmrCdtTrfInitn: { PmtInf: { CdtTrfTxInf: Tx[] } } } }).Document.CstmrCdtTrfInitn.PmtInf.CdtTrfTxInf;
  return Object.fromEntries(txs.map((t) => [t.PmtId.EndToEndId, t.CdtrAcct.Id.IBAN]));
}

describe("the payees a run approval lists", () => {
  it("shows a mapped vendor's own IBAN from the vendor master, not its customer's", () => {
    const { plan } = planRun(book(), {}, now);
    expect(plan.payees.map((p) => [p.vendorAccount, p.name, p.iban])).toEqual([
      ["V100", "Vendor Hundred GmbH", VENDOR_IBAN],
      [expect.stringMatching(/^OTV-/), "Customer C002", "NL91ABNA0417164300"],
    ]);
  });

  it("shows for each invoice the IBAN the payment file then pays it to", () => {
    for (const vendorIban of [VENDOR_IBAN, null]) {
      const before = book(vendorIban);
      const { plan, patch } = planRun(before, {}, now);
      const payment = preparePayment(applyPatchToSnapshot(before, patch), { now, randomHex: () => "a1b2c3" });
      const paid = paidIbans(payment.xml ?? "");
      const invoices = applyPatchToSnapshot(before, patch).sheets.find((s) => s.name === SHEETS.invoices)?.rows.slice(1).map((r) => String(r[0])) ?? [];
      expect(invoices).toHaveLength(2);
      expect(plan.payees.map((p, i) => [i, p.iban])).toEqual(invoices.map((invoice, i) => [i, paid[invoice]]));
    }
  });

  it("shows the account number where the payee's country has no IBAN, as pay does", () => {
    const b = book();
    const customers = b.sheets.find((s) => s.name === SHEETS.customers);
    const header = customers?.rows[0] ?? [];
    const row = customers?.rows[2] ?? [];
    while (row.length < header.length) row.push(null);
    row[header.indexOf("IBAN")] = null;
    row[header.indexOf("Account number")] = "0123 4567 89";
    const { plan } = planRun(b, {}, now);
    expect(plan.payees.map((p) => p.iban)).toEqual([VENDOR_IBAN, "0123456789"]);
  });

  it("masks that IBAN on the approval page", () => {
    const { plan } = planRun(book(), {}, now);
    const model = runApproval(plan.summary, plan.payees, "book.xlsx", "2026-11-24 10:30");
    expect(model.payees[0]).toEqual(["Vendor Hundred GmbH (V100)", "DE89 •••• 3000", "120.50 EUR"]);
    expect(model.payees.flat().join(" ")).not.toContain("0189");
  });

  it("shows the mapped customer's IBAN where the Vendors sheet holds no bank accounts, as pay then does", () => {
    const { plan } = planRun(book(null), {}, now);
    expect(plan.payees.map((p) => p.iban)).toEqual([CUSTOMER_IBAN, "NL91ABNA0417164300"]);
  });
});
