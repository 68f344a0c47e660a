import { promises as fs } from "node:fs";
import path from "node:path";
import { isIsoDate } from "../../core/dates";
import { replaceFileAtomically } from "../../file/atomic-file";
import { applyPatchToXlsx } from "../../file/xlsx-write";
import { WorkbookPatch } from "../../workbook/grid";
import { UsageError } from "../io";

/** Where `export` and `pay` write: the file they produce and the workbook that records it. */
export interface ApOutputFlags {
  output?: string;
  workbookOut?: string;
  inPlace?: boolean;
  date?: string;
}

export interface ApOutputs {
  file: string;
  workbook: string;
}

/** IN.xlsx -> IN.<step>.xlsx: the input workbook is never overwritten without --in-place. */
export function defaultWorkbookOut(input: string, step: string): string {
  const ext = path.extname(input);
  return `${input.slice(0, input.length - ext.length)}.${step}${ext || ".xlsx"}`;
}

export function resolveApOutputs(input: string, flags: ApOutputFlags, step: string): ApOutputs {
  if (!flags.output) throw new UsageError("-o <file> is required: the file to write");
  if (flags.inPlace && flags.workbookOut && path.resolve(flags.workbookOut) !== path.resolve(input)) {
    throw new UsageError("--in-place and --workbook-out name different workbooks; give one of them");
  }
  const workbook = flags.inPlace ? input : flags.workbookOut ?? defaultWorkbookOut(input, step);
  if (!flags.inPlace && path.resolve(workbook) === path.resolve(input)) {
    throw new UsageError(`--workbook-out ${workbook} is the input workbook; add --in-place to update it`);
  }
  const file = flags.output;
  if (path.resolve(file) === path.resolve(input) || path.resolve(file) === path.resolve(workbook)) {
    throw new UsageError(`-o ${file} would overwrite a workbook; name another file`);
  }
  return { file, workbook };
}

export function dateFlag(flags: ApOutputFlags): string | undefined {
  if (flags.date === undefined) return undefined;
  if (!isIsoDate(flags.date)) throw new UsageError(`--date expects a calendar date as YYYY-MM-DD, got "${flags.date}"`);
  return flags.date;
}

/** A file `export` or `pay` writes: where, and its text (UTF-8) or bytes (a zip). */
export interface OutputFileWrite {
  path: string;
  content: string | Uint8Array;
}

/**
 * Writes the file and the workbook together or not at all: the file goes to a temporary name
 * and is renamed into place only after the workbook was written; if the workbook write fails,
 * the temporary file is removed. A file without its marks would be exported or paid twice.
 */
export async function writeFileWithWorkbook(outputs: ApOutputs, content: string | Uint8Array, input: string, patch: WorkbookPatch): Promise<void> {
  await writeFilesWithWorkbook([{ path: outputs.file, content }], input, patch, outputs.workbook);
}

/** The same for several files (an export with a companion file): all are renamed after the workbook write. */
export async function writeFilesWithWorkbook(files: readonly OutputFileWrite[], input: string, patch: WorkbookPatch, workbook: string): Promise<void> {
  const [first, ...rest] = files;
  if (!first) {
    if (patch.sheets.length) await applyPatchToXlsx(input, patch, workbook);
    return;
  }
  await replaceFileAtomically(first.path, async (temp) => {
    await fs.writeFile(temp, first.content, typeof first.content === "string" ? { encoding: "utf8", flag: "wx" } : { flag: "wx" });
    await writeFilesWithWorkbook(rest, input, patch, workbook);
  });
}
