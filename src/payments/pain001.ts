import { XMLBuilder } from "xmlbuilder2/lib/interfaces";
import { create } from "xmlbuilder2";
import { minorUnits } from "../core/currency";
import { Money, formatMoney } from "../core/money";
import { bicCountry, isEeaCountry } from "./countries";
import { isValidLei } from "./lei";
import { ControlTotals, CreditTransfer, Party, PaymentBlock, PaymentMessage, controlTotals, messageTransfers } from "./payment-blocks";
import { chargeBearer, isSepaType, SEPA_CURRENCY } from "./payment-type";
import { isSepaIban } from "./iban";
import { PostalAddress } from "./postal-address";
import { isSepaIdentifier, toSepaText } from "./sepa-text";

/**
 * pain.001.001.09 is the message of the EPC SCT implementation guidelines since 17 March 2024
 * (ISO 20022 2019 version); pain.001.001.03 (2009) stays for banks that still take it.
 */
export type PainFormat = "pain.001.001.09" | "pain.001.001.03";
export const PAIN_FORMATS: readonly PainFormat[] = ["pain.001.001.09", "pain.001.001.03"];
export const DEFAULT_PAIN_FORMAT: PainFormat = "pain.001.001.09";

export const painNamespace = (format: PainFormat): string => `urn:iso:std:iso:20022:tech:xsd:${format}`;

/** The EPC caps one SEPA credit transfer at 999,999,999.99 EUR (SCT rulebook, AT-T004 amount). */
export const SEPA_MAXIMUM = new Money("999999999.99");
/** ActiveOrHistoricCurrencyAndAmount: at most 18 digits. */
const MAX_DIGITS = 18;

/** A transfer the bank would reject: the builder refuses the whole file rather than write it. */
export class PaymentFileError extends Error {}

/** Why the payee's bank needs the debtor's address: it is outside the EEA. */
export function payeeBankCountry(t: Pick<CreditTransfer, "bic" | "iban">): string | null {
  return t.bic ? bicCountry(t.bic) : t.iban ? t.iban.slice(0, 2) : null;
}

export function needsDebtorAddress(t: Pick<CreditTransfer, "bic" | "iban">): boolean {
  const country = payeeBankCountry(t);
  return country === null || !isEeaCountry(country);
}

/** What a transfer of its type must carry; the workbook layer checks the same before, by cell. */
export function transferProblem(t: CreditTransfer): string | null {
  const amount = t.amount;
  if (amount.lessThanOrEqualTo(0)) return `${amount.toFixed()} ${t.currency} is not a positive amount`;
  if (amount.decimalPlaces() > minorUnits(t.currency)) return `${amount.toFixed()} has more decimals than ${t.currency} has (${minorUnits(t.currency)}, ISO 4217)`;
  if (amount.toFixed(minorUnits(t.currency)).replace(/\D/g, "").length > MAX_DIGITS) return `${amount.toFixed()} has more than ${MAX_DIGITS} digits`;
  if (!isSepaIdentifier(t.endToEndId) || !isSepaIdentifier(t.paymentId)) return "its references are not SEPA identifiers";
  if (!toSepaText(t.creditor.name, 70)) return "the creditor has no name in the SEPA character set";
  if (t.creditor.lei && !isValidLei(t.creditor.lei)) return `"${t.creditor.lei}" is not a valid LEI (ISO 17442)`;
  if (!t.iban && !t.accountNumber) return "the creditor has no account (IBAN or account number)";
  if (isSepaType(t.type)) {
    if (t.currency !== SEPA_CURRENCY) return `a SEPA transfer is in EUR, not ${t.currency}`;
    if (!t.iban || !isSepaIban(t.iban)) return "a SEPA transfer goes to an IBAN in a SEPA country";
    if (amount.greaterThan(SEPA_MAXIMUM)) return "it exceeds the SEPA maximum of 999999999.99 EUR per transfer";
    const country = payeeBankCountry(t);
    if (country && !isEeaCountry(country) && !t.bic) return "a SEPA payee outside the EEA needs its bank's BIC";
  } else {
    if (!t.bic) return "a non-SEPA transfer needs the creditor bank's BIC";
    if (!t.creditor.address) return "a non-SEPA transfer needs the creditor's postal address";
  }
  return null;
}

function check(message: PaymentMessage): void {
  if (!message.blocks.length || message.blocks.some((b) => !b.transfers.length)) throw new PaymentFileError("a pain.001 file needs at least one transfer in each payment block");
  if (!toSepaText(message.debtor.name, 70)) throw new PaymentFileError("the debtor has no name in the SEPA character set");
  const ids = [message.messageId, ...message.blocks.map((b) => b.paymentInfoId)];
  for (const id of ids) if (!isSepaIdentifier(id)) throw new PaymentFileError(`"${id}" cannot be a message or payment information id`);
  if (new Set(ids).size !== ids.length) throw new PaymentFileError("payment information ids must differ from each other and from the message id");
  const seen = new Set<string>();
  for (const block of message.blocks) {
    for (const t of block.transfers) {
      const where = `transfer ${t.endToEndId}`;
      if (t.currency !== block.currency || t.type !== block.type || t.executionDate !== block.executionDate) throw new PaymentFileError(`${where} is not of its block's currency, type and date`);
      if (seen.has(t.endToEndId.toUpperCase())) throw new PaymentFileError(`${where} appears twice`);
      seen.add(t.endToEndId.toUpperCase());
      const problem = transferProblem(t);
      if (problem) throw new PaymentFileError(`${where}: ${problem}`);
      if (needsDebtorAddress(t) && !message.debtor.address) throw new PaymentFileError(`${where}: the payee's bank is outside the EEA, which requires the debtor's address`);
    }
  }
}

