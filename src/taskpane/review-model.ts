import { minorUnits } from "../core/currency";
import { amountText } from "../i18n/i18n";
import { decimalFromDouble, parseText, serialToIso } from "../workbook/cells";
import { COLUMNS, SHEETS } from "../workbook/contract";
import { CellValue, WorkbookSnapshot } from "../workbook/grid";
import { cellAt, columnOf, optionalTable } from "../workbook/table";

/** Columns the Review section shows, in this order (the sheet has more). */
export const REVIEW_COLUMNS = ["Customer account", "Customer name", "Currency", "Amount", "Vendor account", "Invoice", "Status"] as const;

export interface ReviewTable {
  header: string[];
  rows: string[][];
  /** Rows of the run on the sheet; rows beyond `limit` are not listed. */
  total: number;
}

/** The Reimbursements sheet's rows of one run, as text ready for the pane. */
export function reviewRows(snapshot: WorkbookSnapshot, runId: string, limit = 500): ReviewTable {
  const header = [...REVIEW_COLUMNS];
  const table = optionalTable(snapshot, SHEETS.reimbursements, COLUMNS.reimbursements, false);
  if (!table) return { header, rows: [], total: 0 };
  const runCol = columnOf(table, "Run id");
  const currencyCol = columnOf(table, "Currency");
  const cols = REVIEW_COLUMNS.map((h) => columnOf(table, h));
  const rows: string[][] = [];
  let total = 0;
  // A run id typed or kept in another case is the same run, as everywhere else in the workbook.
  const wanted = runId.trim().toUpperCase();
  for (const row of table.rows) {
    if (text(cellAt(row, runCol)).trim().toUpperCase() !== wanted) continue;
    total++;
    if (rows.length >= limit) continue;
    const currency = text(cellAt(row, currencyCol));
    rows.push(REVIEW_COLUMNS.map((h, i) => display(cellAt(row, cols[i]), h, currency)));
  }
  return { header, rows, total };
}

function text(value: CellValue): string {
  const t = parseText(value);
  return t.ok ? t.value ?? "" : "";
}

function display(value: CellValue, header: string, currency: string): string {
  if (header === "Amount" && typeof value === "number") return amountText(decimalFromDouble(value).toFixed(minorUnits(currency)), currency);
  if (header === "Date" && typeof value === "number") return serialToIso(value) ?? String(value);
  return text(value);
}
