import { XMLParser, XMLValidator } from "fast-xml-parser";

/**
 * Reads an ISO 20022 customer payment status report (pain.002), the bank's answer to a pain.001:
 * pain.002.001.10 (the EPC's 2019 version, in force since March 2024) and pain.002.001.03. Both
 * have the same shape where it matters (ISO 20022 message definition CustomerPaymentStatusReport):
 *
 *   Document/CstmrPmtStsRpt
 *     GrpHdr/MsgId, CreDtTm
 *     OrgnlGrpInfAndSts: OrgnlMsgId, OrgnlMsgNmId, GrpSts?, StsRsnInf*
 *     OrgnlPmtInfAndSts*: OrgnlPmtInfId, PmtInfSts?, StsRsnInf*,
 *       TxInfAndSts*: OrgnlInstrId?, OrgnlEndToEndId?, TxSts?, StsRsnInf*
 *   StsRsnInf: Rsn/Cd | Rsn/Prtry, AddtlInf*
 *
 * Elements are matched by local name, so a namespace prefix makes no difference. Parsing is
 * fast-xml-parser's (well-formedness checked first), the same in Node and in the task pane.
 */

export interface StatusReason {
  /** ExternalStatusReason1Code (or a VoP code); null when only a proprietary reason is given. */
  code: string | null;
  proprietary: string | null;
  /** AddtlInf: the bank's own explanation. */
  additional: string[];
}

export interface TransactionStatusReport {
  originalInstructionId: string | null;
  originalEndToEndId: string | null;
  status: string | null;
  reasons: StatusReason[];
}

export interface BlockStatusReport {
  originalPaymentInfoId: string;
  status: string | null;
  reasons: StatusReason[];
  transactions: TransactionStatusReport[];
}

export interface StatusReport {
  /** "pain.002.001.10", "pain.002.001.03", ... from the namespace. */
  version: string;
  messageId: string;
  createdAt: string | null;
  originalMessageId: string;
  /** OrgnlMsgNmId: the message reported on, such as pain.001.001.09. */
  originalMessageName: string | null;
  groupStatus: string | null;
  groupReasons: StatusReason[];
  blocks: BlockStatusReport[];
}

export class StatusReportError extends Error {}

/** An element as fast-xml-parser gives it: text, or children by local name. */
type XmlValue = string | XmlElement | XmlValue[];
interface XmlElement {
  [name: string]: XmlValue | undefined;
}

const REPEATED = new Set(["OrgnlPmtInfAndSts", "TxInfAndSts", "StsRsnInf", "AddtlInf"]);
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => REPEATED.has(name),
});

const NAMESPACE = /^urn:iso:std:iso:20022:tech:xsd:(pain\.002\.001\.\d{2})$/;

function asElement(value: XmlValue | undefined): XmlElement | undefined {
  if (value === undefined || typeof value === "string") return undefined;
  return Array.isArray(value) ? asElement(value[0]) : value;
}

function list(node: XmlElement | undefined, name: string): XmlElement[] {
  const value = node?.[name];
  if (value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  // An empty element arrives as "": it is still one element, without children.
  return items.map((v) => (typeof v === "string" ? {} : asElement(v) ?? {}));
}

function text(node: XmlElement | undefined, ...path: string[]): string | null {
  let at: XmlValue | undefined = node;
  for (const name of path) {
    const element = asElement(at);
    at = element?.[name];
    if (Array.isArray(at)) at = at[0];
  }
  if (typeof at !== "string") return null;
  return at.trim() || null;
}

/** `path` below `node`; `parent` names where node is, for the message. */
function required(node: XmlElement | undefined, path: string[], parent?: string): string {
  const value = text(node, ...path);
  if (value === null) throw new StatusReportError(`the status report has no ${[...(parent ? [parent] : []), ...path].join("/")}`);
  return value;
}

function reasons(node: XmlElement): StatusReason[] {
  return list(node, "StsRsnInf").map((r) => ({
    code: text(r, "Rsn", "Cd")?.toUpperCase() ?? null,
    proprietary: text(r, "Rsn", "Prtry"),
    additional: (Array.isArray(r.AddtlInf) ? r.AddtlInf : []).filter((a): a is string => typeof a === "string" && a.trim() !== ""),
  }));
}

const upper = (value: string | null): string | null => (value ? value.toUpperCase() : null);

/** The root element's name and namespace, read from its start tag (the parser drops xmlns). */
function rootOf(xml: string): { name: string; namespace: string | null } {
  const start = /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)(\s[^>]*)?>/.exec(xml.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, ""));
  if (!start) return { name: "", namespace: null };
  const prefix = start[1] ? `:${start[1].slice(0, -1)}` : "";
  const ns = new RegExp(`\\sxmlns${prefix.replace(/[.]/g, "\\.")}\\s*=\\s*["']([^"']*)["']`).exec(start[3] ?? "");
  return { name: start[2], namespace: ns ? ns[1] : null };
}

/** Parses a pain.002 file; anything that is not one is refused with what was found instead. */
export function parsePain002(xml: string): StatusReport {
  // A bank's report never has a DTD; refusing one rules out entity expansion tricks.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new StatusReportError("the file has a document type declaration; a pain.002 status report has none");
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new StatusReportError(`the file is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const root = rootOf(xml);
  const version = NAMESPACE.exec(root.namespace ?? "")?.[1];
  const document = asElement((parser.parse(xml) as XmlElement).Document);
  const report = asElement(document?.CstmrPmtStsRpt);
  if (root.name !== "Document" || !version || !report) {
    const found = root.namespace ? `${root.name} in ${root.namespace}` : root.name || "no element";
    throw new StatusReportError(`this is not an ISO 20022 pain.002 status report (found ${found}); the bank's answer to a payment file is a pain.002.001.10 or .03 file`);
  }
  const group = asElement(report.OrgnlGrpInfAndSts);
  return {
    version,
    messageId: required(report, ["GrpHdr", "MsgId"]),
    createdAt: text(report, "GrpHdr", "CreDtTm"),
    originalMessageId: required(report, ["OrgnlGrpInfAndSts", "OrgnlMsgId"]),
    originalMessageName: text(group, "OrgnlMsgNmId"),
    groupStatus: upper(text(group, "GrpSts")),
    groupReasons: group ? reasons(group) : [],
    blocks: list(report, "OrgnlPmtInfAndSts").map((b) => ({
      originalPaymentInfoId: required(b, ["OrgnlPmtInfId"], "OrgnlPmtInfAndSts"),
      status: upper(text(b, "PmtInfSts")),
      reasons: reasons(b),
      transactions: list(b, "TxInfAndSts").map((t) => ({
        originalInstructionId: text(t, "OrgnlInstrId"),
        originalEndToEndId: text(t, "OrgnlEndToEndId"),
        status: upper(text(t, "TxSts")),
        reasons: reasons(t),
      })),
    })),
  };
}
