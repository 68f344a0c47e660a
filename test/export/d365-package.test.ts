import { prepareExport } from "../../src/export/prepare-export";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { SHEETS } from "../../src/workbook/contract";
import { WorkbookError } from "../../src/workbook/errors";
import { WorkbookSnapshot } from "../../src/workbook/grid";
import { sheetRows } from "../support/sheet-rows";
import { bookAfterRun, cancelInvoices, editInvoices, isoOf } from "./ap-book";
import { openPackage } from "./export-files";

const spec = {
  customers: [
    { account: "C001", vendor: "V100" },
    { account: "C002", name: "Dupont & Fils" },
    { account: "C003", currency: "JPY" },
    { account: "C004", currency: "BHD" },
  ],
  balances: [["C001", "EUR", -120.5], ["C002", "EUR", -30], ["C003", "JPY", -15000], ["C004", "BHD", -12.345]] as [string, string, number][],
  vendors: [["V100", "Vendor Hundred"]] as [string, string][],
  rates: [["JPY", 0.0062], ["BHD", 2.43]] as [string, number][],
};

/**
 * The fields of each entity in the public CDM definitions (microsoft/CDM,
 * schemaDocuments/core/operationsCommon/Entities/...), upper case as the package files hold them.
 * Only those the export writes are listed; a field not here is a field D365 does not have.
 */
const CDM_FIELDS: Record<string, string[]> = {
  VendVendorV2Entity: ["VendorAccountNumber", "VendorOrganizationName", "VendorPartyType", "VendorGroupId", "CurrencyCode", "IsOneTimeVendor", "DefaultVendorPaymentMethodName", "SalesTaxGroupCode", "AddressDescription", "AddressLocationRoles", "AddressStreet", "AddressZipCode", "AddressCity", "AddressCountryRegionISOCode"],
  VendVendorBankAccountEntity: ["VendorAccountNumber", "VendorBankAccountId", "BankName", "IBAN", "SWIFTCode", "CurrentCurrencyCode", "IsDefaultBankAccount"],
  VendInvoiceJournalHeaderEntity: ["JournalName", "JournalBatchNumber", "Description"],
  VendInvoiceJournalLineEntity: ["JournalBatchNumber", "LineNumber", "Company", "Voucher", "AccountType", "AccountDisplayValue", "Invoice", "InvoiceDate", "Date", "DueDate", "Currency", "ExchRate", "Credit", "Debit", "Description", "Document", "PostingProfile", "MethodOfPayment", "SalesTaxGroup", "OffsetAccountType", "OffsetAccountDisplayValue", "OffsetCompany"],
  LedgerJournalEntity: ["JournalBatchNumber", "JournalName", "Description", "LineNumber", "Voucher", "TransDate", "AccountType", "AccountDisplayValue", "OffsetAccountType", "OffsetAccountDisplayValue", "Text", "CurrencyCode", "ExchangeRate", "DebitAmount", "CreditAmount", "Invoice", "Document", "DueDate", "PostingProfile", "PaymentMethod"],
};

const exportOf = (book: WorkbookSnapshot, date = "2026-11-30") => prepareExport(book, { format: "d365", date });
const packageOf = (book: WorkbookSnapshot, date = "2026-11-30") => openPackage(exportOf(book, date).content);

