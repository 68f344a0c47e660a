import { prepareExport } from "../../src/export/prepare-export";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { SHEETS } from "../../src/workbook/contract";
import { WorkbookSnapshot } from "../../src/workbook/grid";
import { prepareRun } from "../../src/workbook/run";
import { buildBook } from "../support/workbook-builder";
import { bookAfterRun, cancelInvoices, editInvoices, isoOf, recordPayments } from "./ap-book";
import { sheetRows } from "../support/sheet-rows";

const linesOf = (book: WorkbookSnapshot, options: { runId?: string; again?: boolean } = {}) =>
  prepareExport(book, { format: "csv", date: "2026-11-30", ...options }).lines.map((l) => `${l.kind} ${l.invoice.invoice}`);

const exported = (book: WorkbookSnapshot, options: { runId?: string; again?: boolean } = {}, date = "2026-11-30"): WorkbookSnapshot =>
  applyPatchToSnapshot(book, prepareExport(book, { format: "csv", date, ...options }).patch);

describe("which invoices an export takes", () => {
  const book = bookAfterRun({
    customers: [{ account: "C001" }, { account: "C002" }],
    balances: [["C001", "EUR", -50], ["C002", "EUR", -60]],
  });

  it("takes every invoice not yet exported and marks it Exported with the export date", () => {
    expect(linesOf(book)).toEqual(["invoice RB-000001", "invoice RB-000002"]);
    const after = exported(book);
    expect(sheetRows(after, SHEETS.invoices).map((r) => isoOf(r.Exported))).toEqual(["2026-11-30", "2026-11-30"]);
  });

  it("does not export the same invoice twice, unless asked to again", () => {
    const after = exported(book);
    expect(linesOf(after)).toEqual([]);
    expect(linesOf(after, { again: true })).toEqual(["invoice RB-000001", "invoice RB-000002"]);
    const twice = exported(after, { again: true }, "2026-12-01");
    expect(sheetRows(twice, SHEETS.invoices).map((r) => isoOf(r.Exported))).toEqual(["2026-12-01", "2026-12-01"]);
  });

  it("takes only the invoices of the run asked for", () => {
    const base = buildBook({ customers: [{ account: "C001" }, { account: "C002" }], balances: [["C001", "EUR", -50]] });
    const first = applyPatchToSnapshot(base, prepareRun(base, { selection: {}, now: new Date("2026-11-24T09:00:00Z") }).patch);
    const withSecond = applyPatchToSnapshot(first, {
      sheets: [{
        sheet: "Customer balances", create: false, headerRow: 1, header: ["Customer account", "Currency", "Balance"],
        columnKinds: ["text", "text", "amount"], blocks: [{ row: 3, col: 1, values: [["C002", "EUR", -70]] }],
      }],
    });
    const second = applyPatchToSnapshot(withSecond, prepareRun(withSecond, { selection: { accounts: ["C002"] }, now: new Date("2026-11-25T09:00:00Z") }).patch);
    const runs = sheetRows(second, SHEETS.invoices).map((r) => [r.Invoice, r["Run id"]]);
    expect(runs).toEqual([["RB-000001", "RUN-20261124-090000"], ["RB-000002", "RUN-20261125-090000"]]);
    expect(linesOf(second, { runId: "RUN-20261125-090000" })).toEqual(["invoice RB-000002"]);
    expect(linesOf(second, { runId: "run-20261124-090000" })).toEqual(["invoice RB-000001"]);
  });

  it("exports a cancellation once, and only for an invoice that reached accounts payable", () => {
    const cancelledBeforeExport = cancelInvoices(book, ["RB-000001"]);
    expect(linesOf(cancelledBeforeExport)).toEqual(["invoice RB-000002"]);

    const cancelledAfterExport = cancelInvoices(exported(book), ["RB-000001"]);
    expect(linesOf(cancelledAfterExport)).toEqual(["credit note RB-000001"]);
    const after = exported(cancelledAfterExport, {}, "2026-12-02");
    expect(sheetRows(after, SHEETS.invoices).map((r) => [r.Invoice, isoOf(r.Exported), isoOf(r["Cancellation exported"])])).toEqual([
      ["RB-000001", "2026-11-30", "2026-12-02"],
      ["RB-000002", "2026-11-30", null],
    ]);
    expect(linesOf(after)).toEqual([]);
    expect(linesOf(after, { again: true })).toEqual(["invoice RB-000001", "credit note RB-000001", "invoice RB-000002"]);
  });

  it("records every line on the Export log, the record the Exported marks are a view of", () => {
    const after = exported(book);
    expect(sheetRows(after, SHEETS.exportLog).map((r) => [r["Export id"], isoOf(r.Date), r.Format, r.Invoice, r.Kind, r.Currency, r.Amount])).toEqual([
      ["EXP-20261130-001", "2026-11-30", "csv", "RB-000001", "Invoice", "EUR", 50],
      ["EXP-20261130-001", "2026-11-30", "csv", "RB-000002", "Invoice", "EUR", 60],
    ]);
    const again = exported(after, { again: true });
    expect(sheetRows(again, SHEETS.exportLog).map((r) => r["Export id"])).toEqual(["EXP-20261130-001", "EXP-20261130-001", "EXP-20261130-002", "EXP-20261130-002"]);
  });

  it("does not export again an invoice whose Exported mark was cleared: the mark contradicts the log and stops the export at its cell", () => {
    const cleared = editInvoices(exported(book), [{ invoice: "RB-000002", header: "Exported", value: null }]);
    expect(() => linesOf(cleared)).toThrow("Sheet 'Vendor invoices', cell L3: Exported is empty, but the invoice RB-000002 was exported (sheet Export log, row 3); put the export date back");
    const typed = editInvoices(book, [{ invoice: "RB-000001", header: "Exported", value: new Date("2026-11-29T00:00:00Z") }]);
    expect(() => linesOf(typed)).toThrow("Sheet 'Vendor invoices', cell L2: Exported is filled in, but the invoice RB-000001 is not on sheet Export log; clear the cell, or add the export's row to the log");
  });

  it("holds back an invoice with a status it does not know, naming the Status cell, as pay does", () => {
    const held = editInvoices(book, [{ invoice: "RB-000001", header: "Status", value: "On hold" }]);
    const result = prepareExport(held, { format: "csv", date: "2026-11-30" });
    expect(result.lines.map((l) => l.invoice.invoice)).toEqual(["RB-000002"]);
    expect(result.exceptions.map((e) => [e.source.address, e.reason])).toEqual([
      ["K2", "Invoice RB-000001 not exported: its Status is 'On hold', which Reimburse does not know (Open, Paid, Cancelled); set it to Open to release it"],
    ]);
    expect(sheetRows(applyPatchToSnapshot(held, result.patch), SHEETS.exceptions).map((r) => r.Cell)).toContain("K2");
  });

  it("exports a paid invoice not yet exported: accounts payable must know of what was paid", () => {
    expect(linesOf(recordPayments(book, ["RB-000001"]))).toEqual(["invoice RB-000001", "invoice RB-000002"]);
  });

  it("has nothing to export, and changes nothing, in a workbook without invoices", () => {
    const empty = buildBook({ customers: [{ account: "C001" }] });
    const result = prepareExport(empty, { format: "d365", date: "2026-11-30" });
    expect([result.content, result.patch.sheets]).toEqual([null, []]);
  });
});
