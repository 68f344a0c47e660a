import { existsSync, mkdtempSync, promises, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { copyFileSync, realpathSync } from "node:fs";
import { PaymentRegister } from "../../src/file/payment-register";
import { cli, freshRegister } from "../support/cli-harness";
import { readXlsx } from "../../src/file/xlsx-read";
import { writeSnapshotXlsx } from "../../src/file/xlsx-write";
import { VENDOR_PAYMENTS_SHEET } from "../../src/payments/vendor-payments-sheet";
import { SHEETS } from "../../src/workbook/contract";
import { CellValue } from "../../src/workbook/grid";
import { DEBTOR_PARAMETERS, bookAfterRun } from "../export/ap-book";
import { sheetRows } from "../support/sheet-rows";
import { validatePain001 } from "../payments/validate-pain001";

// The clock these tests read, in local time as the CLI does.
const NOW = new Date(2026, 10, 24, 11, 0, 0);

const book = (parameters: [string, CellValue][] = DEBTOR_PARAMETERS) =>
  bookAfterRun({
    customers: [{ account: "C001" }, { account: "C002", iban: "FR76 3000 6000 0112 3456 7890 188" }, { account: "C003", currency: "USD" }, { account: "C004", name: "Société Générale d'Île" }],
    balances: [["C001", "EUR", -120.5], ["C002", "EUR", -30], ["C003", "USD", -50], ["C004", "EUR", -9999.99]],
    rates: [["USD", 0.9]],
    extraParameters: parameters,
  });

describe("reimburse pay", () => {
  let dir: string;
  let input: string;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "reimburse-pay-"));
    input = path.join(dir, "book.xlsx");
    await writeSnapshotXlsx(book(), input);
    freshRegister();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes a valid SEPA file and a workbook that records the payments, listing what it could not pay", async () => {
    const xmlPath = path.join(dir, "payments.xml");
    const io = await cli(["pay", input, "-o", xmlPath], NOW);
    expect(io.code).toBe(0);
    const out = io.stdout;
    expect(out).toMatch(/^Sent 2 invoices to the bank, 10120.49 EUR, execution date 2026-11-24, message RBP-20261124-110000-[0-9A-F]{6} \(pain.001.001.09\)\./);
    expect(out).toContain("Not paid: 2");
    expect(out).toContain("Sheet 'One-time vendors', cell I3: Invoice RB-000002 not paid: the IBAN");
    expect(out).toContain("Sheet 'One-time vendors', cell M4: Invoice RB-000003 not paid: a payment in USD needs the BIC of vendor OTV-000003's bank");
    const xml = readFileSync(xmlPath, "utf8");
    expect(await validatePain001(xml)).toEqual([]);
    expect(xml).toContain("<Nm>Societe Generale d'Ile</Nm>");

    expect(out).toMatch(/Recorded on Vendor payments, invoices marked Sent: .*book\.xlsx \(updated in place; previous version kept as /);
    const paid = await readXlsx(input);
    expect(sheetRows(paid, VENDOR_PAYMENTS_SHEET).map((r) => [r.Invoice, r.Amount])).toEqual([["RB-000001", 120.5], ["RB-000004", 9999.99]]);
    expect(sheetRows(paid, SHEETS.invoices).map((r) => r.Status)).toEqual(["Sent", "Open", "Open", "Sent"]);
    expect(sheetRows(paid, SHEETS.exceptions).map((r) => [r.Sheet, r.Cell])).toEqual([["One-time vendors", "I3"], ["One-time vendors", "M4"]]);
  });

  it("pays nothing more the second time: exit 0, no file", async () => {
    expect((await cli(["pay", input, "-o", path.join(dir, "first.xml")], NOW)).code).toBe(0);
    const io = await cli(["pay", input, "-o", path.join(dir, "second.xml")], NOW);
    expect(io.code).toBe(0);
    expect(io.stdout).toContain("Nothing to pay: no open invoice can be paid. No file was written.");
    expect(existsSync(path.join(dir, "second.xml"))).toBe(false);
    expect(sheetRows(await readXlsx(input), VENDOR_PAYMENTS_SHEET)).toHaveLength(2);
  });

  it("stops with exit 1, naming the Parameters cell, and writes nothing when the debtor IBAN is invalid", async () => {
    const bad = book([["Debtor name", "Reimburse Demo SARL"], ["Debtor IBAN", "FR00 0000"], ["Debtor BIC", "BNPAFRPPXXX"]]);
    await writeSnapshotXlsx(bad, input);
    // The row the parameter is on, wherever the builder puts it (header in row 1).
    const row = (bad.sheets.find((s) => s.name === SHEETS.parameters)?.rows.findIndex((r) => r[0] === "Debtor IBAN") ?? -2) + 1;
    const io = await cli(["pay", input, "-o", path.join(dir, "payments.xml")], NOW);
    expect(io.code).toBe(1);
    expect(io.stderr).toContain(`Sheet 'Parameters', cell B${row}: Debtor IBAN: "FR00 0000" is not a valid IBAN`);
    expect(readdirSync(dir)).toEqual(["book.xlsx"]);
  });

  it("leaves no payment file behind, and the workbook as it was, when the workbook cannot be replaced", async () => {
    const before = readFileSync(input);
    const rename = promises.rename;
    jest.spyOn(promises, "rename").mockImplementation(async (from, to) => {
      if (String(to).endsWith("book.xlsx")) throw Object.assign(new Error("EACCES: permission denied, rename"), { code: "EACCES" });
      return rename(from, to);
    });
    const io = await cli(["pay", input, "-o", path.join(dir, "payments.xml")], NOW);
    jest.restoreAllMocks();
    expect(io.code).toBe(1);
    expect(io.stderr).toMatch(/^reimburse: Cannot write .*book\.xlsx: EACCES: permission denied, rename\nNothing was written\.\n$/);
    expect(readdirSync(dir)).toEqual(["book.xlsx"]);
    expect(readFileSync(input).equals(before)).toBe(true);
  });

  it("refuses a --workbook-out in a folder that does not exist before doing anything", async () => {
    const io = await cli(["pay", input, "-o", path.join(dir, "payments.xml"), "-w", path.join(dir, "no", "such", "dir.xlsx")], NOW);
    expect(io.code).toBe(2);
    expect(io.stderr).toContain("does not exist");
    expect(readdirSync(dir)).toEqual(["book.xlsx"]);
  });

  it.each([
    [["pay", "IN"]],
    [["pay", "IN", "-o", "IN"]],
    [["pay", "IN", "-o", "p.xml", "--workbook-out", "IN"]],
    [["pay", "IN", "-o", "p.xml", "--in-place", "-w", "other.xlsx"]],
    [["pay", "IN", "-o", "p.xml", "--date", "2026-02-30"]],
  ])("exits 2 on a wrong command line: %j", async (args) => {
    expect((await cli(args.map((a) => (a === "IN" ? input : a)), NOW)).code).toBe(2);
    expect(readdirSync(dir)).toEqual(["book.xlsx"]);
  });

  describe("the register of issued payments", () => {
    const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

    it("records every transfer: invoice, customer, amount, IBANs, message, time, workbook fingerprint and file", async () => {
      const before = readFileSync(input);
      const xml = path.join(dir, "payments.xml");
      const io = await cli(["pay", input, "-o", xml], NOW);
      expect(io.code).toBe(0);
      const register = new PaymentRegister();
      expect(io.stdout).toContain(`Recorded in the register of issued payments: ${register.fileFor("FR7630004000031234567890143")}`);
      const entries = await register.entries("FR76 3000 4000 0312 3456 7890 143");
      expect(entries.map((e) => e.kind === "payment" && [e.invoice, e.customer, e.amount, e.currency, e.file, e.workbook, e.workbookSha256])).toEqual([
        ["RB-000001", "C001", "120.50", "EUR", realpathSync(xml), realpathSync(input), sha256(before)],
        ["RB-000004", "C004", "9999.99", "EUR", realpathSync(xml), realpathSync(input), sha256(before)],
      ]);
      const [first] = entries;
      expect(first).toEqual(expect.objectContaining({ debtorIban: "FR7630004000031234567890143", messageId: expect.stringMatching(/^RBP-/), paymentId: expect.stringMatching(/^RBP-.*-00001$/), time: NOW.toISOString() }));
    });

    it("refuses to pay again from a copy of the workbook made before the payment, naming the earlier file; --again pays", async () => {
      const copy = path.join(dir, "copy.xlsx");
      copyFileSync(input, copy);
      const first = path.join(dir, "first.xml");
      expect((await cli(["pay", input, "-o", first], NOW)).code).toBe(0);
      const before = readFileSync(copy);
      const refused = await cli(["pay", copy, "-o", path.join(dir, "second.xml")], NOW);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("2 invoices were already paid from this account, according to the register of issued payments; nothing was written.");
      expect(refused.stderr).toContain(`Invoice RB-000001 (customer C001, EUR 120.50 to `);
      expect(refused.stderr).toContain(`in ${realpathSync(first)} (message RBP-`);
      expect(refused.stderr).toContain("add --again");
      expect(existsSync(path.join(dir, "second.xml"))).toBe(false);
      expect(readFileSync(copy).equals(before)).toBe(true);
      const again = await cli(["pay", copy, "-o", path.join(dir, "second.xml"), "--again"], NOW);
      expect(again.code).toBe(0);
      expect(existsSync(path.join(dir, "second.xml"))).toBe(true);
    });

    it("lets an invoice whose transfer the bank rejected be paid again", async () => {
      const copy = path.join(dir, "copy.xlsx");
      copyFileSync(input, copy);
      expect((await cli(["pay", input, "-o", path.join(dir, "first.xml")], NOW)).code).toBe(0);
      const register = new PaymentRegister();
      for (const e of await register.entries("FR7630004000031234567890143")) {
        await register.recordRejection({ debtorIban: e.debtorIban, invoice: e.invoice, messageId: e.messageId, paymentId: e.kind === "payment" ? e.paymentId : undefined, reason: "AC04 closed account", time: NOW.toISOString() });
      }
      const io = await cli(["pay", copy, "-o", path.join(dir, "second.xml")], NOW);
      expect(io.code).toBe(0);
      expect(io.stdout).toMatch(/^Sent 2 invoices to the bank/);
    });

    it("survives a line torn by a crash while appending, and refuses a register edited by hand", async () => {
      const register = new PaymentRegister();
      const file = register.fileFor("FR7630004000031234567890143");
      expect((await cli(["pay", input, "-o", path.join(dir, "first.xml")], NOW)).code).toBe(0);
      writeFileSync(file, readFileSync(file, "utf8") + '{"kind":"payment","inv');
      expect(await register.entries("FR7630004000031234567890143")).toHaveLength(2);
      await register.recordRejection({ debtorIban: "FR7630004000031234567890143", invoice: "RB-000009", messageId: "X", reason: "test", time: NOW.toISOString() });
      expect(await register.entries("FR7630004000031234567890143")).toHaveLength(3);
      writeFileSync(file, "edited by hand\n" + readFileSync(file, "utf8"));
      const copy = path.join(dir, "copy.xlsx");
      await writeSnapshotXlsx(book(), copy);
      const io = await cli(["pay", copy, "-o", path.join(dir, "second.xml")], NOW);
      expect(io.code).toBe(1);
      expect(io.stderr).toContain("line 1, cannot be read");
      expect(existsSync(path.join(dir, "second.xml"))).toBe(false);
    });
  });
});
