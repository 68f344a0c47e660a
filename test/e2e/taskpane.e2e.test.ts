import { promises as fs } from "fs";
import os from "os";
import path from "path";
import type { Browser, Page } from "playwright-core";
import { CATALOGUE } from "../../src/i18n/catalogue";
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
import { describeInBrowser, expectAccessible, expectNoHorizontalOverflow, launch, openPane, step } from "./pane-harness";
import { StaticServer, serveFolder } from "./static-server";
import { openPackage } from "../export/export-files";
import { unzipSync } from "fflate";

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

  const shot = (page: Page, lang: "en" | "nl", name: string): Promise<Buffer> => page.screenshot({ path: path.join(SCREENSHOTS, lang, name), fullPage: true });

  /** Clicks what starts a download and saves the file; the pane offers each through <a download>. */
  async function downloadFrom(page: Page, selector: string, name: string): Promise<string> {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(selector).click()]);
    const saved = path.join(dir, name);
    await download.saveAs(saved);
    return saved;
  }

  async function openBook(page: Page, book: string): Promise<void> {
    await page.setInputFiles("#file-input", book);
    await page.waitForFunction((name) => document.querySelector("#file-name")?.textContent?.endsWith(name), path.basename(book));
  }

  /** Every step of the pane on one workbook: prepare, preview, exceptions, approval, run, history, export, pay. */
  async function everyStep(width: number, lang: "en" | "nl"): Promise<void> {
    const { page, errors } = await openPane(browser, server.url, width, lang === "nl" ? "nl-NL" : "en-US");
    const nl = lang === "nl";
    await expect(page.locator("#mode").textContent()).resolves.toBe(nl ? CATALOGUE["mode.file"][1] : CATALOGUE["mode.file"][0]);
    await expect(page.locator("#tab-pay").textContent()).resolves.toContain(nl ? "Betalen en exporteren" : "Pay and export");
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
    const expected = prepareRun(sample, { now: new Date(), selection: {} }).plan;
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
    await expect(locatorRow.textContent()).resolves.toContain(`cell ${cell}`);
    const box = await locatorRow.boundingBox();
    expect(box && box.y >= 0 && box.y < 800).toBe(true); // next to the row clicked, on screen
    await page.locator("#exceptions-copy").click();
    await page.waitForFunction(() => document.querySelector("#exceptions-copy ~ .status")?.textContent);
    await expect(page.locator("#exceptions-copy ~ .status").textContent()).resolves.toMatch(nl ? /rijen gekopieerd/ : /Copied \d+ rows/);
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied.split("\r\n").filter(Boolean)).toHaveLength(expected.exceptions.length + 1);
    await expectAccessible(page, "exceptions");
    await page.locator("#exceptions-table").screenshot({ path: path.join(SCREENSHOTS, lang, "04-exceptions.png") });

    // Approval before Run: totals per currency, payees with masked IBANs, exceptions; prints alone.
    await page.locator("#to-run").click();
    await page.locator("#run-approval").waitFor();
    await expect(page.locator("#run-approval table.payees tbody tr").count()).resolves.toBe(Math.min(expected.reimbursements.length, 200));
    expect(await page.locator("#run-approval").textContent()).not.toMatch(/[A-Z]{2}\d{2}[A-Z0-9]{10,}/); // no IBAN in full
    await page.evaluate(() => {
      document.body.classList.add("printing");
      document.querySelector("#run-approval")?.classList.add("print-target");
    });
    await page.emulateMedia({ media: "print" });
    await expect(page.locator("#run-button").evaluate((e) => getComputedStyle(e).visibility)).resolves.toBe("hidden");
    await expect(page.locator("#run-approval-title").evaluate((e) => getComputedStyle(e).visibility)).resolves.toBe("visible");
    await page.emulateMedia({ media: "screen" });
    await page.evaluate(() => document.body.classList.remove("printing"));
    await expectNoHorizontalOverflow(page, "run");
    await expectAccessible(page, "run");
    await shot(page, lang, "05-approval.png");
    // The names typed on the summary are recorded with the run (Approvals sheet, checked below).
    await page.locator("#run-prepared-by").fill("Anna de Vries");
    await page.locator("#run-approved-by").fill("Bram Jansen");

    await page.locator("#run-button").click();
    await page.locator("#confirm-run").click();
    await page.locator("#run-headline").waitFor({ timeout: 30_000 });
    await expect(page.locator("#run-button").getAttribute("disabled")).resolves.not.toBeNull(); // no second run of the same preview
    await expectNoHorizontalOverflow(page, "result");
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
    const approvals = readTable(sheetNamed(result, SHEETS.approvals) ?? { name: "", startRow: 1, startCol: 1, rows: [] }, [], false);
    expect(approvals.rows.map((r) => [r.cells[0], r.cells[3], r.cells[4]])).toEqual([["Run", "Anna de Vries", "Bram Jansen"]]);
    expect(prepareRun(result, { now: new Date(), selection: {} }).plan.reimbursements).toHaveLength(0);

    // Pay and export: the Dynamics 365 package, the same invoices again as UBL, then a payment on a date of the user's choice.
    await step(page, "pay");
    const zip = new Uint8Array(await fs.readFile(await downloadFrom(page, "#export-button", `journal-${lang}.zip`)));
    expect(openPackage(zip).rows("Vendor invoice journal line")).toHaveLength(expected.reimbursements.length);
    await page.waitForFunction(() => !document.querySelector("#export-button")?.hasAttribute("disabled"));
    await expectNoHorizontalOverflow(page, "export");
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

    const payable = preparePayment(exported, { now: new Date(), randomHex: () => "000000", date: "2030-01-15" }).transfers.length;
    expect(payable).toBeGreaterThan(0);
    await page.locator("#pay-date").fill("2030-01-15");
    await page.locator("#pay-check").click();
    await page.locator("#pay-headline").waitFor();
    expect(await page.locator("#pay-headline").textContent()).toContain("2030-01-15");
    await expect(page.locator("#pay-approval table.payees tbody tr").count()).resolves.toBe(Math.min(payable, 200));
    await expectNoHorizontalOverflow(page, "pay");
    await expectAccessible(page, "pay");
    await page.locator("#pay").screenshot({ path: path.join(SCREENSHOTS, lang, "09-pay.png") });
    const xml = await fs.readFile(await downloadFrom(page, "#pay-confirm", `payments-${lang}.xml`), "utf8");
    expect(xml).toContain(`<NbOfTxs>${payable}</NbOfTxs>`);
    expect(xml).toMatch(/<ReqdExctnDt>\s*(<Dt>)?2030-01-15/);
    await page.locator("#pay-result-headline").waitFor();
    await expectNoHorizontalOverflow(page, "paid");

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

    if (nl) {
      for (const id of ["prepare", "preview", "run", "pay", "history"] as const) {
        await step(page, id, false);
        const text = await page.locator("body").innerText();
        expect({ id, english: ENGLISH_ONLY.filter((en) => text.includes(en)) }).toEqual({ id, english: [] });
      }
    }
    expect(errors).toEqual([]);
    await page.context().close();
  }

  it("takes a workbook through every step at 350 px, in English", () => everyStep(350, "en"));

  it("takes a workbook through every step at 320 px, in Dutch (from the browser's language)", () => everyStep(320, "nl"));

  it("switches language by hand, keeping the workbook open", async () => {
    const { page, errors } = await openPane(browser, server.url, 320, "en-US");
    await openBook(page, goodBook);
    await page.locator("#language").selectOption("nl-NL");
    await expect(page.locator("#tab-prepare").textContent()).resolves.toContain("Voorbereiden");
    await expect(page.locator("#file-name").textContent()).resolves.toBe("Geopend: ledger.xlsx");
    await page.waitForFunction(() => (document.querySelector("#setting-minimum") as HTMLInputElement | null)?.value === "10");
    await page.locator("#language").selectOption("en");
    await expect(page.locator("#tab-prepare").textContent()).resolves.toContain("Prepare");
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("reverses a run: History lists the runs on open, Run stays disabled with nothing to reimburse", async () => {
    const { page, errors } = await openPane(browser, server.url, 320, "en-US");
    await openBook(page, ranBook);
    // History is not empty on open: the newest run and its rows.
    await step(page, "history");
    await page.locator("#review-table").waitFor();
    const reimbursed = readReimbursementRows(await readXlsx(ranBook)).length;
    await expect(page.locator("#review-table tbody tr").count()).resolves.toBe(reimbursed);
    await expect(page.locator("#reverse-run").evaluate((e) => (e as HTMLSelectElement).value)).resolves.toBe(ranRunId);

    await step(page, "preview", false);
    await page.locator("#preview-button").click();
    await expect(page.locator("#preview-headline").textContent()).resolves.toBe("No credit balance to reimburse");
    await step(page, "run");
    await expect(page.locator("#run-button").getAttribute("disabled")).resolves.not.toBeNull();
    await expect(page.locator("#run-intro").textContent()).resolves.toContain("Nothing to reimburse");

    await step(page, "history", false);
    await page.locator("#reverse-check").click();
    await expect(page.locator("#reverse-headline").textContent()).resolves.toContain(`${reimbursed} of ${reimbursed} reimbursements of ${ranRunId} can be reversed`);
    await expectNoHorizontalOverflow(page, "reverse");
    await expectAccessible(page, "reverse");
    await page.locator("#reverse").screenshot({ path: path.join(SCREENSHOTS, "en", "10-reverse.png") });
    await page.locator("#reverse-confirm").click();
    await page.locator("#reverse-result-headline").waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll("#review-table tbody tr td:last-child")].every((td) => td.textContent === "Reversed"));
    const rows = readReimbursementRows(await readXlsx(await downloadFrom(page, "#download", "reversed.xlsx")));
    expect(rows).toHaveLength(reimbursed);
    expect(rows.filter((r) => r.status !== "Reversed")).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("names the sheet and cell of a broken parameter beside Preview, focused, and shows the cell there", async () => {
    const { page, errors } = await openPane(browser, server.url, 350, "en-US");
    await openBook(page, brokenBook);
    await page.waitForFunction(() => document.querySelector("#setting-minimum-message")?.textContent?.includes('found "abc"'));

    await page.locator("#prepare-preview").click();
    const problems = page.locator("#preview-problems");
    await problems.waitFor();
    const text = await problems.textContent();
    expect(text).toContain(`Sheet 'Parameters', cell ${brokenCell}`);
    expect(text).toContain("Nothing was written");
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe("preview-problems");
    const box = await problems.boundingBox();
    expect(box && box.y >= 0 && box.y < 800).toBe(true);
    await page.locator(`#preview-problems button[data-cell="${brokenCell}"]`).click();
    await expect(page.locator("#preview-problems #cell-locator").textContent()).resolves.toBe(`Sheet 'Parameters', cell ${brokenCell} holds: abc`);
    expect(await page.locator("#download").isVisible()).toBe(false);
    expect(await page.locator("#run-button").getAttribute("disabled")).not.toBeNull();
    await expectAccessible(page, "broken");
    await shot(page, "en", "11-broken-parameter.png");

    await step(page, "prepare", false);
    await page.locator("#setting-minimum input").fill("-5");
    await expect(page.locator("#setting-minimum-message").textContent()).resolves.toContain("zero or a positive number");
    await page.locator("#setting-minimum input").fill("25");
    await expect(page.locator("#setting-minimum-message").textContent()).resolves.toBe("");
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("keeps the open workbook, and says so, when a file that is not a workbook is opened", async () => {
    const { page, errors } = await openPane(browser, server.url, 320, "en-US");
    await openBook(page, goodBook);
    await page.setInputFiles("#file-input", notABook);
    await page.waitForFunction(() => document.querySelector("#file-name")?.textContent?.startsWith("Could not open"));
    await expect(page.locator("#file-name").textContent()).resolves.toBe("Could not open notes.xlsx. Still open: ledger.xlsx");
    await expect(page.locator("#prepare-problems").textContent()).resolves.toContain("notes.xlsx is not a workbook Reimburse can read");
    await page.locator("#prepare-preview").click();
    await page.locator("#preview-headline").waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
