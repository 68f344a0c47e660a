import { ExcelWriteError } from "../../src/excel/write-error";
import { VENDOR_PAYMENTS_SHEET } from "../../src/payments/vendor-payments-sheet";
import { OverwrittenCellsError } from "../../src/taskpane/apply-or-restore";
import { describeError } from "../../src/taskpane/error-model";
import { exportInvoices } from "../../src/taskpane/export-action";
import { checkPayment, payInvoices, webRandomHex } from "../../src/taskpane/payment-action";
import { checkReversal, reverseRun } from "../../src/taskpane/reversal-action";
import { SHEETS } from "../../src/workbook/contract";
import { findSheet } from "../../src/workbook/grid";
import { readInvoiceRows, readReimbursementRows } from "../../src/workbook/read-outputs";
import { readRunIds } from "../../src/workbook/audit";
import { MemoryHost, NOW, ranBook, engineOn } from "./memory-host";
import { openPackage } from "../export/export-files";
import { sheetRows } from "../support/sheet-rows";
import Decimal from "decimal.js";
import { minorUnits } from "../../src/core/currency";

// Distinct per call: preparePayment draws again while a message id is taken, forever with a constant.
let drawn = 0;
const hex = (): string => (0xa1b2c3 + drawn++).toString(16);
const { book, runId, reimbursed } = ranBook();
const dataLines = (csv: string): string[] => csv.replace(/^\uFEFF/, "").split("\r\n").filter(Boolean).slice(1);

