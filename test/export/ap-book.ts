import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { COLUMNS, SHEETS } from "../../src/workbook/contract";
import { OutputRow, appendRows } from "../../src/workbook/append";
import { CellValue, SheetPatch, WorkbookSnapshot } from "../../src/workbook/grid";
import { prepareRun } from "../../src/workbook/run";
import { CellUpdate, mergePatches, updateCells } from "../../src/workbook/update";
import { BookSpec, buildBook } from "../support/workbook-builder";
import { sheetRows } from "../support/sheet-rows";

export const RUN_AT = new Date("2026-11-24T09:30:00Z");

/** What every AP export format needs: the one-time vendors' group in D365, the company UBL invoices name. */
export const AP_PARAMETERS: [string, CellValue][] = [
  ["Vendor group", "OTV"],
  ["Company name", "Reimburse Demo SARL"],
  ["Company country", "FR"],
];

/** A workbook after a reimbursement run: Vendor invoices, Reimbursements, One-time vendors filled. */
export function bookAfterRun(spec: BookSpec, now = RUN_AT): WorkbookSnapshot {
  // After the spec's own entries, so their cells stay where a test expects them; a spec entry wins.
  const own = spec.extraParameters ?? [];
  const book = buildBook({ ...spec, extraParameters: [...own, ...AP_PARAMETERS.filter(([name]) => !own.some(([n]) => n === name))] });
  return applyPatchToSnapshot(book, prepareRun(book, { selection: {}, now }).patch);
}

/** Changes Vendor invoices cells by invoice number, as the reversal step or a user would. */
export function editInvoices(book: WorkbookSnapshot, edits: { invoice: string; header: string; value: CellValue }[]): WorkbookSnapshot {
  const rows = sheetRows(book, SHEETS.invoices);
  const updates: CellUpdate[] = edits.map((e) => {
    const index = rows.findIndex((r) => r.Invoice === e.invoice);
    if (index < 0) throw new Error(`no invoice ${e.invoice}`);
    return { row: index + 2, header: e.header, value: e.value };
  });
  const patch = updateCells(book, SHEETS.invoices, COLUMNS.invoices, updates);
  return applyPatchToSnapshot(book, { sheets: patch ? [patch] : [] });
}

export const isoOf = (v: CellValue): string | null => (v instanceof Date ? v.toISOString().slice(0, 10) : v === null ? null : String(v));

/** The Parameters a SEPA payment needs, for BookSpec.extraParameters. */
export const DEBTOR_PARAMETERS: [string, CellValue][] = [
  ["Debtor name", "Reimburse Demo SARL"],
  ["Debtor IBAN", "FR76 3000 4000 0312 3456 7890 143"],
  ["Debtor BIC", "BNPAFRPPXXX"],
];

export const HOSTILE = {
  hyperlink: '=HYPERLINK("http://x","y")',
  sum: "@SUM(A1)",
  plus: "+cmd",
  minus: "-1+2",
};

/** Customers whose names and accounts a spreadsheet would run as formulas. */
export const hostileBook = (): WorkbookSnapshot =>
  bookAfterRun({
    customers: [
      { account: "C001", name: HOSTILE.hyperlink },
      { account: "C002", name: HOSTILE.sum },
      { account: HOSTILE.plus, name: HOSTILE.minus },
      { account: "C004", name: "Ørsted, Müller & Søn" },
    ],
    balances: [["C001", "EUR", -120.5], ["C002", "EUR", -30], [HOSTILE.plus, "EUR", -45.99], ["C004", "EUR", -12]],
  });

function rowsOf(book: WorkbookSnapshot, sheet: string, header: string, values: readonly string[]): number[] {
  return sheetRows(book, sheet).flatMap((r, i) => (values.includes(String(r[header])) ? [i + 2] : []));
}

function withPatches(book: WorkbookSnapshot, ...patches: (SheetPatch | null)[]): WorkbookSnapshot {
  return applyPatchToSnapshot(book, { sheets: mergePatches(...patches) });
}

/**
 * Cancels invoices as a reversal does: the records (a Reimbursement reversal transaction giving
 * the credit back) and their view (Status Cancelled, Reversed), for tests of later steps.
 */
export function cancelInvoices(book: WorkbookSnapshot, invoices: readonly string[]): WorkbookSnapshot {
  const rows = sheetRows(book, SHEETS.invoices).filter((r) => invoices.includes(String(r.Invoice)));
  const reversals: OutputRow[] = rows.map((r) => ({
    "Customer account": r["Customer account"], Date: r["Invoice date"], Currency: r.Currency, Amount: -Number(r.Amount),
    Type: "Reimbursement reversal", Document: r.Invoice, "Run id": "REV-20261125-000000",
  }));
  return withPatches(
    book,
    appendRows(book, SHEETS.transactions, COLUMNS.transactions, reversals),
    updateCells(book, SHEETS.invoices, COLUMNS.invoices, rowsOf(book, SHEETS.invoices, "Invoice", invoices).map((row) => ({ row, header: "Status", value: "Cancelled" }))),
    updateCells(book, SHEETS.reimbursements, COLUMNS.reimbursements, rowsOf(book, SHEETS.reimbursements, "Invoice", invoices).map((row) => ({ row, header: "Status", value: "Reversed" }))),
  );
}

/**
 * Records invoices as paid outside a `pay` (a Vendor payments row each, and the bank's
 * settlement on Payment status) and marks them Paid.
 */
export function recordPayments(book: WorkbookSnapshot, invoices: readonly string[], messageId = "RBP-20261124-000000-000000"): WorkbookSnapshot {
  const rows = sheetRows(book, SHEETS.invoices).filter((r) => invoices.includes(String(r.Invoice)));
  const payments: OutputRow[] = rows.map((r, i) => ({
    "Payment id": `${messageId}-${String(i + 1).padStart(5, "0")}`, Date: r["Invoice date"], Invoice: r.Invoice, "Vendor account": r["Vendor account"],
    Currency: r.Currency, Amount: r.Amount, "Message id": messageId,
  }));
  return withPatches(
    book,
    appendRows(book, SHEETS.vendorPayments, COLUMNS.vendorPayments, payments),
    appendRows(book, SHEETS.paymentStatus, COLUMNS.paymentStatus, payments.map((p) => ({ "Message id": messageId, "Payment id": p["Payment id"], Invoice: p.Invoice, Status: "ACSC" }))),
    updateCells(book, SHEETS.invoices, COLUMNS.invoices, rowsOf(book, SHEETS.invoices, "Invoice", invoices).map((row) => ({ row, header: "Status", value: "Paid" }))),
    updateCells(book, SHEETS.reimbursements, COLUMNS.reimbursements, rowsOf(book, SHEETS.reimbursements, "Invoice", invoices).map((row) => ({ row, header: "Status", value: "Paid" }))),
  );
}
