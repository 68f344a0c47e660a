/**
 * What a bank's status report says, in words. Status codes are ISO 20022's
 * ExternalPaymentGroupStatus1Code / ExternalPaymentTransactionStatus1Code (pain.002.001.10; the
 * .03 message has the same codes as a closed list); reason codes are ExternalStatusReason1Code,
 * plus the Verification of Payee outcomes (ExternalVerificationReason1Code, and the EPC VoP
 * scheme's MTCH / CMTC / NMTC / NOAP). Sources: ISO 20022 External Code Sets
 * (iso20022.org/catalogue-messages/additional-content-messages/external-code-sets), EPC VoP
 * rulebook (EPC218-23). See docs/payments.md.
 */
import { EngineMessages, engineMessages } from "../core/engine-messages";

/** How Reimburse treats a status: the transfer was paid, was refused, or is still on its way. */
export type StatusOutcome = "paid" | "rejected" | "pending";

interface StatusCode {
  outcome: StatusOutcome;
  words: string;
}

export const STATUS_CODES: Readonly<Record<string, StatusCode>> = {
  ACCC: { outcome: "paid", words: "settled on the creditor's account" },
  ACCP: { outcome: "paid", words: "accepted after the customer profile check" },
  ACFC: { outcome: "paid", words: "accepted, funds checked" },
  ACSC: { outcome: "paid", words: "settled on the debtor's account" },
  ACSP: { outcome: "paid", words: "accepted for execution, settlement in process" },
  ACWC: { outcome: "paid", words: "accepted with a change (such as the date)" },
  ACWP: { outcome: "paid", words: "accepted without posting" },
  ACTC: { outcome: "pending", words: "passed technical validation" },
  PATC: { outcome: "pending", words: "partially accepted: technical validation" },
  PART: { outcome: "pending", words: "partly accepted" },
  PDNG: { outcome: "pending", words: "pending, more checks follow" },
  RCVD: { outcome: "pending", words: "received by the bank" },
  RCVC: { outcome: "pending", words: "Verification of Payee done, no mismatch" },
  RVCM: { outcome: "pending", words: "Verification of Payee done, with mismatches to confirm" },
  RVNC: { outcome: "pending", words: "Verification of Payee not complete" },
  BLCK: { outcome: "pending", words: "blocked by the bank" },
  RJCT: { outcome: "rejected", words: "rejected" },
  CANC: { outcome: "rejected", words: "cancelled" },
};

export function statusOutcome(code: string | null): StatusOutcome | null {
  if (!code) return null;
  return STATUS_CODES[code.toUpperCase()]?.outcome ?? null;
}

/** In the workbook's language (`messages`, src/core/engine-messages.ts); English by default. */
export function statusWords(code: string, messages: EngineMessages = engineMessages()): string {
  const words = STATUS_CODES[code.toUpperCase()]?.words;
  return words ? messages.bankStatus(code, words) : `status ${code}`;
}

/** Reason codes Verification of Payee reports: a payment refused for them went to the wrong name. */
export const VOP_REASON_CODES: ReadonlySet<string> = new Set(["PN01", "PN02", "PI01", "NR01", "NORR", "BNOR", "MTCH", "CMTC", "NMTC", "NOAP"]);

export const REASON_CODES: Readonly<Record<string, string>> = {
  // Verification of Payee (euro area, since 9 October 2025)
  PN01: "Verification of Payee: the account holder's name and the account do not match",
  PN02: "Verification of Payee: the account holder's name is a close match only",
  PI01: "Verification of Payee: the account holder's identification (such as the LEI) and the account do not match",
  NR01: "Verification of Payee: the payee's bank could not confirm the details",
  NORR: "Verification of Payee: no answer from the payee's bank in time",
  BNOR: "Verification of Payee: the payee's bank is not in the scheme",
  MTCH: "Verification of Payee: match",
  CMTC: "Verification of Payee: close match; the payee's name differs from the one sent",
  NMTC: "Verification of Payee: no match; the name does not belong to the account",
  NOAP: "Verification of Payee: a check was not possible",
  // Accounts
  AC01: "the account number is wrong",
  AC02: "the debtor's account number is not valid",
  AC03: "the creditor's account number is not valid",
  AC04: "the account is closed",
  AC06: "the account is blocked",
  AC13: "the debtor's account type is not valid for this payment",
  AG01: "this kind of payment is forbidden on the account",
  AG02: "the bank operation code is not valid",
  AGNT: "the agent (bank) identification is wrong",
  // Amounts
  AM01: "the amount is zero",
  AM02: "the amount is above the allowed maximum",
  AM03: "the currency is not allowed",
  AM04: "insufficient funds on the debtor's account",
  AM05: "duplicate payment",
  AM09: "the amount is not the agreed one",
  AM10: "the control sum does not match the amounts",
  AM18: "the number of transactions does not match the count given",
  // Parties
  BE01: "the creditor does not match the account holder",
  BE04: "the creditor's address is missing or wrong",
  BE05: "the initiating party is not known to the bank",
  BE06: "the end customer is not known",
  BE07: "the debtor's address is missing or wrong",
  RR01: "the debtor's account or identification is missing (regulatory)",
  RR02: "the debtor's name or address is missing (regulatory)",
  RR03: "the creditor's name or address is missing (regulatory)",
  RR04: "rejected for regulatory reasons",
  MD07: "the account holder is deceased",
  // Banks and schemes
  RC01: "the bank identifier (BIC) is wrong",
  RC03: "the debtor's bank identifier is wrong or missing",
  RC04: "the creditor's bank identifier is wrong or missing",
  CNOR: "the creditor's bank is not reachable in this scheme",
  DNOR: "the debtor's bank is not reachable in this scheme",
  SL01: "refused by a service the debtor's bank offers",
  // Dates and files
  CH03: "the requested execution date is too far in the future",
  CH04: "the requested execution date is too far in the past",
  DT01: "the date is not valid",
  TM01: "received after the cut-off time",
  DU01: "the message id was used before",
  DU02: "the payment information id was used before",
  DU05: "the instruction id was used before",
  FF01: "the file format is not valid",
  ED05: "settlement failed",
  AB05: "timed out at the creditor's bank",
  AB06: "timed out at the instructed bank",
  AB08: "the creditor's bank is offline",
  FOCR: "cancelled on request",
  DUPL: "duplicate request",
  DS28: "technical problem",
  MS02: "refused by the creditor, no reason given",
  MS03: "refused by a bank, no reason given",
  NARR: "see the bank's explanation",
};

/** "AC04 (the account is closed)", "AC04 (rekening opgeheven)"; an unknown code is given as it is. */
export function reasonWords(code: string, messages: EngineMessages = engineMessages()): string {
  const upper = code.toUpperCase();
  const words = REASON_CODES[upper];
  return words ? `${upper} (${messages.bankReason(upper, words)})` : upper;
}

export function isVopReason(code: string): boolean {
  return VOP_REASON_CODES.has(code.toUpperCase());
}
