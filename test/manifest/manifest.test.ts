import fs from "fs";
import path from "path";
import { XMLValidator } from "fast-xml-parser";
import { ManifestElement, manifestElements, named, only } from "./manifest-xml";

// The build's own transform, so the test checks what `npm run build` ships.
const manifestUrl = require("../../scripts/manifest-url") as {
  DEV_URL: string;
  productionUrl(env?: { url?: string }, environ?: Record<string, string | undefined>): string;
  toProductionManifest(xml: string, url: string): string;
};

const ROOT = path.resolve(__dirname, "..", "..");
const devXml = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");
const PRODUCTION_URL = "https://reimburse.contoso.com/";
const prodXml = manifestUrl.toProductionManifest(devXml, manifestUrl.productionUrl({ url: PRODUCTION_URL }, {}));
const dev = manifestElements(devXml);

/** Which resource list each kind of resid must point into. */
const RESOURCE_KIND: Record<string, string> = {
  "bt:Image": "bt:Images",
  SourceLocation: "bt:Urls",
  FunctionFile: "bt:Urls",
  LearnMoreUrl: "bt:Urls",
  Runtime: "bt:Urls",
  Namespace: "bt:ShortStrings",
  Label: "bt:ShortStrings",
  Title: "bt:ShortStrings",
  Description: "bt:LongStrings",
};

function resources(elements: ManifestElement[]): Map<string, { list: string; value: string }> {
  const out = new Map<string, { list: string; value: string }>();
  for (const e of elements) {
    if (!e.ancestors.includes("Resources") || !e.attributes.id) continue;
    out.set(e.attributes.id, { list: e.ancestors[e.ancestors.length - 1], value: e.attributes.DefaultValue ?? "" });
  }
  return out;
}

