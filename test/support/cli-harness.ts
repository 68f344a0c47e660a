import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runCli } from "../../src/cli/program";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

// The register of issued payments lives in the user's data folder: tests never touch the real one.
if (!process.env.REIMBURSE_DATA_DIR) process.env.REIMBURSE_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "reimburse-data-"));

/** A fresh, empty register of issued payments for the CLI calls that follow. */
export function freshRegister(): string {
  process.env.REIMBURSE_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "reimburse-data-"));
  return process.env.REIMBURSE_DATA_DIR;
}

/** Runs the CLI in-process with captured output and a fixed clock. */
export async function cli(args: string[], now = new Date("2026-11-24T09:30:00Z")): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(args, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    interactive: false,
    now: () => now,
    user: "accountant",
  });
  return { code, stdout, stderr };
}

export function tempDir(prefix = "reimburse-"): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
