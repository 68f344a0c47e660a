import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { readXlsx } from "../../src/file/xlsx-read";
import { writeSnapshotXlsx } from "../../src/file/xlsx-write";
import { SHEETS } from "../../src/workbook/contract";
import { DEBTOR_PARAMETERS, bookAfterRun } from "../export/ap-book";
import { cli, freshRegister } from "../support/cli-harness";
import { sheetRows } from "../support/sheet-rows";
import { statusReportXml } from "../payments/status-report-fixture";

const NOW = new Date(2026, 10, 24, 11, 0, 0);
const LATER = new Date(2026, 10, 25, 9, 0, 0);

describe("reimburse payment-status", () => {
  let dir: string;
  let input: string;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "reimburse-status-"));
    input = path.join(dir, "book.xlsx");
    await writeSnapshotXlsx(bookAfterRun({ customers: [{ account: "C001" }, { account: "C002" }], balances: [["C001", "EUR", -120.5], ["C002", "EUR", -30]], extraParameters: DEBTOR_PARAMETERS }), input);
    freshRegister();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Pays, then writes the bank's report on that payment's message. */
  async function paidWithReport(status: (messageId: string) => Parameters<typeof statusReportXml>[0]): Promise<string> {
    expect((await cli(["pay", input, "-o", path.join(dir, "payments.xml")], NOW)).code).toBe(0);
    const messageId = String(sheetRows(await readXlsx(input), SHEETS.vendorPayments)[0]["Message id"]);
    const file = path.join(dir, "status.xml");
    writeFileSync(file, statusReportXml(status(messageId)));
    return file;
  }

  it("turns Sent invoices Paid from an accepting report, and says a second import changes nothing", async () => {
    const file = await paidWithReport((m) => ({ version: "pain.002.001.10", messageId: "BANK-1", originalMessageId: m, groupStatus: "ACSC" }));
    expect(sheetRows(await readXlsx(input), SHEETS.invoices).map((r) => r.Status)).toEqual(["Sent", "Sent"]);
    const first = await cli(["payment-status", input, file], LATER);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^Status report BANK-1 \(pain.002.001.10\) on message RBP-\S+: 2 paid, 0 rejected, 0 still pending\./);
    expect(sheetRows(await readXlsx(input), SHEETS.invoices).map((r) => r.Status)).toEqual(["Paid", "Paid"]);
    const second = await cli(["payment-status", input, file], LATER);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Status report BANK-1 was imported before; nothing was changed.");
    expect(sheetRows(await readXlsx(input), SHEETS.paymentStatus)).toHaveLength(2);
  });

  it("rejects a transfer with its reason, records it in the register, and pay pays it again without --again", async () => {
    const file = await paidWithReport((m) => ({
      version: "pain.002.001.03", messageId: "BANK-2", originalMessageId: m, groupStatus: "PART",
      blocks: [{ paymentInfoId: `${m}-1`, transactions: [{ endToEndId: "RB-000002", status: "RJCT", reasons: [{ code: "AC04" }] }] }],
    }));
    const io = await cli(["payment-status", input, file], LATER);
    expect(io.code).toBe(0);
    expect(io.stdout).toContain("invoice RB-000002 rejected: AC04 (the account is closed); payable again");
    expect(io.stdout).toContain("Recorded the rejections in the register of issued payments");
    expect(sheetRows(await readXlsx(input), SHEETS.invoices).map((r) => r.Status)).toEqual(["Sent", "Rejected"]);
    const again = await cli(["pay", input, "-o", path.join(dir, "again.xml")], LATER);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^Sent 1 invoice to the bank, 30.00 EUR/);
  });

  it("exits 1 and writes nothing for a report on an unknown message or a file that is no status report", async () => {
    await paidWithReport((m) => ({ version: "pain.002.001.10", messageId: "BANK-3", originalMessageId: m }));
    const unknown = path.join(dir, "unknown.xml");
    writeFileSync(unknown, statusReportXml({ version: "pain.002.001.10", messageId: "BANK-4", originalMessageId: "RBP-NOT-OURS", groupStatus: "RJCT" }));
    const io = await cli(["payment-status", input, unknown], LATER);
    expect(io.code).toBe(1);
    expect(io.stderr).toContain("answers message RBP-NOT-OURS, which is not on sheet Vendor payments; nothing was changed.");
    const notReport = await cli(["payment-status", input, path.join(dir, "payments.xml")], LATER);
    expect(notReport.code).toBe(1);
    expect(notReport.stderr).toContain("this is not an ISO 20022 pain.002 status report (found Document in urn:iso:std:iso:20022:tech:xsd:pain.001.001.09)");
    expect(sheetRows(await readXlsx(input), SHEETS.invoices).map((r) => r.Status)).toEqual(["Sent", "Sent"]);
  });
});