function urlsIn(elements: ManifestElement[]): string[] {
  const values = elements.flatMap((e) => [...Object.values(e.attributes), e.text]);
  return values.filter((v) => /^[a-z][a-z0-9+.-]*:\/\//i.test(v));
}

/** Excel's rules for a function name apply to the namespace in front of it. */
function namespaceProblem(ns: string): string | null {
  if (!/^[A-Z][A-Z0-9]*$/.test(ns)) return "uppercase letters and digits, starting with a letter";
  if (ns.length < 3 || ns.length > 32) return "between 3 and 32 characters";
  const a1 = /^([A-Z]{1,3})([0-9]+)$/.exec(ns);
  if (a1) {
    const col = [...a1[1]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
    if (col <= 16_384 && Number(a1[2]) >= 1 && Number(a1[2]) <= 1_048_576) return "not an A1 cell reference";
  }
  if (/^R[0-9]*C[0-9]*$/.test(ns)) return "not an R1C1 cell reference";
  return null;
}

function pngSize(file: string): number {
  const png = fs.readFileSync(file);
  expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
  return png.readUInt32BE(16);
}

describe("the add-in manifest", () => {
  it("is well-formed XML, before and after the production rewrite", () => {
    expect(XMLValidator.validate(devXml)).toBe(true);
    expect(XMLValidator.validate(prodXml)).toBe(true);
  });

  it("is a task pane add-in for Excel workbooks that may read and write the document", () => {
    expect(only(dev, "OfficeApp").attributes["xsi:type"]).toBe("TaskPaneApp");
    expect(named(dev, "Host").map((h) => h.attributes.Name ?? h.attributes["xsi:type"])).toEqual(["Workbook", "Workbook"]);
    expect(only(dev, "Permissions").text).toBe("ReadWriteDocument");
    expect(only(dev, "VersionOverrides").attributes["xsi:type"]).toBe("VersionOverridesV1_0");
  });

  it("has a GUID for Id and a version of up to four numbers", () => {
    expect(only(dev, "Id").text).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
    const version = only(dev, "Version").text;
    expect(version).toMatch(/^\d{1,5}(\.\d{1,5}){0,3}$/);
    for (const part of version.split(".")) expect(Number(part)).toBeLessThanOrEqual(65_535);
  });

  it("defines every resid it references, in the resource list of the right kind", () => {
    const defined = resources(dev);
    const referenced = dev.filter((e) => e.attributes.resid);
    expect(referenced.length).toBeGreaterThan(10);
    for (const e of referenced) {
      const resource = defined.get(e.attributes.resid);
      expect({ resid: e.attributes.resid, defined: resource !== undefined }).toEqual({ resid: e.attributes.resid, defined: true });
      expect({ element: e.name, list: resource?.list }).toEqual({ element: e.name, list: RESOURCE_KIND[e.name] });
    }
  });

  it("uses each id once, and every resource it defines", () => {
    const ids = dev.map((e) => e.attributes.id).filter((id): id is string => Boolean(id));
    expect(ids.length).toBe(new Set(ids).size);
    const used = new Set(dev.map((e) => e.attributes.resid).filter(Boolean));
    expect([...resources(dev).keys()].filter((id) => !used.has(id))).toEqual([]);
  });

  it("keeps resource strings within Office's lengths (125 short, 250 long)", () => {
    for (const { list, value } of resources(dev).values()) {
      if (list === "bt:ShortStrings") expect(value.length).toBeLessThanOrEqual(125);
      if (list === "bt:LongStrings") expect(value.length).toBeLessThanOrEqual(250);
    }
  });

  it("loads everything over https", () => {
    const urls = urlsIn(dev);
    expect(urls.length).toBeGreaterThan(5);
    for (const url of [...urls, ...urlsIn(manifestElements(prodXml))]) {
      if (url.startsWith("http://schemas.microsoft.com/") || url === "http://www.w3.org/2001/XMLSchema-instance") continue;
      expect(url).toMatch(/^https:\/\//);
    }
  });

  it("runs the task pane and the custom functions in one shared runtime", () => {
    const runtime = only(dev, "Runtime");
    expect(runtime.attributes.lifetime).toBe("long");
    const pageUrl = runtime.attributes.resid;
    const page = named(dev, "SourceLocation").find((e) => e.ancestors.includes("Page"));
    const taskpane = named(dev, "SourceLocation").find((e) => e.ancestors.includes("Action"));
    expect(page?.attributes.resid).toBe(pageUrl);
    expect(taskpane?.attributes.resid).toBe(pageUrl);
    expect(only(dev, "FunctionFile").attributes.resid).toBe(pageUrl);
    expect(named(dev, "Set").map((s) => s.attributes)).toContainEqual({ Name: "SharedRuntime", MinVersion: "1.1" });
    const defaultPage = named(dev, "SourceLocation").find((e) => e.ancestors.includes("DefaultSettings"));
    expect(resources(dev).get(pageUrl)?.value).toBe(defaultPage?.attributes.DefaultValue);
  });

  it("opens the task pane from a button on the Home tab", () => {
    expect(only(dev, "OfficeTab").attributes.id).toBe("TabHome");
    const action = only(dev, "Action");
    expect(action.attributes["xsi:type"]).toBe("ShowTaskpane");
    expect(only(dev, "Control").attributes["xsi:type"]).toBe("Button");
  });

  it("points the custom functions at the files the build emits", () => {
    const defined = resources(dev);
    const extension = named(dev, "ExtensionPoint").find((e) => e.attributes["xsi:type"] === "CustomFunctions");
    expect(extension).toBeDefined();
    const inExtension = (parent: string) => named(dev, "SourceLocation").find((e) => e.ancestors.includes(parent) && e.ancestors.includes("AllFormFactors"));
    expect(defined.get(inExtension("Script")?.attributes.resid ?? "")?.value).toBe(`${manifestUrl.DEV_URL}functions.js`);
    expect(defined.get(inExtension("Metadata")?.attributes.resid ?? "")?.value).toBe(`${manifestUrl.DEV_URL}functions.json`);
    expect(defined.get(inExtension("Page")?.attributes.resid ?? "")?.value).toBe(`${manifestUrl.DEV_URL}taskpane.html`);
  });

  it("points Excel in each catalogue language at the functions' metadata file the build emits for it", () => {
    const metadataId = named(dev, "SourceLocation").find((e) => e.ancestors.includes("Metadata"))?.attributes.resid;
    const overrides = named(dev, "bt:Override").filter((e) => e.ancestors[e.ancestors.length - 1] === "bt:Url");
    const { LOCALIZED } = require("../../scripts/functions-metadata") as { LOCALIZED: { language: string; asset: string }[] };
    expect(LOCALIZED.length).toBeGreaterThan(0);
    const metadataUrl = named(dev, "bt:Url").find((e) => e.attributes.id === metadataId);
    expect(metadataUrl).toBeDefined();
    expect(overrides.map((o) => o.attributes)).toEqual(LOCALIZED.map((l) => ({ Locale: l.language, Value: `${manifestUrl.DEV_URL}${l.asset}` })));
    // The override sits inside the metadata URL, and the production rewrite reaches it too.
    expect(devXml).toMatch(/<bt:Url id="Functions.Metadata.Url"[^>]*>\s*(<!--[^>]*-->\s*)?<bt:Override Locale="nl-NL"/);
    expect(prodXml).toContain(`<bt:Override Locale="nl-NL" Value="${PRODUCTION_URL}functions.nl-NL.json"/>`);
  });

  it("names the functions' namespace CUSTOMER, a namespace Excel accepts", () => {
    const ns = resources(dev).get(only(dev, "Namespace").attributes.resid)?.value ?? "";
    expect(ns).toBe("CUSTOMER");
    expect(namespaceProblem(ns)).toBeNull();
    expect(namespaceProblem("AR1")).toBe("not an A1 cell reference");
    expect(namespaceProblem("XFD1048576")).toBe("not an A1 cell reference");
    expect(namespaceProblem("R1C1")).toBe("not an R1C1 cell reference");
    expect(namespaceProblem("customer")).not.toBeNull();
    expect(namespaceProblem("XFE1")).toBeNull();
  });

  it("has an icon file of the declared size for every icon it names", () => {
    const icons: [string, number][] = [
      [only(dev, "IconUrl").attributes.DefaultValue, 32],
      [only(dev, "HighResolutionIconUrl").attributes.DefaultValue, 64],
      ...[...resources(dev).entries()]
        .filter(([, r]) => r.list === "bt:Images")
        .map(([id, r]): [string, number] => [r.value, Number(/(\d+)x\1$/.exec(id)?.[1])]),
    ];
    for (const [url, size] of icons) {
      expect(url.startsWith(manifestUrl.DEV_URL)).toBe(true);
      expect(pngSize(path.join(ROOT, url.slice(manifestUrl.DEV_URL.length)))).toBe(size);
    }
    for (const image of named(dev, "bt:Image").filter((e) => e.attributes.size)) {
      expect(image.attributes.resid).toBe(`Icon.${image.attributes.size}x${image.attributes.size}`);
    }
  });
});

describe("the production manifest", () => {
  const devUrls = urlsIn(dev).filter((u) => u.startsWith(manifestUrl.DEV_URL));

  it("has no localhost left: every dev URL is rewritten, not just the first", () => {
    expect(devUrls.length).toBeGreaterThan(5);
    expect(prodXml).not.toContain("localhost");
    const prodUrls = urlsIn(manifestElements(prodXml)).filter((u) => u.startsWith(PRODUCTION_URL));
    expect(prodUrls.length).toBe(devUrls.length);
  });

  it("is served from the URL given at build time, --env url before ADDIN_URL", () => {
    const environ = { ADDIN_URL: "https://from-env.contoso.com/addin" };
    expect(manifestUrl.productionUrl({}, environ)).toBe("https://from-env.contoso.com/addin/");
    expect(manifestUrl.productionUrl({ url: "https://cli.contoso.com/" }, environ)).toBe("https://cli.contoso.com/");
    const xml = manifestUrl.toProductionManifest(devXml, manifestUrl.productionUrl({}, environ));
    expect(xml).toContain('DefaultValue="https://from-env.contoso.com/addin/functions.json"');
    expect(xml).not.toContain("localhost");
  });

  it("refuses to build without a real URL: none given, the old placeholder, localhost or a reserved example name", () => {
    expect(() => manifestUrl.productionUrl({}, {})).toThrow("A production build needs the URL the add-in will be served from: ADDIN_URL=https://addin.contoso.com/ npm run build");
    for (const url of ["https://reimburse.example.com/", "https://localhost:3000/", "https://127.0.0.1/", "https://example.org/", "https://addin.test/"]) {
      expect(() => manifestUrl.productionUrl({ url }, {})).toThrow("is not a host users can reach");
    }
  });

  it("refuses a URL Office would not load", () => {
    expect(() => manifestUrl.productionUrl({ url: "http://contoso.com/" })).toThrow("must use https");
    expect(() => manifestUrl.productionUrl({ url: "contoso.com" })).toThrow("is not a URL");
    expect(() => manifestUrl.productionUrl({ url: "https://contoso.com/?v=1" })).toThrow("query");
  });

  it("leaves the dev manifest untouched when the URL is the dev URL", () => {
    expect(manifestUrl.toProductionManifest(devXml, manifestUrl.DEV_URL)).toBe(devXml);
  });
});
