import { randomBytes } from "node:crypto";
import { promises as fs } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Produces `path` through a temporary file beside it, renamed over it only once complete: a
 * failure (disk full, Excel holding the file, a crash) leaves either the old file or none,
 * never a half-written workbook. `write` must create the file at the path it is given.
 */
export async function replaceFileAtomically(path: string, write: (tempPath: string) => Promise<void>): Promise<void> {
  // Same directory, so the rename stays on one file system and is atomic.
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  try {
    await write(temp);
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    // The temporary name means nothing to the user; the message names the file they asked for.
    const reason = messageOf(error).split(temp).join(path);
    throw new Error(`Cannot write ${path}: ${reason}`, { cause: error });
  }
}

export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  await replaceFileAtomically(path, (temp) => fs.writeFile(temp, bytes, { flag: "wx" }));
}

/** Not `instanceof Error`: errors from Node's built-ins may come from another realm (Jest's sandbox). */
function messageOf(error: unknown): string {
  const message: unknown = typeof error === "object" && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === "string" ? message : String(error);
}
