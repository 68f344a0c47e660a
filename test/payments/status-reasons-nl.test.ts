import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { CellValue } from "../../src/workbook/grid";
import { DUTCH_REASON_TEXTS, DUTCH_STATUS_WORDS } from "../../src/core/status-reasons-nl";
import { readXlsx } from "../../src/file/xlsx-read";
import { writeSnapshotXlsx } from "../../src/file/xlsx-write";
import { preparePayment } from "../../src/payments/prepare-payment";
import { prepareStatusImport } from "../../src/payments/payment-status";
import { PAYMENT_STATUS_SHEET } from "../../src/payments/payment-status-sheet";
import { REASON_CODES, STATUS_CODES, reasonWords } from "../../src/payments/status-reasons";
import { statusModel } from "../../src/taskpane/status-model";
import { engineMessages } from "../../src/core/engine-messages";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { SHEETS } from "../../src/workbook/contract";
import { WorkbookSnapshot } from "../../src/workbook/grid";
import { DEBTOR_PARAMETERS, bookAfterRun } from "../export/ap-book";
import { cli, freshRegister } from "../support/cli-harness";
import { sheetRows } from "../support/sheet-rows";
import { statusReportXml } from "./status-report-fixture";

const NOW = new Date(2026, 10, 24, 10, 0, 0);
const LATER = new Date(2026, 10, 25, 9, 0, 0);

/** Every English text status-reasons.ts has, and the English the import itself adds. */
const ENGLISH_TEXTS = [...Object.values(STATUS_CODES).map((s) => s.words), ...Object.values(REASON_CODES), "rejected by the bank", "payable again", "No transfer named", "group status", "Pending"];
/** Words no Dutch sentence here has; a code (AC04) or a sheet name is no sentence. */
const ENGLISH_WORDS = /\b(the|by|and|not|rejected|settled|accepted|account|invoice|payable|pending|paid|report|group|named)\b/i;

function englishIn(text: string): string | null {
  const found = ENGLISH_TEXTS.find((e) => text.includes(e));
  if (found) return found;
  const word = ENGLISH_WORDS.exec(text.replace(/Vendor payments|Verification of Payee/g, ""));
  return word ? word[0] : null;
}

function sentBook(language: string | undefined) {
  const extra: [string, CellValue][] = [...DEBTOR_PARAMETERS, ...(language ? [["Language", language] as [string, CellValue]] : [])];
  const book = bookAfterRun({ customers: [{ account: "C001" }, { account: "C002" }, { account: "C003" }], balances: [["C001", "EUR", -120.5], ["C002", "EUR", -30], ["C003", "EUR", -40]], extraParameters: extra }, NOW);
  const payment = preparePayment(book, { now: NOW, randomHex: () => "abc123" });
  if (!payment.messageId) throw new Error("nothing was paid");
  return { book: applyPatchToSnapshot(book, payment.patch), messageId: payment.messageId, block: payment.blocks[0].paymentInfoId };
}

/** A report that settles one transfer and rejects two, one for Verification of Payee. */
function mixedReport(messageId: string, block: string, id = "BANK-NL-1"): string {
  return statusReportXml({
    version: "pain.002.001.10", messageId: id, originalMessageId: messageId, groupStatus: "PART",
    blocks: [{ paymentInfoId: block, status: "PART", transactions: [
      { endToEndId: "RB-000001", status: "ACSC" },
      { endToEndId: "RB-000002", status: "RJCT", reasons: [{ code: "PN01" }] },
      { endToEndId: "RB-000003", status: "RJCT", reasons: [{ code: "AC04" }] },
    ] }],
  });
}

function recorded(book: WorkbookSnapshot, xml: string) {
  const result = prepareStatusImport(book, xml, LATER);
  const after = applyPatchToSnapshot(book, result.patch);
  const status = sheetRows(after, PAYMENT_STATUS_SHEET);
  const exceptions = sheetRows(after, SHEETS.exceptions).filter((r) => String(r.Reason ?? "").includes("BANK"));
  return { ...result, after, status, exceptions };
}

