import { promises as fs } from "node:fs";
import os from "node:os";

/**
 * An exclusive lock held as a file created with O_EXCL (as git's index.lock): the file says who
 * holds it, so a second command can name the holder, and whether the holder still lives.
 *
 * Not proper-lockfile: it cannot say who holds a lock, and it detects a dead holder only by a
 * heartbeat going stale; here a holder killed with `kill -9` on this machine is seen at once.
 */

export interface LockHolder {
  pid: number;
  host: string;
  command: string;
  /** ISO time the lock was taken. */
  time: string;
}

export interface LockOptions {
  /** What the holder is doing, for the message another command prints ("pay book.xlsx"). */
  command: string;
  /** How long to wait for another holder to finish, in ms (default 5 s; REIMBURSE_LOCK_WAIT_MS). */
  waitMs?: number;
  /** A lock older than this is stale even if its holder cannot be checked (another host). */
  staleMs?: number;
}

export interface Lock {
  path: string;
  release(): Promise<void>;
}

export class LockedError extends Error {
  override name = "LockedError";
  constructor(readonly target: string, readonly holder: LockHolder | null) {
    super(
      holder
        ? `${target} is in use by another Reimburse command: "${holder.command}" (process ${holder.pid} on ${holder.host}, since ${holder.time}). ` +
            "Wait for it to finish and run this command again; nothing was written."
        : `${target} is in use by another Reimburse command (lock file unreadable). Wait for it to finish and run this command again; nothing was written.`,
    );
  }
}

const DEFAULT_WAIT_MS = 5_000;
/** Longer than any command takes on the largest workbook (about 30 s at 100,000 customers). */
const DEFAULT_STALE_MS = 30 * 60_000;
const POLL_MS = 50;
/**
 * A holder writes its JSON right after creating the file, so an empty or unreadable lock file
 * older than this is one killed in between (kill -9 at that instant), not one being written.
 * Shorter than the default wait, so the next command takes it over instead of waiting 30 minutes.
 */
const UNWRITTEN_GRACE_MS = 2_000;

function waitFromEnv(): number | undefined {
  const text = process.env.REIMBURSE_LOCK_WAIT_MS;
  const n = text === undefined ? NaN : Number(text);
  return Number.isFinite(n) && n >= 0 ? n : undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function parseHolder(text: string): LockHolder | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null) return null;
    const v = value as Record<string, unknown>;
    if (typeof v.pid !== "number" || typeof v.host !== "string" || typeof v.command !== "string" || typeof v.time !== "string") return null;
    return { pid: v.pid, host: v.host, command: v.command, time: v.time };
  } catch {
    return null;
  }
}

async function readHolder(lockPath: string): Promise<{ text: string; holder: LockHolder | null; mtimeMs: number } | null> {
  try {
    const [text, stat] = await Promise.all([fs.readFile(lockPath, "utf8"), fs.stat(lockPath)]);
    return { text, holder: parseHolder(text), mtimeMs: stat.mtimeMs };
  } catch (error) {
    if (codeOf(error) === "ENOENT") return null;
    throw error;
  }
}

/** Whether a process of this machine is still running: kill(pid, 0) checks without signalling. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === "EPERM"; // alive, owned by another user
  }
}

function isStale(found: { holder: LockHolder | null; mtimeMs: number }, staleMs: number, now: number): boolean {
  if (now - found.mtimeMs > staleMs) return true;
  const h = found.holder;
  // An unreadable lock file is a holder killed between creating and writing it, or a stranger's
  // file: treated as live only for the moment a lock takes to be written.
  if (!h) return now - found.mtimeMs > UNWRITTEN_GRACE_MS;
  return h.host === os.hostname() && h.pid !== process.pid && !processAlive(h.pid);
}

/**
 * Removes a stale lock, and only that one: two commands may find the same stale lock, and the
 * first may already hold a fresh one by the time the second acts. The removal itself runs under
 * a short-lived second lock, and the lock file is compared with what was judged stale.
 */
async function breakStale(lockPath: string, staleText: string): Promise<void> {
  const breaker = `${lockPath}.break`;
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(breaker, "wx");
  } catch (error) {
    if (codeOf(error) !== "EEXIST") throw error;
    // A breaker killed mid-way leaves its file: old after a few seconds, then removed.
    const stat = await fs.stat(breaker).catch(() => null);
    if (stat && Date.now() - stat.mtimeMs > 10_000) await fs.rm(breaker, { force: true });
    return;
  }
  try {
    const current = await fs.readFile(lockPath, "utf8").catch(() => null);
    if (current === staleText) await fs.rm(lockPath, { force: true });
  } finally {
    await handle.close();
    await fs.rm(breaker, { force: true });
  }
}

/** Takes the lock at `lockPath`, waiting a little for another holder; throws LockedError when it stays held. */
export async function acquireLock(lockPath: string, target: string, options: LockOptions): Promise<Lock> {
  const waitMs = options.waitMs ?? waitFromEnv() ?? DEFAULT_WAIT_MS;
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const me: LockHolder = { pid: process.pid, host: os.hostname(), command: options.command, time: new Date().toISOString() };
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      const handle = await fs.open(lockPath, "wx");
      try {
        await handle.writeFile(JSON.stringify(me) + "\n");
        await handle.sync();
      } finally {
        await handle.close();
      }
      return { path: lockPath, release: () => releaseLock(lockPath, me) };
    } catch (error) {
      if (codeOf(error) !== "EEXIST") throw error;
    }
    const found = await readHolder(lockPath);
    if (!found) continue; // released between our attempt and our look
    if (isStale(found, staleMs, Date.now())) {
      await breakStale(lockPath, found.text);
      continue;
    }
    if (Date.now() >= deadline) throw new LockedError(target, found.holder);
    await sleep(POLL_MS);
  }
}

/** Removes the lock only while it is still ours (a lock judged stale may have been taken over). */
async function releaseLock(lockPath: string, me: LockHolder): Promise<void> {
  const found = await readHolder(lockPath).catch(() => null);
  if (found?.holder && found.holder.pid === me.pid && found.holder.time === me.time && found.holder.host === me.host) {
    await fs.rm(lockPath, { force: true });
  }
}

/** Runs `work` holding the lock, and releases it however `work` ends. */
export async function withLock<T>(lockPath: string, target: string, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const lock = await acquireLock(lockPath, target, options);
  try {
    return await work();
  } finally {
    await lock.release();
  }
}

export function codeOf(error: unknown): string | undefined {
  const code: unknown = typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === "string" ? code : undefined;
}
