import {
  InvoiceRecords,
  InvoiceStanding,
  InvoiceStatus,
  MatchSide,
  RecordRef,
  ReimbursementStatus,
  TransferRecord,
  TransferStatusRecord,
  exportMarkContradiction,
  invoiceStanding,
  invoiceStatusOf,
  readStatusCell,
  reimbursementStatusOf,
  statusContradiction,
  threeWayMismatch,
  isAcceptedBankStatus,
  transferAccepted,
  transferOutcome,
} from "../core/invoice-state";
import { minorUnits } from "../core/currency";
import { Money, hasExcessDecimals } from "../core/money";
import { REVERSAL_TYPE } from "../core/reverse";
import { CellRef } from "../core/types";
import { parseAmount, parseText } from "./cells";
import { COLUMNS, SHEETS } from "./contract";
import { WorkbookError, WorkbookProblem } from "./errors";
import { WorkbookSnapshot, cellAddress } from "./grid";
import { InvoiceRow, ReimbursementRow, readInvoiceRows, readReimbursementRows } from "./read-outputs";
import { RowReader, readRows, rowColumns } from "./row-reader";
import { Table, columnOf, optionalTable } from "./table";

/** The Type of the customer transaction a run writes to remove a reimbursed credit. */
export const REIMBURSEMENT_TYPE = "Reimbursement";

/** Every sheet the ledger state is derived from: a host that reads a subset must read these. */
export const LEDGER_SHEETS: readonly string[] = [
  SHEETS.invoices, SHEETS.reimbursements, SHEETS.transactions, SHEETS.vendorPayments, SHEETS.exportLog, SHEETS.paymentStatus, SHEETS.runs,
];

/** A customer transaction written by a run (Reimbursement) or a reversal, by the invoice it carries. */
export interface LedgerTransaction extends RecordRef {
  invoice: string;
  customerAccount: string | null;
  currency: string | null;
  amount: Money | null;
  runId: string | null;
  /** The first unreadable cell, as a message with its address. */
  problem: string | null;
}

export interface InvoiceState {
  invoice: InvoiceRow;
  /** What the records say; the Status cell is only a view of it. */
  status: InvoiceStatus;
  records: InvoiceRecords;
  reimbursement: ReimbursementRow | null;
  /** The run's transaction that removed the credit (Type Reimbursement). */
  transaction: LedgerTransaction | null;
  /** The one definition of payable (core/invoice-state.ts::invoiceStanding). */
  standing: InvoiceStanding;
  /** Why invoice, reimbursement and customer transaction disagree (three-way match), or null. */
  mismatch: { reason: string; source: CellRef } | null;
  /** Where the Status, Exported and Cancellation exported views of this invoice are. */
  cells: { status: CellRef; amount: CellRef; invoice: CellRef };
}

export interface ReimbursementState {
  row: ReimbursementRow;
  status: ReimbursementStatus;
  /** Its invoice's state; null when the row names no invoice on Vendor invoices. */
  invoice: InvoiceState | null;
}

export interface LedgerState {
  invoices: InvoiceState[];
  reimbursements: ReimbursementState[];
  /** Views that disagree with the records, each at its cell; assertConsistent throws them. */
  contradictions: WorkbookProblem[];
}

const key = (text: string | null | undefined): string => (text ?? "").trim().toUpperCase();