describe("the Dynamics 365 data package (--format d365)", () => {
  const book = bookAfterRun(spec);

  it("holds a manifest, a package header and one CSV-Unicode file per entity, each parsed and mapped field by field", () => {
    const pkg = packageOf(book);
    expect(pkg.names.slice(0, 2)).toEqual(["Manifest.xml", "PackageHeader.xml"]);
    expect(pkg.names.slice(2).sort()).toEqual(pkg.entities.map((e) => e.file).sort());
    expect(pkg.header).toMatchObject({ PackageType: "DefinitionGroup", PackageVersion: "2", ManifestType: "Microsoft.Dynamics.AX.Framework.Tools.DataManagement.Serialization.DataManagementPackageManifest" });
    for (const entity of pkg.entities) {
      expect(entity.header).toEqual(entity.mappedFields);
      const known = (CDM_FIELDS[entity.target] ?? []).map((f) => f.toUpperCase());
      for (const field of entity.header) expect(known).toContain(field);
    }
  });

  it("imports the vendors before their bank accounts, and the journal header before its lines", () => {
    const pkg = packageOf(book);
    expect(pkg.entities.map((e) => [e.entityName, e.target, e.level])).toEqual([
      ["Vendors V2", "VendVendorV2Entity", 1],
      ["Vendor bank accounts", "VendVendorBankAccountEntity", 2],
      ["Vendor invoice journal header", "VendInvoiceJournalHeaderEntity", 3],
      ["Vendor invoice journal line", "VendInvoiceJournalLineEntity", 4],
    ]);
  });

  it("creates every one-time vendor an invoice posts to, with group, currency, address and IBAN", () => {
    const pkg = packageOf(book);
    const vendors = pkg.rows("Vendors V2");
    const oneTime = sheetRows(book, SHEETS.oneTimeVendors);
    expect(vendors.map((v) => v.VENDORACCOUNTNUMBER)).toEqual(oneTime.map((v) => v["Vendor account"]));
    expect(vendors[0]).toMatchObject({
      VENDORORGANIZATIONNAME: "Dupont & Fils", VENDORPARTYTYPE: "Organization", VENDORGROUPID: "OTV", CURRENCYCODE: "EUR", ISONETIMEVENDOR: "Yes",
      ADDRESSSTREET: "1 Main Street", ADDRESSCITY: "Lyon", ADDRESSZIPCODE: "69001", ADDRESSCOUNTRYREGIONISOCODE: "FR",
    });
    expect(vendors.map((v) => v.CURRENCYCODE)).toEqual(["EUR", "JPY", "BHD"]);
    expect(pkg.rows("Vendor bank accounts").map((b) => [b.VENDORACCOUNTNUMBER, b.IBAN, b.ISDEFAULTBANKACCOUNT])).toEqual(
      oneTime.map((v) => [v["Vendor account"], String(v.IBAN).replace(/\s/g, ""), "Yes"]),
    );
    // Every invoice's vendor is in the vendor file, or is a mapped vendor that exists in D365.
    const created = new Set(vendors.map((v) => v.VENDORACCOUNTNUMBER));
    const mapped = new Set(sheetRows(book, SHEETS.vendors).map((v) => v["Vendor account"]));
    for (const line of pkg.rows("Vendor invoice journal line")) expect(created.has(line.ACCOUNTDISPLAYVALUE) || mapped.has(line.ACCOUNTDISPLAYVALUE)).toBe(true);
    expect(created.has("V100")).toBe(false);
  });

  it("credits each vendor with its invoice in a journal of its own, field for field as on the sheet", () => {
    const prepared = exportOf(book);
    const pkg = openPackage(prepared.content);
    expect(pkg.rows("Vendor invoice journal header")).toEqual([
      { JOURNALBATCHNUMBER: prepared.exportId, JOURNALNAME: "APInvoice", DESCRIPTION: `Reimbursements ${prepared.exportId} exported 2026-11-30` },
    ]);
    const sheet = sheetRows(book, SHEETS.invoices);
    const lines = pkg.rows("Vendor invoice journal line");
    expect(lines).toHaveLength(sheet.length);
    lines.forEach((line, i) => {
      const row = sheet[i];
      expect(line).toEqual({
        JOURNALBATCHNUMBER: prepared.exportId, LINENUMBER: String(i + 1), COMPANY: "", VOUCHER: row.Invoice, ACCOUNTTYPE: "Vend",
        ACCOUNTDISPLAYVALUE: row["Vendor account"], INVOICE: row.Invoice, INVOICEDATE: isoOf(row["Invoice date"]), DATE: isoOf(row["Invoice date"]),
        DUEDATE: isoOf(row["Due date"]), CURRENCY: row.Currency, EXCHRATE: expect.any(String), CREDIT: expect.any(String), DEBIT: "",
        DESCRIPTION: row.Description, DOCUMENT: row.Invoice, POSTINGPROFILE: "", METHODOFPAYMENT: "", SALESTAXGROUP: "",
        OFFSETACCOUNTTYPE: "", OFFSETACCOUNTDISPLAYVALUE: "", OFFSETCOMPANY: "",
      });
      expect(Number(line.CREDIT)).toBe(row.Amount);
    });
  });

  it("writes amounts with the currency's own decimals, and D365's rate per 100 units for foreign currency", () => {
    expect(packageOf(book).rows("Vendor invoice journal line").map((l) => [l.CURRENCY, l.CREDIT, l.EXCHRATE])).toEqual([
      ["EUR", "120.50", ""], ["EUR", "30.00", ""], ["JPY", "15000", "0.62"], ["BHD", "12.345", "243"],
    ]);
  });

  it("takes journal name, company, posting profile, method of payment, sales tax group and offset account from Parameters", () => {
    const withParameters = bookAfterRun({
      ...spec,
      extraParameters: [["Invoice journal name", "APReimb"], ["Reimbursement offset account", "401100"], ["Company", "FRRT"], ["Vendor posting profile", "GEN"], ["Method of payment", "SEPA"], ["Sales tax group", "EXEMPT"]],
    });
    const pkg = packageOf(withParameters);
    expect(pkg.rows("Vendor invoice journal header")[0].JOURNALNAME).toBe("APReimb");
    const [line] = pkg.rows("Vendor invoice journal line");
    expect([line.COMPANY, line.POSTINGPROFILE, line.METHODOFPAYMENT, line.SALESTAXGROUP, line.OFFSETACCOUNTTYPE, line.OFFSETACCOUNTDISPLAYVALUE, line.OFFSETCOMPANY])
      .toEqual(["FRRT", "GEN", "SEPA", "EXEMPT", "Ledger", "401100", "FRRT"]);
    const [vendor] = pkg.rows("Vendors V2");
    expect([vendor.DEFAULTVENDORPAYMENTMETHODNAME, vendor.SALESTAXGROUPCODE]).toEqual(["SEPA", "EXEMPT"]);
  });

  it("gives every export its own journal batch, so keys never repeat across two imports", () => {
    const first = exportOf(book);
    let later = cancelInvoices(applyPatchToSnapshot(book, first.patch), ["RB-000002"]);
    const second = exportOf(later, "2026-11-30");
    later = applyPatchToSnapshot(later, second.patch);
    const third = prepareExport(cancelInvoices(later, ["RB-000003"]), { format: "d365", date: "2026-12-01" });
    const exports = [first, second, third];
    const ids = exports.map((e) => e.exportId);
    expect(new Set(ids).size).toBe(3);
    const keys = exports.flatMap((e) => openPackage(e.content).rows("Vendor invoice journal line").map((l) => `${l.COMPANY}|${l.JOURNALBATCHNUMBER}|${l.LINENUMBER}`));
    expect(new Set(keys).size).toBe(keys.length);
    const headers = exports.flatMap((e) => openPackage(e.content).rows("Vendor invoice journal header").map((h) => h.JOURNALBATCHNUMBER));
    expect(headers).toEqual(ids);
    const vouchers = exports.flatMap((e) => openPackage(e.content).rows("Vendor invoice journal line").map((l) => l.VOUCHER));
    expect(new Set(vouchers).size).toBe(vouchers.length);
  });

  it("takes a cancelled invoice back out with a credit note that debits the vendor on the export date", () => {
    const first = exportOf(book);
    let later = cancelInvoices(applyPatchToSnapshot(book, first.patch), ["RB-000002"]);
    expect(packageOf(later, "2026-12-05").rows("Vendor invoice journal line")).toEqual([
      expect.objectContaining({
        LINENUMBER: "1", ACCOUNTDISPLAYVALUE: "OTV-000001", INVOICE: "RB-000002-CN", VOUCHER: "RB-000002-CN", INVOICEDATE: "2026-12-05", DATE: "2026-12-05",
        DUEDATE: "", CURRENCY: "EUR", CREDIT: "", DEBIT: "30.00", DESCRIPTION: "Cancellation of invoice RB-000002", DOCUMENT: "RB-000002",
      }),
    ]);
    later = applyPatchToSnapshot(later, exportOf(later, "2026-12-05").patch);
    expect(exportOf(later, "2026-12-06").content).toBeNull();
  });

  it("refuses to create one-time vendors without a vendor group, naming the Parameters sheet", () => {
    const noGroup = bookAfterRun({ ...spec, extraParameters: [["Vendor group", null]] });
    expect(() => exportOf(noGroup)).toThrow(/Sheet 'Parameters', cell B\d+: parameter 'Vendor group' is required: D365 creates the one-time vendors OTV-000001, OTV-000002, OTV-000003/);
  });

  const heldBack = (broken: WorkbookSnapshot): string[] => {
    const result = exportOf(broken);
    expect(result.lines.map((l) => l.invoice.invoice)).not.toContain("RB-000001");
    expect(openPackage(result.content).rows("Vendor invoice journal line").map((l) => l.INVOICE)).not.toContain("RB-000001");
    return result.exceptions.map((e) => `${e.source.sheet}!${e.source.address}: ${e.reason}`);
  };

  it("holds back an invoice whose amount cannot be read, naming its cell", () => {
    const broken = editInvoices(book, [{ invoice: "RB-000001", header: "Amount", value: "twelve" }]);
    expect(heldBack(broken)).toEqual([expect.stringMatching(/^Vendor invoices!G2: Invoice RB-000001 not exported: Amount: expected an amount/)]);
  });

  it("holds back an amount with more decimals than its currency, rather than rounding what is owed", () => {
    const broken = editInvoices(book, [{ invoice: "RB-000001", header: "Amount", value: 10.005 }]);
    expect(heldBack(broken)).toEqual(["Vendor invoices!G2: Invoice RB-000001 not exported: Amount: 10.005 has more than the 2 decimals EUR allows"]);
  });

  it("holds back an amount edited by hand: invoice, reimbursement and customer transaction must agree", () => {
    const broken = editInvoices(book, [{ invoice: "RB-000001", header: "Amount", value: 131300.31 }]);
    expect(heldBack(broken)).toEqual([expect.stringMatching(/^Vendor invoices!G2: Invoice RB-000001 not exported: invoice, reimbursement and customer transaction disagree \(invoice 131300.31 EUR/)]);
  });
});