function addAddress(parent: XMLBuilder, address: PostalAddress | null): void {
  if (!address) return;
  const a = parent.ele("PstlAdr");
  if (address.kind === "structured") {
    if (address.street) a.ele("StrtNm").txt(address.street);
    if (address.buildingNumber) a.ele("BldgNb").txt(address.buildingNumber);
  }
  if (address.postalCode) a.ele("PstCd").txt(address.postalCode);
  a.ele("TwnNm").txt(address.town);
  a.ele("Ctry").txt(address.country);
  if (address.kind === "hybrid") for (const line of address.lines.slice(0, 2)) a.ele("AdrLine").txt(line);
}

/** Nm, PstlAdr and the organisation id (LEI), in the schema's order. */
function addParty(parent: XMLBuilder, party: Party, format: PainFormat): void {
  parent.ele("Nm").txt(toSepaText(party.name, 70));
  addAddress(parent, party.address);
  if (!party.lei) return;
  const org = parent.ele("Id").ele("OrgId");
  // .03's OrganisationIdentification4 has no LEI element: the generic id with scheme "LEI".
  if (format === "pain.001.001.09") org.ele("LEI").txt(party.lei);
  else org.ele("Othr").ele("Id").txt(party.lei).up().ele("SchmeNm").ele("Prtry").txt("LEI");
}

const bicElement = (format: PainFormat): string => (format === "pain.001.001.09" ? "BICFI" : "BIC");

function addTotals(parent: XMLBuilder, totals: ControlTotals): void {
  parent.ele("NbOfTxs").txt(String(totals.count));
  parent.ele("CtrlSum").txt(totals.sum);
}

function addBlock(root: XMLBuilder, block: PaymentBlock, message: PaymentMessage, format: PainFormat): void {
  const info = root.ele("PmtInf");
  info.ele("PmtInfId").txt(block.paymentInfoId);
  info.ele("PmtMtd").txt("TRF");
  addTotals(info, controlTotals(block.transfers));
  if (isSepaType(block.type)) {
    const type = info.ele("PmtTpInf");
    type.ele("SvcLvl").ele("Cd").txt("SEPA");
    if (block.type === "sepa-instant") type.ele("LclInstrm").ele("Cd").txt("INST");
  }
  const date = info.ele("ReqdExctnDt");
  if (format === "pain.001.001.09") date.ele("Dt").txt(block.executionDate);
  else date.txt(block.executionDate);
  addParty(info.ele("Dbtr"), message.debtor, format);
  info.ele("DbtrAcct").ele("Id").ele("IBAN").txt(message.debtor.iban);
  const agent = info.ele("DbtrAgt").ele("FinInstnId");
  if (message.debtor.bic) agent.ele(bicElement(format)).txt(message.debtor.bic);
  else agent.ele("Othr").ele("Id").txt("NOTPROVIDED");
  info.ele("ChrgBr").txt(chargeBearer(block.type));
  for (const t of block.transfers) addTransfer(info, t, format);
}

function addTransfer(info: XMLBuilder, t: CreditTransfer, format: PainFormat): void {
  const tx = info.ele("CdtTrfTxInf");
  const id = tx.ele("PmtId");
  id.ele("InstrId").txt(t.paymentId);
  id.ele("EndToEndId").txt(t.endToEndId);
  tx.ele("Amt").ele("InstdAmt", { Ccy: t.currency }).txt(formatMoney(t.amount, t.currency));
  if (t.bic) tx.ele("CdtrAgt").ele("FinInstnId").ele(bicElement(format)).txt(t.bic);
  addParty(tx.ele("Cdtr"), t.creditor, format);
  const account = tx.ele("CdtrAcct").ele("Id");
  if (t.iban) account.ele("IBAN").txt(t.iban);
  else account.ele("Othr").ele("Id").txt(t.accountNumber ?? "");
  const remittance = toSepaText(t.remittance, 140);
  if (remittance) tx.ele("RmtInf").ele("Ustrd").txt(remittance);
}

/**
 * An ISO 20022 customer credit transfer initiation (pain.001.001.09 or .03): a group header
 * with the message's totals and a PmtInf per block, each with its own totals. Text is escaped by
 * xmlbuilder2 and reduced to the SEPA character set; amounts carry their currency's decimals.
 */
export function buildPain001(message: PaymentMessage, format: PainFormat = DEFAULT_PAIN_FORMAT): string {
  check(message);
  const doc = create({ version: "1.0", encoding: "UTF-8" }).ele(painNamespace(format), "Document");
  const root = doc.ele("CstmrCdtTrfInitn");
  const header = root.ele("GrpHdr");
  header.ele("MsgId").txt(message.messageId);
  header.ele("CreDtTm").txt(message.createdAt);
  addTotals(header, controlTotals(messageTransfers(message)));
  header.ele("InitgPty").ele("Nm").txt(toSepaText(message.debtor.name, 70));
  for (const block of message.blocks) addBlock(root, block, message, format);
  return doc.end({ prettyPrint: true });
}
