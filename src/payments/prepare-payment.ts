import { minorUnits } from "../core/currency";
import { Money, formatMoney } from "../core/money";
import { IsoDate } from "../core/types";
import { OutputRow, appendRows } from "../workbook/append";
import { newExceptionRows } from "../workbook/exception-rows";
import { COLUMNS, LANGUAGE_PARAMETER, SHEETS } from "../workbook/contract";
import { SheetPatch, WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { idsWithPrefix } from "../workbook/ids-seen";
import { readConsistentLedger } from "../workbook/ledger-state";
import { readColumnTexts } from "../workbook/read-reference";
import { amountCell, dateCell } from "../workbook/render";
import { mergePatches, updateCells } from "../workbook/update";
import { readPaymentParameters } from "./debtor";
import { DEFAULT_PAIN_FORMAT, PainFormat, buildPain001 } from "./pain001";
import { CreditTransfer, PaymentBlock, PaymentMessage, paymentBlocks } from "./payment-blocks";
import { paymentTypeLabel } from "./payment-type";
import { PaymentException, PaymentSelection, selectPayments } from "./payment-selection";
import { SENT, VENDOR_PAYMENTS_SHEET, VENDOR_PAYMENT_COLUMNS } from "./vendor-payments-sheet";
import { EngineLanguage, engineMessages } from "../core/engine-messages";
import { parseLanguage, readParameter, readParameterCells } from "../workbook/read-parameters";

export interface PaymentOptions {
  now: Date;
  /** --date: the requested execution date instead of the Parameters sheet's. */
  date?: IsoDate;
  /** --format: pain.001.001.09 unless a bank still wants .03. */
  format?: PainFormat;
  /** --instant: SEPA transfers as SCT Inst (LclInstrm INST); other transfers are unaffected. */
  instant?: boolean;
  /** Six hex digits that make the message id unique; tests pass a fixed one. */
  randomHex?: () => string;
}

export interface PreparedPayment {
  selection: PaymentSelection;
  transfers: CreditTransfer[];
  /** The file's PmtInf blocks: one per currency, execution date and payment type. */
  blocks: PaymentBlock[];
  messageId: string | null;
  executionDate: IsoDate;
  /** Why the execution date is not the requested one (past date, weekend, TARGET2 holiday). */
  executionDateMoves: string[];
  format: PainFormat;
  /** The euro total (the pane's figure); `totals` has every currency. */
  total: Money;
  totals: CurrencyTotal[];
  /** The pain.001 file's text, or null when no invoice can be paid. */
  xml: string | null;
  /** Vendor payments rows, Sent statuses and new exceptions; written with the file or not at all. */
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
  const parameters = readPaymentParameters(snapshot, options.now, options.date);
  const { debtor } = parameters;
  const { date: executionDate, moves: executionDateMoves } = parameters.executionDate;
  const format = options.format ?? DEFAULT_PAIN_FORMAT;
  const ledger = readConsistentLedger(snapshot);
  const selection = selectPayments(snapshot, { instant: options.instant ?? false, debtor, debtorAddressCell: parameters.debtorAddressCell }, ledger);
  if (!selection.payable.length) {
    return { selection, transfers: [], blocks: [], messageId: null, executionDate, executionDateMoves, format, total: new Money(0), totals: [], xml: null, patch: { sheets: [] } };
  }
  // Ids on any sheet count (an archived Vendor payments copy): a bank refuses one it has seen.
  const used = new Set([...readColumnTexts(snapshot, VENDOR_PAYMENTS_SHEET, "Message id"), ...idsWithPrefix(snapshot, MESSAGE_ID_PREFIX)].map((id) => id.toUpperCase()));
  const messageId = newMessageId(options.now, used, options.randomHex ?? defaultRandomHex);
  const width = Math.max(5, String(selection.payable.length).length);
  const transfers: CreditTransfer[] = selection.payable.map((p, i) => ({
    paymentId: `${messageId}-${pad(i + 1, width)}`,
    endToEndId: p.invoice.invoice,
    amount: p.invoice.amount,
    currency: p.invoice.currency,
    creditor: p.payee.creditor,
    iban: p.payee.iban,
    accountNumber: p.payee.accountNumber,
    bic: p.payee.bic,
    remittance: p.remittance,
    type: p.payee.type,
    executionDate,
  }));
  const blocks = paymentBlocks(messageId, transfers);
  const message: PaymentMessage = { messageId, createdAt: localDateTime(options.now), debtor, blocks };
  const xml = buildPain001(message, format);
  const blockOf = new Map<string, PaymentBlock>();
  for (const b of blocks) for (const t of b.transfers) blockOf.set(t.paymentId, b);

  const rows: OutputRow[] = selection.payable.map((p, i) => {
    const t = transfers[i];
    return {
      "Payment id": t.paymentId, Date: dateCell(executionDate), Invoice: p.invoice.invoice,
      "Vendor account": p.invoice.vendorAccount, "Vendor name": p.creditorName, IBAN: t.iban, "Account number": t.accountNumber, BIC: t.bic,
      Currency: p.invoice.currency, Amount: amountCell(p.invoice.amount), "Message id": messageId,
      "Payment info id": blockOf.get(t.paymentId)?.paymentInfoId ?? null, "Payment type": paymentTypeLabel(t.type),
    };
  });
  const paidInvoices = new Set(selection.payable.map((p) => p.invoice.invoice.trim().toUpperCase()));
  const reimbursementUpdates = ledger.reimbursements
    .filter((r) => r.row.invoice && paidInvoices.has(r.row.invoice.trim().toUpperCase()) && (r.status === "Open" || r.status === "Rejected"))
    .map((r) => ({ row: r.row.row, header: "Status", value: SENT }));
  const patch: WorkbookPatch = {
    sheets: mergePatches(
      appendRows(snapshot, VENDOR_PAYMENTS_SHEET, VENDOR_PAYMENT_COLUMNS, rows, selection.payable.map((p) => minorUnits(p.invoice.currency))),
      updateCells(snapshot, SHEETS.invoices, COLUMNS.invoices, selection.payable.map((p) => ({ row: p.invoice.row, header: "Status", value: SENT }))),
      reimbursementUpdates.length ? updateCells(snapshot, SHEETS.reimbursements, COLUMNS.reimbursements, reimbursementUpdates) : null,
      exceptionRows(snapshot, selection.exceptions),
    ),
  };
  const totals = currencyTotals(transfers);
  return { selection, transfers, blocks, messageId, executionDate, executionDateMoves, format, total: totals.find((t) => t.currency === "EUR")?.total ?? new Money(0), totals, xml, patch };
}

/** What was paid per currency, in the order the currencies first appear. */
export interface CurrencyTotal {
  currency: string;
  count: number;
  total: Money;
}

export function currencyTotals(transfers: readonly CreditTransfer[]): CurrencyTotal[] {
  const totals = new Map<string, CurrencyTotal>();
  for (const t of transfers) {
    const entry = totals.get(t.currency) ?? { currency: t.currency, count: 0, total: new Money(0) };
    totals.set(t.currency, { currency: t.currency, count: entry.count + 1, total: entry.total.plus(t.amount) });
  }
  return [...totals.values()];
}

/** "120.50 EUR, 50.00 USD": amounts with their currency's decimals. */
export function formatTotals(totals: readonly CurrencyTotal[]): string {
  return totals.map((t) => `${formatMoney(t.total, t.currency)} ${t.currency}`).join(", ");
}


function exceptionRows(snapshot: WorkbookSnapshot, exceptions: readonly PaymentException[]): SheetPatch | null {
  // The sheet keeps the workbook's language (Parameters Language), as a run's reasons do.
  const language = readParameter(readParameterCells(snapshot), LANGUAGE_PARAMETER, parseLanguage, "en" as EngineLanguage);
  const { paymentException } = engineMessages(language.ok ? language.value : "en");
  return newExceptionRows(snapshot, exceptions.map((e) => ({
    runId: e.invoice.runId, customerAccount: e.invoice.customerAccount, currency: e.invoice.currency,
    balance: e.invoice.amount, reason: paymentException(e.reason), source: e.source,
  })));
}