describe("exporting from the pane", () => {
  it("writes the Exported marks, then hands out the journal; a second export finds nothing", async () => {
    const host = new MemoryHost(book);
    const outcome = await exportInvoices(engineOn(host), { format: "d365", runId: null, again: false }, NOW);
    if (outcome.kind !== "exported") throw new Error("expected an export");
    expect(openPackage(outcome.file.bytes ?? null).rows("Vendor invoice journal line")).toHaveLength(reimbursed);
    expect(outcome.file).toMatchObject({ name: "vendor-invoice-journal-2026-11-24.zip", type: "application/zip" });
    expect(outcome.headline).toBe(`Exported ${reimbursed} invoices and 0 credit notes in the workbook (Dynamics 365 vendor invoice journal); marked Exported on 2026-11-24 on sheet Vendor invoices.`);
    expect(readInvoiceRows(host.book).map((i) => i.exported)).toEqual(Array(reimbursed).fill("2026-11-24"));

    const again = await exportInvoices(engineOn(host), { format: "csv", runId: null, again: false }, NOW);
    expect(again).toEqual({ kind: "nothing", message: 'Nothing to export: no invoice or cancellation in the workbook is waiting for export. Nothing was written. Tick "Export again" to export exported ones once more.' });
    expect(host.applied).toHaveLength(1);
  });

  it("exports one run again as plain CSV", async () => {
    const host = new MemoryHost(book);
    await exportInvoices(engineOn(host), { format: "d365", runId: null, again: false }, NOW);
    const outcome = await exportInvoices(engineOn(host), { format: "csv", runId, again: true }, new Date("2026-11-25T09:00:00Z"));
    if (outcome.kind !== "exported") throw new Error("expected an export");
    expect(outcome.file.name).toBe(`vendor-invoices-2026-11-25-${runId}.csv`);
    expect(outcome.companions.map((f) => [f.name, f.type])).toEqual([[`one-time-vendors-2026-11-25-${runId}.csv`, "text/csv;charset=utf-8"]]);
    expect(dataLines(outcome.companions[0].text).length).toBeGreaterThan(0);
    expect(dataLines(outcome.file.text)).toHaveLength(reimbursed);
    expect(outcome.headline).toContain(`of run ${runId} (plain CSV)`);
    const other = await exportInvoices(engineOn(host), { format: "csv", runId: "RUN-OTHER", again: true }, NOW);
    expect(other).toEqual({ kind: "nothing", message: "Nothing to export: no invoice or cancellation of run RUN-OTHER is waiting for export. Nothing was written." });
  });

  it("hands out no file when the marks cannot be written", async () => {
    const host = new MemoryHost(book);
    host.failNext = 1;
    await expect(exportInvoices(engineOn(host), { format: "d365", runId: null, again: false }, NOW)).rejects.toBeInstanceOf(ExcelWriteError);
    expect(readInvoiceRows(host.book).every((i) => i.exported === null)).toBe(true);
  });

  it("gives back earlier Exported dates that Excel's undo cleared, so nothing looks never exported", async () => {
    const host = new MemoryHost(book);
    await exportInvoices(engineOn(host), { format: "d365", runId: null, again: false }, NOW);
    host.failNext = 1;
    const failed = exportInvoices(engineOn(host), { format: "d365", runId: null, again: true }, new Date("2026-11-26T09:00:00Z"));
    await expect(failed).rejects.toThrow(`The ${reimbursed} cells that held values before (such as earlier Exported dates) were given those values back.`);
    expect(readInvoiceRows(host.book).map((i) => i.exported)).toEqual(Array(reimbursed).fill("2026-11-24"));
  });

  it("lists the cells to type back when writing them back fails too", async () => {
    const host = new MemoryHost(book);
    await exportInvoices(engineOn(host), { format: "d365", runId: null, again: false }, NOW);
    host.failNext = 2;
    const error = await exportInvoices(engineOn(host), { format: "d365", runId, again: true }, NOW).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OverwrittenCellsError);
    const model = describeError(error, "The export");
    expect(model.title).toBe("The export failed.");
    expect(model.items).toHaveLength(reimbursed + 1);
    expect(model.items[0].text).toContain("type these values back before trying again");
    expect(model.items[1]).toMatchObject({ sheet: SHEETS.invoices, text: expect.stringMatching(/^Sheet 'Vendor invoices', cell [A-Z]+2: held 2026-11-24$/) });
  });

  it("holds back an invoice that cannot be exported, listing it with its cell on the exceptions sheet", async () => {
    const host = new MemoryHost(book);
    const currency = findSheet(book, SHEETS.invoices)?.rows[0].indexOf("Currency") ?? -1;
    const cell = `${String.fromCharCode(65 + currency)}3`;
    host.setCell(SHEETS.invoices, cell, "EURO");
    const outcome = await exportInvoices(engineOn(host), { format: "d365", runId: null, again: false }, NOW);
    if (outcome.kind !== "exported") throw new Error("expected an export");
    expect(openPackage(outcome.file.bytes ?? null).rows("Vendor invoice journal line")).toHaveLength(reimbursed - 1);
    expect(findSheet(host.book, SHEETS.exceptions)?.rows.some((r) => r.includes(cell) && String(r[4]).includes("not exported"))).toBe(true);
  });
});

