import { VENDOR_PAYMENTS_SHEET } from "../../src/payments/vendor-payments-sheet";
import { AlreadyPaidError, checkPayment, payInvoices } from "../../src/taskpane/payment-action";
import { IDBFactory } from "fake-indexeddb";
import { KeyValueStorage, PaneRegister, indexedDbStore, keyValueStore, memoryStore } from "../../src/taskpane/payment-register";
import { checkStatus, recordStatus } from "../../src/taskpane/status-action";
import { statusReportXml } from "../payments/status-report-fixture";
import { sheetRows } from "../support/sheet-rows";
import { MemoryHost, NOW, ranBook, engineOn } from "./memory-host";

let drawn = 0;
const hex = (): string => (0x20c0d0 + drawn++).toString(16);

/** A host whose Excel cannot save from an add-in (no ExcelApi 1.11), or can. */
class SavingHost extends MemoryHost {
  saves = 0;
  constructor(book: MemoryHost["book"], readonly canSave: boolean) {
    super(book);
  }
  async save(): Promise<boolean> {
    if (this.canSave) this.saves++;
    return this.canSave;
  }
}

async function pay(host: MemoryHost, register: PaneRegister, again = false, askToSave?: () => Promise<void>) {
  const check = await checkPayment(engineOn(host), NOW, hex, undefined, register);
  return { check, done: () => payInvoices(engineOn(host), check, NOW, undefined, hex, { register, again, workbookName: "book.xlsx", askToSave }) };
}

describe("the pane's register of issued payments", () => {
  it("records each transfer after the marks, and refuses an older copy of the workbook naming the earlier message", async () => {
    const { book } = ranBook();
    const register = new PaneRegister(memoryStore());
    const first = new MemoryHost(book);
    const { check, done } = await pay(first, register);
    expect(check.earlier).toEqual([]);
    const paid = await done();
    const messageId = String(sheetRows(first.book, VENDOR_PAYMENTS_SHEET)[0]["Message id"]);
    expect(paid.file.name).toContain(messageId);

    // The same workbook as it was before paying: a copy, or a version restored from OneDrive.
    const copy = new MemoryHost(book);
    const again = await pay(copy, register);
    expect(again.check.earlier.length).toBeGreaterThan(0);
    expect(again.check.earlier[0]).toMatchObject({ messageId, workbook: "book.xlsx", file: paid.file.name, kind: "payment" });
    await expect(again.done()).rejects.toThrow(AlreadyPaidError);
    await expect(again.done()).rejects.toThrow(new RegExp(`already paid from this account.*message ${messageId}.*nothing was written`));
    expect(copy.applied).toHaveLength(0);

    // Ticked "pay again": paid once more, and recorded.
    const ticked = await pay(copy, register, true);
    await ticked.done();
    expect(copy.applied).toHaveLength(1);
    const third = await pay(new MemoryHost(book), register);
    expect(third.check.earlier[0].messageId).not.toBe(messageId);
  });

  it("a rejection recorded from the bank's status report makes the invoices payable again without the tick", async () => {
    const { book } = ranBook();
    const register = new PaneRegister(memoryStore());
    const host = new MemoryHost(book);
    await (await pay(host, register)).done();
    const messageId = String(sheetRows(host.book, VENDOR_PAYMENTS_SHEET)[0]["Message id"]);
    expect((await pay(new MemoryHost(book), register)).check.earlier.length).toBeGreaterThan(0);
    const xml = statusReportXml({ version: "pain.002.001.03", messageId: "BANK-9", originalMessageId: messageId, groupStatus: "RJCT", groupReasons: [{ code: "AC04" }] });
    await recordStatus(engineOn(host), await checkStatus(engineOn(host), xml, NOW), NOW, undefined, register);
    const after = await pay(host, register);
    expect(after.check.model.canPay).toBe(true);
    expect(after.check.earlier).toEqual([]);
    await after.done();
  });

  it("in Excel the workbook is saved before the file is offered; without Workbook.save the pane waits for the user", async () => {
    const register = new PaneRegister(memoryStore());
    const saving = new SavingHost(ranBook().book, true);
    await (await pay(saving, register)).done();
    expect(saving.saves).toBe(1);

    const manual = new SavingHost(ranBook().book, false);
    let release: () => void = () => undefined;
    let askedNow: () => void = () => undefined;
    const asked = new Promise<void>((resolve) => (askedNow = resolve));
    const { done } = await pay(manual, new PaneRegister(memoryStore()), false, () => {
      askedNow();
      return new Promise<void>((resolve) => (release = resolve));
    });
    let offered = false;
    const paying = done().then((d) => ((offered = true), d));
    await asked;
    expect(manual.applied).toHaveLength(1); // the marks are written ...
    expect(offered).toBe(false); // ... but no file until the user says they saved
    release();
    expect((await paying).file.name).toMatch(/\.xml$/);
  });

  it("keeps its entries in OfficeRuntime.storage as one JSON list per debtor account", async () => {
    const items = new Map<string, string>();
    const storage: KeyValueStorage = { getItem: async (k) => items.get(k) ?? null, setItem: async (k, v) => void items.set(k, v) };
    await (await pay(new MemoryHost(ranBook().book), new PaneRegister(keyValueStore(storage)))).done();
    expect([...items.keys()]).toHaveLength(1);
    expect([...items.keys()][0]).toMatch(/^reimburse\.payments\.[A-Z]{2}\d{2}[A-Z0-9]+$/);
    const later = new PaneRegister(keyValueStore(storage));
    expect((await pay(new MemoryHost(ranBook().book), later)).check.earlier.length).toBeGreaterThan(0);
  });
});

describe("the register in IndexedDB (a browser, file mode)", () => {
  it("keeps the entries per debtor account in the order written, across reopening", async () => {
    const factory = new IDBFactory();
    const first = new PaneRegister(indexedDbStore(factory));
    const host = new MemoryHost(ranBook().book);
    await (await pay(host, first)).done();
    const debtor = (await checkPayment(engineOn(new MemoryHost(ranBook().book)), NOW, hex, undefined, first)).earlier[0].debtorIban;
    await first.record([{ kind: "rejection", debtorIban: "FR76 3000 6000 0112 3456 7890 189", invoice: "RB-000001", messageId: "OTHER", reason: "test", time: NOW.toISOString() }]);

    const reopened = new PaneRegister(indexedDbStore(factory));
    const entries = await reopened.entries(debtor);
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.kind === "payment" && e.debtorIban === debtor)).toBe(true);
    expect(await reopened.entries("fr7630006000011234567890189")).toEqual([expect.objectContaining({ kind: "rejection", messageId: "OTHER" })]);
    expect((await reopened.alreadyPaid(debtor, entries.map((e) => e.invoice))).map((p) => p.invoice)).toEqual(entries.map((e) => e.invoice));
  });

  it("records a payment of thousands of transfers whole and in order, though it adds them in batches", async () => {
    const factory = new IDBFactory();
    const register = new PaneRegister(indexedDbStore(factory));
    const debtorIban = "NL91ABNA0417164300";
    const rejections = Array.from({ length: 1_001 }, (_, i) => ({ kind: "rejection" as const, debtorIban, invoice: `RB-${i}`, messageId: "M", reason: "r", time: NOW.toISOString() }));
    await register.record(rejections);
    const entries = await new PaneRegister(indexedDbStore(factory)).entries(debtorIban);
    expect(entries.map((e) => e.invoice)).toEqual(rejections.map((r) => r.invoice));
  });
});
