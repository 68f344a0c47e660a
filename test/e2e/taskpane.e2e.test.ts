import { promises as fs } from "fs";
import os from "os";
import path from "path";
import type { Browser, Page } from "playwright-core";
import { XMLParser } from "fast-xml-parser";
import { CATALOGUE, MessageKey } from "../../src/i18n/catalogue";
import { Vars, setLanguage, t } from "../../src/i18n/i18n";
import { readXlsx } from "../../src/file/xlsx-read";
import { writeSnapshotXlsx } from "../../src/file/xlsx-write";
import { preparePayment } from "../../src/payments/prepare-payment";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { COLUMNS, PARAMETER_NAMES, SHEETS } from "../../src/workbook/contract";
import { WorkbookSnapshot, cellAddress } from "../../src/workbook/grid";
import { readInvoiceRows, readReimbursementRows } from "../../src/workbook/read-outputs";
import { prepareRun } from "../../src/workbook/run";
import { readTable, sheetNamed } from "../../src/workbook/table";
import { sampleWorkbook } from "../../src/workbook/sample";
import { buildPane } from "./build-pane";
import { Pane, describeInBrowser, expectAccessible, expectNoHorizontalOverflow, launch, openPane, step } from "./pane-harness";
import { StaticServer, serveFolder } from "./static-server";
import { openPackage } from "../export/export-files";
import { unzipSync } from "fflate";
import { statusReportXml } from "../payments/status-report-fixture";

/**
 * The task pane in a real browser, as a user outside Excel meets it, at the widths of a narrow
 * Office task pane (320 and 350 px) and in both languages: office.js cannot load (its CDN is
 * blocked here, as offline), so the pane opens in file mode on an .xlsx.
 */

// Screenshots refresh the committed ones in docs/ only when asked (UPDATE_SCREENSHOTS=1), so a
// test run does not rewrite binary files in the checkout.
const UPDATE_DOCS = process.env.UPDATE_SCREENSHOTS === "1";
const DOCS = path.resolve(__dirname, "..", "..", "docs");
const SCREENSHOTS = UPDATE_DOCS ? path.join(DOCS, "screenshots") : path.join(os.tmpdir(), "reimburse-screenshots");
const README_SHOT = UPDATE_DOCS ? path.join(DOCS, "taskpane.png") : path.join(SCREENSHOTS, "taskpane.png");

jest.setTimeout(240_000);

type Lang = "en" | "nl";

/** The Approvals sheet's rows: [what, prepared by, approved by]. */
function approvalsOf(book: WorkbookSnapshot): unknown[][] {
  const grid = sheetNamed(book, SHEETS.approvals);
  return grid ? readTable(grid, [], false).rows.map((r) => [r.cells[0], r.cells[3], r.cells[4]]) : [];
}

function dataRows(book: WorkbookSnapshot, sheet: string): number {
  const grid = sheetNamed(book, sheet);
  return grid ? readTable(grid, [], false).rows.length : 0;
}

