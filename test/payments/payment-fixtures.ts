import { minorUnits } from "../../src/core/currency";
import { Money } from "../../src/core/money";
import { CreditTransfer, DebtorAccount, PaymentMessage, paymentBlocks } from "../../src/payments/payment-blocks";
import { PaymentType } from "../../src/payments/payment-type";
import { PostalAddress } from "../../src/payments/postal-address";
import { ibanFor } from "../../src/workbook/sample";

export const MESSAGE_ID = "RBP-20261201-093000-ABCDEF";

export const debtor = (address: PostalAddress | null = DEBTOR_ADDRESS): DebtorAccount => ({
  name: "Reimburse Demo B.V.", iban: "NL91ABNA0417164300", bic: null, address, lei: null,
});

export const DEBTOR_ADDRESS: PostalAddress = { kind: "structured", street: "Keizersgracht", buildingNumber: "123", postalCode: "1015 CJ", town: "Amsterdam", country: "NL" };

/** The kinds of payee the rules tell apart, each with what its payment needs. */
export type PayeeKind = "sepa-structured" | "sepa-hybrid" | "sepa-no-address" | "non-eea-sepa" | "instant" | "usd-account-number" | "gbp-iban" | "jpy" | "bhd";

interface PayeeShape {
  currency: string;
  type: PaymentType;
  iban: (n: number) => string | null;
  accountNumber: string | null;
  bic: string | null;
  address: PostalAddress | null;
  lei: string | null;
}

const digits = (n: number, width: number): string => String(n).padStart(width, "0").slice(-width);

const PAYEES: Record<PayeeKind, PayeeShape> = {
  "sepa-structured": {
    currency: "EUR", type: "sepa", iban: (n) => ibanFor("DE", `37040044${digits(n, 10)}`), accountNumber: null, bic: null, lei: "5493001KJTIIGC8Y1R12",
    address: { kind: "structured", street: "Hauptstrasse", buildingNumber: "12a", postalCode: "10115", town: "Berlin", country: "DE" },
  },
  "sepa-hybrid": {
    currency: "EUR", type: "sepa", iban: (n) => ibanFor("FR", `30006000${digits(n, 15)}`), accountNumber: null, bic: null, lei: null,
    address: { kind: "hybrid", lines: ["12 rue de la Paix", "Batiment B"], postalCode: "75002", town: "Paris", country: "FR" },
  },
  "sepa-no-address": { currency: "EUR", type: "sepa", iban: (n) => ibanFor("NL", `INGB${digits(n, 10)}`), accountNumber: null, bic: null, address: null, lei: null },
  "non-eea-sepa": {
    currency: "EUR", type: "sepa", iban: (n) => ibanFor("CH", `00762${digits(n, 12)}`), accountNumber: null, bic: "UBSWCHZH80A", lei: null,
    address: { kind: "structured", street: "Bahnhofstrasse", buildingNumber: "45", postalCode: "8001", town: "Zurich", country: "CH" },
  },
  instant: { currency: "EUR", type: "sepa-instant", iban: (n) => ibanFor("IT", `X0542811101${digits(n, 12)}`), accountNumber: null, bic: null, address: null, lei: null },
  "usd-account-number": {
    currency: "USD", type: "generic", iban: () => null, accountNumber: "000123456789", bic: "CHASUS33XXX", lei: null,
    address: { kind: "structured", street: "Main St", buildingNumber: "350", postalCode: "10001", town: "New York", country: "US" },
  },
  "gbp-iban": {
    currency: "GBP", type: "generic", iban: (n) => ibanFor("GB", `NWBK601613${digits(n, 8)}`), accountNumber: null, bic: "NWBKGB2LXXX", lei: null,
    address: { kind: "hybrid", lines: ["221B Baker Street"], postalCode: "NW1 6XE", town: "London", country: "GB" },
  },
  jpy: {
    currency: "JPY", type: "generic", iban: () => null, accountNumber: "1234567", bic: "BOTKJPJTXXX", lei: null,
    address: { kind: "structured", street: "Marunouchi", buildingNumber: "2-7-1", postalCode: "100-0005", town: "Tokyo", country: "JP" },
  },
  bhd: {
    currency: "BHD", type: "generic", iban: (n) => ibanFor("BH", `NBOB${digits(n, 14)}`), accountNumber: null, bic: "NBOBBHBMXXX", lei: null,
    address: { kind: "structured", street: "Road 1702", buildingNumber: "150", postalCode: "317", town: "Manama", country: "BH" },
  },
};

export const PAYEE_KINDS = Object.keys(PAYEES) as PayeeKind[];

/** Transfer number n to a payee of the kind, for `minor` minor units of its currency. */
export function transfer(n: number, kind: PayeeKind, minor: number, executionDate = "2026-12-02", name = `Customer ${n} GmbH`): CreditTransfer {
  const shape = PAYEES[kind];
  const id = `RB-${digits(n, 6)}`;
  return {
    paymentId: `${MESSAGE_ID}-${digits(n, 5)}`,
    endToEndId: id,
    amount: new Money(minor).div(10 ** minorUnits(shape.currency)),
    currency: shape.currency,
    creditor: { name, address: shape.address, lei: shape.lei },
    iban: shape.iban(n),
    accountNumber: shape.iban(n) ? null : shape.accountNumber,
    bic: shape.bic,
    remittance: `${id} Reimbursement of credit balance`,
    type: shape.type,
    executionDate,
  };
}

export function message(transfers: CreditTransfer[], debtorAccount: DebtorAccount = debtor()): PaymentMessage {
  return { messageId: MESSAGE_ID, createdAt: "2026-12-01T09:30:00", debtor: debtorAccount, blocks: paymentBlocks(MESSAGE_ID, transfers) };
}
