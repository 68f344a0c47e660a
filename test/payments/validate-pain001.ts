import { readFileSync } from "node:fs";
import path from "node:path";
import { memoryPages, validateXML } from "xmllint-wasm";

// A copy of ../shared/xsd/pain.001.001.03.xsd (ISO 20022 message archive), so CI's clean clone has it.
const XSD = readFileSync(path.join(__dirname, "xsd", "pain.001.001.03.xsd"), "utf8");

/** Validates a payment file against the ISO 20022 schema with xmllint compiled to WebAssembly. */
export async function validatePain001(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: { fileName: "payments.xml", contents: xml },
    schema: { fileName: "pain.001.001.03.xsd", contents: XSD },
    // A 10,000-transaction file is several megabytes; the default 32 MiB is not enough to parse it.
    maxMemoryPages: 512 * memoryPages.MiB,
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
