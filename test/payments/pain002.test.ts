import { parsePain002, StatusReportError } from "../../src/payments/pain002";
import { reasonWords, statusOutcome } from "../../src/payments/status-reasons";
import { SentTransfer, matchReport } from "../../src/payments/transfer-status";
import { MESSAGE_ID, message, transfer } from "./payment-fixtures";
import { Pain002Version, blocksOf, statusReportXml } from "./status-report-fixture";

const VERSIONS: Pain002Version[] = ["pain.002.001.10", "pain.002.001.03"];

// The file the bank answers: two EUR transfers, one instant, one in USD: three blocks.
const sent = message([transfer(1, "sepa-structured", 1000), transfer(2, "sepa-hybrid", 2000), transfer(3, "instant", 300), transfer(4, "usd-account-number", 5000)]);
const sentTransfers: SentTransfer[] = sent.blocks.flatMap((b) => b.transfers.map((t) => ({ paymentId: t.paymentId, invoice: t.endToEndId, messageId: sent.messageId, paymentInfoId: b.paymentInfoId })));
const outcomes = (xml: string) => matchReport(parsePain002(xml), sentTransfers).statuses.map((s) => [s.transfer.invoice, s.outcome, s.level, s.status]);

describe.each(VERSIONS)("reading a %s status report", (version) => {
  it("reads the header, the original message and each block and transaction with its reasons", () => {
    const xml = statusReportXml({
      version, messageId: "BANK-0001", originalMessageId: MESSAGE_ID, groupStatus: "PART",
      blocks: blocksOf(sent, (id) => (id === "RB-000002" ? { status: "RJCT", reasons: [{ code: "AC04", info: "Rekening opgeheven" }] } : undefined)),
    });
    const report = parsePain002(xml);
    expect(report).toMatchObject({ version, messageId: "BANK-0001", originalMessageId: MESSAGE_ID, groupStatus: "PART" });
    expect(report.blocks.map((b) => b.originalPaymentInfoId)).toEqual(sent.blocks.map((b) => b.paymentInfoId));
    expect(report.blocks[0].transactions).toEqual([
      { originalInstructionId: `${MESSAGE_ID}-00002`, originalEndToEndId: "RB-000002", status: "RJCT", reasons: [{ code: "AC04", proprietary: null, additional: ["Rekening opgeheven"] }] },
    ]);
  });

  it("reads a report whose elements carry a namespace prefix", () => {
    const xml = statusReportXml({ version, messageId: "BANK-0002", originalMessageId: MESSAGE_ID, groupStatus: "ACCP", prefixed: true });
    expect(xml).toContain("<ns:CstmrPmtStsRpt>");
    expect(parsePain002(xml)).toMatchObject({ messageId: "BANK-0002", groupStatus: "ACCP", blocks: [] });
  });

  it("all accepted: every transfer of the file is paid", () => {
    expect(outcomes(statusReportXml({ version, messageId: "B1", originalMessageId: MESSAGE_ID, groupStatus: "ACCP" }))).toEqual([
      ["RB-000001", "paid", "group", "ACCP"], ["RB-000002", "paid", "group", "ACCP"], ["RB-000003", "paid", "group", "ACCP"], ["RB-000004", "paid", "group", "ACCP"],
    ]);
  });

  it("the whole file rejected at group level: every transfer is rejected with the group's reason", () => {
    const match = matchReport(parsePain002(statusReportXml({ version, messageId: "B2", originalMessageId: MESSAGE_ID, groupStatus: "RJCT", groupReasons: [{ code: "AM10" }] })), sentTransfers);
    expect(match.statuses.map((s) => [s.transfer.invoice, s.outcome, s.level])).toEqual([
      ["RB-000001", "rejected", "group"], ["RB-000002", "rejected", "group"], ["RB-000003", "rejected", "group"], ["RB-000004", "rejected", "group"],
    ]);
    expect(match.statuses[0].words).toBe("rejected: AM10 (the control sum does not match the amounts)");
  });

  it("one block rejected: its transfers are rejected, the others accepted", () => {
    const usd = sent.blocks.find((b) => b.currency === "USD")?.paymentInfoId ?? "";
    const xml = statusReportXml({
      version, messageId: "B3", originalMessageId: MESSAGE_ID, groupStatus: "PART",
      blocks: sent.blocks.map((b) => ({ paymentInfoId: b.paymentInfoId, status: b.paymentInfoId === usd ? "RJCT" : "ACSC", reasons: b.paymentInfoId === usd ? [{ code: "AM03" }] : [] })),
    });
    expect(outcomes(xml)).toEqual([
      ["RB-000001", "paid", "block", "ACSC"], ["RB-000002", "paid", "block", "ACSC"], ["RB-000003", "paid", "block", "ACSC"], ["RB-000004", "rejected", "block", "RJCT"],
    ]);
  });

  it("single transactions rejected with Verification of Payee codes; a partly accepted file says nothing of the others", () => {
    const xml = statusReportXml({
      version, messageId: "B4", originalMessageId: MESSAGE_ID, groupStatus: "PART",
      blocks: blocksOf(sent, (id) => ({ "RB-000001": { status: "RJCT", reasons: [{ code: "PN01" }] }, "RB-000003": { status: "RJCT", reasons: [{ proprietary: "NMTC", info: "Naam wijkt af" }] }, "RB-000002": { status: "ACCP" } } as Record<string, { status: string }>)[id]),
    });
    const match = matchReport(parsePain002(xml), sentTransfers);
    expect(match.statuses.map((s) => [s.transfer.invoice, s.outcome, s.words])).toEqual([
      ["RB-000001", "rejected", "rejected: PN01 (Verification of Payee: the account holder's name and the account do not match)"],
      ["RB-000002", "paid", "accepted after the customer profile check"],
      ["RB-000003", "rejected", "rejected: NMTC: Naam wijkt af"],
    ]);
  });

  it("names transactions the original message does not have, and matches by end-to-end id when the instruction id is missing", () => {
    const xml = statusReportXml({
      version, messageId: "B5", originalMessageId: MESSAGE_ID,
      blocks: [{ paymentInfoId: sent.blocks[0].paymentInfoId, transactions: [{ endToEndId: "RB-000002", status: "RJCT", reasons: [{ code: "AC01" }] }, { endToEndId: "RB-999999", status: "RJCT" }] }],
    });
    const match = matchReport(parsePain002(xml), sentTransfers);
    expect(match.statuses.map((s) => [s.transfer.invoice, s.outcome])).toEqual([["RB-000002", "rejected"]]);
    expect(match.unmatched).toEqual(["RB-999999"]);
  });
});