describe("paying from the pane", () => {
  it("shows what will be paid, pays exactly that, and hands out the pain.001 file", async () => {
    const host = new MemoryHost(book);
    const check = await checkPayment(engineOn(host), NOW, hex);
    const count = Number(/^(\d+) invoices to pay/.exec(check.model.headline)?.[1]);
    expect(count).toBeGreaterThan(0);
    expect(check.model.canPay).toBe(true);
    expect(check.model.exceptions.length).toBeGreaterThan(0);
    const done = await payInvoices(engineOn(host), check, NOW, undefined, hex);
    expect(done.file.name).toMatch(/^payments-RBP-20261124-\d{6}-[0-9A-F]{6}\.xml$/);
    expect(done.file.text).toContain(`<NbOfTxs>${count}</NbOfTxs>`);
    expect(readInvoiceRows(host.book).filter((i) => i.status === "Sent")).toHaveLength(count);
    expect((await checkPayment(engineOn(host), NOW, hex)).model).toMatchObject({ canPay: false, headline: "Nothing to pay: no open vendor invoice can be paid." });
  });

  it("records the payment's approval (names, time, totals, payees) in the same patch as the Paid marks", async () => {
    const host = new MemoryHost(book);
    const check = await checkPayment(engineOn(host), NOW, hex);
    const done = await payInvoices(engineOn(host), check, NOW, undefined, hex, { signOff: { preparedBy: "Anna de Vries", approvedBy: "Bram Jansen" } });
    expect(host.applied).toHaveLength(1);
    const sheets = host.applied[0].sheets.map((s) => s.sheet);
    expect(sheets).toEqual(expect.arrayContaining([VENDOR_PAYMENTS_SHEET, SHEETS.approvals]));
    const messageId = /^payments-(.+)\.xml$/.exec(done.file.name)?.[1];
    const rows = sheetRows(host.book, SHEETS.approvals);
    const transfers = sheetRows(host.book, VENDOR_PAYMENTS_SHEET);
    expect(rows).toEqual([
      {
        Approved: "Payment", Reference: messageId, Time: NOW.toISOString(), "Prepared by": "Anna de Vries", "Approved by": "Bram Jansen",
        Payees: new Set(transfers.map((t) => t["Vendor account"])).size, Totals: expect.stringContaining("EUR "),
      },
    ]);
    // Every currency paid, each summed exactly and shown with its own decimals (JPY none, BHD three).
    const sums = new Map<string, Decimal>();
    for (const t of transfers) sums.set(String(t.Currency), (sums.get(String(t.Currency)) ?? new Decimal(0)).plus(String(t.Amount)));
    const expected = [...sums].sort(([a], [b]) => a.localeCompare(b)).map(([c, sum]) => `${c} ${sum.toFixed(minorUnits(c))}`).join("; ");
    expect(rows[0].Totals).toBe(expected);
    expect(expected).toMatch(/JPY \d+;/);
  });

  it("appends the second payment's approval under the first", async () => {
    const host = new MemoryHost(book);
    await payInvoices(engineOn(host), await checkPayment(engineOn(host), NOW, hex), NOW, undefined, hex, { signOff: { preparedBy: "Anna" } });
    const noIban = (await checkPayment(engineOn(host), NOW, hex)).model.exceptions.find((e) => /has no IBAN/.test(e.text));
    if (!noIban) throw new Error("the sample has no vendor without IBAN");
    host.setCell(noIban.sheet, noIban.cell, "DE89370400440532013000");
    await payInvoices(engineOn(host), await checkPayment(engineOn(host), NOW, hex), NOW, undefined, hex, { signOff: { approvedBy: "Bram" } });
    expect(host.applied[1].sheets.find((s) => s.sheet === SHEETS.approvals)?.create).toBe(false);
    expect(sheetRows(host.book, SHEETS.approvals).map((r) => [r["Prepared by"], r["Approved by"], r.Payees])).toEqual([["Anna", null, expect.any(Number)], [null, "Bram", 1]]);
  });

  it("reads Vendor payments too, so a second payment appends to it with a new message id", async () => {
    const host = new MemoryHost(book);
    const first = await checkPayment(engineOn(host), NOW, hex);
    await payInvoices(engineOn(host), first, NOW, undefined, hex);
    const noIban = first.model.exceptions.find((e) => ([SHEETS.customers, SHEETS.vendors, SHEETS.oneTimeVendors] as string[]).includes(e.sheet) && /has no IBAN/.test(e.text));
    if (!noIban) throw new Error("the sample has no vendor without IBAN");
    host.setCell(noIban.sheet, noIban.cell, "DE89370400440532013000");
    const second = await checkPayment(engineOn(host), NOW, hex);
    expect(second.model.headline).toMatch(/^1 invoice to pay/);
    const done = await payInvoices(engineOn(host), second, NOW, undefined, hex);
    expect(done.file.text).toContain("<NbOfTxs>1</NbOfTxs>");
    const vendorPayments = host.applied[1].sheets.find((sp) => sp.sheet === VENDOR_PAYMENTS_SHEET);
    expect(vendorPayments?.create).toBe(false);
  });

  it("writes nothing when the workbook changed between the check and the confirmation", async () => {
    const host = new MemoryHost(book);
    const check = await checkPayment(engineOn(host), NOW, hex);
    const invoices = readInvoiceRows(host.book);
    const status = findSheet(book, SHEETS.invoices)?.rows[0].indexOf("Status") ?? -1;
    host.setCell(SHEETS.invoices, `${String.fromCharCode(65 + status)}${invoices[0].row}`, "On hold");
    await expect(payInvoices(engineOn(host), check, NOW, undefined, hex)).rejects.toThrow("What would be paid changed since you checked it: the workbook was edited. Nothing was written.");
    expect(host.applied).toHaveLength(0);
  });

  it("names the Parameters cell of a missing debtor", async () => {
    const host = new MemoryHost({ sheets: book.sheets.map((s) => (s.name === SHEETS.parameters ? { ...s, rows: s.rows.filter((r) => r[0] !== "Debtor IBAN") } : s)) });
    const error = await checkPayment(engineOn(host), NOW, hex).catch((e: unknown) => e);
    expect(describeError(error, "Checking the payment").items.map((i) => i.text)).toEqual(["Sheet 'Parameters': parameter 'Debtor IBAN' is required to pay; it is missing: add a row 'Debtor IBAN' with its value"]);
  });

  it("makes message ids from Web Crypto, in the browser as in Node", () => {
    expect(webRandomHex()).toMatch(/^[0-9a-f]{6}$/);
  });
});

