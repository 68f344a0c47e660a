import fs from "node:fs";
import path from "node:path";
import { sampleWorkbook } from "../../workbook/sample";
import { checkNewFile } from "../../file/output-path";
import { CliIO, EXIT, UsageError } from "../io";

export interface SampleFlags {
  customers?: string;
  transactions?: string;
  seed?: string;
  clean?: boolean;
  force?: boolean;
}

function positiveInt(text: string | undefined, flag: string, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${flag} expects a whole number from 1 to ${max}, got "${text}"`);
  return n;
}

/**
 * `reimburse sample OUT.xlsx`: a realistic workbook to try the product on (and the demo's
 * input). An existing file may be someone's ledger: it is replaced only with --force.
 */
export async function sample(output: string, flags: SampleFlags, io: CliIO): Promise<number> {
  const customers = positiveInt(flags.customers, "--customers", 40, 1_000_000);
  const transactionsPerCustomer = positiveInt(flags.transactions, "--transactions", 3, 100);
  const seed = positiveInt(flags.seed, "--seed", 1, 2 ** 31 - 1);
  // The demo writes into sample/, which a fresh clone does not have.
  fs.mkdirSync(path.dirname(path.resolve(output)), { recursive: true });
  const target = await checkNewFile(output, flags.force ?? false);
  const snapshot = sampleWorkbook({ customers, transactionsPerCustomer, seed, messy: !flags.clean });
  // ExcelJS (the one place it still writes) costs ~0.4 s to load: only this command loads it.
  const { writeSnapshotXlsx } = await import("../../file/xlsx-write");
  await writeSnapshotXlsx(snapshot, target);
  io.stdout(`Sample workbook with ${customers} customers written: ${output}\n`);
  return EXIT.ok;
}
