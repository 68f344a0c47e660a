import { create } from "xmlbuilder2";
import { XMLBuilder } from "xmlbuilder2/lib/interfaces";
import { PaymentMessage } from "../../src/payments/payment-blocks";

export type Pain002Version = "pain.002.001.10" | "pain.002.001.03";

export interface ReasonSpec {
  code?: string;
  proprietary?: string;
  info?: string;
}

export interface TxSpec {
  endToEndId: string;
  instructionId?: string;
  status?: string;
  reasons?: ReasonSpec[];
}

export interface BlockSpec {
  paymentInfoId: string;
  status?: string;
  reasons?: ReasonSpec[];
  transactions?: TxSpec[];
}

export interface ReportSpec {
  version: Pain002Version;
  messageId: string;
  originalMessageId: string;
  groupStatus?: string;
  groupReasons?: ReasonSpec[];
  blocks?: BlockSpec[];
  /** Write elements with an "ns:" prefix, as some banks do. */
  prefixed?: boolean;
}

/**
 * A bank's pain.002 status report built as ISO 20022 lays it out, so tests import reports
 * generated from the payment file they answer rather than pasted blobs.
 */
export function statusReportXml(spec: ReportSpec): string {
  const ns = `urn:iso:std:iso:20022:tech:xsd:${spec.version}`;
  const p = spec.prefixed ? "ns:" : "";
  const doc = create({ version: "1.0", encoding: "UTF-8" });
  const root = spec.prefixed ? doc.ele(ns, "ns:Document") : doc.ele(ns, "Document");
  const ele = (parent: XMLBuilder, name: string): XMLBuilder => parent.ele(ns, `${p}${name}`);
  const reasons = (parent: XMLBuilder, list: ReasonSpec[] = []): void => {
    for (const r of list) {
      const info = ele(parent, "StsRsnInf");
      const rsn = ele(info, "Rsn");
      if (r.code) ele(rsn, "Cd").txt(r.code);
      else ele(rsn, "Prtry").txt(r.proprietary ?? "X");
      if (r.info) ele(info, "AddtlInf").txt(r.info);
    }
  };
  const report = ele(root, "CstmrPmtStsRpt");
  const header = ele(report, "GrpHdr");
  ele(header, "MsgId").txt(spec.messageId);
  ele(header, "CreDtTm").txt("2026-12-02T08:00:00");
  const group = ele(report, "OrgnlGrpInfAndSts");
  ele(group, "OrgnlMsgId").txt(spec.originalMessageId);
  ele(group, "OrgnlMsgNmId").txt(spec.version === "pain.002.001.10" ? "pain.001.001.09" : "pain.001.001.03");
  if (spec.groupStatus) ele(group, "GrpSts").txt(spec.groupStatus);
  reasons(group, spec.groupReasons);
  for (const b of spec.blocks ?? []) {
    const block = ele(report, "OrgnlPmtInfAndSts");
    ele(block, "OrgnlPmtInfId").txt(b.paymentInfoId);
    if (b.status) ele(block, "PmtInfSts").txt(b.status);
    reasons(block, b.reasons);
    for (const t of b.transactions ?? []) {
      const tx = ele(block, "TxInfAndSts");
      if (t.instructionId) ele(tx, "OrgnlInstrId").txt(t.instructionId);
      ele(tx, "OrgnlEndToEndId").txt(t.endToEndId);
      if (t.status) ele(tx, "TxSts").txt(t.status);
      reasons(tx, t.reasons);
    }
  }
  return doc.end({ prettyPrint: true });
}

/** Every block of a payment message, with its transfers, for reports that list them. */
export function blocksOf(message: PaymentMessage, status?: (endToEndId: string) => Omit<TxSpec, "endToEndId"> | undefined): BlockSpec[] {
  return message.blocks.map((b) => ({
    paymentInfoId: b.paymentInfoId,
    transactions: status ? b.transfers.flatMap((t) => {
      const s = status(t.endToEndId);
      return s ? [{ endToEndId: t.endToEndId, instructionId: t.paymentId, ...s }] : [];
    }) : [],
  }));
}
