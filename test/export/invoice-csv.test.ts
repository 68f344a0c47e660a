import { parse } from "csv-parse/sync";
import { FORMULA_START, neutralise, unneutralise } from "../../src/export/csv-injection";
import { buildInvoiceCsv, INVOICE_CSV_COLUMNS } from "../../src/export/invoice-csv";
import { prepareExport } from "../../src/export/prepare-export";
import { Money } from "../../src/core/money";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { SHEETS } from "../../src/workbook/contract";
import { InvoiceRow } from "../../src/workbook/read-outputs";
import { HOSTILE, bookAfterRun, editInvoices, hostileBook, isoOf, cancelInvoices } from "./ap-book";
import { sheetRows } from "../support/sheet-rows";
import { csvText } from "./export-files";

const TEXT_HEADERS = INVOICE_CSV_COLUMNS.filter((c) => c.kind === "text").map((c) => c.header);
const startsWithFormula = (s: string): boolean => FORMULA_START.some((c) => s.startsWith(c));

function parseCsv(content: string | Uint8Array | null): Record<string, string>[] {
  return parse(csvText(content), { bom: true, columns: true }) as Record<string, string>[];
}

describe("the plain CSV export of the Vendor invoices sheet", () => {
  it("reads back with every field as on the sheet", () => {
    const book = bookAfterRun({
      customers: [{ account: "C001", vendor: "V100" }, { account: "C002" }, { account: "C003", currency: "JPY" }],
      balances: [["C001", "EUR", -120.5], ["C002", "EUR", -30], ["C003", "JPY", -15000]],
      vendors: [["V100", "Vendor Hundred"]],
      rates: [["JPY", 0.0062]],
    });
    const records = parseCsv(prepareExport(book, { format: "csv", date: "2026-11-30" }).content);
    const sheet = sheetRows(book, SHEETS.invoices);
    expect(records).toEqual(sheet.map((row) => ({
      "Line type": "Invoice",
      Invoice: row.Invoice,
      "Vendor account": row["Vendor account"],
      "Vendor name": row["Vendor name"],
      "Invoice date": isoOf(row["Invoice date"]),
      "Due date": isoOf(row["Due date"]),
      Currency: row.Currency,
      Amount: row.Currency === "JPY" ? String(row.Amount) : Number(row.Amount).toFixed(2),
      "Customer account": row["Customer account"],
      Description: row.Description,
      "Run id": row["Run id"],
      Status: row.Status,
    })));
  });

  it("makes hostile names and accounts inert while negative and positive amounts stay numeric", () => {
    const book = hostileBook();
    const first = prepareExport(book, { format: "csv", date: "2026-11-30" });
    const cancelled = cancelInvoices(applyPatchToSnapshot(book, first.patch), ["RB-000003"]);
    const records = [...parseCsv(first.content), ...parseCsv(prepareExport(cancelled, { format: "csv", date: "2026-12-01" }).content)];
    const sheet = sheetRows(book, SHEETS.invoices);

    expect(records.map((r) => [r["Line type"], r.Invoice, r["Vendor name"], r["Customer account"], r.Amount])).toEqual([
      ["Invoice", "RB-000001", `'${HOSTILE.hyperlink}`, "C001", "120.50"],
      ["Invoice", "RB-000002", `'${HOSTILE.sum}`, "C002", "30.00"],
      ["Invoice", "RB-000003", `'${HOSTILE.minus}`, `'${HOSTILE.plus}`, "45.99"],
      ["Invoice", "RB-000004", "Ørsted, Müller & Søn", "C004", "12.00"],
      ["Credit note", "RB-000003", `'${HOSTILE.minus}`, `'${HOSTILE.plus}`, "-45.99"],
    ]);
    for (const record of records) {
      for (const header of TEXT_HEADERS) expect(startsWithFormula(record[header])).toBe(false);
      expect(record.Amount).toMatch(/^-?\d+\.\d{2}$/);
    }
    records.slice(0, 4).forEach((record, i) => {
      expect(unneutralise(record["Vendor name"])).toBe(sheet[i]["Vendor name"]);
      expect(unneutralise(record["Customer account"])).toBe(sheet[i]["Customer account"]);
      expect(Number(record.Amount)).toBe(sheet[i].Amount);
    });
  });

  it("quotes every neutralised field in the file itself", () => {
    const content = csvText(prepareExport(hostileBook(), { format: "csv", date: "2026-11-30" }).content);
    expect(content).toContain(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(content).toContain(`"'@SUM(A1)"`);
    expect(content).toContain(`"'+cmd"`);
    expect(content).toContain(`"'-1+2"`);
    expect(content).not.toMatch(/(^|,)[=+@-]/m);
  });

  it("makes names starting with a tab or a carriage return inert too", () => {
    const row = (invoice: string, vendorName: string): InvoiceRow => ({
      row: 2, invoice, vendorAccount: "V1", vendorName, invoiceDate: "2026-11-24", dueDate: null, currency: "EUR",
      amount: new Money("-7.5"), customerAccount: null, description: "\r=1+1", runId: null, status: "Open", exported: null,
      cancellationExported: null, problems: [],
    });
    const content = buildInvoiceCsv([{ kind: "invoice", invoice: row("RB-1", "\t=cmd|' /C calc'!A0") }, { kind: "invoice", invoice: row("RB-2", "\r@x") }]);
    const records = parseCsv(content);
    expect(records.map((r) => [r["Vendor name"], r.Description, r.Amount])).toEqual([
      [neutralise("\t=cmd|' /C calc'!A0"), "'\r=1+1", "-7.50"],
      [neutralise("\r@x"), "'\r=1+1", "-7.50"],
    ]);
    expect(content).toContain(`"'\t=cmd|' /C calc'!A0"`);
  });
});
