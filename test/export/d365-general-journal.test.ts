import { Decimal } from "decimal.js";
import { prepareExport } from "../../src/export/prepare-export";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { SHEETS } from "../../src/workbook/contract";
import { WorkbookSnapshot } from "../../src/workbook/grid";
import { sheetRows } from "../support/sheet-rows";
import { bookAfterRun, cancelInvoices, editInvoices, isoOf } from "./ap-book";
import { openPackage } from "./export-files";

const book = bookAfterRun({
  customers: [{ account: "C001", vendor: "V100" }, { account: "C002" }, { account: "C003", currency: "JPY" }],
  balances: [["C001", "EUR", -120.5], ["C002", "EUR", -30], ["C003", "JPY", -15000]],
  vendors: [["V100", "Vendor Hundred"]],
  rates: [["JPY", 0.0062]],
  extraParameters: [["General journal name", "Reimb"], ["Customer posting profile", "GEN"], ["Method of payment", "SEPA"]],
});

const journalOf = (snapshot: WorkbookSnapshot, date = "2026-11-30") => {
  const prepared = prepareExport(snapshot, { format: "d365-general-journal", date });
  return { prepared, pkg: openPackage(prepared.content) };
};

describe("the customer side: a D365 general journal package (--format d365-general-journal)", () => {
  it("creates the one-time vendors first, then the journal", () => {
    const { pkg } = journalOf(book);
    expect(pkg.entities.map((e) => [e.entityName, e.target, e.level])).toEqual([
      ["Vendors V2", "VendVendorV2Entity", 1], ["Vendor bank accounts", "VendVendorBankAccountEntity", 2], ["General journal", "LedgerJournalEntity", 3],
    ]);
    expect(pkg.rows("Vendors V2").map((v) => v.VENDORACCOUNTNUMBER)).toEqual(["OTV-000001", "OTV-000002"]);
  });

  it("debits each customer and credits its vendor with the reimbursed amount, one voucher per invoice", () => {
    const { prepared, pkg } = journalOf(book);
    const sheet = sheetRows(book, SHEETS.invoices);
    const lines = pkg.rows("General journal");
    expect(lines).toHaveLength(sheet.length);
    lines.forEach((line, i) => {
      const row = sheet[i];
      expect(line).toMatchObject({
        JOURNALBATCHNUMBER: prepared.exportId, JOURNALNAME: "Reimb", LINENUMBER: String(i + 1), VOUCHER: row.Invoice, TRANSDATE: isoOf(row["Invoice date"]),
        ACCOUNTTYPE: "Cust", ACCOUNTDISPLAYVALUE: row["Customer account"], OFFSETACCOUNTTYPE: "Vend", OFFSETACCOUNTDISPLAYVALUE: row["Vendor account"],
        CURRENCYCODE: row.Currency, CREDITAMOUNT: "", INVOICE: row.Invoice, DUEDATE: isoOf(row["Due date"]), POSTINGPROFILE: "GEN", PAYMENTMETHOD: "SEPA",
      });
      expect(new Decimal(line.DEBITAMOUNT).equals(new Decimal(String(row.Amount)))).toBe(true);
    });
    expect(lines.map((l) => l.EXCHANGERATE)).toEqual(["", "", "0.62"]);
  });

  it("turns both sides round for a cancelled invoice that was exported", () => {
    const first = prepareExport(book, { format: "d365-general-journal", date: "2026-11-30" });
    const cancelled = cancelInvoices(applyPatchToSnapshot(book, first.patch), ["RB-000002"]);
    const { prepared, pkg } = journalOf(cancelled, "2026-12-04");
    expect(prepared.exportId).not.toBe(first.exportId);
    expect(pkg.rows("General journal")).toEqual([
      expect.objectContaining({ ACCOUNTTYPE: "Cust", ACCOUNTDISPLAYVALUE: "C002", OFFSETACCOUNTDISPLAYVALUE: "OTV-000001", DEBITAMOUNT: "", CREDITAMOUNT: "30.00", TRANSDATE: "2026-12-04", INVOICE: "RB-000002-CN", VOUCHER: "RB-000002-CN" }),
    ]);
  });

  it("never writes a journal line without the customer it debits", () => {
    const orphan = editInvoices(book, [{ invoice: "RB-000002", header: "Customer account", value: null }]);
    const prepared = prepareExport(orphan, { format: "d365-general-journal", date: "2026-11-30" });
    // The three-way match holds it back (its reimbursement names a customer); the journal never has a blank account.
    expect(prepared.exceptions.map((e) => [e.source.address, e.reason])).toEqual([["G3", expect.stringMatching(/^Invoice RB-000002 not exported: invoice, reimbursement and customer transaction disagree/)]]);
    const lines = openPackage(prepared.content).rows("General journal");
    expect(lines.map((l) => l.INVOICE)).toEqual(["RB-000001", "RB-000003"]);
    expect(lines.every((l) => l.ACCOUNTDISPLAYVALUE !== "")).toBe(true);
  });
});
