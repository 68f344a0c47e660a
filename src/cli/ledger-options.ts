import path from "node:path";
import { UpdateResult } from "../file/ledger-file";
import { UsageError } from "./io";

/**
 * The options every state-changing command shares: the workbook is updated in place unless
 * the user names another workbook, which then becomes a ledger of its own; nothing that exists
 * is replaced without --force.
 */
export interface LedgerFlags {
  inPlace?: boolean;
  force?: boolean;
}

/**
 * Where the updated workbook goes: undefined = in place (the default). `--in-place` is still
 * accepted, as it was needed before in-place became the default; with another workbook it is a
 * contradiction.
 */
export function workbookOutput(input: string, output: string | undefined, flags: LedgerFlags, flag: string): string | undefined {
  if (output === undefined) return undefined;
  if (path.resolve(output) === path.resolve(input)) {
    throw new UsageError(`${flag} ${output} is the input workbook; leave ${flag} out: the workbook is updated in place by default`);
  }
  if (flags.inPlace) throw new UsageError(`--in-place and ${flag} name different workbooks; give one of them`);
  return output;
}

/** A file a command writes besides the workbook (payment file, export): never the workbook itself. */
export function sideFile(file: string, workbooks: (string | undefined)[]): string {
  for (const w of workbooks) {
    if (w !== undefined && path.resolve(file) === path.resolve(w)) throw new UsageError(`-o ${file} would overwrite a workbook; name another file`);
  }
  return file;
}

/** The lines saying where the change went, the workbook named as the user typed it. */
export function writtenLines(result: UpdateResult<unknown>, input: string, output: string | undefined, label = "Written"): string[] {
  const lines = result.recovered.map((note) => `Note: ${note}`);
  if (!result.written) return lines;
  if (result.separate && output !== undefined) {
    lines.push(`${label}: ${output}, a separate ledger: ${input} is unchanged and does not know of this; run later commands on ${output}`);
  } else {
    lines.push(`${label}: ${input} (updated in place${result.backup ? `; previous version kept as ${displayPath(result.backup)}` : ""})`);
  }
  return lines;
}

/** Where the change went, for --json output. */
export function writtenJson(result: UpdateResult<unknown>, input: string, output: string | undefined) {
  return {
    written: result.written,
    output: result.written ? output ?? input : null,
    inPlace: result.written && !result.separate,
    backup: result.backup,
    recovered: result.recovered,
  };
}

/** Relative to the current folder when inside it, which is how the user typed the workbook. */
function displayPath(p: string): string {
  const relative = path.relative(process.cwd(), p);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : p;
}

export function commandLine(command: string, input: string): string {
  return `reimburse ${command} ${path.basename(input)}`;
}
