import { minorUnits } from "../core/currency";
import { Money, sumMoney } from "../core/money";
import { IsoDate } from "../core/types";
import { OutputRow, appendRows } from "../workbook/append";
import { newExceptionRows } from "../workbook/exception-rows";
import { COLUMNS, SHEETS } from "../workbook/contract";
import { SheetPatch, WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { idsWithPrefix } from "../workbook/ids-seen";
import { readConsistentLedger } from "../workbook/ledger-state";
import { readColumnTexts } from "../workbook/read-reference";
import { amountCell, dateCell } from "../workbook/render";
import { mergePatches, updateCells } from "../workbook/update";
import { readPaymentParameters } from "./debtor";
import { CreditTransfer, buildPain001 } from "./pain001";
import { PaymentException, PaymentSelection, selectPayments } from "./payment-selection";
import { PAID, VENDOR_PAYMENTS_SHEET, VENDOR_PAYMENT_COLUMNS } from "./vendor-payments-sheet";

export interface PaymentOptions {
  now: Date;
  /** --date: the requested execution date instead of the Parameters sheet's. */
  date?: IsoDate;
  /** Six hex digits that make the message id unique; tests pass a fixed one. */
  randomHex?: () => string;
}

export interface PreparedPayment {
  selection: PaymentSelection;
  transfers: CreditTransfer[];
  messageId: string | null;
  executionDate: IsoDate;
  total: Money;
  /** The pain.001 file's text, or null when no invoice can be paid. */
  xml: string | null;
  /** Vendor payments rows, Paid statuses and new exceptions; written with the file or not at all. */
  patch: WorkbookPatch;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** The local time the user sees, as ISO 20022's ISODateTime without a zone (as EPC examples write it). */
export function localDateTime(now: Date): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
}

export const MESSAGE_ID_PREFIX = "RBP-";

/**
 * RBP-20261124-103000-1A2B3C: banks refuse a message id they have seen, so a random part makes
 * two files of the same second differ; ids already on the Vendor payments sheet are avoided.
 */
export function newMessageId(now: Date, used: ReadonlySet<string>, randomHex: () => string): string {
  const stamp = localDateTime(now).replace(/[-:]/g, "").replace("T", "-");
  for (;;) {
    const id = `${MESSAGE_ID_PREFIX}${stamp}-${randomHex().toUpperCase()}`;
    if (!used.has(id) && ![...used].some((u) => u.startsWith(`${id}-`))) return id;
  }
}

// Web Crypto: the same in Node 20 and in the task pane's browser, so the module bundles as it is.
const defaultRandomHex = (): string =>
  Array.from(globalThis.crypto.getRandomValues(new Uint8Array(3)), (b) => b.toString(16).padStart(2, "0")).join("");

/**
 * The whole payment between a host's read and its writes: check the debtor, choose the invoices,
 * build the pain.001 file and the workbook changes. Nothing here touches a file.
 */
export function preparePayment(snapshot: WorkbookSnapshot, options: PaymentOptions): PreparedPayment {
  const { debtor, executionDate } = readPaymentParameters(snapshot, options.now, options.date);
  const ledger = readConsistentLedger(snapshot);
  const selection = selectPayments(snapshot, ledger);
  if (!selection.payable.length) {
    return { selection, transfers: [], messageId: null, executionDate, total: new Money(0), xml: null, patch: { sheets: [] } };
  }
  // Ids on any sheet count (an archived Vendor payments copy): a bank refuses one it has seen.
  const used = new Set([...readColumnTexts(snapshot, VENDOR_PAYMENTS_SHEET, "Message id"), ...idsWithPrefix(snapshot, MESSAGE_ID_PREFIX)].map((id) => id.toUpperCase()));
  const messageId = newMessageId(options.now, used, options.randomHex ?? defaultRandomHex);
  const width = Math.max(5, String(selection.payable.length).length);
  const transfers: CreditTransfer[] = selection.payable.map((p, i) => ({
    paymentId: `${messageId}-${pad(i + 1, width)}`,
    endToEndId: p.invoice.invoice,
    amount: p.invoice.amount,
    creditorName: p.creditorName,
    creditorIban: p.creditorIban,
    remittance: p.remittance,
  }));
  const xml = buildPain001({ messageId, paymentInfoId: `${messageId}-1`, createdAt: localDateTime(options.now), executionDate, debtor, transfers });

  const rows: OutputRow[] = selection.payable.map((p, i) => ({
    "Payment id": transfers[i].paymentId, Date: dateCell(executionDate), Invoice: p.invoice.invoice,
    "Vendor account": p.invoice.vendorAccount, "Vendor name": p.creditorName, IBAN: p.creditorIban,
    Currency: p.invoice.currency, Amount: amountCell(p.invoice.amount), "Message id": messageId,
  }));
  const paidInvoices = new Set(selection.payable.map((p) => p.invoice.invoice.trim().toUpperCase()));
  const reimbursementUpdates = ledger.reimbursements
    .filter((r) => r.row.invoice && paidInvoices.has(r.row.invoice.trim().toUpperCase()) && r.status === "Open")
    .map((r) => ({ row: r.row.row, header: "Status", value: PAID }));
  const patch: WorkbookPatch = {
    sheets: mergePatches(
      appendRows(snapshot, VENDOR_PAYMENTS_SHEET, VENDOR_PAYMENT_COLUMNS, rows, rows.map(() => minorUnits("EUR"))),
      updateCells(snapshot, SHEETS.invoices, COLUMNS.invoices, selection.payable.map((p) => ({ row: p.invoice.row, header: "Status", value: PAID }))),
      reimbursementUpdates.length ? updateCells(snapshot, SHEETS.reimbursements, COLUMNS.reimbursements, reimbursementUpdates) : null,
      exceptionRows(snapshot, selection.exceptions),
    ),
  };
  return { selection, transfers, messageId, executionDate, total: sumMoney(transfers.map((t) => t.amount)), xml, patch };
}

function exceptionRows(snapshot: WorkbookSnapshot, exceptions: readonly PaymentException[]): SheetPatch | null {
  return newExceptionRows(snapshot, exceptions.map((e) => ({
    runId: e.invoice.runId, customerAccount: e.invoice.customerAccount, currency: e.invoice.currency,
    balance: e.invoice.amount, reason: e.reason, source: e.source,
  })));
}
