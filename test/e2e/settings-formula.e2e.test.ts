import { promises as fs } from "fs";
import os from "os";
import path from "path";
import webpack from "webpack";
import HtmlWebpackPlugin from "html-webpack-plugin";
import type { Browser, Page } from "playwright-core";
import { describeInBrowser, expectAccessible, launch } from "./pane-harness";
import { StaticServer, serveFolder } from "./static-server";

const ROOT = path.resolve(__dirname, "..", "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { BROWSER_RESOLVE } = require(path.join(ROOT, "webpack.config.js")) as { BROWSER_RESOLVE: webpack.ResolveOptions };

/** The settings form alone (settings-formula-page.ts), built in a second or two. */
function buildPage(outDir: string): Promise<void> {
  const compiler = webpack({
    mode: "development",
    devtool: false,
    context: ROOT,
    entry: { page: "./test/e2e/settings-formula-page.ts" },
    output: { path: outDir, filename: "[name].js", clean: true },
    resolve: BROWSER_RESOLVE,
    module: { rules: [{ test: /\.ts$/, exclude: /node_modules/, use: { loader: "ts-loader", options: { transpileOnly: true, compilerOptions: { module: "es2020", sourceMap: false } } } }] },
    plugins: [new HtmlWebpackPlugin({ filename: "index.html", templateContent: '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Settings</title></head><body><main></main></body></html>' })],
    performance: { hints: false },
    infrastructureLogging: { level: "error" },
  });
  return new Promise((resolve, reject) => {
    compiler.run((error, stats) => {
      compiler.close(() => undefined);
      if (error) return reject(error);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
}

const TODAY = [{ key: "date", address: "Parameters!B4", formula: "=TODAY()" }];

describeInBrowser("the settings form asks before replacing a formula", () => {
  let dir: string;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "reimburse-settings-formula-"));
    [, browser] = await Promise.all([buildPage(dir), launch()]);
    server = await serveFolder(dir);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  async function open(locale: "en-US" | "nl-NL"): Promise<Page> {
    const context = await browser.newContext({ locale, viewport: { width: 320, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/index.html`);
    await page.locator("#settings").waitFor();
    return page;
  }

  it("shows the question with 'Replace the formula' focused and 'Keep it', and hides it once answered", async () => {
    const page = await open("en-US");
    const prompt = page.locator("#settings-formula");
    expect(await prompt.isHidden()).toBe(true);
    await page.evaluate((fields) => (window as unknown as { askFormula: (f: unknown) => void }).askFormula(fields), TODAY);
    await prompt.waitFor({ state: "visible" });
    expect(await page.locator("#settings-formula-text").textContent()).toBe("Reimbursement date (Parameters!B4: =TODAY()) holds a formula. Saving replaces it with the value you typed.");
    expect(await page.locator("#settings-formula-replace").textContent()).toBe("Replace the formula");
    expect(await page.locator("#settings-formula-keep").textContent()).toBe("Keep it");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("settings-formula-replace");
    await expectAccessible(page, "formula question");
    await page.locator("#settings-formula-keep").click();
    await prompt.waitFor({ state: "hidden" });
    expect(await page.evaluate(() => (window as unknown as { formulaAnswer?: string }).formulaAnswer)).toBe("keep");
    await page.context().close();
  });

  it("asks in Dutch in a Dutch Office, and 'Formule vervangen' answers replace", async () => {
    const page = await open("nl-NL");
    await page.evaluate((fields) => (window as unknown as { askFormula: (f: unknown) => void }).askFormula(fields), TODAY);
    await page.locator("#settings-formula").waitFor({ state: "visible" });
    expect(await page.locator("#settings-formula-text").textContent()).toBe("Terugbetalingsdatum (Parameters!B4: =TODAY()) bevat een formule. Opslaan vervangt die door de waarde die u hebt getypt.");
    await page.locator("#settings-formula-replace", { hasText: "Formule vervangen" }).click();
    await page.locator("#settings-formula").waitFor({ state: "hidden" });
    expect(await page.evaluate(() => (window as unknown as { formulaAnswer?: string }).formulaAnswer)).toBe("replace");
    await page.context().close();
  });
});