/** English texts of the catalogue that must not appear in the Dutch pane (long enough to be sentences). */
const ENGLISH_ONLY = Object.values(CATALOGUE)
  .map(([en, nl]) => [en.split("|")[0], nl] as const)
  .filter(([en, nl]) => en !== nl && !/[{]/.test(en) && en.length >= 12)
  .map(([en]) => en);

describeInBrowser("the task pane in a browser without Excel", () => {
  let dir: string;
  let server: StaticServer;
  let browser: Browser;
  let goodBook: string;
  let brokenBook: string;
  let brokenCell: string;
  let ranBook: string;
  let ranRunId: string;
  let notABook: string;
  let sample: WorkbookSnapshot;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "reimburse-e2e-"));
    const built = path.join(dir, "addin");
    sample = sampleWorkbook({ customers: 150, seed: 7 });
    goodBook = path.join(dir, "ledger.xlsx");
    brokenBook = path.join(dir, "broken.xlsx");
    ranBook = path.join(dir, "ran.xlsx");
    notABook = path.join(dir, "notes.xlsx");
    const run = prepareRun(sample, { now: new Date(), selection: {} });
    ranRunId = run.plan.runId;
    const params = sheetNamed(sample, SHEETS.parameters);
    const row = params?.rows.findIndex((r) => r[0] === PARAMETER_NAMES.minimum) ?? -1;
    if (!params || row < 0) throw new Error("the sample has no minimum parameter");
    brokenCell = cellAddress(params.startRow + row, params.startCol + 1);
    const broken: WorkbookSnapshot = {
      sheets: sample.sheets.map((s) => (s === params ? { ...s, rows: s.rows.map((r, i) => (i === row ? [r[0], "abc"] : r)) } : s)),
    };
    [, , , , , browser] = await Promise.all([
      buildPane(built),
      writeSnapshotXlsx(sample, goodBook),
      writeSnapshotXlsx(broken, brokenBook),
      writeSnapshotXlsx(applyPatchToSnapshot(sample, run.patch), ranBook),
      fs.writeFile(notABook, "these are notes, not a workbook"),
      launch(),
    ]);
    server = await serveFolder(built);
    await fs.mkdir(path.join(SCREENSHOTS, "en"), { recursive: true });
    await fs.mkdir(path.join(SCREENSHOTS, "nl"), { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const shot = (page: Page, lang: Lang, name: string): Promise<Buffer> => page.screenshot({ path: path.join(SCREENSHOTS, lang, name), fullPage: true });

  /** Clicks what starts a download and saves the file; the pane offers each through <a download>. */
  async function downloadFrom(page: Page, selector: string, name: string): Promise<string> {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(selector).click()]);
    const saved = path.join(dir, name);
    await download.saveAs(saved);
    return saved;
  }

  /** The approval prints alone (print CSS, as its Print button sets it up): the page's controls do not. */
  async function expectPrintsAlone(page: Page, prefix: "run" | "pay", control: string): Promise<void> {
    await page.evaluate((id) => {
      document.body.classList.add("printing");
      document.querySelector(id)?.classList.add("print-target");
    }, `#${prefix}-approval`);
    await page.emulateMedia({ media: "print" });
    await expect(page.locator(control).evaluate((e) => getComputedStyle(e).visibility)).resolves.toBe("hidden");
    await expect(page.locator(`#${prefix}-approval-title`).evaluate((e) => getComputedStyle(e).visibility)).resolves.toBe("visible");
    await page.emulateMedia({ media: "screen" });
    await page.evaluate((id) => {
      document.body.classList.remove("printing");
      document.querySelector(id)?.classList.remove("print-target");
    }, `#${prefix}-approval`);
  }

  async function openBook(page: Page, book: string): Promise<void> {
    await page.setInputFiles("#file-input", book);
    await page.waitForFunction((name) => document.querySelector("#file-name")?.textContent?.endsWith(name), path.basename(book));
  }

  /** The catalogue's text in a language, as the pane shows it. */
  function tr(lang: Lang, key: MessageKey, vars: Vars = {}): string {
    setLanguage(lang === "nl" ? "nl-NL" : "en");
    try {
      return t(key, vars);
    } finally {
      setLanguage("en");
    }
  }

  /** The catalogue's text up to its first placeholder named `until`. */
  const trUntil = (lang: Lang, key: MessageKey, until: string, vars: Vars = {}): string => tr(lang, key, { ...vars, [until]: "\u0000" }).split("\u0000")[0];

  /** The pain.002 a bank returns for a payment file: every transfer settled but the first, rejected as a closed account. */
  function bankReport(paymentXml: string, reportId: string): { xml: string; rejected: string; settled: number } {
    type Tx = { PmtId: { InstrId: string; EndToEndId: string } };
    type PmtInf = { PmtInfId: string; CdtTrfTxInf: Tx[] };
    const doc = new XMLParser({ parseTagValue: false, ignoreAttributes: true, isArray: (name) => name === "CdtTrfTxInf" || name === "PmtInf" }).parse(paymentXml) as {
      Document: { CstmrCdtTrfInitn: { GrpHdr: { MsgId: string }; PmtInf: PmtInf[] } };
    };
    const { GrpHdr, PmtInf } = doc.Document.CstmrCdtTrfInitn;
    const first = PmtInf[0].CdtTrfTxInf[0].PmtId.EndToEndId;
    const blocks = PmtInf.map((b) => ({
      paymentInfoId: b.PmtInfId,
      transactions: b.CdtTrfTxInf.map((tx) => ({
        endToEndId: tx.PmtId.EndToEndId,
        instructionId: tx.PmtId.InstrId,
        ...(tx.PmtId.EndToEndId === first ? { status: "RJCT", reasons: [{ code: "AC04" }] } : { status: "ACSC" }),
      })),
    }));
    const count = PmtInf.reduce((n, b) => n + b.CdtTrfTxInf.length, 0);
    return { xml: statusReportXml({ version: "pain.002.001.10", messageId: reportId, originalMessageId: GrpHdr.MsgId, groupStatus: "PART", blocks }), rejected: first, settled: count - 1 };
  }

  /**
   * One pane per width, in one language each (350 px English, 320 px Dutch from the browser's
   * language), taken through every flow in turn on the same page: what one flow leaves (the
   * payment file, the register of issued payments) is what the next one meets, as for a user.
   */
  describe.each([
    { width: 350, lang: "en" as Lang },
    { width: 320, lang: "nl" as Lang },
  ])("at $width px, in $lang", ({ width, lang }) => {
    const nl = lang === "nl";
    let pane: Pane;
    let page: Page;
    let paidFile = "";
    let paymentXml = "";
    let expected: ReturnType<typeof prepareRun>["plan"];

    beforeAll(async () => {
      pane = await openPane(browser, server.url, width, nl ? "nl-NL" : "en-US");
      page = pane.page;
      expected = prepareRun(sample, { now: new Date(), selection: {} }).plan;
    });

    afterAll(async () => {
      await pane?.context.close();
    });

    /** Every flow ends on a page that logged no error. */
    const noErrors = (): void => {
      expect(pane.errors).toEqual([]);
    };

    it("prepares, previews, approves, runs and shows the history of a workbook, the first click after an edit kept", async () => {
      await expect(page.locator("#mode").textContent()).resolves.toBe(tr(lang, "mode.file"));
      await expect(page.locator("#tab-pay").textContent()).resolves.toContain(tr(lang, "step.pay"));
      await expectNoHorizontalOverflow(page, "open");
      await expectAccessible(page, "open");
      await shot(page, lang, "01-open.png");

      await openBook(page, goodBook);
      await page.waitForFunction(() => (document.querySelector("#setting-minimum") as HTMLInputElement | null)?.value === "10");
      await expectNoHorizontalOverflow(page, "prepare");
      await expectAccessible(page, "prepare");
      await shot(page, lang, "02-prepare.png");

      // The lost first click: editing a field, then clicking Preview at once (the field's change
      // event fires on that very mousedown) must preview on the first click, saving the edit.
      await page.locator("#setting-minimum input").fill("10.00");
      await page.locator("#prepare-preview").click();
      const headline = page.locator("#preview-headline");
      await headline.waitFor({ timeout: 30_000 });
      await expect(page.locator("#download").isVisible()).resolves.toBe(true); // the edit was saved to the workbook
      const customers = new Set(expected.reimbursements.map((r) => r.customerAccount)).size;
      expect(await headline.textContent()).toContain(nl ? `${expected.reimbursements.length} creditsaldi van ${customers} klanten` : `${expected.reimbursements.length} credits of ${customers} customers`);
      await expect(page.locator("#preview-totals tbody tr").count()).resolves.toBe(expected.totals.length);
      await expectNoHorizontalOverflow(page, "preview");
      await expectAccessible(page, "preview");
      await shot(page, lang, "03-preview.png");
      if (!nl) await fs.copyFile(path.join(SCREENSHOTS, lang, "03-preview.png"), README_SHOT);

      // Exceptions: grouped by reason with counts, filtered, sorted, each row showing its cell beside it.
      const rows = page.locator("#exceptions-table tbody tr:not(.group-row)");
      await expect(rows.count()).resolves.toBe(Math.min(expected.exceptions.length, 200));
      const groups = await page.locator("#exceptions-table tr.group-row").allTextContents();
      expect(groups.length).toBeGreaterThan(0);
      expect(groups.join(" ")).toMatch(/\(\d+\)/);
      const blocked = expected.exceptions.filter((e) => /blocked/i.test(e.reason)).length;
      await page.locator("#exceptions-filter input").fill("blocked");
      await expect(rows.count()).resolves.toBe(blocked);
      await page.locator("#exceptions-filter input").fill("");
      await page.locator('#exceptions-table th[data-key="amount"] button').click();
      await expect(page.locator('#exceptions-table th[data-key="amount"]').getAttribute("aria-sort")).resolves.toBe("ascending");
      const first = rows.first();
      const cell = await first.getAttribute("data-cell");
      await first.locator("button.cell-link").click();
      const locatorRow = page.locator("#exceptions-table tr.locator-row");
      await expect(locatorRow.textContent()).resolves.toContain(nl ? `cel ${cell}` : `cell ${cell}`);
      const box = await locatorRow.boundingBox();
      expect(box && box.y >= 0 && box.y < 800).toBe(true); // next to the row clicked, on screen
      await page.locator("#exceptions-copy").click();
      await page.waitForFunction(() => document.querySelector("#exceptions-copy ~ .status")?.textContent);
      await expect(page.locator("#exceptions-copy ~ .status").textContent()).resolves.toMatch(nl ? /rijen gekopieerd/ : /Copied \d+ rows/);
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied.split("\r\n").filter(Boolean)).toHaveLength(expected.exceptions.length + 1);
      await expectNoHorizontalOverflow(page, "exceptions");
      await expectAccessible(page, "exceptions");
      await page.locator("#exceptions-table").screenshot({ path: path.join(SCREENSHOTS, lang, "04-exceptions.png") });

      // Approval before Run: totals per currency, payees with masked IBANs, exceptions; prints alone.
      await page.locator("#to-run").click();
      await page.locator("#run-approval").waitFor();
      await expect(page.locator("#run-approval table.payees tbody tr").count()).resolves.toBe(Math.min(expected.reimbursements.length, 200));
      expect(await page.locator("#run-approval").textContent()).not.toMatch(/[A-Z]{2}\d{2}[A-Z0-9]{10,}/); // no IBAN in full
      await expectPrintsAlone(page, "run", "#run-button");
      // The names typed on the summary are recorded with the run (Approvals sheet, checked below).
      await page.locator("#run-prepared-by").fill("Anna de Vries");
      await page.locator("#run-approved-by").fill("Bram Jansen");
      await expectNoHorizontalOverflow(page, "run");
      await expectAccessible(page, "run");
      await shot(page, lang, "05-approval.png");

      await page.locator("#run-button").click();
      await page.locator("#confirm-run").click();
      await page.locator("#run-headline").waitFor({ timeout: 30_000 });
      await expect(page.locator("#run-button").getAttribute("disabled")).resolves.not.toBeNull(); // no second run of the same preview
      await expectNoHorizontalOverflow(page, "result");
      await expectAccessible(page, "result");
      await shot(page, lang, "06-result.png");

      await step(page, "history");
      await page.locator("#review-table").waitFor();
      await expect(page.locator("#review-table tbody tr").count()).resolves.toBe(expected.reimbursements.length);
      await shot(page, lang, "07-history.png");

      const result = await readXlsx(await downloadFrom(page, "#download", `downloaded-${lang}.xlsx`));
      expect(dataRows(result, SHEETS.reimbursements)).toBe(expected.reimbursements.length);
      expect(dataRows(result, SHEETS.invoices)).toBe(expected.reimbursements.length);
      expect(dataRows(result, SHEETS.exceptions)).toBe(expected.exceptions.length);
      expect(dataRows(result, SHEETS.oneTimeVendors)).toBe(expected.newOneTimeVendors.length);
      const header = readTable(sheetNamed(result, SHEETS.reimbursements) ?? { name: "", startRow: 1, startCol: 1, rows: [] }, [], false).header;
      expect(header).toEqual(COLUMNS.reimbursements.map((c) => c.header));
      expect(approvalsOf(result)).toEqual([["Run", "Anna de Vries", "Bram Jansen"]]);
      expect(prepareRun(result, { now: new Date(), selection: {} }).plan.reimbursements).toHaveLength(0);
      noErrors();
    });

    it("exports to accounts payable and pays on a chosen date after a signed pay approval, refusing to pay an older copy twice", async () => {
      // Pay and export: the Dynamics 365 package, the same invoices again as UBL, then a payment on a date of the user's choice.
      await step(page, "pay");
      const zip = new Uint8Array(await fs.readFile(await downloadFrom(page, "#export-button", `journal-${lang}.zip`)));
      expect(openPackage(zip).rows("Vendor invoice journal line")).toHaveLength(expected.reimbursements.length);
      await page.waitForFunction(() => !document.querySelector("#export-button")?.hasAttribute("disabled"));
      await expectNoHorizontalOverflow(page, "export");
      await expectAccessible(page, "export");
      await page.locator("#export").screenshot({ path: path.join(SCREENSHOTS, lang, "08-export.png") });
      // The chosen format is the one exported.
      await page.locator("#export-format-ubl").click();
      await page.locator("#export-again").click();
      const ubl = unzipSync(new Uint8Array(await fs.readFile(await downloadFrom(page, "#export-button", `ubl-${lang}.zip`))));
      expect(Object.keys(ubl)).toHaveLength(expected.reimbursements.length);
      expect(new TextDecoder().decode(Object.values(ubl)[0])).toContain('<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"');
      await page.waitForFunction(() => !document.querySelector("#export-button")?.hasAttribute("disabled"));
      const exportedFile = await downloadFrom(page, "#download", `exported-${lang}.xlsx`);
      const exported = await readXlsx(exportedFile);
      expect(readInvoiceRows(exported).filter((i) => i.exported === null)).toEqual([]);

      // The pay approval: who is paid (name, masked IBAN, amount), the total, and where to sign.
      const payment = preparePayment(exported, { now: new Date(), randomHex: () => "000000", date: "2030-01-15" });
      const payable = payment.transfers.length;
      expect(payable).toBeGreaterThan(0);
      await page.locator("#pay-date").fill("2030-01-15");
      await page.locator("#pay-check").click();
      await page.locator("#pay-headline").waitFor();
      expect(await page.locator("#pay-headline").textContent()).toContain("2030-01-15");
      const approval = page.locator("#pay-approval");
      await expect(approval.locator("#pay-approval-title").textContent()).resolves.toBe(tr(lang, "approval.payTitle", { date: "2030-01-15" }));
      const payees = approval.locator("table.payees tbody tr");
      await expect(payees.count()).resolves.toBe(Math.min(payable, 200));
      const firstPayee = await payees.first().locator("td").allTextContents();
      const transfer = payment.transfers[0];
      expect(firstPayee[0]).toContain(transfer.creditor.name);
      expect(firstPayee[1]).toMatch(/^[A-Z]{2}\d{2} •••• [A-Z0-9]{4}$/);
      expect(firstPayee[1].slice(-4)).toBe((transfer.iban ?? "").slice(-4));
      expect(await approval.textContent()).not.toMatch(/[A-Z]{2}\d{2}[A-Z0-9]{10,}/); // no IBAN in full
      await page.locator("#pay-prepared-by").fill("Carla Smit");
      await page.locator("#pay-approved-by").fill("Daan Visser");
      await expectPrintsAlone(page, "pay", "#pay-confirm");
      await expectNoHorizontalOverflow(page, "pay");
      await expectAccessible(page, "pay");
      await page.locator("#pay").screenshot({ path: path.join(SCREENSHOTS, lang, "09-pay.png") });
      await approval.screenshot({ path: path.join(SCREENSHOTS, lang, "10-pay-approval.png") });

      paymentXml = await fs.readFile(await downloadFrom(page, "#pay-confirm", `payments-${lang}.xml`), "utf8");
      expect(paymentXml).toContain(`<NbOfTxs>${payable}</NbOfTxs>`);
      expect(paymentXml).toMatch(/<ReqdExctnDt>\s*(<Dt>)?2030-01-15/);
      await page.locator("#pay-result-headline").waitFor();
      await expectNoHorizontalOverflow(page, "paid");
      await expectAccessible(page, "paid");
      paidFile = await downloadFrom(page, "#download", `paid-${lang}.xlsx`);
      const paid = await readXlsx(paidFile);
      const messageId = /<MsgId>([^<]+)<\/MsgId>/.exec(paymentXml)?.[1];
      expect(approvalsOf(paid)).toEqual([["Run", "Anna de Vries", "Bram Jansen"], ["Payment", "Carla Smit", "Daan Visser"]]);
      expect(readTable(sheetNamed(paid, SHEETS.approvals) ?? { name: "", startRow: 1, startCol: 1, rows: [] }, [], false).rows[1].cells[1]).toBe(messageId);

      // The copy from before the payment: the browser's register of issued payments refuses it until "Pay again" is ticked.
      await openBook(page, exportedFile);
      await step(page, "pay", false);
      await page.locator("#pay-date").fill("2030-01-15");
      await page.locator("#pay-check").click();
      await page.locator("#pay-earlier li").first().waitFor();
      await expect(page.locator("#pay-earlier li").count()).resolves.toBe(payable);
      expect(await page.locator("#pay-confirm").isVisible() && !(await page.locator("#pay-confirm").isDisabled())).toBe(false);
      await page.locator("#pay-again").click();
      await page.waitForFunction(() => !document.querySelector("#pay-confirm")?.hasAttribute("disabled") && !document.querySelector("#pay-confirm")?.closest("[hidden]"));
      await expectAccessible(page, "pay again");
      noErrors();
    });

    it("imports the bank's status report (pain.002): settled transfers become Paid, a rejected one is payable again", async () => {
      if (!paidFile) throw new Error("the payment flow above did not leave a paid workbook");
      const report = bankReport(paymentXml, `BANK-${lang.toUpperCase()}-1`);
      const reportFile = path.join(dir, `status-${lang}.xml`);
      await fs.writeFile(reportFile, report.xml);
      await openBook(page, paidFile);
      await step(page, "pay", false);
      await page.setInputFiles("#status-file", reportFile);
      await page.locator("#status-check").click();
      await page.locator("#status-headline").waitFor();
      const messageId = /<MsgId>([^<]+)<\/MsgId>/.exec(paymentXml)?.[1] ?? "";
      await expect(page.locator("#status-headline").textContent()).resolves.toBe(tr(lang, "status.headline", {
        report: `BANK-${lang.toUpperCase()}-1`, version: "pain.002.001.10", message: messageId, paid: report.settled, rejected: 1, pending: 0,
      }));
      const rejected = page.locator("#status-output ul li");
      await expect(rejected.count()).resolves.toBe(1);
      await expect(rejected.first().textContent()).resolves.toContain(report.rejected);
      await expect(page.locator("#status-confirm").textContent()).resolves.toBe(tr(lang, "status.confirmLabel", { paid: report.settled, rejected: 1 }));
      await expectNoHorizontalOverflow(page, "status");
      await expectAccessible(page, "status");
      await page.locator("#status-confirm").click();
      const done = page.locator("#status-result-headline");
      await done.waitFor();
      await expect(done.textContent()).resolves.toBe(tr(lang, "status.done", { report: `BANK-${lang.toUpperCase()}-1`, paid: report.settled, rejected: 1 }));
      await expectNoHorizontalOverflow(page, "status recorded");
      await expectAccessible(page, "status recorded");
      await page.locator("#status-report").screenshot({ path: path.join(SCREENSHOTS, lang, "11-status.png") });

      const recorded = await readXlsx(await downloadFrom(page, "#download", `status-${lang}.xlsx`));
      const statuses = readInvoiceRows(recorded).filter((i) => i.status !== "Open");
      expect(statuses.filter((i) => i.status === "Paid")).toHaveLength(report.settled);
      expect(statuses.filter((i) => i.status !== "Paid").map((i) => [i.invoice, i.status])).toEqual([[report.rejected, "Rejected"]]);
      expect(dataRows(recorded, SHEETS.paymentStatus)).toBeGreaterThan(0);

      // The rejected transfer is payable again: the register knows the bank refused it, so nothing is "paid before".
      await page.locator("#pay-date").fill("2030-01-16");
      await page.locator("#pay-check").click();
      await page.locator("#pay-headline").waitFor();
      await expect(page.locator("#pay-approval table.payees tbody tr").count()).resolves.toBe(1);
      await expect(page.locator("#pay-earlier").isHidden()).resolves.toBe(true);
      noErrors();
    });

    it("reverses a run: History lists the runs on open, Run stays disabled with nothing to reimburse", async () => {
      await openBook(page, ranBook);
      // History is not empty on open: the newest run and its rows.
      await step(page, "history");
      await page.locator("#review-table").waitFor();
      const reimbursed = readReimbursementRows(await readXlsx(ranBook)).length;
      await expect(page.locator("#review-table tbody tr").count()).resolves.toBe(reimbursed);
      await expect(page.locator("#reverse-run").evaluate((e) => (e as HTMLSelectElement).value)).resolves.toBe(ranRunId);

      await step(page, "preview", false);
      await page.locator("#preview-button").click();
      await expect(page.locator("#preview-headline").textContent()).resolves.toBe(tr(lang, "preview.nothing"));
      await step(page, "run");
      await expect(page.locator("#run-button").getAttribute("disabled")).resolves.not.toBeNull();
      await expect(page.locator("#run-intro").textContent()).resolves.toContain(tr(lang, "run.nothing"));

      await step(page, "history", false);
      await page.locator("#reverse-check").click();
      const headline = trUntil(lang, "reverse.headline", "totals", { count: reimbursed, reimbursements: tr(lang, "count.reimbursement", { n: reimbursed }), runId: ranRunId });
      await expect(page.locator("#reverse-headline").textContent()).resolves.toContain(headline);
      await expectNoHorizontalOverflow(page, "reverse");
      await expectAccessible(page, "reverse");
      await page.locator("#reverse").screenshot({ path: path.join(SCREENSHOTS, lang, "12-reverse.png") });
      await page.locator("#reverse-confirm").click();
      await page.locator("#reverse-result-headline").waitFor();
      await page.waitForFunction(() => [...document.querySelectorAll("#review-table tbody tr td:last-child")].every((td) => td.textContent === "Reversed"));
      await expectNoHorizontalOverflow(page, "reversed");
      const rows = readReimbursementRows(await readXlsx(await downloadFrom(page, "#download", `reversed-${lang}.xlsx`)));
      expect(rows).toHaveLength(reimbursed);
      expect(rows.filter((r) => r.status !== "Reversed")).toEqual([]);
      noErrors();
    });

    it("names the sheet and cell of a broken parameter beside Preview, focused, and checks the settings as they are typed", async () => {
      await openBook(page, brokenBook);
      await step(page, "prepare", false);
      await page.waitForFunction(() => document.querySelector("#setting-minimum-message")?.textContent?.includes('"abc"'));
      await expect(page.locator("#setting-minimum-message").textContent()).resolves.toContain(nl ? 'gevonden: "abc"' : 'found "abc"');

      await page.locator("#prepare-preview").click();
      const problems = page.locator("#preview-problems");
      await problems.waitFor();
      const text = await problems.textContent();
      expect(text).toContain(tr(lang, "cell.where", { sheet: "Parameters", address: brokenCell }));
      expect(text).toContain(tr(lang, "error.stoppedOne", { action: tr(lang, "action.preview") }));
      await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("preview-problems");
      const box = await problems.boundingBox();
      expect(box && box.y >= 0 && box.y < 800).toBe(true);
      await page.locator(`#preview-problems button[data-cell="${brokenCell}"]`).click();
      await expect(page.locator("#preview-problems #cell-locator").textContent()).resolves.toBe(tr(lang, "cell.holds", { where: tr(lang, "cell.where", { sheet: "Parameters", address: brokenCell }), text: "abc" }));
      expect(await page.locator("#download").isVisible()).toBe(false);
      expect(await page.locator("#run-button").getAttribute("disabled")).not.toBeNull();
      await expectNoHorizontalOverflow(page, "broken");
      await expectAccessible(page, "broken");
      await shot(page, lang, "13-broken-parameter.png");

      // Settings: each field says at once what is wrong with what was typed, and clears when it is right.
      await step(page, "prepare");
      await page.locator("#setting-minimum input").fill("-5");
      await expect(page.locator("#setting-minimum-message").textContent()).resolves.toContain(nl ? "nul of een positief getal" : "zero or a positive number");
      await expectNoHorizontalOverflow(page, "settings");
      await expectAccessible(page, "settings");
      await page.locator("#setting-minimum input").fill("25");
      await expect(page.locator("#setting-minimum-message").textContent()).resolves.toBe("");
      noErrors();
    });

    it("keeps the open workbook, and says so, when a file that is not a workbook is opened", async () => {
      await openBook(page, goodBook);
      await page.setInputFiles("#file-input", notABook);
      const failed = tr(lang, "file.failedKept", { name: "notes.xlsx", previous: "ledger.xlsx" });
      await page.waitForFunction((text) => document.querySelector("#file-name")?.textContent === text, failed);
      await expect(page.locator("#prepare-problems").textContent()).resolves.toContain(trUntil(lang, "file.notWorkbook", "reason", { name: "notes.xlsx" }));
      await expectAccessible(page, "not a workbook");
      await page.locator("#prepare-preview").click();
      await page.locator("#preview-headline").waitFor();
      noErrors();
    });

    it("switches language by hand, keeping the workbook open", async () => {
      const other: Lang = nl ? "en" : "nl";
      await openBook(page, goodBook);
      await step(page, "prepare", false);
      await page.locator("#language").selectOption(other === "nl" ? "nl-NL" : "en");
      await expect(page.locator("#tab-prepare").textContent()).resolves.toContain(tr(other, "step.prepare"));
      await expect(page.locator("#file-name").textContent()).resolves.toBe(tr(other, "file.openName", { name: "ledger.xlsx" }));
      await page.waitForFunction(() => (document.querySelector("#setting-minimum") as HTMLInputElement | null)?.value === "10");
      await expectNoHorizontalOverflow(page, "switched");
      await expectAccessible(page, "switched");
      await page.locator("#language").selectOption(nl ? "nl-NL" : "en");
      await expect(page.locator("#tab-prepare").textContent()).resolves.toContain(tr(lang, "step.prepare"));
      if (nl) {
        for (const id of ["prepare", "preview", "run", "pay", "history"] as const) {
          await step(page, id, false);
          const text = await page.locator("body").innerText();
          expect({ id, english: ENGLISH_ONLY.filter((en) => text.includes(en)) }).toEqual({ id, english: [] });
        }
      }
      noErrors();
    });
  });
});
