import { create } from "xmlbuilder2";
import { Money, formatMoney, sumMoney } from "../core/money";
import { IsoDate } from "../core/types";
import { Debtor } from "./debtor";
import { isSepaIdentifier, toSepaText } from "./sepa-text";

export const PAIN001_NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";

export interface CreditTransfer {
  /** InstrId: Reimburse's own payment id, as on the Vendor payments sheet. */
  paymentId: string;
  /** EndToEndId: the invoice number, which the creditor's bank passes on to them. */
  endToEndId: string;
  amount: Money;
  creditorName: string;
  creditorIban: string;
  remittance: string;
}

export interface Pain001Message {
  messageId: string;
  paymentInfoId: string;
  /** Local date and time of creation, YYYY-MM-DDThh:mm:ss. */
  createdAt: string;
  executionDate: IsoDate;
  debtor: Debtor;
  transfers: readonly CreditTransfer[];
}

/** NbOfTxs and CtrlSum, which the bank checks against the transactions before accepting a file. */
export function controlTotals(transfers: readonly CreditTransfer[]): { count: number; sum: string } {
  return { count: transfers.length, sum: formatMoney(sumMoney(transfers.map((t) => t.amount)), "EUR") };
}

// The XSD checks shapes, not these: a file breaking them would be rejected by the bank.
function check(message: Pain001Message): void {
  if (!message.transfers.length) throw new Error("a pain.001 file needs at least one transfer");
  if (!toSepaText(message.debtor.name, 70)) throw new Error("the debtor has no name in the SEPA character set");
  for (const id of [message.messageId, message.paymentInfoId]) {
    if (!isSepaIdentifier(id)) throw new Error(`"${id}" cannot be a SEPA message or payment information id`);
  }
  for (const t of message.transfers) {
    if (!isSepaIdentifier(t.endToEndId) || !isSepaIdentifier(t.paymentId)) throw new Error(`transfer ${t.endToEndId}: its references are not SEPA identifiers`);
    if (!toSepaText(t.creditorName, 70)) throw new Error(`transfer ${t.endToEndId}: the creditor has no name in the SEPA character set`);
    if (t.amount.lessThanOrEqualTo(0) || t.amount.decimalPlaces() > 2) throw new Error(`transfer ${t.endToEndId}: ${t.amount.toFixed()} is not a positive euro amount with at most 2 decimals`);
  }
}

/**
 * An ISO 20022 pain.001.001.03 SEPA credit transfer initiation: one payment information block
 * (one debtor account, one execution date) with a transaction per invoice. Text is escaped by
 * xmlbuilder2 and reduced to the SEPA character set; amounts have exactly 2 decimals.
 */
export function buildPain001(message: Pain001Message): string {
  check(message);
  const { count, sum } = controlTotals(message.transfers);
  const debtorName = toSepaText(message.debtor.name, 70);
  const doc = create({ version: "1.0", encoding: "UTF-8" }).ele(PAIN001_NAMESPACE, "Document");
  const root = doc.ele("CstmrCdtTrfInitn");
  const header = root.ele("GrpHdr");
  header.ele("MsgId").txt(message.messageId);
  header.ele("CreDtTm").txt(message.createdAt);
  header.ele("NbOfTxs").txt(String(count));
  header.ele("CtrlSum").txt(sum);
  header.ele("InitgPty").ele("Nm").txt(debtorName);

  const info = root.ele("PmtInf");
  info.ele("PmtInfId").txt(message.paymentInfoId);
  info.ele("PmtMtd").txt("TRF");
  info.ele("NbOfTxs").txt(String(count));
  info.ele("CtrlSum").txt(sum);
  info.ele("PmtTpInf").ele("SvcLvl").ele("Cd").txt("SEPA");
  info.ele("ReqdExctnDt").txt(message.executionDate);
  info.ele("Dbtr").ele("Nm").txt(debtorName);
  info.ele("DbtrAcct").ele("Id").ele("IBAN").txt(message.debtor.iban);
  info.ele("DbtrAgt").ele("FinInstnId").ele("BIC").txt(message.debtor.bic);
  // SLEV: each party pays its own bank's charges, the only choice the SEPA scheme allows.
  info.ele("ChrgBr").txt("SLEV");

  for (const t of message.transfers) {
    const tx = info.ele("CdtTrfTxInf");
    const id = tx.ele("PmtId");
    id.ele("InstrId").txt(t.paymentId);
    id.ele("EndToEndId").txt(t.endToEndId);
    tx.ele("Amt").ele("InstdAmt", { Ccy: "EUR" }).txt(formatMoney(t.amount, "EUR"));
    tx.ele("Cdtr").ele("Nm").txt(toSepaText(t.creditorName, 70));
    tx.ele("CdtrAcct").ele("Id").ele("IBAN").txt(t.creditorIban);
    const remittance = toSepaText(t.remittance, 140);
    if (remittance) tx.ele("RmtInf").ele("Ustrd").txt(remittance);
  }
  return doc.end({ prettyPrint: true });
}
