import Decimal from "decimal.js";
import { XMLParser } from "fast-xml-parser";
import { Money } from "../../src/core/money";
import { CreditTransfer, Pain001Message, buildPain001 } from "../../src/payments/pain001";
import { validatePain001 } from "./validate-pain001";

const debtor = { name: "Reimburse Demo SARL", iban: "FR7630004000031234567890143", bic: "BNPAFRPPXXX" };

const transfer = (n: number, amount: string, name = `Customer ${n}`): CreditTransfer => ({
  paymentId: `RBP-20261124-093000-ABCDEF-${String(n).padStart(5, "0")}`,
  endToEndId: `RB-${String(n).padStart(6, "0")}`,
  amount: new Money(amount),
  creditorName: name,
  creditorIban: "DE89370400440532013000",
  remittance: `RB-${String(n).padStart(6, "0")} Reimbursement of credit balance`,
});

const message = (transfers: CreditTransfer[]): Pain001Message => ({
  messageId: "RBP-20261124-093000-ABCDEF",
  paymentInfoId: "RBP-20261124-093000-ABCDEF-1",
  createdAt: "2026-11-24T09:30:00",
  executionDate: "2026-11-25",
  debtor,
  transfers,
});

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => name === "CdtTrfTxInf" });

interface Parsed {
  GrpHdr: { NbOfTxs: string; CtrlSum: string; MsgId: string };
  PmtInf: { NbOfTxs: string; CtrlSum: string; CdtTrfTxInf: { PmtId: { EndToEndId: string }; Amt: { InstdAmt: { "#text": string; "@_Ccy": string } }; Cdtr: { Nm: string } }[] };
}
const parsed = (xml: string): Parsed => (parser.parse(xml) as { Document: { CstmrCdtTrfInitn: Parsed } }).Document.CstmrCdtTrfInitn;

describe("the pain.001.001.03 SEPA credit transfer file", () => {
  it("is valid against the ISO 20022 schema", async () => {
    const xml = buildPain001(message([transfer(1, "120.5"), transfer(2, "30")]));
    expect(await validatePain001(xml)).toEqual([]);
  });

  it("states each amount with exactly two decimals and the totals at group and payment level", () => {
    const file = parsed(buildPain001(message([transfer(1, "120.5"), transfer(2, "30"), transfer(3, "0.01")])));
    expect(file.PmtInf.CdtTrfTxInf.map((t) => [t.PmtId.EndToEndId, t.Amt.InstdAmt["#text"], t.Amt.InstdAmt["@_Ccy"]])).toEqual([
      ["RB-000001", "120.50", "EUR"], ["RB-000002", "30.00", "EUR"], ["RB-000003", "0.01", "EUR"],
    ]);
    expect([file.GrpHdr.NbOfTxs, file.GrpHdr.CtrlSum, file.PmtInf.NbOfTxs, file.PmtInf.CtrlSum]).toEqual(["3", "150.51", "3", "150.51"]);
  });

  it("carries 10,000 transfers with counts and control sums that match them, and stays valid", async () => {
    const amounts = Array.from({ length: 10_000 }, (_, i) => ((i * 7919) % 100_000 + 1) / 100);
    const xml = buildPain001(message(amounts.map((a, i) => transfer(i + 1, a.toFixed(2)))));
    expect(await validatePain001(xml)).toEqual([]);
    const file = parsed(xml);
    // Summed in whole cents, independently of the builder's decimal arithmetic.
    const cents = file.PmtInf.CdtTrfTxInf.reduce((s, t) => s + BigInt(t.Amt.InstdAmt["#text"].replace(".", "")), 0n);
    const expected = amounts.reduce((s, a) => s.plus(a), new Decimal(0)).toFixed(2);
    expect(file.PmtInf.CdtTrfTxInf).toHaveLength(10_000);
    expect([file.GrpHdr.NbOfTxs, file.PmtInf.NbOfTxs]).toEqual(["10000", "10000"]);
    expect(file.GrpHdr.CtrlSum).toBe(expected);
    expect(file.PmtInf.CtrlSum).toBe(expected);
    expect(BigInt(expected.replace(".", ""))).toBe(cents);
  }, 60_000);

  it("writes names in the SEPA character set, at most 70 characters, whatever the customer is called", async () => {
    const names = ['<Dupont & "Fils"> SARL', "Ørsted Müller Søn Łódź ß", "Zoë 王小明 Ltd", "=HYPERLINK(\"http://x\",\"y\")", "A".repeat(100)];
    const xml = buildPain001(message(names.map((n, i) => transfer(i + 1, "10", n))));
    expect(await validatePain001(xml)).toEqual([]);
    const written = parsed(xml).PmtInf.CdtTrfTxInf.map((t) => t.Cdtr.Nm);
    expect(written).toEqual(["Dupont + 'Fils' SARL", "Orsted Muller Son Lodz ss", "Zoe Ltd", "HYPERLINK('http://x','y')", "A".repeat(70)]);
    for (const name of written) expect(name).toMatch(/^[A-Za-z0-9/\-?:().,'+ ]{1,70}$/);
  });

  it("refuses to build a file a bank would reject", () => {
    expect(() => buildPain001(message([]))).toThrow(/at least one transfer/);
    expect(() => buildPain001(message([transfer(1, "0")]))).toThrow(/not a positive euro amount/);
    expect(() => buildPain001(message([transfer(1, "1.005")]))).toThrow(/at most 2 decimals/);
    expect(() => buildPain001(message([transfer(1, "1", "王小明")]))).toThrow(/no name in the SEPA character set/);
  });
});