describe("reversing from the pane", () => {
  it("shows what a run would give back, reverses it, and records the reversal", async () => {
    const host = new MemoryHost(book);
    const check = await checkReversal(engineOn(host), runId, NOW);
    expect(check.model).toMatchObject({ runId, canReverse: true, confirmLabel: `Reverse ${reimbursed} reimbursements`, refusedHeading: "Nothing refused." });
    expect(check.model.headline).toMatch(new RegExp(`^${reimbursed} of ${reimbursed} reimbursements of ${runId} can be reversed: .* of credit given back`));
    const done = await reverseRun(engineOn(host), check, NOW);
    expect(done.runId).toBe(runId);
    expect(done.headline).toMatch(/^Reversal REV-20261124-093000 of RUN-/);
    expect(new Set(readReimbursementRows(host.book).map((r) => r.status))).toEqual(new Set(["Reversed"]));
    expect(readRunIds(host.book).map((r) => r.kind)).toEqual(["Run", "Reversal"]);
    const after = await checkReversal(engineOn(host), runId, NOW);
    expect(after.model).toMatchObject({ canReverse: false, headline: `Nothing to reverse: all ${reimbursed} reimbursements of ${runId} are already reversed.` });
  });

  it("refuses reimbursements sent to the bank with a link to their Status cell, and refuses a stale confirmation", async () => {
    const host = new MemoryHost(book);
    const check = await checkReversal(engineOn(host), runId, NOW);
    await payInvoices(engineOn(host), await checkPayment(engineOn(host), NOW, hex), NOW, undefined, hex);
    await expect(reverseRun(engineOn(host), check, NOW)).rejects.toThrow(`What ${runId} would reverse changed since you checked it`);
    const again = await checkReversal(engineOn(host), runId, NOW);
    const paid = readReimbursementRows(host.book).filter((r) => r.status === "Sent");
    expect(again.model.refused).toHaveLength(paid.length);
    const status = findSheet(book, SHEETS.reimbursements)?.rows[0].indexOf("Status") ?? -1;
    expect(again.model.refused[0]).toMatchObject({ sheet: SHEETS.reimbursements, cell: `${String.fromCharCode(65 + status)}${paid[0].row}` });
    expect(again.model.refused[0].text).toContain("it is Sent to the bank: import the bank's status report first");
    expect(again.model.refusedHeading).toBe(`${paid.length} reimbursements cannot be reversed`);
  });

  it("names the sheet when the run is not in the workbook", async () => {
    const error = await checkReversal(engineOn(new MemoryHost(book)), "RUN-NONE", NOW).catch((e: unknown) => e);
    expect(describeError(error, "Checking the reversal").items).toEqual([
      { text: "Sheet 'Reimbursements': no reimbursement has run id RUN-NONE; the run ids are in column 'Run id'", sheet: SHEETS.reimbursements, cell: "" },
    ]);
  });
});
