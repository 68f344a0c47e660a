import { checkPayment, payInvoices } from "../../src/taskpane/payment-action";
import { importStatusReport } from "../../src/taskpane/payment-status-action";
import { SHEETS } from "../../src/workbook/contract";
import { readInvoiceRows } from "../../src/workbook/read-outputs";
import { sheetRows } from "../support/sheet-rows";
import { statusReportXml } from "../payments/status-report-fixture";
import { MemoryHost, NOW, ranBook } from "./memory-host";

let drawn = 0;
const hex = (): string => (0x00c0de + drawn++).toString(16).padStart(6, "0");

describe("importing the bank's status report from the pane", () => {
  it("turns the paid invoices Paid, rejects one with its reason, and changes nothing the second time", async () => {
    const host = new MemoryHost(ranBook().book);
    await payInvoices(host, await checkPayment(host, NOW, hex), NOW, undefined, hex);
    const sent = sheetRows(host.book, SHEETS.vendorPayments);
    const messageId = String(sent[0]["Message id"]);
    const rejected = String(sent[0].Invoice);
    const xml = statusReportXml({
      version: "pain.002.001.10", messageId: "BANK-PANE-1", originalMessageId: messageId, groupStatus: "ACSC",
      blocks: [{ paymentInfoId: String(sent[0]["Payment info id"]), transactions: [{ endToEndId: rejected, status: "RJCT", reasons: [{ code: "NMTC" }] }] }],
    });
    const done = await importStatusReport(host, xml, NOW);
    expect(done.changed).toBe(true);
    expect(done.summary.rejected.map((r) => [r.invoice, r.vop])).toEqual([[rejected, true]]);
    const statuses = readInvoiceRows(host.book).filter((i) => i.status !== "Open").map((i) => i.status);
    expect(statuses.filter((s) => s === "Rejected")).toHaveLength(1);
    expect(statuses.filter((s) => s === "Paid")).toHaveLength(sent.length - 1);
    const again = await importStatusReport(host, xml, NOW);
    expect(again).toMatchObject({ changed: false, lines: ["Status report BANK-PANE-1 was imported before; nothing was changed."] });
    expect(host.applied).toHaveLength(2);
  });
});
