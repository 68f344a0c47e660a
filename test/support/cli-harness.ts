import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { runCli } from "../../src/cli/program";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
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