function group<T>(items: Iterable<T>, keyOf: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = keyOf(item);
    if (!k) continue;
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

/** Cell addresses by header for one table, or the header row's first cell when a column is missing. */
function locator(table: Table | null, sheet: string): (row: number, header: string) => CellRef {
  return (row, header) => {
    const col = table ? columnOf(table, header) : -1;
    return { sheet, address: cellAddress(row, (table?.grid.startCol ?? 1) + Math.max(col, 0)) };
  };
}

/** Vendor payments rows: a row is a transfer issued, whatever the invoice sheet says. */
function readTransfers(snapshot: WorkbookSnapshot, problems: WorkbookProblem[]): Map<string, TransferRecord[]> {
  const table = optionalTable(snapshot, SHEETS.vendorPayments, COLUMNS.vendorPayments);
  const out: (TransferRecord & { invoice: string })[] = [];
  if (table) {
    for (const r of readRows(table)) {
      const invoice = r.read("Invoice", parseText) ?? null;
      const amountCell = r.raw("Amount");
      const amount = amountCell === null ? null : r.read("Amount", parseAmount) ?? null;
      // A transfer whose invoice cannot be read could be any invoice: nothing can be paid safely.
      if (!invoice) r.fail("Invoice", "Invoice: a transfer on Vendor payments must name the invoice it paid");
      problems.push(...r.problems.map((p) => ({ ...p.source, message: `${p.message} (this sheet is the record of what was paid; fix the cell, never delete the row)` })));
      if (!invoice) continue;
      out.push({
        row: r.row.row, source: { sheet: table.sheet, address: r.address("Invoice") }, invoice,
        paymentId: r.read("Payment id", parseText) ?? "", messageId: r.read("Message id", parseText) ?? null,
        amount, currency: (r.read("Currency", parseText) ?? null)?.toUpperCase() ?? null,
      });
    }
  }
  return group(out, (t) => key(t.invoice));
}

/**
 * Bank statuses per transfer (pain.002, imported by issue 11 onto *Payment status*). RJCT, the
 * ISO 20022 code, or "Rejected" undoes a transfer; any other status leaves it issued.
 */
export function readTransferStatuses(snapshot: WorkbookSnapshot): TransferStatusRecord[] {
  const table = optionalTable(snapshot, SHEETS.paymentStatus, COLUMNS.paymentStatus);
  if (!table) return [];
  const out: TransferStatusRecord[] = [];
  for (const r of readRows(table)) {
    const status = key(r.read("Status", parseText));
    out.push({
      row: r.row.row, source: { sheet: table.sheet, address: r.address("Status") },
      messageId: r.read("Message id", parseText) ?? null, paymentId: r.read("Payment id", parseText) ?? null,
      invoice: r.read("Invoice", parseText) ?? null, rejected: status === "RJCT" || status === "REJECTED", accepted: isAcceptedBankStatus(status),
    });
  }
  return out;
}

/** Export log rows by invoice, split into invoice lines and cancellation lines. */
function readExportLog(snapshot: WorkbookSnapshot, problems: WorkbookProblem[]): { invoices: Map<string, RecordRef[]>; cancellations: Map<string, RecordRef[]> } {
  const table = optionalTable(snapshot, SHEETS.exportLog, COLUMNS.exportLog);
  const invoices: (RecordRef & { invoice: string })[] = [];
  const cancellations: (RecordRef & { invoice: string })[] = [];
  if (table) {
    for (const r of readRows(table)) {
      const invoice = r.read("Invoice", parseText) ?? null;
      const kind = (r.read("Kind", parseText) ?? "").toLowerCase();
      if (!invoice) r.fail("Invoice", "Invoice: an Export log row must name the invoice it exported");
      if (kind !== "invoice" && kind !== "cancellation") r.fail("Kind", `Kind: expected Invoice or Cancellation, found "${kind}"`);
      problems.push(...r.problems.map((p) => ({ ...p.source, message: `${p.message} (this sheet is the record of what reached accounts payable)` })));
      if (!invoice || r.problems.length) continue;
      const record = { row: r.row.row, source: { sheet: table.sheet, address: r.address("Invoice") }, invoice };
      (kind === "invoice" ? invoices : cancellations).push(record);
    }
  }
  return { invoices: group(invoices, (x) => key(x.invoice)), cancellations: group(cancellations, (x) => key(x.invoice)) };
}

/**
 * The transactions runs and reversals wrote (Type Reimbursement / Reimbursement reversal), by the
 * invoice in their Document cell. Only those rows are parsed: the sheet may hold a million others.
 */
export function readLedgerTransactions(snapshot: WorkbookSnapshot): { reimbursements: Map<string, LedgerTransaction[]>; reversals: Map<string, LedgerTransaction[]> } {
  const table = optionalTable(snapshot, SHEETS.transactions, [], false);
  const reimbursements: LedgerTransaction[] = [];
  const reversals: LedgerTransaction[] = [];
  const typeCol = table ? columnOf(table, "Type") : -1;
  if (table && typeCol >= 0) {
    const wanted = new Set([REIMBURSEMENT_TYPE.toLowerCase(), REVERSAL_TYPE.toLowerCase()]);
    const columns = rowColumns();
    for (const row of table.rows) {
      // The Type cell decides first: a reader per row of a million-row sheet costs more than the rest.
      const type = row.cells[typeCol];
      if (typeof type !== "string" || type.length < REIMBURSEMENT_TYPE.length || !wanted.has(type.trim().toLowerCase())) continue;
      const r = new RowReader(table, columns, row);
      const invoice = r.read("Document", parseText) ?? null;
      if (!invoice) continue;
      const amount = r.read("Amount", parseAmount) ?? null;
      const record: LedgerTransaction = {
        row: r.row.row, source: { sheet: table.sheet, address: r.address("Amount") }, invoice,
        customerAccount: r.read("Customer account", parseText) ?? null,
        currency: (r.read("Currency", parseText) ?? null)?.toUpperCase() ?? null,
        amount, runId: r.read("Run id", parseText) ?? null,
        problem: r.problems.length ? `Sheet '${r.problems[0].source.sheet}', cell ${r.problems[0].source.address}: ${r.problems[0].message}` : null,
      };
      (type.trim().toLowerCase() === REIMBURSEMENT_TYPE.toLowerCase() ? reimbursements : reversals).push(record);
    }
  }
  return { reimbursements: group(reimbursements, (t) => key(t.invoice)), reversals: group(reversals, (t) => key(t.invoice)) };
}

const PROBLEM_TEXT = /^Sheet '(.*)', cell ([A-Z]+\d+): ([\s\S]*)$/;

function problemOf(text: string, fallback: CellRef): { reason: string; source: CellRef } {
  const m = PROBLEM_TEXT.exec(text);
  return m ? { reason: m[3], source: { sheet: m[1], address: m[2] } } : { reason: text, source: fallback };
}

/**
 * Derives every invoice's and reimbursement's state from the records (Vendor payments, Export log,
 * the runs' and reversals' customer transactions, bank statuses) and checks the Status, Exported
 * and Cancellation exported cells against it. Export, pay and reverse all start here.
 */
export function readLedgerState(snapshot: WorkbookSnapshot): LedgerState {
  const contradictions: WorkbookProblem[] = [];
  const transfers = readTransfers(snapshot, contradictions);
  const statuses = readTransferStatuses(snapshot);
  const exportLog = readExportLog(snapshot, contradictions);
  const transactions = readLedgerTransactions(snapshot);
  const invoiceTable = optionalTable(snapshot, SHEETS.invoices, COLUMNS.invoices);
  const reimbursementTable = optionalTable(snapshot, SHEETS.reimbursements, COLUMNS.reimbursements);
  const invoiceCell = locator(invoiceTable, invoiceTable?.sheet ?? SHEETS.invoices);
  const reimbursementCell = locator(reimbursementTable, reimbursementTable?.sheet ?? SHEETS.reimbursements);
  const invoiceRows = readInvoiceRows(snapshot);
  const reimbursementRows = readReimbursementRows(snapshot);
  const reimbursementsByInvoice = group(reimbursementRows, (r) => key(r.invoice));
  const firstRow = new Map<string, number>();
  const missing = (table: Table | null, header: string): boolean => !!table && columnOf(table, header) < 0;

  const invoices: InvoiceState[] = invoiceRows.map((row) => {
    const k = key(row.invoice);
    const allTransfers = transfers.get(k) ?? [];
    const issued = allTransfers.filter((t) => transferOutcome(t, row.invoice, statuses) === "issued");
    const records: InvoiceRecords = {
      transfers: issued,
      reversals: transactions.reversals.get(k) ?? [],
      exports: exportLog.invoices.get(k) ?? [],
      cancellationExports: exportLog.cancellations.get(k) ?? [],
    };
    const cells = { status: invoiceCell(row.row, "Status"), amount: invoiceCell(row.row, "Amount"), invoice: invoiceCell(row.row, "Invoice") };
    const bank = { accepted: issued.some((t) => transferAccepted(t, row.invoice, statuses)), rejected: allTransfers.length > issued.length };
    const derived = invoiceStatusOf(records, bank);
    if (derived === null) {
      contradictions.push({ ...cells.invoice, message: `invoice ${row.invoice} is both paid (sheet Vendor payments, row ${issued[0].row}) and reversed (sheet Customer transactions, row ${records.reversals[0].row}); the credit would be given back after the money left` });
    }
    const status = derived ?? "Paid";
    const cell = readStatusCell(row.status);
    const contradiction = k ? statusContradiction(cell, status, evidence(status, records, allTransfers.length > issued.length)) : null;
    if (contradiction) {
      contradictions.push(missing(invoiceTable, "Status") ? missingColumn(invoiceTable, "Status", `invoice ${row.invoice}`, status) : { ...cells.status, message: contradiction });
    }
    if (k) {
      const exportsContradiction = exportMarkContradiction(row.exported !== null, records.exports, `invoice ${row.invoice}`, "Exported");
      if (exportsContradiction) {
        contradictions.push(missing(invoiceTable, "Exported") ? missingColumn(invoiceTable, "Exported", `invoice ${row.invoice}`, "exported") : { ...invoiceCell(row.row, "Exported"), message: exportsContradiction });
      }
      const cancelContradiction = exportMarkContradiction(row.cancellationExported !== null, records.cancellationExports, `cancellation of invoice ${row.invoice}`, "Cancellation exported");
      if (cancelContradiction) {
        contradictions.push(missing(invoiceTable, "Cancellation exported") ? missingColumn(invoiceTable, "Cancellation exported", `invoice ${row.invoice}`, "exported") : { ...invoiceCell(row.row, "Cancellation exported"), message: cancelContradiction });
      }
    }
    const ownReimbursements = reimbursementsByInvoice.get(k) ?? [];
    const ownTransactions = transactions.reimbursements.get(k) ?? [];
    const duplicate = k ? firstRow.get(k) : undefined;
    if (k && duplicate === undefined) firstRow.set(k, row.row);
    const mismatch =
      duplicate !== undefined
        ? { reason: `the invoice number is also on row ${duplicate}; each invoice must have its own number`, source: cells.invoice }
        : matchProblem(row, cells.amount, ownReimbursements, ownTransactions, reimbursementCell);
    const standing = invoiceStanding({
      status,
      cell,
      statusSource: cells.status,
      problem: row.problems.length ? problemOf(row.problems[0], cells.invoice) : requiredProblem(row, invoiceCell),
      mismatch,
    });
    return { invoice: row, status, records, reimbursement: ownReimbursements[0] ?? null, transaction: ownTransactions[0] ?? null, standing, mismatch, cells };
  });

  const byInvoice = new Map<string, InvoiceState>();
  for (const s of invoices) if (key(s.invoice.invoice) && !byInvoice.has(key(s.invoice.invoice))) byInvoice.set(key(s.invoice.invoice), s);
  const reimbursements: ReimbursementState[] = reimbursementRows.map((row) => {
    const invoice = byInvoice.get(key(row.invoice)) ?? null;
    // A reimbursement whose invoice row was archived still has its records, keyed by the number.
    const k = key(row.invoice);
    const records: InvoiceRecords = invoice?.records ?? {
      transfers: (transfers.get(k) ?? []).filter((t) => transferOutcome(t, row.invoice ?? "", statuses) === "issued"),
      reversals: transactions.reversals.get(k) ?? [],
      exports: [],
      cancellationExports: [],
    };
    const status = reimbursementStatusOf(invoice?.status ?? invoiceStatusOf(records) ?? "Paid");
    const contradiction = statusContradiction(readStatusCell(row.status), status, evidence(status === "Reversed" ? "Cancelled" : status, records, false));
    if (contradiction) {
      contradictions.push(
        missing(reimbursementTable, "Status")
          ? missingColumn(reimbursementTable, "Status", `the reimbursement of invoice ${row.invoice}`, status)
          : { ...reimbursementCell(row.row, "Status"), message: contradiction },
      );
    }
    return { row, status, invoice };
  });
  return { invoices, reimbursements, contradictions: dedupe(contradictions) };
}

/** A Status (or Exported) column deleted while records say something: one message at its header. */
function missingColumn(table: Table | null, header: string, what: string, state: string): WorkbookProblem {
  return {
    sheet: table?.sheet ?? SHEETS.invoices,
    address: table ? cellAddress(table.headerRow, table.grid.startCol) : "",
    message: `column '${header}' is missing from the header row, but ${what} is ${state.toLowerCase()} according to the records; add the column back`,
  };
}

function dedupe(problems: WorkbookProblem[]): WorkbookProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const k = `${p.sheet}|${p.address}|${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function evidence(status: InvoiceStatus | ReimbursementStatus, records: InvoiceRecords, rejected: boolean): string | null {
  if (status === "Paid" || status === "Sent") {
    const t = records.transfers[0];
    const bank = status === "Paid" ? " and the bank accepted it (sheet Payment status)" : "";
    return `a transfer for it is on sheet Vendor payments (row ${t.row}${t.messageId ? `, message ${t.messageId}` : ""})${bank}`;
  }
  if (status === "Cancelled" || status === "Reversed") return `its credit was given back (sheet Customer transactions, row ${records.reversals[0].row})`;
  return rejected || status === "Rejected" ? "the bank rejected its transfer (sheet Payment status)" : null;
}

function requiredProblem(row: InvoiceRow, cell: (row: number, header: string) => CellRef): { reason: string; source: CellRef } | null {
  const required: [string, string][] = [["Invoice", row.invoice], ["Vendor account", row.vendorAccount], ["Currency", row.currency]];
  for (const [header, value] of required) if (!value) return { reason: `${header}: expected a value, found an empty cell`, source: cell(row.row, header) };
  if (!/^[A-Z]{3}$/.test(row.currency)) return { reason: `Currency: expected a three-letter ISO code such as EUR, found "${row.currency}"`, source: cell(row.row, "Currency") };
  // Rounding an amount on its way to accounts payable or a bank would change what is owed.
  if (hasExcessDecimals(row.amount, row.currency)) {
    return { reason: `Amount: ${row.amount.toFixed()} has more than the ${minorUnits(row.currency)} decimals ${row.currency} allows`, source: cell(row.row, "Amount") };
  }
  return null;
}

function matchProblem(
  row: InvoiceRow,
  amountSource: CellRef,
  reimbursements: readonly ReimbursementRow[],
  transactions: readonly LedgerTransaction[],
  reimbursementCell: (row: number, header: string) => CellRef,
): { reason: string; source: CellRef } | null {
  if (reimbursements.length > 1) {
    return { reason: `invoice ${row.invoice} is on sheet Reimbursements ${reimbursements.length} times (rows ${reimbursements.map((r) => r.row).join(", ")}); keep one`, source: reimbursementCell(reimbursements[1].row, "Invoice") };
  }
  if (transactions.length > 1) {
    return { reason: `${transactions.length} reimbursement transactions carry invoice ${row.invoice} (sheet Customer transactions, rows ${transactions.map((t) => t.row).join(", ")}); keep one`, source: transactions[1].source };
  }
  const reimbursement = reimbursements[0];
  if (reimbursement?.problems.length) return problemOf(reimbursement.problems[0], reimbursementCell(reimbursement.row, "Amount"));
  const transaction = transactions[0];
  if (transaction?.problem) return problemOf(transaction.problem, transaction.source);
  if (transaction && (transaction.amount === null || transaction.currency === null)) {
    return { reason: `the reimbursement transaction of invoice ${row.invoice} has no amount or currency`, source: transaction.source };
  }
  const invoiceSide: MatchSide = { what: "invoice", amount: row.amount, currency: row.currency, customerAccount: row.customerAccount, amountSource };
  const reimbursementSide: MatchSide | null = reimbursement
    ? { what: "reimbursement", amount: reimbursement.amount, currency: reimbursement.currency, customerAccount: reimbursement.customerAccount, amountSource: reimbursementCell(reimbursement.row, "Amount") }
    : null;
  const transactionSide: MatchSide | null = transaction
    ? { what: "customer transaction", amount: transaction.amount ?? new Money(0), currency: transaction.currency ?? "", customerAccount: transaction.customerAccount, amountSource: transaction.source }
    : null;
  return threeWayMismatch(invoiceSide, reimbursementSide, transactionSide, row.invoice);
}

/** Stops the command when a view disagrees with the records, naming every such cell. */
export function assertConsistent(state: LedgerState): void {
  if (state.contradictions.length) throw new WorkbookError(state.contradictions);
}

/** readLedgerState, then assertConsistent: what export, pay and reverse call first. */
export function readConsistentLedger(snapshot: WorkbookSnapshot): LedgerState {
  const state = readLedgerState(snapshot);
  assertConsistent(state);
  return state;
}
