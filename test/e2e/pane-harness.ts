import { existsSync } from "fs";
import path from "path";
import type { Browser, BrowserContext, Page } from "playwright-core";

/**
 * What every browser test of the pane shares: Debian's Chromium driven by playwright-core, a
 * page at a given width and language with office.js blocked (file mode, as offline), and the
 * checks the pane must pass on every step: no sideways scrolling, no console error, no serious
 * accessibility violation (axe-core injected into the page).
 */

export const CHROMIUM = "/usr/bin/chromium";
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium && process.env.CI) throw new Error(`Chromium is required in CI at ${CHROMIUM} (.ci/run installs it)`);
if (!haveChromium) console.warn(`Skipping the task pane browser test: no Chromium at ${CHROMIUM} (apt-get install chromium).`);
export const describeInBrowser = haveChromium ? describe : describe.skip;

export async function launch(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

export interface Pane {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught exceptions seen so far. */
  errors: string[];
}

export async function openPane(browser: Browser, url: string, width: number, locale: "en-US" | "nl-NL"): Promise<Pane> {
  const context = await browser.newContext({ viewport: { width, height: 800 }, acceptDownloads: true, locale });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(url).origin });
  const page = await context.newPage();
  // As offline: office.js never arrives, and the pane must still work.
  await page.route("https://appsforoffice.microsoft.com/**", (route) => route.abort());
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    // The blocked office.js script is this test's doing, not the pane's.
    if (m.type() === "error" && !/appsforoffice|net::ERR_FAILED/.test(`${m.text()} ${m.location().url}`)) errors.push(`console: ${m.text()}`);
  });
  await page.goto(`${url}/taskpane.html`);
  await page.locator("#open-button").waitFor({ timeout: 20_000 });
  return { page, context, errors };
}

/** Fails when the page scrolls sideways: the document is wider than the pane. */
export async function expectNoHorizontalOverflow(page: Page, where: string): Promise<void> {
  const widths = await page.evaluate(() => {
    const wide = [...document.querySelectorAll<HTMLElement>("body *")]
      .filter((e) => e.offsetParent !== null && e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
      .slice(0, 5)
      .map((e) => `${e.tagName.toLowerCase()}${e.id ? "#" + e.id : ""}.${e.className}`);
    return { scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth, wide };
  });
  expect({ where, ...widths, wide: widths.scroll > widths.client ? widths.wide : [] }).toEqual({ where, scroll: widths.client, client: widths.client, wide: [] });
}

const AXE = require.resolve("axe-core/axe.min.js");

/** axe-core on what is visible now; serious and critical violations fail the test. */
export async function expectAccessible(page: Page, where: string): Promise<void> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string; nodes: { target: unknown }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ["violations"] });
    return result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} (${v.impact}): ${JSON.stringify(v.nodes.slice(0, 3).map((n) => n.target))}`);
  });
  expect({ where, violations }).toEqual({ where, violations: [] });
}

/** Shows a step by its tab and runs the checks every step must pass. */
export async function step(page: Page, id: "prepare" | "preview" | "run" | "pay" | "history", checks = true): Promise<void> {
  await page.locator(`#tab-${id}`).click();
  await page.locator(`#step-${id}`).waitFor();
  if (!checks) return;
  await expectNoHorizontalOverflow(page, id);
  await expectAccessible(page, id);
}

export const screenshotDir = (docs: string, update: boolean, tmp: string): string => (update ? path.join(docs, "screenshots") : tmp);
