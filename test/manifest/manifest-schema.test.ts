import fs from "fs";
import path from "path";
import { validateXML } from "xmllint-wasm";

/**
 * The manifest against Microsoft's add-in manifest schemas (../shared/xsd/office-manifest/:
 * OfficeAppManifestV1_1.xsd and the VersionOverrides schemas it imports), with xmllint compiled
 * to WebAssembly, for the dev manifest and the one a production build ships.
 */
const ROOT = path.resolve(__dirname, "..", "..");
const manifestUrl = require("../../scripts/manifest-url") as {
  productionUrl(env?: { url?: string }, environ?: Record<string, string | undefined>): string;
  toProductionManifest(xml: string, url: string): string;
};

/** The shared folder beside the checkout; a clone elsewhere on this machine finds it at /work/shared. */
function schemaFolder(): string {
  const candidates = [path.resolve(ROOT, "..", "shared", "xsd", "office-manifest"), "/work/shared/xsd/office-manifest"];
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, "OfficeAppManifestV1_1.xsd")));
  if (!found) throw new Error(`The add-in manifest schemas are not in ${candidates.join(" or ")}`);
  return found;
}

async function validate(xml: string): Promise<string[]> {
  const dir = schemaFolder();
  const file = (name: string) => ({ fileName: name, contents: fs.readFileSync(path.join(dir, name), "utf8") });
  const result = await validateXML({
    xml: { fileName: "manifest.xml", contents: xml },
    schema: file("OfficeAppManifestV1_1.xsd"),
    preload: fs.readdirSync(dir).filter((f) => f.endsWith(".xsd") && f !== "OfficeAppManifestV1_1.xsd").map(file),
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

const devXml = fs.readFileSync(path.join(ROOT, "manifest.xml"), "utf8");

describe("the add-in manifest against Microsoft's XSD", () => {
  it("validates as the repository holds it", async () => {
    expect(await validate(devXml)).toEqual([]);
  });

  it("validates as a production build rewrites it", async () => {
    const prod = manifestUrl.toProductionManifest(devXml, manifestUrl.productionUrl({ url: "https://addin.contoso.com/reimburse/" }, {}));
    expect(await validate(prod)).toEqual([]);
  });

  it("fails on what the schema forbids, so the check can fail", async () => {
    const broken = devXml.replace("<ProviderName>Reimburse</ProviderName>", "<ProviderName>Reimburse</ProviderName><Provider/>");
    const errors = await validate(broken);
    expect(errors.join("\n")).toMatch(/Provider/);
  });
});