describe("what a status report is not", () => {
  it("refuses a payment file, a DTD, broken XML and a report without its ids, saying what was found", () => {
    expect(() => parsePain002('<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn/></Document>')).toThrow(/not an ISO 20022 pain.002 status report \(found Document in urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\)/);
    expect(() => parsePain002('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>')).toThrow(StatusReportError);
    expect(() => parsePain002("<Document><CstmrPmtStsRpt>")).toThrow(/not well-formed XML/);
    const noOriginal = statusReportXml({ version: "pain.002.001.10", messageId: "B6", originalMessageId: "X" }).replace(/<OrgnlMsgId>X<\/OrgnlMsgId>/, "");
    expect(() => parsePain002(noOriginal)).toThrow("the status report has no OrgnlGrpInfAndSts/OrgnlMsgId");
  });
});

describe("status and reason codes in words", () => {
  it("sorts ISO 20022 statuses into paid, rejected and still pending", () => {
    expect(["ACCP", "ACSC", "ACWC", "ACSP", "ACCC"].map(statusOutcome)).toEqual(["paid", "paid", "paid", "paid", "paid"]);
    expect(["RJCT", "CANC"].map(statusOutcome)).toEqual(["rejected", "rejected"]);
    expect(["RCVD", "ACTC", "PDNG", "RVCM"].map(statusOutcome)).toEqual(["pending", "pending", "pending", "pending"]);
    expect(statusOutcome("ZZZZ")).toBeNull();
  });
  it("explains reason codes, the VoP ones included, and gives unknown codes as they are", () => {
    expect(reasonWords("ac04")).toBe("AC04 (the account is closed)");
    expect(reasonWords("PN02")).toBe("PN02 (Verification of Payee: the account holder's name is a close match only)");
    expect(reasonWords("XY99")).toBe("XY99");
  });
});
