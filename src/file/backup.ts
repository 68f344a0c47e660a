import { constants, promises as fs } from "node:fs";
import path from "node:path";
import { codeOf } from "./lock";

/**
 * The previous version of a workbook, kept before a command replaces it:
 * `<folder>/.reimburse/backups/<name>.<YYYYMMDD-HHMMSS-mmm>.<command><ext>`, so any step can
 * be undone by hand by copying the backup back. The newest KEEP backups of a workbook are kept.
 */

export const LEDGER_FOLDER = ".reimburse";
const KEEP_DEFAULT = 50;

export function backupFolder(workbook: string): string {
  return path.join(path.dirname(workbook), LEDGER_FOLDER, "backups");
}

/**
 * Creates `<workbook folder>/.reimburse/<sub>`, but never the workbook's folder itself: a folder
 * that vanished while a command ran must make the write fail, not be silently recreated.
 */
export async function makeLedgerFolder(folder: string): Promise<void> {
  for (const dir of [path.dirname(folder), folder]) {
    await fs.mkdir(dir).catch((error: unknown) => {
      if (codeOf(error) !== "EEXIST") throw error;
    });
  }
}

const pad = (n: number, w = 2): string => String(n).padStart(w, "0");

/** Local time, as the user reads the folder: 20261124-093000-123. */
export function backupStamp(now: Date): string {
  return `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}-${pad(now.getMilliseconds(), 3)}`;
}

function splitName(workbook: string): { stem: string; ext: string } {
  const base = path.basename(workbook);
  const ext = path.extname(base);
  return { stem: base.slice(0, base.length - ext.length), ext: ext || ".xlsx" };
}

function keepCount(): number {
  const n = Number(process.env.REIMBURSE_KEEP_BACKUPS);
  return Number.isInteger(n) && n > 0 ? n : KEEP_DEFAULT;
}

/**
 * Keeps the version about to be replaced as a new backup, flushed; returns its path. The
 * version is given as its bytes, or as a file to copy (fs.copyFile: the kernel copies, or
 * clones the file where the file system can, instead of a second write from memory).
 */
export async function writeBackup(workbook: string, version: Uint8Array | { copyOf: string }, command: string, now: Date): Promise<string> {
  const folder = backupFolder(workbook);
  await makeLedgerFolder(folder);
  const { stem, ext } = splitName(workbook);
  const safeCommand = command.replace(/[^A-Za-z0-9-]/g, "-");
  for (let n = 0; ; n++) {
    const file = path.join(folder, `${stem}.${backupStamp(now)}${n ? `-${n}` : ""}.${safeCommand}${ext}`);
    let handle: fs.FileHandle;
    try {
      if (version instanceof Uint8Array) handle = await fs.open(file, "wx");
      else {
        await fs.copyFile(version.copyOf, file, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
        handle = await fs.open(file, "r+");
      }
    } catch (error) {
      if (codeOf(error) === "EEXIST") continue;
      throw error;
    }
    try {
      if (version instanceof Uint8Array) await handle.writeFile(version);
      await handle.sync();
    } catch (error) {
      await handle.close();
      await fs.rm(file, { force: true });
      throw error;
    }
    await handle.close();
    return file;
  }
}

/** Removes the oldest backups of this workbook beyond the number kept; never fails the command. */
export async function pruneBackups(workbook: string): Promise<void> {
  const folder = backupFolder(workbook);
  const { stem, ext } = splitName(workbook);
  const pattern = new RegExp(`^${escape(stem)}\\.\\d{8}-\\d{6}-\\d{3}(-\\d+)?\\.[A-Za-z0-9-]+${escape(ext)}$`);
  try {
    const mine = (await fs.readdir(folder)).filter((f) => pattern.test(f)).sort();
    for (const old of mine.slice(0, Math.max(0, mine.length - keepCount()))) await fs.rm(path.join(folder, old), { force: true });
  } catch {
    // A backup folder that cannot be listed costs disk space, not correctness.
  }
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
