import { minorUnits } from "../core/currency";
import { todayIso } from "../core/dates";
import { EngineLanguage, EngineMessages, engineMessages } from "../core/engine-messages";
import { CellRef } from "../core/types";
import { OutputRow, appendRows } from "../workbook/append";
import { parseText } from "../workbook/cells";
import { COLUMNS, LANGUAGE_PARAMETER, SHEETS } from "../workbook/contract";
import { WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { InvoiceRow, readInvoiceRows, readReimbursementRows } from "../workbook/read-outputs";
import { amountCell, dateCell } from "../workbook/render";
import { readRows } from "../workbook/row-reader";
import { parseLanguage, readParameter, readParameterCells } from "../workbook/read-parameters";
import { optionalTable } from "../workbook/table";
import { CellUpdate, mergePatches, updateCells } from "../workbook/update";
import { parsePain002 } from "./pain002";
import { PAYMENT_STATUS_COLUMNS, PAYMENT_STATUS_SHEET } from "./payment-status-sheet";
import { isVopReason } from "./status-reasons";
import { SentTransfer, TransferStatus, matchReport } from "./transfer-status";
import { PAID, REJECTED, SENT, VENDOR_PAYMENTS_SHEET, VENDOR_PAYMENT_COLUMNS } from "./vendor-payments-sheet";

export interface StatusImportSummary {
  reportId: string;
  version: string;
  originalMessageId: string;
  /** Nothing was applied: this report (its MsgId) is already on the Payment status sheet. */
  alreadyImported: boolean;
  /** Nothing was applied: no transfer on Vendor payments has the report's original message id. */
  unknownMessage: boolean;
  paid: string[];
  rejected: { invoice: string; messageId: string; paymentId: string; words: string; vop: boolean; source: CellRef }[];
  pending: string[];
  /** Statuses that change nothing: the invoice was paid again by a later transfer, or already has it. */
  unchanged: string[];
  /** Transactions the report names that Reimburse did not send in that message. */
  unmatched: string[];
}

export interface StatusImport {
  patch: WorkbookPatch;
  summary: StatusImportSummary;
}

interface SentRow extends SentTransfer {
  row: number;
  address: string;
}

function readSent(snapshot: WorkbookSnapshot): SentRow[] {
  const table = optionalTable(snapshot, VENDOR_PAYMENTS_SHEET, VENDOR_PAYMENT_COLUMNS, false);
  if (!table) return [];
  const out: SentRow[] = [];
  for (const r of readRows(table)) {
    const text = (h: string): string => r.read(h, parseText) ?? "";
    const paymentId = text("Payment id");
    if (!paymentId) continue;
    out.push({ paymentId, invoice: text("Invoice"), messageId: text("Message id"), paymentInfoId: text("Payment info id") || null, row: r.row.row, address: r.address("Payment id") });
  }
  return out;
}

function importedReports(snapshot: WorkbookSnapshot): Set<string> {
  const table = optionalTable(snapshot, PAYMENT_STATUS_SHEET, PAYMENT_STATUS_COLUMNS, false);
  const ids = new Set<string>();
  if (table) for (const r of readRows(table)) ids.add((r.read("Report id", parseText) ?? "").trim().toUpperCase());
  return ids;
}

const key = (text: string): string => text.trim().toUpperCase();

/**
 * Imports a bank's pain.002 status report into the workbook, host-neutral (the CLI and the pane
 * call it the same way): each transfer's status is appended to *Payment status*; an accepted or
 * settled transfer makes its invoice and reimbursement Paid; a rejected one makes them Rejected
 * (the invoice payable again, the reimbursement reversible) and lists an exception with the
 * bank's reason in words. A report already imported, or one about a message Reimburse did not
 * send, changes nothing and says so. Only an invoice's latest transfer moves its status: a
 * late report on a transfer since paid again is recorded, not applied. The words it writes (and
 * the summary's rejections the pane lists) are in the workbook's language, Parameters Language.
 */
export function prepareStatusImport(snapshot: WorkbookSnapshot, xml: string, now: Date): StatusImport {
  const report = parsePain002(xml);
  const messages = workbookMessages(snapshot);
  const summary: StatusImportSummary = {
    reportId: report.messageId, version: report.version, originalMessageId: report.originalMessageId,
    alreadyImported: false, unknownMessage: false, paid: [], rejected: [], pending: [], unchanged: [], unmatched: [],
  };
  const none: StatusImport = { patch: { sheets: [] }, summary };
  if (importedReports(snapshot).has(key(report.messageId))) return { ...none, summary: { ...summary, alreadyImported: true } };
  const sent = readSent(snapshot);
  if (!sent.some((t) => key(t.messageId) === key(report.originalMessageId))) return { ...none, summary: { ...summary, unknownMessage: true } };

  const match = matchReport(report, sent, messages);
  summary.unmatched = match.unmatched;
  const latest = new Map<string, SentRow>();
  for (const t of sent) latest.set(key(t.invoice), t);
  const invoices = new Map<string, InvoiceRow>();
  for (const i of readInvoiceRows(snapshot)) invoices.set(key(i.invoice), i);

  const invoiceUpdates: CellUpdate[] = [];
  const newStatus = new Map<string, string>();
  for (const s of match.statuses) {
    const invoice = invoices.get(key(s.transfer.invoice));
    const target = s.outcome === "paid" ? PAID : s.outcome === "rejected" ? REJECTED : null;
    const isLatest = latest.get(key(s.transfer.invoice))?.paymentId === s.transfer.paymentId;
    if (target === null) summary.pending.push(s.transfer.invoice);
    else if (!invoice || !isLatest || invoice.status.trim().toLowerCase() === target.toLowerCase()) summary.unchanged.push(s.transfer.invoice);
    else {
      invoiceUpdates.push({ row: invoice.row, header: "Status", value: target });
      newStatus.set(key(invoice.invoice), target);
      if (target === PAID) summary.paid.push(invoice.invoice);
      else summary.rejected.push({ invoice: invoice.invoice, messageId: s.transfer.messageId, paymentId: s.transfer.paymentId, words: s.words, vop: s.reasons.some((r) => isVopReason(r.code ?? r.proprietary ?? "")), source: sourceOf(s, sent) });
    }
  }
  const reimbursementUpdates: CellUpdate[] = readReimbursementRows(snapshot)
    .filter((r) => r.invoice && newStatus.has(key(r.invoice)) && [SENT, PAID, REJECTED].map((x) => x.toLowerCase()).includes(r.status.trim().toLowerCase()))
    .map((r) => ({ row: r.row, header: "Status", value: newStatus.get(key(r.invoice ?? "")) ?? null }));

  const imported = dateCell(todayIso(now));
  const statusRows: OutputRow[] = match.statuses.map((s) => ({
    "Report id": report.messageId, Imported: imported, "Message id": s.transfer.messageId, "Payment info id": s.transfer.paymentInfoId,
    "Payment id": s.transfer.paymentId, Invoice: s.transfer.invoice, Status: s.status, Result: resultWord(s, messages), Level: s.level,
    "Reason code": s.reasons.map((r) => r.code ?? r.proprietary ?? "").filter(Boolean).join(", ") || null, Reason: s.words,
  }));
  // An empty report (no transfer matched) is still recorded, so importing it again is recognised.
  // (Its Status is not the group's, which would then apply to the whole message.)
  if (!statusRows.length) statusRows.push({ "Report id": report.messageId, Imported: imported, Status: "NONE", Result: messages.noTransferNamed(), Reason: report.groupStatus ? messages.groupStatus(report.groupStatus) : null });
  const rejectedInvoices = new Map(summary.rejected.map((r) => [key(r.invoice), r]));
  const exceptionRows: OutputRow[] = [...invoices.values()].filter((i) => rejectedInvoices.has(key(i.invoice))).map((i) => {
    const r = rejectedInvoices.get(key(i.invoice));
    return {
      "Run id": i.runId, "Customer account": i.customerAccount, Currency: i.currency, Balance: amountCell(i.amount),
      Reason: messages.bankRejection(i.invoice, report.messageId, r?.words ?? ""),
      Sheet: r?.source.sheet ?? VENDOR_PAYMENTS_SHEET, Cell: r?.source.address ?? "",
    };
  });
  const rejectedRows = [...invoices.values()].filter((i) => rejectedInvoices.has(key(i.invoice)));
  return {
    summary,
    patch: {
      sheets: mergePatches(
        appendRows(snapshot, PAYMENT_STATUS_SHEET, PAYMENT_STATUS_COLUMNS, statusRows),
        invoiceUpdates.length ? updateCells(snapshot, SHEETS.invoices, COLUMNS.invoices, invoiceUpdates) : null,
        reimbursementUpdates.length ? updateCells(snapshot, SHEETS.reimbursements, COLUMNS.reimbursements, reimbursementUpdates) : null,
        appendRows(snapshot, SHEETS.exceptions, COLUMNS.exceptions, exceptionRows, rejectedRows.map((i) => minorUnits(i.currency))),
      ),
    },
  };
}

function resultWord(s: TransferStatus, messages: EngineMessages): string {
  return messages.bankResult(s.outcome, s.outcome === "paid" ? PAID : s.outcome === "rejected" ? REJECTED : "Pending");
}

/** The workbook's language, as pay reads it: an unreadable entry leaves English (run reports it). */
function workbookMessages(snapshot: WorkbookSnapshot): EngineMessages {
  const language = readParameter(readParameterCells(snapshot), LANGUAGE_PARAMETER, parseLanguage, "en" as EngineLanguage);
  return engineMessages(language.ok ? language.value : "en");
}

/** The Vendor payments row of the rejected transfer: where the user finds what was sent. */
function sourceOf(s: TransferStatus, sent: readonly SentRow[]): CellRef {
  const row = sent.find((t) => t.paymentId === s.transfer.paymentId);
  return { sheet: VENDOR_PAYMENTS_SHEET, address: row?.address ?? "" };
}

/** Lines for the CLI and the pane: what the report did, rejections with their reasons. */
export function statusImportLines(summary: StatusImportSummary): string[] {
  if (summary.alreadyImported) return [`Status report ${summary.reportId} was imported before; nothing was changed.`];
  if (summary.unknownMessage) return [`Status report ${summary.reportId} answers message ${summary.originalMessageId}, which is not on sheet Vendor payments; nothing was changed.`];
  const lines = [
    `Status report ${summary.reportId} (${summary.version}) on message ${summary.originalMessageId}: ${summary.paid.length} paid, ${summary.rejected.length} rejected, ${summary.pending.length} still pending.`,
  ];
  for (const r of summary.rejected) lines.push(`  Sheet '${r.source.sheet}', cell ${r.source.address}: invoice ${r.invoice} ${r.words}${r.vop ? " (check the payee's legal name)" : ""}; payable again`);
  if (summary.unchanged.length) lines.push(`Already so, or paid again since: ${summary.unchanged.join(", ")}`);
  if (summary.unmatched.length) lines.push(`Not in that message (left alone): ${summary.unmatched.join(", ")}`);
  return lines;
}
