import { Money } from "../core/money";
import { CellRef } from "../core/types";
import { invoiceCellLocator, problemsOfInvoice } from "../export/invoice-cells";
import { SHEETS } from "../workbook/contract";
import { WorkbookSnapshot } from "../workbook/grid";
import { InvoiceRow, readInvoiceRows } from "../workbook/read-outputs";
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

/** Open means not yet paid nor cancelled; rows written before Status existed are blank. */
export function isOpenInvoice(row: InvoiceRow): boolean {
  const status = row.status.trim().toLowerCase();
  return status === "open" || status === "";
}

/**
 * Sorts the open invoices into those a SEPA file can pay and the exceptions. Each check names
 * the cell to fix; an invoice is paid only when all pass.
 */
export function selectPayments(snapshot: WorkbookSnapshot): PaymentSelection {
  const locate = invoiceCellLocator(snapshot);
  const cell = (row: InvoiceRow, header: Parameters<typeof locate>[1]): CellRef => ({ sheet: SHEETS.invoices, address: locate(row.row, header) });
  const findAccount = creditorAccountFinder(snapshot);
  const payable: PayableInvoice[] = [];
  const exceptions: PaymentException[] = [];
  const seen = new Map<string, number>();

  for (const invoice of readInvoiceRows(snapshot).filter(isOpenInvoice)) {
    const skip = (reason: string, source: CellRef): void => {
      exceptions.push({ invoice, reason: `Invoice ${invoice.invoice || `on row ${invoice.row}`} not paid: ${reason}`, source });
    };
    const problems = problemsOfInvoice(invoice, locate);
    if (problems.length) {
      skip(problems.map((p) => p.message).join("; "), { sheet: problems[0].sheet, address: problems[0].address });
      continue;
    }
    if (invoice.currency !== SEPA_CURRENCY) {
      skip(`it is in ${invoice.currency}; SEPA credit transfers are in EUR only`, cell(invoice, "Currency"));
      continue;
    }
    if (!invoice.amount.isPositive() || invoice.amount.isZero()) {
      skip(`its amount ${invoice.amount.toFixed()} is not a positive amount to pay`, cell(invoice, "Amount"));
      continue;
    }
    if (invoice.amount.greaterThan(SEPA_MAXIMUM)) {
      skip(`its amount exceeds the SEPA maximum of 999999999.99 EUR per transfer`, cell(invoice, "Amount"));
      continue;
    }
    if (!isSepaIdentifier(invoice.invoice)) {
      skip("the invoice number cannot be a SEPA end-to-end reference (at most 35 letters, digits and / - ? : ( ) . , ' +)", cell(invoice, "Invoice"));
      continue;
    }
    const duplicate = seen.get(invoice.invoice.toUpperCase());
    if (duplicate !== undefined) {
      skip(`the invoice number is also on row ${duplicate}; a bank needs unique end-to-end references`, cell(invoice, "Invoice"));
      continue;
    }
    seen.set(invoice.invoice.toUpperCase(), invoice.row);

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
      skip("the vendor has no name in Latin letters for the bank", cell(invoice, "Vendor name"));
      continue;
    }
    const remittance = toSepaText(`${invoice.invoice} ${invoice.description ?? "Reimbursement of credit balance"}`, 140);
    payable.push({ invoice, creditorName, creditorIban: normaliseIban(account.iban), remittance });
  }
  return { payable, exceptions };
}
