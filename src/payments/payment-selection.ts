import { Money } from "../core/money";
import { CellRef } from "../core/types";
import { invoiceCellLocator } from "../export/invoice-cells";
import { SHEETS } from "../workbook/contract";
import { WorkbookSnapshot } from "../workbook/grid";
import { LedgerState, readConsistentLedger } from "../workbook/ledger-state";
import { InvoiceRow } from "../workbook/read-outputs";
import { creditorAccountFinder } from "./creditor-accounts";
import { isSepaIban, isValidIban, normaliseIban } from "./iban";
import { isSepaIdentifier, toSepaText } from "./sepa-text";

/** An open invoice that can be paid by SEPA credit transfer, with what the transfer needs. */
export interface PayableInvoice {
  invoice: InvoiceRow;
  creditorName: string;
  creditorIban: string;
  remittance: string;
}

/** An open invoice left unpaid, with why and the cell to fix. */
export interface PaymentException {
  invoice: InvoiceRow;
  reason: string;
  source: CellRef;
}

export interface PaymentSelection {
  payable: PayableInvoice[];
  exceptions: PaymentException[];
}

/** SEPA credit transfers are in euro and the EPC caps one at 999,999,999.99. */
export const SEPA_CURRENCY = "EUR";
const SEPA_MAXIMUM = new Money("999999999.99");

/**
 * Sorts the payable invoices (the one definition, src/workbook/ledger-state.ts) into those a SEPA
 * file can pay and the exceptions. Each check names the cell to fix; an invoice is paid only when
 * all pass. A Status cell that contradicts the records stops it all (WorkbookError).
 */
export function selectPayments(snapshot: WorkbookSnapshot, ledger: LedgerState = readConsistentLedger(snapshot)): PaymentSelection {
  const locate = invoiceCellLocator(snapshot);
  const findAccount = creditorAccountFinder(snapshot);
  const payable: PayableInvoice[] = [];
  const exceptions: PaymentException[] = [];

  for (const state of ledger.invoices) {
    const { invoice, standing } = state;
    if (standing.kind === "paid" || standing.kind === "cancelled") continue;
    const skip = (reason: string, source: CellRef): void => {
      exceptions.push({ invoice, reason: `Invoice ${invoice.invoice || `on row ${invoice.row}`} not paid: ${reason}`, source });
    };
    if (standing.kind === "held") {
      skip(standing.reason, standing.source);
      continue;
    }
    const cell = (header: Parameters<typeof locate>[1]): CellRef => ({ sheet: SHEETS.invoices, address: locate(invoice.row, header) });
    if (invoice.currency !== SEPA_CURRENCY) {
      skip(`it is in ${invoice.currency}; SEPA credit transfers are in EUR only`, cell("Currency"));
      continue;
    }
    if (!invoice.amount.isPositive() || invoice.amount.isZero()) {
      skip(`its amount ${invoice.amount.toFixed()} is not a positive amount to pay`, cell("Amount"));
      continue;
    }
    if (invoice.amount.greaterThan(SEPA_MAXIMUM)) {
      skip(`its amount exceeds the SEPA maximum of 999999999.99 EUR per transfer`, cell("Amount"));
      continue;
    }
    if (!isSepaIdentifier(invoice.invoice)) {
      skip("the invoice number cannot be a SEPA end-to-end reference (at most 35 letters, digits and / - ? : ( ) . , ' +)", cell("Invoice"));
      continue;
    }
    const account = findAccount(invoice);
    if (account.ambiguity) {
      skip(account.ambiguity, account.source);
      continue;
    }
    if (!account.iban) {
      skip(`vendor ${invoice.vendorAccount} has no IBAN`, account.source);
      continue;
    }
    if (!isValidIban(account.iban)) {
      skip(`the IBAN "${account.iban}" of vendor ${invoice.vendorAccount} is not valid (ISO 13616 check digits)`, account.source);
      continue;
    }
    if (!isSepaIban(account.iban)) {
      skip(`the IBAN of vendor ${invoice.vendorAccount} is not in a SEPA country`, account.source);
      continue;
    }
    const creditorName = toSepaText(invoice.vendorName ?? account.name ?? "", 70) || toSepaText(invoice.vendorAccount, 70);
    if (!creditorName) {
      skip("the vendor has no name in Latin letters for the bank", cell("Vendor name"));
      continue;
    }
    const remittance = toSepaText(`${invoice.invoice} ${invoice.description ?? "Reimbursement of credit balance"}`, 140);
    payable.push({ invoice, creditorName, creditorIban: normaliseIban(account.iban), remittance });
  }
  return { payable, exceptions };
}
