import { VENDOR_PAYMENTS_SHEET } from "../../src/payments/vendor-payments-sheet";
import { checkPayment, payInvoices } from "../../src/taskpane/payment-action";
import { checkStatus, recordStatus } from "../../src/taskpane/status-action";
import { SHEETS } from "../../src/workbook/contract";
import { statusReportXml } from "../payments/status-report-fixture";
import { sheetRows } from "../support/sheet-rows";
import { MemoryHost, NOW, ranBook, engineOn } from "./memory-host";

let drawn = 0;
const hex = (): string => (0x10a0b0 + drawn++).toString(16);

async function paidHost(): Promise<{ host: MemoryHost; messageId: string }> {
  const host = new MemoryHost(ranBook().book);
  await payInvoices(engineOn(host), await checkPayment(engineOn(host), NOW, hex), NOW, undefined, hex);
  return { host, messageId: String(sheetRows(host.book, VENDOR_PAYMENTS_SHEET)[0]["Message id"]) };
}

describe("the bank's status report in the pane", () => {
  it("shows what a report would record, records it once confirmed, and then finds it imported", async () => {
    const { host, messageId } = await paidHost();
    const xml = statusReportXml({ version: "pain.002.001.10", messageId: "BANK-1", originalMessageId: messageId, groupStatus: "ACSC" });
    const check = await checkStatus(engineOn(host), xml, NOW);
    expect(check.model.canRecord).toBe(true);
    expect(check.model.headline).toMatch(/^Status report BANK-1 .* paid, 0 rejected/);
    const headline = await recordStatus(engineOn(host), check, NOW);
    expect(headline).toMatch(/^Status report BANK-1 recorded: \d+ paid, 0 rejected\.$/);
    const statuses = sheetRows(host.book, SHEETS.invoices).map((r) => r.Status);
    expect(statuses).toContain("Paid");
    expect(statuses).not.toContain("Sent"); // every invoice the file sent is Paid now; unpayable ones stay Open
    const again = await checkStatus(engineOn(host), xml, NOW);
    expect(again.model).toMatchObject({ canRecord: false, headline: "Status report BANK-1 was imported before; nothing was changed." });
  });

  it("lists rejected transfers with their cells, and writes nothing when the workbook changed since the check", async () => {
    const { host, messageId } = await paidHost();
    const xml = statusReportXml({ version: "pain.002.001.03", messageId: "BANK-2", originalMessageId: messageId, groupStatus: "RJCT", groupReasons: [{ code: "AC04" }] });
    const check = await checkStatus(engineOn(host), xml, NOW);
    expect(check.model.rejected.length).toBeGreaterThan(0);
    expect(check.model.rejected[0]).toMatchObject({ sheet: VENDOR_PAYMENTS_SHEET, cell: "A2" });
    expect(check.model.rejected[0].text).toMatch(/^invoice RB-\d+: rejected: AC04 .*; payable again$/);
    await recordStatus(engineOn(host), check, NOW);
    const applied = host.applied.length;
    await expect(recordStatus(engineOn(host), check, NOW)).rejects.toThrow("What the status report would record changed since you checked it");
    expect(host.applied).toHaveLength(applied);
  });
});
