import { isIsoDate } from "../../core/dates";
import { UsageError } from "../io";
import { LedgerFlags, sideFile, workbookOutput } from "../ledger-options";

/** Where `export` and `pay` write: the file they produce and, when asked, a separate workbook. */
export interface ApOutputFlags extends LedgerFlags {
  output?: string;
  workbookOut?: string;
  date?: string;
}

export interface ApOutputs {
  file: string;
  /** undefined: the marks go into the input workbook itself (the default). */
  workbook: string | undefined;
}

export function resolveApOutputs(input: string, flags: ApOutputFlags): ApOutputs {
  if (!flags.output) throw new UsageError("-o <file> is required: the file to write");
  const workbook = workbookOutput(input, flags.workbookOut, flags, "--workbook-out");
  return { file: sideFile(flags.output, [input, workbook]), workbook };
}

export function dateFlag(flags: ApOutputFlags): string | undefined {
  if (flags.date === undefined) return undefined;
  if (!isIsoDate(flags.date)) throw new UsageError(`--date expects a calendar date as YYYY-MM-DD, got "${flags.date}"`);
  return flags.date;
}
