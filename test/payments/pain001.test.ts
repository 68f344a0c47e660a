import { XMLParser } from "fast-xml-parser";
import { minorUnits } from "../../src/core/currency";
import { Money } from "../../src/core/money";
import { PainFormat, buildPain001 } from "../../src/payments/pain001";
import { CreditTransfer } from "../../src/payments/payment-blocks";
import { PAYEE_KINDS, PayeeKind, debtor, message, transfer } from "./payment-fixtures";
import { validatePain001 } from "./validate-pain001";

const FORMATS: PainFormat[] = ["pain.001.001.09", "pain.001.001.03"];

const ARRAYS = new Set(["PmtInf", "CdtTrfTxInf", "AdrLine"]);
const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (name) => ARRAYS.has(name) });

type Node = Record<string, unknown>;
interface Tx extends Node {
  PmtId: { InstrId: string; EndToEndId: string };
  Amt: { InstdAmt: { "#text": string; "@_Ccy": string } };
  Cdtr: { Nm: string; PstlAdr?: Node; Id?: { OrgId: Node } };
  CdtrAcct: { Id: { IBAN?: string; Othr?: { Id: string } } };
  CdtrAgt?: { FinInstnId: Node };
}
interface Block extends Node {
  PmtInfId: string;
  NbOfTxs: string;
  CtrlSum: string;
  PmtTpInf?: { SvcLvl: { Cd: string }; LclInstrm?: { Cd: string } };
  ReqdExctnDt: string | { Dt: string };
  Dbtr: { Nm: string; PstlAdr?: Node };
  DbtrAgt: { FinInstnId: Node };
  ChrgBr: string;
  CdtTrfTxInf: Tx[];
}
interface Parsed {
  GrpHdr: { NbOfTxs: string; CtrlSum: string; MsgId: string };
  PmtInf: Block[];
}
const parsed = (xml: string): Parsed => (parser.parse(xml) as { Document: { CstmrCdtTrfInitn: Parsed } }).Document.CstmrCdtTrfInitn;

/** One transfer to each kind of payee, 0.01 to 9.99 in their currency's minor units. */
const everyKind = (): CreditTransfer[] => PAYEE_KINDS.map((kind, i) => transfer(i + 1, kind, 1234 + i));

describe.each(FORMATS)("the %s credit transfer file", (format) => {
  it("is valid against the ISO 20022 schema with every kind of payee: SEPA, instant, non-EEA, USD, GBP, JPY, BHD", async () => {
    const xml = buildPain001(message(everyKind()), format);
    expect(await validatePain001(xml, format)).toEqual([]);
  });

  it("puts each currency and payment type in its own block, with the scheme's service level and charges", () => {
    const file = parsed(buildPain001(message(everyKind()), format));
    const summary = file.PmtInf.map((b) => [b.PmtInfId, b.PmtTpInf?.SvcLvl.Cd ?? null, b.PmtTpInf?.LclInstrm?.Cd ?? null, b.ChrgBr, b.CdtTrfTxInf[0].Amt.InstdAmt["@_Ccy"], b.NbOfTxs]);
    expect(summary).toEqual([
      ["RBP-20261201-093000-ABCDEF-1", "SEPA", null, "SLEV", "EUR", "4"],
      ["RBP-20261201-093000-ABCDEF-2", "SEPA", "INST", "SLEV", "EUR", "1"],
      ["RBP-20261201-093000-ABCDEF-3", null, null, "SHAR", "BHD", "1"],
      ["RBP-20261201-093000-ABCDEF-4", null, null, "SHAR", "GBP", "1"],
      ["RBP-20261201-093000-ABCDEF-5", null, null, "SHAR", "JPY", "1"],
      ["RBP-20261201-093000-ABCDEF-6", null, null, "SHAR", "USD", "1"],
    ]);
  });

  it("writes each amount with its currency's ISO 4217 decimals", () => {
    const file = parsed(buildPain001(message(everyKind()), format));
    const amounts = Object.fromEntries(file.PmtInf.flatMap((b) => b.CdtTrfTxInf).map((t) => [t.Amt.InstdAmt["@_Ccy"] + t.PmtId.EndToEndId, t.Amt.InstdAmt["#text"]]));
    expect(amounts).toEqual(expect.objectContaining({ "EURRB-000001": "12.34", "JPYRB-000008": "1241", "BHDRB-000009": "1.242", "USDRB-000006": "12.39" }));
  });

  it("names the creditor's bank by BIC where the payment needs it, and pays by IBAN or by account number", () => {
    const file = parsed(buildPain001(message(everyKind()), format));
    const bic = format === "pain.001.001.09" ? "BICFI" : "BIC";
    const byId = new Map(file.PmtInf.flatMap((b) => b.CdtTrfTxInf).map((t) => [t.PmtId.EndToEndId, t]));
    expect(byId.get("RB-000001")?.CdtrAgt).toBeUndefined();
    expect(byId.get("RB-000004")?.CdtrAgt?.FinInstnId).toEqual({ [bic]: "UBSWCHZH80A" });
    expect(byId.get("RB-000006")?.CdtrAgt?.FinInstnId).toEqual({ [bic]: "CHASUS33XXX" });
    expect(byId.get("RB-000006")?.CdtrAcct.Id).toEqual({ Othr: { Id: "000123456789" } });
    expect(byId.get("RB-000007")?.CdtrAcct.Id.IBAN).toMatch(/^GB\d\dNWBK/);
  });

  it("sends structured and hybrid addresses with town and country, and the LEI as the creditor's organisation id", () => {
    const file = parsed(buildPain001(message(everyKind()), format));
    const byId = new Map(file.PmtInf.flatMap((b) => b.CdtTrfTxInf).map((t) => [t.PmtId.EndToEndId, t]));
    expect(byId.get("RB-000001")?.Cdtr.PstlAdr).toEqual({ StrtNm: "Hauptstrasse", BldgNb: "12a", PstCd: "10115", TwnNm: "Berlin", Ctry: "DE" });
    expect(byId.get("RB-000002")?.Cdtr.PstlAdr).toEqual({ PstCd: "75002", TwnNm: "Paris", Ctry: "FR", AdrLine: ["12 rue de la Paix", "Batiment B"] });
    expect(byId.get("RB-000003")?.Cdtr.PstlAdr).toBeUndefined();
    expect(byId.get("RB-000001")?.Cdtr.Id?.OrgId).toEqual(
      format === "pain.001.001.09" ? { LEI: "5493001KJTIIGC8Y1R12" } : { Othr: { Id: "5493001KJTIIGC8Y1R12", SchmeNm: { Prtry: "LEI" } } },
    );
    expect(file.PmtInf[0].Dbtr.PstlAdr).toEqual({ StrtNm: "Keizersgracht", BldgNb: "123", PstCd: "1015 CJ", TwnNm: "Amsterdam", Ctry: "NL" });
  });

  it("states the execution date as the version wants it and marks a debtor bank without BIC NOTPROVIDED", () => {
    const block = parsed(buildPain001(message([transfer(1, "sepa-structured", 100)]), format)).PmtInf[0];
    expect(block.ReqdExctnDt).toEqual(format === "pain.001.001.09" ? { Dt: "2026-12-02" } : "2026-12-02");
    expect(block.DbtrAgt.FinInstnId).toEqual({ Othr: { Id: "NOTPROVIDED" } });
    const withBic = parsed(buildPain001(message([transfer(1, "sepa-structured", 100)], { ...debtor(), bic: "ABNANL2AXXX" }), format)).PmtInf[0];
    expect(withBic.DbtrAgt.FinInstnId).toEqual({ [format === "pain.001.001.09" ? "BICFI" : "BIC"]: "ABNANL2AXXX" });
  });
});

