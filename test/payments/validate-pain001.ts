import { readFileSync } from "node:fs";
import path from "node:path";
import { memoryPages, validateXML } from "xmllint-wasm";
import { PAIN_FORMATS, PainFormat } from "../../src/payments/pain001";

// The ISO 20022 schemas from ../shared/xsd (the founders' copy of the message archive, beside
// the checkout here and in CI); nothing of ../shared is copied into the repository.
export const PAIN_XSD_DIR = process.env.REIMBURSE_PAIN_XSD ?? path.resolve(__dirname, "../../../shared/xsd");
const xsd = (format: PainFormat): string => readFileSync(path.join(PAIN_XSD_DIR, `${format}.xsd`), "utf8");

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
