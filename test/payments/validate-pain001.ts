import { readFileSync } from "node:fs";
import path from "node:path";
import { memoryPages, validateXML } from "xmllint-wasm";
import { PAIN_FORMATS, PainFormat } from "../../src/payments/pain001";

// Copies of ../shared/xsd/pain.001.001.03.xsd and .09.xsd (ISO 20022 message archive), so CI's
// clean clone has them.
const xsd = (format: PainFormat): string => readFileSync(path.join(__dirname, "xsd", `${format}.xsd`), "utf8");

/** The pain.001 version a file declares by its namespace. */
export function formatOf(xml: string): PainFormat {
  const found = PAIN_FORMATS.find((f) => xml.includes(`xmlns="urn:iso:std:iso:20022:tech:xsd:${f}"`));
  if (!found) throw new Error("not a pain.001.001.03 or .09 document");
  return found;
}

/**
 * Validates a payment file against the ISO 20022 schema of the version it declares (or the one
 * given), with xmllint compiled to WebAssembly.
 */
export async function validatePain001(xml: string, format: PainFormat = formatOf(xml)): Promise<string[]> {
  const result = await validateXML({
    xml: { fileName: "payments.xml", contents: xml },
    schema: { fileName: `${format}.xsd`, contents: xsd(format) },
    // A 10,000-transaction file is several megabytes; the default 32 MiB is not enough to parse it.
    maxMemoryPages: 512 * memoryPages.MiB,
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