describe("a 10,000-transaction file over several currencies, dates and payment types", () => {
  const kinds: PayeeKind[] = PAYEE_KINDS;
  const dates = ["2026-12-02", "2026-12-03"];
  // Minor units chosen by a fixed rule, so the expected totals are computed independently below.
  const specs = Array.from({ length: 10_000 }, (_, i) => ({ kind: kinds[i % kinds.length], minor: ((i * 7919) % 100_000) + 1, date: dates[Math.floor(i / 5000)] }));
  const transfers = specs.map((s, i) => transfer(i + 1, s.kind, s.minor, s.date));
  const msg = message(transfers);
  const built = new Map<PainFormat, string>();
  const xmlOf = (format: PainFormat): string => built.get(format) ?? built.set(format, buildPain001(msg, format)).get(format) ?? "";

  it.each(FORMATS)("is valid against the %s schema", async (format) => {
    expect(await validatePain001(xmlOf(format), format)).toEqual([]);
  }, 120_000);

  it("has exact counts and control sums per block and for the message", () => {
    const file = parsed(xmlOf("pain.001.001.09"));
    // Expected, in minor units with BigInt: per (date, currency, type) and over everything.
    const scale = (currency: string, minor: number, decimals: number): bigint => BigInt(minor) * 10n ** BigInt(decimals - minorUnits(currency));
    const expectedBlocks = new Map<string, { count: number; minor: bigint }>();
    for (let i = 0; i < specs.length; i++) {
      const t = transfers[i];
      const k = `${specs[i].date}|${t.currency}|${t.type}`;
      const entry = expectedBlocks.get(k) ?? { count: 0, minor: 0n };
      entry.count++;
      entry.minor += BigInt(specs[i].minor);
      expectedBlocks.set(k, entry);
    }
    expect(file.PmtInf).toHaveLength(expectedBlocks.size);
    expect(file.PmtInf.length).toBe(2 * 6);
    for (const block of file.PmtInf) {
      const first = block.CdtTrfTxInf[0];
      const currency = first.Amt.InstdAmt["@_Ccy"];
      const date = typeof block.ReqdExctnDt === "string" ? block.ReqdExctnDt : block.ReqdExctnDt.Dt;
      const type = block.PmtTpInf ? (block.PmtTpInf.LclInstrm ? "sepa-instant" : "sepa") : "generic";
      const expected = expectedBlocks.get(`${date}|${currency}|${type}`);
      expect(expected).toBeDefined();
      const decimals = minorUnits(currency);
      const written = block.CdtTrfTxInf.reduce((s, t) => s + BigInt(t.Amt.InstdAmt["#text"].replace(".", "")), 0n);
      expect(block.NbOfTxs).toBe(String(expected?.count));
      expect(block.CdtTrfTxInf).toHaveLength(expected?.count ?? -1);
      expect(BigInt(block.CtrlSum.replace(".", ""))).toBe(expected?.minor);
      expect(written).toBe(expected?.minor);
      expect(block.CtrlSum.split(".")[1]?.length ?? 0).toBe(decimals);
    }
    // The group header sums every amount irrespective of currency, to the finest decimals (3, BHD).
    const total = specs.reduce((s, x, i) => s + scale(transfers[i].currency, x.minor, 3), 0n);
    expect(file.GrpHdr.NbOfTxs).toBe("10000");
    expect(file.GrpHdr.CtrlSum).toMatch(/^\d+\.\d{3}$/);
    expect(BigInt(file.GrpHdr.CtrlSum.replace(".", ""))).toBe(total);
  }, 60_000);
});

