import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { COLUMNS, SHEETS } from "../../src/workbook/contract";
import { CellValue, WorkbookSnapshot } from "../../src/workbook/grid";
import { prepareRun } from "../../src/workbook/run";
import { CellUpdate, updateCells } from "../../src/workbook/update";
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
  const book = buildBook({ ...spec, extraParameters: [...AP_PARAMETERS, ...(spec.extraParameters ?? [])] });
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
