import { spawnSync } from "node:child_process";
import path from "node:path";
import { writeSnapshotXlsx } from "../../src/file/xlsx-write";
import { buildBook } from "../support/workbook-builder";
import { tempDir } from "../support/cli-harness";
import { CLI, ensureBuiltCli } from "../ledger/process-harness";

/**
 * What the built CLI loads before it does its work: a command pays at start-up only for its own
 * modules. The export and payment writers (xmlbuilder2 and its DOM), ExcelJS and the progress
 * bar cost ~150 ms of a 10,000-customer run's second when loaded for every command.
 */

/** The package modules and the project's own modules a CLI process had loaded when it exited. */
function modulesLoaded(args: string[]): string[] {
  const script = [
    "const cli = process.argv[1];",
    "process.argv = [process.argv[0], cli, ...process.argv.slice(2)];",
    "process.on('exit', () => process.stderr.write('\\nMODULES ' + JSON.stringify(Object.keys(require.cache))));",
    "require(cli);",
  ].join("\n");
  const { stderr } = spawnSync(process.execPath, ["-e", script, CLI, ...args], { encoding: "utf8", timeout: 60_000 });
  expect(stderr).toContain("MODULES ");
  const line = stderr.slice(stderr.lastIndexOf("MODULES ") + "MODULES ".length);
  return (JSON.parse(line) as string[]).map((p) => p.split(path.sep).join("/"));
}

const heavy = (loaded: string[]) =>
  loaded.filter((p) => /\/node_modules\/(xmlbuilder2|@oozcitak|exceljs|cli-progress|fast-xml-parser|csv-stringify|csv-parse|ibantools)\//.test(p) || /\/dist\/(export|payments)\//.test(p));

describe("the CLI's start-up", () => {
  beforeAll(() => ensureBuiltCli(), 300_000);

  it("prints its version without loading any command's modules", () => {
    const loaded = modulesLoaded(["--version"]);
    expect(heavy(loaded)).toEqual([]);
    expect(loaded.filter((p) => /\/dist\/(file|workbook)\/(ledger-file|xlsx-patch|xlsx-read|run)\.js$/.test(p))).toEqual([]);
  });

  it("runs a reimbursement without the export, payment or sample writers, nor a progress bar off a terminal", async () => {
    const dir = tempDir();
    const input = path.join(dir, "book.xlsx");
    await writeSnapshotXlsx(buildBook({ customers: [{ account: "C001" }], balances: [["C001", "EUR", -50]] }), input);
    const loaded = modulesLoaded(["run", input, "-o", path.join(dir, "out.xlsx"), "--json"]);
    // The run did its work: the writer was loaded.
    expect(loaded.some((p) => p.endsWith("/dist/file/xlsx-patch.js"))).toBe(true);
    expect(heavy(loaded)).toEqual([]);
    // The fingerprint hashes with node:crypto: the portable SHA-256 is the task pane's.
    expect(loaded.filter((p) => p.includes("/node_modules/@noble/hashes/"))).toEqual([]);
  });

  it("loads a command's modules when that command runs", () => {
    const loaded = modulesLoaded(["export", "missing.xlsx", "--format", "csv", "-o", "out.csv"]);
    expect(loaded.some((p) => p.endsWith("/dist/cli/commands/export.js"))).toBe(true);
  });
});
