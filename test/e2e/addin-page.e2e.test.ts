import { promises as fs } from "fs";
import os from "os";
import path from "path";
import webpack from "webpack";
import type { Browser } from "playwright-core";
import { describeInBrowser, launch, openPane } from "./pane-harness";
import { StaticServer, serveFolder } from "./static-server";

const ROOT = path.resolve(__dirname, "..", "..");
type MakeConfig = (env: Record<string, unknown>, argv: Record<string, unknown>) => Promise<webpack.Configuration>;

/**
 * The add-in's own build (webpack.config.js: the page that loads both the pane and the custom
 * functions bundle, with the metadata plugin's CustomFunctions.associate calls), in development
 * mode without source maps so it builds in seconds; production only adds minification.
 */
async function buildAddin(outDir: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const make = require(path.join(ROOT, "webpack.config.js")) as MakeConfig;
  const config = await make({}, { mode: "development" });
  const { devServer: _devServer, ...build } = config as webpack.Configuration & { devServer?: unknown };
  // The manifests and icons are not part of the page (and copy-webpack-plugin's ESM import fails under Jest).
  const plugins = (build.plugins ?? []).filter((p) => p?.constructor.name !== "CopyPlugin");
  const compiler = webpack({ ...build, plugins, context: ROOT, devtool: false, output: { ...build.output, path: outDir }, infrastructureLogging: { level: "error" } });
  await new Promise<void>((resolve, reject) => {
    compiler.run((error, stats) => {
      compiler.close(() => undefined);
      if (error) return reject(error);
      if (stats?.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
}

describeInBrowser("the add-in's task pane page in a browser without Office", () => {
  let dir: string;
  let server: StaticServer;
  let browser: Browser;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "reimburse-addin-page-"));
    const built = path.join(dir, "addin");
    [, browser] = await Promise.all([buildAddin(built), launch()]);
    server = await serveFolder(built);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it("emits the functions' metadata in English and Dutch: the same functions, ids and parameters, Dutch text", async () => {
    type Metadata = { functions: { id: string; name: string; description: string; parameters: { name: string; type: string; optional?: boolean; description: string }[] }[] };
    const read = async (name: string): Promise<Metadata> => JSON.parse(await fs.readFile(path.join(dir, "addin", name), "utf8")) as Metadata;
    const [en, nl] = await Promise.all([read("functions.json"), read("functions.nl-NL.json")]);
    const shape = (m: Metadata) => m.functions.map((f) => ({ id: f.id, name: f.name, parameters: f.parameters.map((p) => [p.name, p.type, p.optional]) }));
    expect(shape(nl)).toEqual(shape(en));
    expect(en.functions.map((f) => f.id)).toEqual(["REIMBURSABLE", "REIMBURSEMENTSTATUS", "CREDITBALANCE"]);
    expect(nl.functions[2].description).toMatch(/^Het huidige saldo van een klant/);
    expect(en.functions[2].description).toMatch(/^A customer's current balance/);
    expect(nl.functions.flatMap((f) => f.parameters.map((p) => p.description))).toContain("Klantrekening, of een bereik van rekeningen (één resultaat per cel).");
  });

  it("loads the functions bundle with the pane and logs no error, though Office's CustomFunctions never arrives", async () => {
    const { page, context, errors } = await openPane(browser, server.url, 350, "en-US");
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => s.src.split("/").pop()));
    expect(scripts).toEqual(expect.arrayContaining(["functions.js", "taskpane.js"]));
    const bundle = await fs.readFile(path.join(dir, "addin", "functions.js"), "utf8");
    expect(bundle).toContain('CustomFunctions.associate("REIMBURSABLE"');
    await page.waitForLoadState("load");
    expect(await page.evaluate(() => "CustomFunctions" in window)).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});
