import { minorUnits } from "../core/currency";
import { Money, sumMoney } from "../core/money";
import { IsoDate } from "../core/types";
import { PaymentType, PAYMENT_TYPES } from "./payment-type";
import { PostalAddress } from "./postal-address";

/** A party as a payment file names it: the legal name (Verification of Payee), address, LEI. */
export interface Party {
  name: string;
  address: PostalAddress | null;
  /** ISO 17442 Legal Entity Identifier, sent as Id/OrgId/LEI (Othr with scheme LEI in .03). */
  lei: string | null;
}

/** The company's own account the payments are made from. */
export interface DebtorAccount extends Party {
  iban: string;
  /** Optional since the EPC 2016 IBAN-only rule; without it DbtrAgt is Othr/Id NOTPROVIDED. */
  bic: string | null;
}

/** One transfer, the same for every format Reimburse writes. */
export interface CreditTransfer {
  /** InstrId: Reimburse's own payment id, as on the Vendor payments sheet. */
  paymentId: string;
  /** EndToEndId: the invoice number, which the creditor's bank passes on to them. */
  endToEndId: string;
  amount: Money;
  currency: string;
  creditor: Party;
  /** The creditor's account: an IBAN, or an account number where the country has no IBAN. */
  iban: string | null;
  accountNumber: string | null;
  /** The creditor's bank (CdtrAgt); required for generic transfers and non-EEA SEPA payees. */
  bic: string | null;
  remittance: string;
  type: PaymentType;
  executionDate: IsoDate;
}

/** A PmtInf: one debtor account, one currency, one execution date, one payment type. */
export interface PaymentBlock {
  paymentInfoId: string;
  type: PaymentType;
  currency: string;
  executionDate: IsoDate;
  transfers: CreditTransfer[];
}

export interface PaymentMessage {
  messageId: string;
  /** Local date and time of creation, YYYY-MM-DDThh:mm:ss. */
  createdAt: string;
  debtor: DebtorAccount;
  blocks: PaymentBlock[];
}

/** NbOfTxs and CtrlSum, which the bank checks against the transactions before accepting a file. */
export interface ControlTotals {
  count: number;
  /** The sum of the amounts irrespective of currency (ISO 20022 CtrlSum), as decimal text. */
  sum: string;
}

/**
 * Counts and sums transfers exactly: in decimal, with as many decimals as the most precise
 * currency among them, so a group header over EUR and BHD blocks sums to the fils.
 */
export function controlTotals(transfers: readonly CreditTransfer[]): ControlTotals {
  const decimals = transfers.reduce((d, t) => Math.max(d, minorUnits(t.currency)), 0);
  return { count: transfers.length, sum: sumMoney(transfers.map((t) => t.amount)).toFixed(decimals) };
}

export function messageTransfers(message: PaymentMessage): CreditTransfer[] {
  return message.blocks.flatMap((b) => b.transfers);
}

/**
 * Sorts transfers into payment blocks, one per execution date, payment type and currency (the
 * EPC implementation guidelines: a PmtInf has one debtor account, date and payment type; a
 * currency per block keeps each block's CtrlSum in one currency). Blocks are ordered by date,
 * then SEPA, SEPA Instant, generic, then currency; `<messageId>-<n>` is each block's PmtInfId.
 */
export function paymentBlocks(messageId: string, transfers: readonly CreditTransfer[]): PaymentBlock[] {
  const blocks = new Map<string, PaymentBlock>();
  for (const t of transfers) {
    const key = `${t.executionDate}|${PAYMENT_TYPES.indexOf(t.type)}|${t.currency}`;
    let block = blocks.get(key);
    if (!block) {
      block = { paymentInfoId: "", type: t.type, currency: t.currency, executionDate: t.executionDate, transfers: [] };
      blocks.set(key, block);
    }
    block.transfers.push(t);
  }
  const ordered = [...blocks.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, block]) => block);
  ordered.forEach((block, i) => (block.paymentInfoId = `${messageId}-${i + 1}`));
  return ordered;
}