describe("the bank's status and reason words in the workbook's language", () => {
  it("every ISO 20022 status and reason code Reimburse knows has a Dutch text, and no Dutch text is left without a code", () => {
    expect(Object.keys(DUTCH_STATUS_WORDS).sort()).toEqual(Object.keys(STATUS_CODES).sort());
    expect(Object.keys(DUTCH_REASON_TEXTS).sort()).toEqual(Object.keys(REASON_CODES).sort());
    for (const code of Object.keys(REASON_CODES)) expect(englishIn(engineMessages("nl-NL").bankReason(code, REASON_CODES[code]))).toBeNull();
    for (const code of Object.keys(STATUS_CODES)) expect(englishIn(engineMessages("nl-NL").bankStatus(code, STATUS_CODES[code].words))).toBeNull();
  });

  it("keeps the code beside the text, in the terms Dutch banks use (AC04: rekening opgeheven)", () => {
    expect(reasonWords("ac04", engineMessages("nl-NL"))).toBe("AC04 (rekening opgeheven)");
    expect(reasonWords("AC01", engineMessages("nl-NL"))).toBe("AC01 (rekeningnummer onjuist)");
    expect(reasonWords("AC04")).toBe("AC04 (the account is closed)");
    expect(reasonWords("ZZ99", engineMessages("nl-NL"))).toBe("ZZ99");
  });

  it("a Dutch workbook gets no English sentence on Payment status or the exception rows, and the pane lists the rejections in Dutch", () => {
    const { book, messageId, block } = sentBook("nl-NL");
    const { status, exceptions, summary } = recorded(book, mixedReport(messageId, block));
    expect(status.map((r) => [r.Invoice, r.Status, r.Result, r["Reason code"], r.Reason])).toEqual([
      ["RB-000001", "ACSC", "Betaald", null, "afgeschreven van de rekening van de betaler"],
      ["RB-000002", "RJCT", "Geweigerd", "PN01", "geweigerd: PN01 (Naam-Rekeningnummer Check: naam van de rekeninghouder en rekeningnummer komen niet overeen)"],
      ["RB-000003", "RJCT", "Geweigerd", "AC04", "geweigerd: AC04 (rekening opgeheven)"],
    ]);
    expect(exceptions.map((r) => r.Reason)).toEqual([
      "Factuur RB-000002 geweigerd door de bank (rapport BANK-NL-1): geweigerd: PN01 (Naam-Rekeningnummer Check: naam van de rekeninghouder en rekeningnummer komen niet overeen); na herstel opnieuw te betalen",
      "Factuur RB-000003 geweigerd door de bank (rapport BANK-NL-1): geweigerd: AC04 (rekening opgeheven); na herstel opnieuw te betalen",
    ]);
    for (const text of [...status.flatMap((r) => [r.Result, r.Reason]), ...exceptions.map((r) => r.Reason)]) expect(englishIn(String(text ?? ""))).toBeNull();
    // The pane's own words follow its display language; the bank's words are the workbook's, as on the sheet.
    expect(statusModel(summary, true).rejected.map((r) => [r.cell !== "", r.text.includes("geweigerd: PN01 (Naam-Rekeningnummer Check") || r.text.includes("geweigerd: AC04 (rekening opgeheven)")])).toEqual([[true, true], [true, true]]);
  });

  it("a Dutch workbook's empty report (no transfer named) and a pending transfer are Dutch too", () => {
    const { book, messageId, block } = sentBook("nl-NL");
    const empty = recorded(book, statusReportXml({ version: "pain.002.001.03", messageId: "BANK-NL-2", originalMessageId: messageId, groupStatus: "PART", blocks: [{ paymentInfoId: "OTHER", transactions: [{ endToEndId: "XYZ", status: "RJCT" }] }] }));
    expect(empty.status.map((r) => [r.Status, r.Result, r.Reason])).toEqual([["NONE", "Geen overboeking genoemd", "groepsstatus PART"]]);
    const pending = recorded(book, statusReportXml({ version: "pain.002.001.10", messageId: "BANK-NL-3", originalMessageId: messageId, blocks: [{ paymentInfoId: block, status: "PDNG" }] }));
    expect(pending.status.map((r) => [r.Result, r.Reason])).toEqual([["In behandeling", "in behandeling, verdere controles volgen"], ["In behandeling", "in behandeling, verdere controles volgen"], ["In behandeling", "in behandeling, verdere controles volgen"]]);
  });

  it("an English workbook (no Language entry, or en) keeps the English words exactly", () => {
    for (const language of [undefined, "en"]) {
      const { book, messageId, block } = sentBook(language);
      const { status, exceptions } = recorded(book, mixedReport(messageId, block));
      expect(status.map((r) => [r.Result, r.Reason])).toEqual([
        ["Paid", "settled on the debtor's account"],
        ["Rejected", "rejected: PN01 (Verification of Payee: the account holder's name and the account do not match)"],
        ["Rejected", "rejected: AC04 (the account is closed)"],
      ]);
      expect(exceptions.map((r) => r.Reason)).toEqual([
        "Invoice RB-000002 rejected by the bank (report BANK-NL-1): rejected: PN01 (Verification of Payee: the account holder's name and the account do not match); it is payable again once fixed",
        "Invoice RB-000003 rejected by the bank (report BANK-NL-1): rejected: AC04 (the account is closed); it is payable again once fixed",
      ]);
    }
  });

  it("the CLI's payment-status writes the Dutch words into a Dutch .xlsx", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "reimburse-status-nl-"));
    try {
      freshRegister();
      const { book, messageId, block } = sentBook("nl-NL");
      const input = path.join(dir, "book.xlsx");
      const report = path.join(dir, "status.xml");
      await writeSnapshotXlsx(book, input);
      writeFileSync(report, mixedReport(messageId, block));
      expect((await cli(["payment-status", input, report], LATER)).code).toBe(0);
      const after = await readXlsx(input);
      expect(sheetRows(after, PAYMENT_STATUS_SHEET).map((r) => r.Reason)).toContain("geweigerd: AC04 (rekening opgeheven)");
      expect(sheetRows(after, SHEETS.exceptions).map((r) => r.Reason)).toContain("Factuur RB-000003 geweigerd door de bank (rapport BANK-NL-1): geweigerd: AC04 (rekening opgeheven); na herstel opnieuw te betalen");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
