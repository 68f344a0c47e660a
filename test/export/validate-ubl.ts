import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** The OASIS UBL 2.1 schemas in ../shared beside the checkout (not copied into the repository). */
export const UBL_XSD_DIR = process.env.REIMBURSE_UBL_XSD ?? path.resolve(__dirname, "../../../shared/xsd/ubl-2.1");
const SCHEMA = { Invoice: "maindoc/UBL-Invoice-2.1.xsd", CreditNote: "maindoc/UBL-CreditNote-2.1.xsd" } as const;

export const ublSchemasAvailable = (): boolean => existsSync(path.join(UBL_XSD_DIR, SCHEMA.Invoice));

/**
 * Validates documents against their OASIS schema with native xmllint, one call per schema (the
 * aggregate components schema is 2.4 MB: loading it once per file would take seconds each).
 * Returns xmllint's complaints, empty when every document is valid.
 */
export function validateUbl(documents: { name: string; kind: "Invoice" | "CreditNote"; xml: string }[]): string[] {
  const dir = mkdtempSync(path.join(tmpdir(), "reimburse-ubl-"));
  try {
    const errors: string[] = [];
    for (const kind of ["Invoice", "CreditNote"] as const) {
      const files = documents.filter((d) => d.kind === kind).map((d) => {
        const file = path.join(dir, d.name);
        writeFileSync(file, d.xml);
        return file;
      });
      if (!files.length) continue;
      try {
        execFileSync("xmllint", ["--noout", "--schema", path.join(UBL_XSD_DIR, SCHEMA[kind]), ...files], { stdio: "pipe", timeout: 60_000 });
      } catch (error) {
        errors.push(String((error as { stderr?: Buffer }).stderr ?? error));
      }
    }
    return errors;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
