import { CellRef } from "../core/types";
import { InvoiceRow } from "../workbook/read-outputs";
import { bicCountry, isEeaCountry, usesIban } from "./countries";
import { CreditorAccount, PAYEE_FIELDS, PayeeField } from "./creditor-accounts";
import { Debtor } from "./debtor";
import { isValidBic, isValidIban, normaliseBic, normaliseIban } from "./iban";
import { isValidLei, normaliseLei } from "./lei";
import { Party } from "./payment-blocks";
import { PaymentType, isSepaType, paymentTypeOf } from "./payment-type";
import { SEPA_MAXIMUM } from "./pain001";
import { AddressField, postalAddress } from "./postal-address";
import { toSepaText } from "./sepa-text";

/** What a transfer to this payee carries, once every check passed. */
export interface PayeeTransfer {
  creditor: Party;
  iban: string | null;
  accountNumber: string | null;
  bic: string | null;
  type: PaymentType;
}

export type PayeeCheck = { ok: true; payee: PayeeTransfer } | { ok: false; reason: string; source: CellRef };

export interface PayeeOptions {
  instant: boolean;
  debtor: Debtor;
  /** The Parameters cell to fill in when the debtor's address is missing. */
  debtorAddressCell: string;
}

/** ISO 20022 Max34Text, as banks read account numbers: letters, digits, no spaces. */
const ACCOUNT_NUMBER = /^[A-Za-z0-9\-/.]{1,34}$/;

const ADDRESS_TO_FIELD: Readonly<Record<AddressField, PayeeField>> = {
  address: "address", street: "street", buildingNumber: "buildingNumber", postalCode: "postalCode", town: "town", country: "country",
};

/**
 * Decides how an invoice is paid and whether the payee has what that payment needs, naming the
 * cell to fix when not (docs/payments.md, "What each payment needs"):
 * - the legal name, never an account code (Verification of Payee checks the name);
 * - SEPA (EUR to an IBAN of a SEPA country): a valid IBAN; the BIC when the bank is outside the EEA;
 * - anything else: the bank's BIC, an IBAN (or an account number where the country has no IBAN),
 *   and the payee's postal address;
 * - an address, when given, with its town and country; the debtor's address when the payee's bank
 *   is outside the EEA.
 */
export function checkPayee(invoice: InvoiceRow, account: CreditorAccount, options: PayeeOptions, cells: { name: CellRef; amount: CellRef }): PayeeCheck {
  const nameCell = cells.name;
  const fail = (reason: string, source: CellRef): PayeeCheck => ({ ok: false, reason, source });
  const field = (f: PayeeField) => account.fields[f];
  const vendor = invoice.vendorAccount;

  const name = toSepaText(account.name ?? invoice.vendorName ?? "", 70);
  if (!name) return fail(`vendor ${vendor} has no legal name in Latin letters for the bank (Verification of Payee checks it)`, account.name !== null ? account.source : nameCell);
  const codes = [invoice.vendorAccount, invoice.customerAccount ?? ""].map((c) => c.trim().toUpperCase()).filter(Boolean);
  if (codes.includes(name.toUpperCase())) return fail(`the payee's name "${name}" is an account code; banks check the legal name (Verification of Payee)`, account.name !== null ? account.source : nameCell);

  const ibanText = field("iban").value;
  if (ibanText && !isValidIban(ibanText)) return fail(`the IBAN "${ibanText}" of vendor ${vendor} is not valid (ISO 13616 check digits)`, field("iban").source);
  const iban = ibanText ? normaliseIban(ibanText) : null;
  const bicText = field("bic").value;
  if (bicText && !isValidBic(bicText)) return fail(`the BIC "${bicText}" of vendor ${vendor} is not valid (8 or 11 characters, ISO 9362)`, field("bic").source);
  const bic = bicText ? normaliseBic(bicText) : null;
  const leiText = field("lei").value;
  if (leiText && !isValidLei(leiText)) return fail(`the LEI "${leiText}" of vendor ${vendor} is not valid (20 characters, ISO 17442 check digits)`, field("lei").source);

  const type = paymentTypeOf(invoice.currency, iban, options.instant);
  let accountNumber: string | null = null;
  if (isSepaType(type)) {
    if (invoice.amount.greaterThan(SEPA_MAXIMUM)) return fail("its amount exceeds the SEPA maximum of 999999999.99 EUR per transfer", cells.amount);
    const bankCountry = bic ? bicCountry(bic) : (iban ?? "").slice(0, 2);
    if (!isEeaCountry(bankCountry) && !bic) return fail(`vendor ${vendor} banks in ${bankCountry}, outside the EEA: a SEPA payment there needs the bank's BIC`, field("bic").source);
  } else {
    const why = invoice.currency === "EUR" ? "a euro payment outside SEPA" : `a payment in ${invoice.currency}`;
    if (!iban && !field("accountNumber").value && !bic) return fail(`vendor ${vendor} has no IBAN`, field("iban").source);
    if (!bic) return fail(`${why} needs the BIC of vendor ${vendor}'s bank`, field("bic").source);
    if (!iban) {
      const number = (field("accountNumber").value ?? "").replace(/\s+/g, "");
      if (!number) return fail(`vendor ${vendor} has no IBAN or account number`, field(usesIban(bicCountry(bic)) ? "iban" : "accountNumber").source);
      if (usesIban(bicCountry(bic))) return fail(`vendor ${vendor}'s bank is in ${bicCountry(bic)}, where accounts are paid by IBAN: fill in the IBAN`, field("iban").source);
      if (!ACCOUNT_NUMBER.test(number)) return fail(`the account number "${field("accountNumber").value}" is not at most 34 letters and digits`, field("accountNumber").source);
      accountNumber = number;
    }
  }

  const address = postalAddress({
    address: field("address").value, street: field("street").value, buildingNumber: field("buildingNumber").value,
    postalCode: field("postalCode").value, town: field("town").value, country: field("country").value,
  });
  if (!address.ok) return fail(`vendor ${vendor}: ${address.reason}`, field(ADDRESS_TO_FIELD[address.field]).source);
  if (!isSepaType(type) && !address.address) {
    return fail(`${invoice.currency === "EUR" ? "a euro payment outside SEPA" : `a payment in ${invoice.currency}`} needs vendor ${vendor}'s postal address (${PAYEE_FIELDS.street}, ${PAYEE_FIELDS.buildingNumber}, ${PAYEE_FIELDS.postalCode}, ${PAYEE_FIELDS.town}, ${PAYEE_FIELDS.country})`, field("town").source);
  }
  const bankCountry = bic ? bicCountry(bic) : (iban ?? "").slice(0, 2);
  if (!isEeaCountry(bankCountry) && !options.debtor.address) {
    return fail(
      `vendor ${vendor}'s bank is in ${bankCountry}, outside the EEA: the payer's address is required there; fill in the Parameters Debtor street, Debtor building number, Debtor postal code, Debtor town and Debtor country`,
      { sheet: "Parameters", address: options.debtorAddressCell },
    );
  }
  return { ok: true, payee: { creditor: { name, address: address.address, lei: leiText ? normaliseLei(leiText) : null }, iban, accountNumber, bic, type } };
}
