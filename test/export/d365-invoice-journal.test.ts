import { parse } from "csv-parse/sync";
import { D365_COLUMNS } from "../../src/export/d365-invoice-journal";
import { prepareExport } from "../../src/export/prepare-export";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { SHEETS } from "../../src/workbook/contract";
import { WorkbookSnapshot } from "../../src/workbook/grid";
import { bookAfterRun, editInvoices, isoOf, cancelInvoices } from "./ap-book";
import { sheetRows } from "../support/sheet-rows";

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

function journal(book: WorkbookSnapshot, date = "2026-11-30"): Record<string, string>[] {
  const { content } = prepareExport(book, { format: "d365", date });
  if (content === null) throw new Error("nothing exported");
  return parse(content, { bom: true, columns: true }) as Record<string, string>[];
}

describe("the Dynamics 365 vendor invoice journal export", () => {
  const book = bookAfterRun(spec);

  it("writes the VendInvoiceJournalLineEntity fields, in the documented order", () => {
    const { content } = prepareExport(book, { format: "d365", date: "2026-11-30" });
    const [header] = parse(content ?? "", { bom: true, to_line: 1 }) as string[][];
    expect(header).toEqual([
      "JournalBatchNumber", "LineNumber", "AccountType", "AccountDisplayValue", "Invoice", "InvoiceDate", "Date", "DueDate",
      "Currency", "Credit", "Debit", "Description", "Document", "OffsetAccountType", "OffsetAccountDisplayValue",
    ]);
    expect(header).toEqual(D365_COLUMNS.map((c) => c.header));
  });

  it("credits each vendor with its invoice, field for field as on the Vendor invoices sheet", () => {
    const lines = journal(book);
    const sheet = sheetRows(book, SHEETS.invoices);
    expect(lines).toHaveLength(sheet.length);
    lines.forEach((line, i) => {
      const row = sheet[i];
      expect(line).toEqual({
        JournalBatchNumber: "APInvoice",
        LineNumber: String(i + 1),
        AccountType: "Vend",
        AccountDisplayValue: row["Vendor account"],
        Invoice: row.Invoice,
        InvoiceDate: isoOf(row["Invoice date"]),
        Date: isoOf(row["Invoice date"]),
        DueDate: isoOf(row["Due date"]),
        Currency: row.Currency,
        Credit: expect.any(String),
        Debit: "",
        Description: row.Description,
        Document: row.Invoice,
        OffsetAccountType: "",
        OffsetAccountDisplayValue: "",
      });
      expect(Number(line.Credit)).toBe(row.Amount);
    });
  });

  it("writes amounts as plain decimals with the currency's own decimals", () => {
    expect(journal(book).map((l) => [l.Currency, l.Credit])).toEqual([
      ["EUR", "120.50"], ["EUR", "30.00"], ["JPY", "15000"], ["BHD", "12.345"],
    ]);
  });

  it("takes the journal batch and the offset ledger account from the Parameters sheet", () => {
    const withParameters = bookAfterRun({ ...spec, extraParameters: [["Invoice journal name", "APReimb"], ["Reimbursement offset account", "401100"]] });
    const [line] = journal(withParameters);
    expect([line.JournalBatchNumber, line.OffsetAccountType, line.OffsetAccountDisplayValue]).toEqual(["APReimb", "Ledger", "401100"]);
  });

  it("takes a cancelled invoice back out with a credit note that debits the vendor on the export date", () => {
    const first = prepareExport(book, { format: "d365", date: "2026-11-30" });
    let later = cancelInvoices(applyPatchToSnapshot(book, first.patch), ["RB-000002"]);
    const lines = journal(later, "2026-12-05");
    expect(lines).toEqual([
      expect.objectContaining({
        LineNumber: "1", AccountDisplayValue: "OTV-000001", Invoice: "RB-000002-CN", InvoiceDate: "2026-12-05", Date: "2026-12-05",
        DueDate: "", Currency: "EUR", Credit: "", Debit: "30.00", Description: "Cancellation of invoice RB-000002", Document: "RB-000002",
      }),
    ]);
    later = applyPatchToSnapshot(later, prepareExport(later, { format: "d365", date: "2026-12-05" }).patch);
    expect(prepareExport(later, { format: "d365", date: "2026-12-06" }).content).toBeNull();
  });

  const heldBack = (broken: typeof book): string[] => {
    const result = prepareExport(broken, { format: "d365", date: "2026-11-30" });
    expect(result.lines.map((l) => l.invoice.invoice)).not.toContain("RB-000001");
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
