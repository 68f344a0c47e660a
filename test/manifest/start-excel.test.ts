import fs from "fs";
import path from "path";

/**
 * `npm run start:excel` as Microsoft's office-addin-debugging runs it (checked against its
 * 7.0.0 source): it starts the command in package.json's `dev-server` script (not `start`),
 * waits for `config.dev_server_port`, then sideloads the manifest into the app named by
 * `config.app_to_debug`. Without Excel here, the test checks each of those inputs.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
  config?: Record<string, unknown>;
  devDependencies: Record<string, string>;
};

type MakeConfig = (env: Record<string, unknown>, argv: Record<string, unknown>) => Promise<{ devServer: { port: number } }>;

describe("npm run start:excel", () => {
  it("has a dev-server script that serves the add-in in development mode", () => {
    expect(pkg.scripts["dev-server"]).toBe("webpack serve --mode development");
  });

  it("runs a pinned office-addin-debugging on the manifest, for the desktop app", () => {
    const command = pkg.scripts["start:excel"];
    const match = /^npx --yes office-addin-debugging@(\d+\.\d+\.\d+) start (\S+) desktop$/.exec(command);
    expect(match).not.toBeNull();
    expect(fs.existsSync(path.join(ROOT, match?.[2] ?? ""))).toBe(true);
    expect(pkg.scripts["stop:excel"]).toBe(`npx --yes office-addin-debugging@${match?.[1]} stop ${match?.[2]}`);
    expect(pkg.config).toEqual(expect.objectContaining({ app_to_debug: "excel", app_type_to_debug: "desktop" }));
  });

  it("waits on the port the dev server listens on and the manifest points at", async () => {
    const makeConfig = jest.requireActual(path.join(ROOT, "webpack.config.js")) as MakeConfig;
    const config = await makeConfig({}, { mode: "development" });
    expect(pkg.config?.dev_server_port).toBe(config.devServer.port);
    const manifest = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
    const ports = new Set([...manifest.matchAll(/https:\/\/localhost:(\d+)\//g)].map((m) => Number(m[1])));
    expect([...ports]).toEqual([config.devServer.port]);
  });
});

describe("the deploy instructions (docs/addin.md, Deploy)", () => {
  const docs = fs.readFileSync(path.join(ROOT, "docs", "addin.md"), "utf8");
  const deploy = /\n### Deploy\n([\s\S]*?)\n#/.exec(docs)?.[1] ?? "";

  it("tell the web server to send CORS for functions.json and serve it as application/json, over https", () => {
    // Excel fetches functions.json cross-origin: without the header or with another MIME type the functions show #NAME?.
    expect(deploy).toMatch(/Access-Control-Allow-Origin[\s\S]*functions\.json|functions\.json[\s\S]*Access-Control-Allow-Origin/);
    expect(deploy).toContain("application/json");
    expect(deploy).toMatch(/https/);
  });
});
