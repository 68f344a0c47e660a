import fs from "node:fs";
import path from "node:path";
import { Command, CommanderError } from "commander";
import { WorkbookError } from "../workbook/errors";
import { WorkbookChangedError } from "../file/workbook-changed";
import { LockedError } from "../file/lock";
import { OutputPathError } from "../file/output-path";
import type { ReimburseFlags } from "./commands/reimburse";
import type { SampleFlags } from "./commands/sample";
import { registerExport, registerPay, registerPaymentStatus } from "./commands/register-payables";
import { registerFingerprint, registerReverse } from "./commands/register-trust";
import { CliIO, EXIT, RefusedError, UsageError } from "./io";
import { addSelectionOptions } from "./selection-options";

/**
 * Adds one command to the program; its action reports its exit code through setCode. An action
 * loads its command's module when it runs: start-up loads only the command lines, so `--version`
 * and `run` do not pay for the export, payment and sample writers.
 */
export type Register = (program: Command, io: CliIO, setCode: (code: number) => void) => void;

const reimburseCommands: Register[] = [
  (program, io, setCode) => {
    addSelectionOptions(program.command("run").description("reimburse the selected customers, recording the run in the workbook itself").argument("<input.xlsx>"))
      .option("-o, --output <out.xlsx>", "write the result here, as a separate ledger, instead of updating the input in place")
      .option("--in-place", "update the input workbook itself (the default)")
      .option("--force", "replace an existing -o file")
      .option("--json", "print a machine-readable summary")
      .action(async (input: string, flags: ReimburseFlags) => {
        const { reimburse } = await import("./commands/reimburse");
        setCode(await reimburse(input, flags, io, true));
      });
  },
  (program, io, setCode) => {
    addSelectionOptions(program.command("preview").description("print what a run would do; write nothing").argument("<input.xlsx>"))
      .option("--json", "print a machine-readable summary")
      .action(async (input: string, flags: ReimburseFlags) => {
        const { reimburse } = await import("./commands/reimburse");
        setCode(await reimburse(input, flags, io, false));
      });
  },
  (program, io, setCode) => {
    program.command("sample").description("write a realistic sample workbook").argument("<output.xlsx>")
      .option("--customers <n>", "number of customers (default 40)")
      .option("--transactions <n>", "transactions per customer (default 3)")
      .option("--seed <n>", "random seed, for a reproducible workbook (default 1)")
      .option("--clean", "no messy cells (text amounts, errors, stray spaces)")
      .option("--force", "replace an existing file")
      .action(async (output: string, flags: SampleFlags) => {
        const { sample } = await import("./commands/sample");
        setCode(await sample(output, flags, io));
      });
  },
];

/** Every command, in the order `reimburse --help` lists them. */
const registrations: Register[] = [...reimburseCommands, registerExport, registerPay, registerPaymentStatus, registerReverse, registerFingerprint];

/** The package's version; src/cli and dist/cli both sit two folders below package.json. */
function packageVersion(): string {
  try {
    const pkg: unknown = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
    return typeof pkg === "object" && pkg !== null && "version" in pkg ? String(pkg.version) : "unknown";
  } catch {
    return "unknown";
  }
}

export function buildProgram(io: CliIO, setCode: (code: number) => void): Command {
  const program = new Command("reimburse")
    .description("Reimburse customers' credit balances in an .xlsx workbook (see docs/workbook.md)")
    .version(packageVersion(), "-V, --version", "print the version")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError();
  for (const register of registrations) register(program, io, setCode);
  return program;
}

/** Runs the CLI and returns its exit code: 0 done, 1 invalid input (nothing written), 2 usage, 3 busy (try again). */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram(io, (c) => (code = c));
  try {
    await program.parseAsync(argv, { from: "user" });
    return code;
  } catch (error) {
    return reportError(error, io);
  }
}

function reportError(error: unknown, io: CliIO): number {
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof UsageError || error instanceof OutputPathError) {
    io.stderr(`reimburse: ${error.message}\n`);
    return EXIT.usage;
  }
  if (error instanceof WorkbookError) {
    io.stderr(`The workbook cannot be used as it is; nothing was written.\n${error.message}\n`);
    return EXIT.invalidInput;
  }
  if (error instanceof RefusedError) {
    io.stderr(`${error.message}\n`);
    return EXIT.invalidInput;
  }
  if (error instanceof LockedError || error instanceof WorkbookChangedError) {
    io.stderr(`reimburse: ${error.message}\n`);
    return EXIT.busy;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr(`reimburse: ${message}\nNothing was written.\n`);
  return EXIT.invalidInput;
}