describe("what the builder refuses, because a bank would reject the file", () => {
  const one = (t: CreditTransfer) => () => buildPain001(message([t]));
  it("a SEPA transfer in another currency or above the SEPA maximum", () => {
    expect(one({ ...transfer(1, "sepa-structured", 100), currency: "USD" })).toThrow(/a SEPA transfer is in EUR/);
    expect(one({ ...transfer(1, "sepa-structured", 100), amount: new Money("1000000000") })).toThrow(/SEPA maximum/);
  });
  it("more decimals than the currency has", () => {
    expect(one({ ...transfer(1, "jpy", 100), amount: new Money("10.5") })).toThrow(/more decimals than JPY has \(0, ISO 4217\)/);
    expect(one({ ...transfer(1, "bhd", 100), amount: new Money("1.2345") })).toThrow(/more decimals than BHD has \(3/);
  });
  it("a non-SEPA transfer without the bank's BIC or the payee's address", () => {
    expect(one({ ...transfer(1, "usd-account-number", 100), bic: null })).toThrow(/needs the creditor bank's BIC/);
    expect(one({ ...transfer(1, "usd-account-number", 100), creditor: { name: "X Inc.", address: null, lei: null } })).toThrow(/needs the creditor's postal address/);
  });
  it("a payee bank outside the EEA when the debtor has no address", () => {
    expect(() => buildPain001(message([transfer(1, "non-eea-sepa", 100)], debtor(null)))).toThrow(/outside the EEA, which requires the debtor's address/);
    expect(() => buildPain001(message([transfer(1, "usd-account-number", 100)], debtor(null)))).toThrow(/outside the EEA/);
    expect(() => buildPain001(message([transfer(1, "sepa-structured", 100)], debtor(null)))).not.toThrow();
  });
  it("a SEPA payee outside the EEA without its bank's BIC, and an invalid LEI", () => {
    expect(one({ ...transfer(1, "non-eea-sepa", 100), bic: null })).toThrow(/outside the EEA needs its bank's BIC/);
    expect(one({ ...transfer(1, "sepa-structured", 100), creditor: { name: "A", address: null, lei: "5493001KJTIIGC8Y1R13" } })).toThrow(/not a valid LEI/);
  });
  it("no transfers, a zero amount, a name with no Latin letters, the same reference twice", () => {
    expect(() => buildPain001({ ...message([transfer(1, "sepa-structured", 100)]), blocks: [] })).toThrow(/at least one transfer/);
    expect(one(transfer(1, "sepa-structured", 0))).toThrow(/not a positive amount/);
    expect(one(transfer(1, "sepa-structured", 100, "2026-12-02", "王小明"))).toThrow(/no name in the SEPA character set/);
    expect(() => buildPain001(message([transfer(1, "sepa-structured", 100), transfer(1, "sepa-hybrid", 100)]))).toThrow(/appears twice/);
  });
});

describe("names in payment files", () => {
  it("are in the SEPA character set, at most 70 characters, whatever the customer is called", async () => {
    const names = ['<Dupont & "Fils"> SARL', "Ørsted Müller Søn Łódź ß", "Zoë 王小明 Ltd", "=HYPERLINK(\"http://x\",\"y\")", "A".repeat(100)];
    const xml = buildPain001(message(names.map((n, i) => transfer(i + 1, "sepa-no-address", 1000, "2026-12-02", n))));
    expect(await validatePain001(xml)).toEqual([]);
    const written = parsed(xml).PmtInf[0].CdtTrfTxInf.map((t) => t.Cdtr.Nm);
    expect(written).toEqual(["Dupont + 'Fils' SARL", "Orsted Muller Son Lodz ss", "Zoe Ltd", "HYPERLINK('http://x','y')", "A".repeat(70)]);
  });
});
