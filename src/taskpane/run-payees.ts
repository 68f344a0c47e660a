import { Reimbursement } from "../core/plan";
import { CreditorAccount, creditorAccountFinder } from "../payments/creditor-accounts";
import { normaliseIban } from "../payments/iban";
import { applyPatchToSnapshot } from "../workbook/apply";
import { SHEETS } from "../workbook/contract";
import { SheetGrid, WorkbookPatch, WorkbookSnapshot, findSheet } from "../workbook/grid";
import { InvoiceRow } from "../workbook/read-outputs";
import type { RunPayee } from "./approval-model";

/** The sheets pay reads a payee's name and bank account from (src/payments/creditor-accounts.ts). */
const PAYEE_SHEETS = [SHEETS.customers, SHEETS.oneTimeVendors, SHEETS.vendors];

const isPayeeSheet = (name: string): boolean => PAYEE_SHEETS.some((s) => s.trim().toLowerCase() === name.trim().toLowerCase());

/** The invoice a reimbursement becomes, as pay will read it from Vendor invoices. */
function invoiceOf(r: Reimbursement): InvoiceRow {
  return {
    row: 0, invoice: r.invoice, vendorAccount: r.vendorAccount, vendorName: r.vendorName, invoiceDate: r.date, dueDate: r.dueDate,
    currency: r.currency, amount: r.amount, customerAccount: r.customerAccount, description: r.description, runId: r.runId,
    status: "Open", exported: null, cancellationExported: null, problems: [],
  };
}

/** The account a transfer goes to, as pay lists it: the IBAN, else the account number where a country has no IBAN. */
function accountShown(fields: CreditorAccount["fields"]): string | null {
  const { iban, accountNumber } = fields;
  if (iban.value) return normaliseIban(iban.value);
  return accountNumber.value ? accountNumber.value.replace(/\s+/g, "") : null;
}

/**
 * The payees a run approval lists: each invoice's payee name and IBAN as pay will take them, by
 * pay's own rule (creditorAccountFinder) applied to the workbook as the run leaves it: a vendor
 * master's IBAN for a mapped vendor, the one-time vendor the run creates for the others. Only
 * the payee sheets are copied, so a large ledger costs nothing here.
 */
export function runPayees(snapshot: WorkbookSnapshot, patch: WorkbookPatch, reimbursements: readonly Reimbursement[]): RunPayee[] {
  if (!reimbursements.length) return [];
  const payeeSheets = snapshot.sheets.filter((s: SheetGrid) => isPayeeSheet(s.name));
  const after = applyPatchToSnapshot({ sheets: payeeSheets }, { sheets: patch.sheets.filter((p) => isPayeeSheet(p.sheet)) });
  let find: ReturnType<typeof creditorAccountFinder> | null = null;
  try {
    find = findSheet(after, SHEETS.customers) ? creditorAccountFinder(after) : null;
  } catch {
    // The run read the same sheets; a problem there is on its exceptions already.
  }
  return reimbursements.map((r) => {
    const account = find?.(invoiceOf(r));
    // An ambiguous account (two rows, or mapped customers disagreeing) is one pay will refuse.
    const iban = account && !account.ambiguity ? accountShown(account.fields) : null;
    return {
      name: account?.name ?? r.vendorName,
      vendorAccount: r.vendorAccount,
      customerAccount: r.customerAccount,
      iban,
      currency: r.currency,
      amount: r.amount.toFixed(),
    };
  });
}
