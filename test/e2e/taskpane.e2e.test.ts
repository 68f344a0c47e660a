import { existsSync, promises as fs } from "fs";
import os from "os";
import path from "path";
import type { Browser, Page } from "playwright-core";
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
import { StaticServer, serveFolder } from "./static-server";
import { openPackage } from "../export/export-files";
import { unzipSync } from "fflate";

/**
 * The task pane in a real browser, as a user outside Excel meets it: office.js cannot load
 * (its CDN is blocked here, as offline), so the pane opens in file mode on an .xlsx.
 */

const CHROMIUM = "/usr/bin/chromium";
// Screenshots refresh the committed ones in docs/ only when asked (UPDATE_SCREENSHOTS=1), so a
// test run does not rewrite binary files in the checkout.
const UPDATE_DOCS = process.env.UPDATE_SCREENSHOTS === "1";
const DOCS = path.resolve(__dirname, "..", "..", "docs");
const SCREENSHOTS = UPDATE_DOCS ? path.join(DOCS, "screenshots") : path.join(os.tmpdir(), "reimburse-screenshots");
const README_SHOT = UPDATE_DOCS ? path.join(DOCS, "taskpane.png") : path.join(SCREENSHOTS, "taskpane.png");
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`Chromium is required in CI at ${CHROMIUM} (.ci/run installs it)`);
if (!haveChromium) console.warn(`Skipping the task pane browser test: no Chromium at ${CHROMIUM} (apt-get install chromium).`);
const describeInBrowser = haveChromium ? describe : describe.skip;

jest.setTimeout(60_000);

function dataRows(book: WorkbookSnapshot, sheet: string): number {
  const grid = sheetNamed(book, sheet);
  return grid ? readTable(grid, [], false).rows.length : 0;
}

