import { CellRef } from "../core/types";
import { invoiceCellLocator } from "../export/invoice-cells";
import { SHEETS } from "../workbook/contract";
import { WorkbookSnapshot } from "../workbook/grid";
import { LedgerState, readConsistentLedger } from "../workbook/ledger-state";
import { InvoiceRow } from "../workbook/read-outputs";
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
 * Sorts the payable invoices (the one definition, src/workbook/ledger-state.ts) into those a
 * payment file can pay and the exceptions. Each check names the cell to fix; an invoice is paid only when
 * all pass. A Status cell that contradicts the records stops it all (WorkbookError).
 */
export function selectPayments(snapshot: WorkbookSnapshot, options: PayeeOptions, ledger: LedgerState = readConsistentLedger(snapshot)): PaymentSelection {
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
    if (!invoice.amount.isPositive() || invoice.amount.isZero()) {
      skip(`its amount ${invoice.amount.toFixed()} is not a positive amount to pay`, cell("Amount"));
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
    const checked = checkPayee(invoice, account, options, { name: cell("Vendor name"), amount: cell("Amount") });
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
