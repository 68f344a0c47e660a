import { CellRef } from "../core/types";
import { invoiceCellLocator, problemsOfInvoice } from "../export/invoice-cells";
import { SHEETS } from "../workbook/contract";
import { WorkbookSnapshot } from "../workbook/grid";
import { InvoiceRow, readInvoiceRows } from "../workbook/read-outputs";
import { creditorAccountFinder } from "./creditor-accounts";
import { PayeeOptions, PayeeTransfer, checkPayee } from "./payee";
import { isSepaIdentifier, toSepaText } from "./sepa-text";

/** An open invoice that can be paid, with what the transfer needs. */
export interface PayableInvoice {
  invoice: InvoiceRow;
  creditorName: string;
  /** The IBAN, or the account number where the payee's country has no IBAN. */
  creditorIban: string;
  remittance: string;
  payee: PayeeTransfer;
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

/**
 * Open means not sent, paid nor cancelled; rows written before Status existed are blank. An
 * invoice whose transfer the bank rejected is open again: nothing left the company.
 */
export function isOpenInvoice(row: InvoiceRow): boolean {
  const status = row.status.trim().toLowerCase();
  return status === "open" || status === "" || status === "rejected";
}

/**
 * Sorts the open invoices into those a payment file can pay and the exceptions. Each check names
 * the cell to fix; an invoice is paid only when all pass.
 */
export function selectPayments(snapshot: WorkbookSnapshot, options: PayeeOptions): PaymentSelection {
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
    if (!invoice.amount.isPositive() || invoice.amount.isZero()) {
      skip(`its amount ${invoice.amount.toFixed()} is not a positive amount to pay`, cell(invoice, "Amount"));
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
    const checked = checkPayee(invoice, account, options, { name: cell(invoice, "Vendor name"), amount: cell(invoice, "Amount") });
    if (!checked.ok) {
      skip(checked.reason, checked.source);
      continue;
    }
    const { payee } = checked;
    const remittance = toSepaText(`${invoice.invoice} ${invoice.description ?? "Reimbursement of credit balance"}`, 140);
    payable.push({ invoice, creditorName: payee.creditor.name, creditorIban: payee.iban ?? payee.accountNumber ?? "", remittance, payee });
  }
  return { payable, exceptions };
}
