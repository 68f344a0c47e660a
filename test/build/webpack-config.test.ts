import path from "path";

/**
 * The webpack configuration, evaluated without running webpack: the add-in's entries and
 * output, and a dev server that asks for the dev certificate only when it serves.
 */
interface Config {
  entry: Record<string, string>;
  output: { path: string; clean: boolean };
  resolve: { fallback: Record<string, false> };
  plugins: { constructor: { name: string }; options?: Record<string, unknown>; userOptions?: Record<string, unknown> }[];
  devServer: { port: number; headers: Record<string, string>; server: unknown; historyApiFallback?: { rewrites: { from: RegExp; to: string }[] } };
}

type MakeConfig = (env: Record<string, unknown>, argv: Record<string, unknown>) => Promise<Config>;

const ROOT = path.resolve(__dirname, "..", "..");

function loadConfig(): MakeConfig {
  return jest.requireActual(path.join(ROOT, "webpack.config.js")) as MakeConfig;
}

describe("the add-in build", () => {
  afterEach(() => {
    jest.resetModules();
    jest.dontMock("office-addin-dev-certs");
  });

  it("bundles the task pane and the functions into dist/addin, apart from the CLI in dist/", async () => {
    const config = await loadConfig()({ WEBPACK_BUILD: true, url: "https://addin.contoso.com/" }, { mode: "production" });
    expect(config.entry).toEqual({ taskpane: "./src/taskpane/index.ts", functions: "./src/functions/functions.ts", "engine-worker": "./src/taskpane/worker/engine-worker.ts" });
    expect(config.output.path).toBe(path.join(ROOT, "dist", "addin"));
    expect(config.output.clean).toBe(true);
  });

  it("makes functions.json from functions.ts and one page that loads both bundles", async () => {
    const config = await loadConfig()({ WEBPACK_BUILD: true, url: "https://addin.contoso.com/" }, { mode: "production" });
    const metadata = config.plugins.find((p) => p.constructor.name === "CustomFunctionsMetadataPlugin");
    expect(metadata?.options).toEqual({ output: "functions.json", input: "./src/functions/functions.ts" });
    const names = config.plugins.map((p) => p.constructor.name);
    expect(names.indexOf("FunctionsMetadataExtrasPlugin")).toBeGreaterThan(names.indexOf("CustomFunctionsMetadataPlugin"));
    const pages = config.plugins.filter((p) => p.constructor.name === "HtmlWebpackPlugin").map((p) => p.userOptions);
    expect(pages).toContainEqual(expect.objectContaining({ filename: "taskpane.html", chunks: ["taskpane", "functions"] }));
  });

  it("serves the pane at the dev server's root instead of a 404", async () => {
    const config = await loadConfig()({ WEBPACK_BUILD: true }, { mode: "development" });
    const rewrite = config.devServer.historyApiFallback?.rewrites.find((r) => r.from.test("/"));
    expect(rewrite?.to).toBe("/taskpane.html");
    expect(rewrite?.from.test("/functions.json")).toBe(false);
  });

  it("lets the browser bundle ignore Node modules a library names but does not use", async () => {
    const config = await loadConfig()({ WEBPACK_BUILD: true, url: "https://addin.contoso.com/" }, { mode: "production" });
    expect(config.resolve.fallback).toEqual(expect.objectContaining({ fs: false, path: false, stream: false, crypto: false }));
  });

  it("never asks for the dev certificate when building", async () => {
    jest.doMock("office-addin-dev-certs", () => {
      throw new Error("a build must not need the dev certificate");
    });
    const config = await loadConfig()({ WEBPACK_BUILD: true, url: "https://addin.contoso.com/" }, { mode: "production" });
    expect(config.devServer.server).toBe("https");
  });

  it("serves https on port 3000 with the dev certificate and CORS open for Office", async () => {
    jest.doMock("office-addin-dev-certs", () => ({
      getHttpsServerOptions: async () => ({ ca: "CA", key: "KEY", cert: "CERT" }),
    }));
    const config = await loadConfig()({ WEBPACK_SERVE: true }, { mode: "development" });
    expect(config.devServer.port).toBe(3000);
    expect(config.devServer.headers).toEqual({ "Access-Control-Allow-Origin": "*" });
    expect(config.devServer.server).toEqual({ type: "https", options: { ca: "CA", key: "KEY", cert: "CERT" } });
  });

  it("stops a production build that is not told where the add-in is served from", async () => {
    const saved = process.env.ADDIN_URL;
    delete process.env.ADDIN_URL;
    try {
      await expect(loadConfig()({ WEBPACK_BUILD: true }, { mode: "production" })).rejects.toThrow("A production build needs the URL");
    } finally {
      if (saved !== undefined) process.env.ADDIN_URL = saved;
    }
  });

  it("stops a production build whose add-in URL is not https", async () => {
    await expect(loadConfig()({ WEBPACK_BUILD: true, url: "http://contoso.com/" }, { mode: "production" })).rejects.toThrow("must use https");
  });
});