describeInBrowser("the task pane in a browser without Excel", () => {
  let dir: string;
  let server: StaticServer;
  let browser: Browser;
  let goodBook: string;
  let brokenBook: string;
  let brokenCell: string;
  let ranBook: string;
  let ranRunId: string;
  let sample: WorkbookSnapshot;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "reimburse-e2e-"));
    const built = path.join(dir, "addin");
    sample = sampleWorkbook({ customers: 150, seed: 7 });
    goodBook = path.join(dir, "ledger.xlsx");
    brokenBook = path.join(dir, "broken.xlsx");
    ranBook = path.join(dir, "ran.xlsx");
    const run = prepareRun(sample, { now: new Date(), selection: {} });
    ranRunId = run.plan.runId;
    const params = sheetNamed(sample, SHEETS.parameters);
    const row = params?.rows.findIndex((r) => r[0] === PARAMETER_NAMES.minimum) ?? -1;
    if (!params || row < 0) throw new Error("the sample has no minimum parameter");
    brokenCell = cellAddress(params.startRow + row, params.startCol + 1);
    const broken: WorkbookSnapshot = {
      sheets: sample.sheets.map((s) => (s === params ? { ...s, rows: s.rows.map((r, i) => (i === row ? [r[0], "abc"] : r)) } : s)),
    };
    const { chromium } = await import("playwright-core");
    [, , , , browser] = await Promise.all([
      buildPane(built),
      writeSnapshotXlsx(sample, goodBook),
      writeSnapshotXlsx(broken, brokenBook),
      writeSnapshotXlsx(applyPatchToSnapshot(sample, run.patch), ranBook),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
      }),
    ]);
    server = await serveFolder(built);
    await fs.mkdir(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  async function openPane(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 420, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    // As offline: office.js never arrives, and the pane must still work.
    await page.route("https://appsforoffice.microsoft.com/**", (route) => route.abort());
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.url}/taskpane.html`);
    await page.locator("#open-button").waitFor({ timeout: 10_000 });
    expect(errors).toEqual([]);
    return page;
  }

  const shot = (page: Page, name: string): Promise<Buffer> => page.screenshot({ path: path.join(SCREENSHOTS, name) });

  /** Clicks what starts a download and saves the file; the pane offers each through <a download>. */
  async function downloadFrom(page: Page, selector: string, name: string): Promise<string> {
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(selector).click()]);
    const saved = path.join(dir, name);
    await download.saveAs(saved);
    return saved;
  }

  it("previews, runs (after confirming all customers) and downloads a reimbursed workbook", async () => {
    const page = await openPane();
    await expect(page.locator("#mode").textContent()).resolves.toContain("File mode");
    await shot(page, "01-open.png");

    await page.setInputFiles("#file-input", goodBook);
    await expect(page.locator("#file-name").textContent()).resolves.toBeDefined();
    await page.waitForFunction(() => document.querySelector("#file-name")?.textContent?.startsWith("Open:"));
    await expect(page.locator("#setting-minimum").evaluate((e) => (e as HTMLInputElement).value)).resolves.toBe("10");
    await shot(page, "02-settings.png");

    await page.locator("#preview-button").click();
    const headline = page.locator("#preview-headline");
    await headline.waitFor();
    const expected = prepareRun(sample, { now: new Date(), selection: {} }).plan;
    expect(await headline.textContent()).toContain(`${expected.reimbursements.length} credits to reimburse`);
    await expect(page.locator("#preview-totals tbody tr").count()).resolves.toBe(expected.totals.length);
    await page.locator("#preview").scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector("#selection")?.scrollIntoView());
    await shot(page, "03-preview.png");

    await page.locator("#run-button").click();
    await page.locator("#confirm-run").waitFor();
    await page.locator("#run").screenshot({ path: path.join(SCREENSHOTS, "04-confirm.png") });
    await page.locator("#confirm-run").click();
    await page.locator("#run-headline").waitFor();
    await page.locator("#review-table").waitFor();
    await expect(page.locator("#review-table tbody tr").count()).resolves.toBe(expected.reimbursements.length);
    await page.locator("#run").scrollIntoViewIfNeeded();
    await page.evaluate(() => document.querySelector("#run")?.scrollIntoView());
    await shot(page, "05-result.png");
    await page.locator("#review").screenshot({ path: path.join(SCREENSHOTS, "06-review.png") });
    await fs.copyFile(path.join(SCREENSHOTS, "03-preview.png"), README_SHOT);

    const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#download").click()]);
    expect(download.suggestedFilename()).toBe("ledger.reimbursed.xlsx");
    const saved = path.join(dir, "downloaded.xlsx");
    await download.saveAs(saved);
    const result = await readXlsx(saved);
    expect(dataRows(result, SHEETS.reimbursements)).toBe(expected.reimbursements.length);
    expect(dataRows(result, SHEETS.invoices)).toBe(expected.reimbursements.length);
    expect(dataRows(result, SHEETS.exceptions)).toBe(expected.exceptions.length);
    expect(dataRows(result, SHEETS.oneTimeVendors)).toBe(expected.newOneTimeVendors.length);
    const header = readTable(sheetNamed(result, SHEETS.reimbursements) ?? { name: "", startRow: 1, startCol: 1, rows: [] }, [], false).header;
    expect(header).toEqual(COLUMNS.reimbursements.map((c) => c.header));
    // Running the downloaded book again finds nothing left to reimburse.
    expect(prepareRun(result, { now: new Date(), selection: {} }).plan.reimbursements).toHaveLength(0);

    // 6. Export: the Dynamics 365 package's journal holds one line per invoice, and the workbook marks them.
    await page.locator("#export-scope").evaluate((e) => e.scrollIntoView());
    const zip = new Uint8Array(await fs.readFile(await downloadFrom(page, "#export-button", "journal.zip")));
    expect(openPackage(zip).rows("Vendor invoice journal line")).toHaveLength(expected.reimbursements.length);
    await expect(page.locator("#export-headline").textContent()).resolves.toContain(`Exported ${expected.reimbursements.length} invoices and 0 credit notes`);
    // The pane is idle again once the run lists are read back.
    await page.waitForFunction(() => !document.querySelector("#export-button")?.hasAttribute("disabled"));
    await page.locator("#export").screenshot({ path: path.join(SCREENSHOTS, "08-export.png") });
    // The same invoices again as UBL: the chosen format is the one exported.
    await page.locator("#export-format-ubl").click();
    await page.locator("#export-again").click();
    const ubl = unzipSync(new Uint8Array(await fs.readFile(await downloadFrom(page, "#export-button", "ubl.zip"))));
    expect(Object.keys(ubl)).toHaveLength(expected.reimbursements.length);
    expect(new TextDecoder().decode(Object.values(ubl)[0])).toContain("<Invoice xmlns=\"urn:oasis:names:specification:ubl:schema:xsd:Invoice-2\"");
    await page.waitForFunction(() => !document.querySelector("#export-button")?.hasAttribute("disabled"));
    const exported = await readXlsx(await downloadFrom(page, "#download", "exported.xlsx"));
    const invoices = readInvoiceRows(exported);
    expect(invoices).toHaveLength(expected.reimbursements.length);
    expect(invoices.filter((i) => i.exported === null)).toEqual([]);

    // 7. Pay: a check, a confirmation, then the pain.001 file.
    const payable = preparePayment(exported, { now: new Date(), randomHex: () => "000000" }).transfers.length;
    expect(payable).toBeGreaterThan(0);
    await page.locator("#pay-check").click();
    await expect(page.locator("#pay-headline").textContent()).resolves.toContain(`${payable} invoices to pay`);
    await page.locator("#pay").screenshot({ path: path.join(SCREENSHOTS, "09-pay.png") });
    const xml = await fs.readFile(await downloadFrom(page, "#pay-confirm", "payments.xml"), "utf8");
    expect(xml).toContain(`<NbOfTxs>${payable}</NbOfTxs>`);
    await page.locator("#pay-result-headline").waitFor();
    expect(await page.locator("#pay-confirm-box").isVisible()).toBe(false);
    await page.context().close();
  });

  it("reverses a run after showing what it would give back, and Review shows the rows Reversed", async () => {
    const page = await openPane();
    await page.setInputFiles("#file-input", ranBook);
    await page.waitForFunction(() => document.querySelector("#file-name")?.textContent?.startsWith("Open:"));
    await expect(page.locator("#reverse-run").evaluate((e) => (e as HTMLSelectElement).value)).resolves.toBe(ranRunId);
    const reimbursed = readReimbursementRows(await readXlsx(ranBook)).length;

    await page.locator("#reverse-check").click();
    await expect(page.locator("#reverse-headline").textContent()).resolves.toContain(`${reimbursed} of ${reimbursed} reimbursements of ${ranRunId} can be reversed`);
    await page.locator("#reverse").screenshot({ path: path.join(SCREENSHOTS, "10-reverse.png") });
    await page.locator("#reverse-confirm").click();
    await page.locator("#reverse-result-headline").waitFor();
    // Review follows the reversal: the run's rows, now Reversed.
    await page.waitForFunction((id) => (document.querySelector("#review-run-id") as HTMLInputElement | null)?.value === id, ranRunId);
    await page.locator("#review-table").waitFor();
    const statuses = await page.locator("#review-table tbody tr td:last-child").allTextContents();
    expect(new Set(statuses)).toEqual(new Set(["Reversed"]));

    const reversed = await readXlsx(await downloadFrom(page, "#download", "reversed.xlsx"));
    const rows = readReimbursementRows(reversed);
    expect(rows).toHaveLength(reimbursed);
    expect(rows.filter((r) => r.status !== "Reversed")).toEqual([]);
    await page.context().close();
  });

  it("names the sheet and cell of a broken parameter, shows the cell, and offers no download", async () => {
    const page = await openPane();
    await page.setInputFiles("#file-input", brokenBook);
    await page.waitForFunction(() => document.querySelector("#file-name")?.textContent?.startsWith("Open:"));
    await expect(page.locator("#setting-minimum-message").textContent()).resolves.toContain('found "abc"');

    await page.locator("#preview-button").click();
    const problems = page.locator("#problems");
    await problems.waitFor();
    const text = await problems.textContent();
    expect(text).toContain(`Sheet 'Parameters', cell ${brokenCell}`);
    expect(text).toContain("Nothing was written");
    await page.locator(`#problems button[data-cell="${brokenCell}"]`).click();
    await expect(page.locator("#cell-locator").textContent()).resolves.toBe(`Sheet 'Parameters', cell ${brokenCell} holds: abc`);
    expect(await page.locator("#download").isVisible()).toBe(false);
    expect(await page.locator("#run-button").getAttribute("disabled")).not.toBeNull();
    await shot(page, "07-broken-parameter.png");

    // Typing a valid minimum clears the field's message as the user types.
    await page.locator("#setting-minimum input").fill("-5");
    await expect(page.locator("#setting-minimum-message").textContent()).resolves.toContain("zero or a positive number");
    await page.locator("#setting-minimum input").fill("25");
    await expect(page.locator("#setting-minimum-message").textContent()).resolves.toBe("");
    await page.context().close();
  });
});
