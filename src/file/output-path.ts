import { promises as fs, Stats } from "node:fs";
import path from "node:path";
import { codeOf } from "./lock";

/**
 * Checks on the paths a command is about to write, made before it reads or writes anything:
 * a directory, a device (/dev/null), a socket or a pipe is never replaced by a file, and an
 * existing file is replaced only when the user said --force.
 */

export class OutputPathError extends Error {
  override name = "OutputPathError";
}

async function lstatOrNull(p: string): Promise<Stats | null> {
  try {
    return await fs.lstat(p);
  } catch (error) {
    if (codeOf(error) === "ENOENT") return null;
    throw error;
  }
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return "a folder";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  if (stat.isFIFO()) return "a pipe";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * The real path of a file to write: a symbolic link is followed to the file it names (so the
 * file is updated, not the link replaced). A link to nothing resolves to its target's path.
 */
export async function realTarget(p: string): Promise<string> {
  const absolute = path.resolve(p);
  try {
    return await fs.realpath(absolute);
  } catch (error) {
    if (codeOf(error) !== "ENOENT") throw error;
  }
  const link = await lstatOrNull(absolute);
  if (link?.isSymbolicLink()) {
    const target = await fs.readlink(absolute);
    return realTarget(path.resolve(path.dirname(absolute), target));
  }
  // A new file: its folder must exist (it is not created silently), and is resolved itself.
  const dir = path.dirname(absolute);
  let realDir: string;
  try {
    realDir = await fs.realpath(dir);
  } catch (error) {
    if (codeOf(error) === "ENOENT") throw new OutputPathError(`Cannot write ${p}: the folder ${dir} does not exist`);
    throw error;
  }
  const dirStat = await fs.stat(realDir);
  if (!dirStat.isDirectory()) throw new OutputPathError(`Cannot write ${p}: ${dir} is not a folder`);
  return path.join(realDir, path.basename(absolute));
}

/**
 * Where a new file (payment file, export, a workbook written elsewhere) may go: its real path.
 * Refuses a folder or special file always, and an existing file unless `force`.
 */
export async function checkNewFile(p: string, force: boolean): Promise<string> {
  const real = await realTarget(p);
  const stat = await lstatOrNull(real);
  if (stat && !stat.isFile()) throw new OutputPathError(`Cannot write ${p}: it is ${kindOf(stat)}; name a file`);
  if (stat && !force) throw new OutputPathError(`${p} already exists; add --force to replace it, or name another file`);
  return real;
}

/** The real path of a workbook to read and update: it must exist and be a regular file. */
export async function checkWorkbook(p: string): Promise<string> {
  let real: string;
  try {
    real = await fs.realpath(path.resolve(p));
  } catch (error) {
    if (codeOf(error) === "ENOENT") throw new Error(`Cannot read ${p}: no such file`);
    throw error;
  }
  const stat = await fs.stat(real);
  if (!stat.isFile()) throw new Error(`Cannot use ${p} as a workbook: it is ${kindOf(stat)}`);
  return real;
}

/**
 * A workbook a command is to update in place must not be write-protected: read-only is how a
 * closed period or an archived ledger is marked, and Excel does not save over it either.
 * (The mode bits, not access(): root may write anything.)
 */
export async function checkWritable(p: string, real: string): Promise<void> {
  const stat = await fs.stat(real);
  if ((stat.mode & 0o222) === 0) throw new OutputPathError(`Cannot update ${p}: the file is read-only; make it writable, or write a separate ledger with -o / --workbook-out`);
}
