import { createHash, randomBytes } from "node:crypto";
import { constants, promises as fs } from "node:fs";
import path from "node:path";
import { WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { LEDGER_FOLDER, makeLedgerFolder, pruneBackups, writeBackup } from "./backup";
import { FileSink } from "./file-sink";
import { codeOf, withLock } from "./lock";
import { checkNewFile, checkWorkbook, checkWritable } from "./output-path";
import type { PaymentRegister, RegisterEntry } from "./payment-register";
import * as xlsxPatch from "./xlsx-patch";
import { prepareAppendInWorker } from "./prepare-in-worker";
import * as xlsxRead from "./xlsx-read";
import { WorkbookChangedError } from "./workbook-changed";
import { collectBeforeWrite, restoreHeapGrowth } from "./garbage-collection";

/**
 * The one way a command changes a workbook on disk: the workbook is the ledger, so it is updated
 * where it lives, all or nothing, under a lock, only if nobody changed it since it was read, and
 * the previous version is kept. Files the change produces (payment file, AP export) appear under
 * their own names only once the workbook records them; a crash at any point is finished or
 * undone by the next command on the workbook (see docs/ledger.md).
 *
 * Order of the steps, each flushed to disk before the next:
 *   lock -> finish or undo an interrupted earlier command -> read bytes -> plan ->
 *   journal (nothing committed) -> new workbook under an unfinished name, written as it is
 *   made -> backup -> journal (what to finish) -> output files under unfinished names ->
 *   compare the workbook with what was read -> rename the workbook (the commit) ->
 *   rename the output files -> remove the journal -> unlock.
 */

export interface OutputFile {
  path: string;
  content: string | Uint8Array;
}

/** What a command wants written: the workbook's changes and the files that go with them. */
export interface LedgerChange {
  patch: WorkbookPatch;
  files?: OutputFile[];
  /**
   * Lines for the register of issued payments (UpdateOptions.register), appended once the
   * workbook and the files are in place; a command killed after its commit has them appended
   * by the next command, from its journal.
   */
  registerEntries?: RegisterEntry[];
}

export interface WorkbookRead {
  /** The workbook's real path (symbolic links followed). */
  path: string;
  /** Where the change will be written: `path`, or --output's real path. */
  target: string;
  /** Real paths of UpdateOptions.outputFiles, in order. */
  outputFiles: string[];
  bytes: Uint8Array;
  /** SHA-256 of the bytes read, hex: the version this command planned on. */
  sha256: string;
}

export interface UpdateOptions {
  /** The command's name for backups and the lock message: run, pay, export, reverse. */
  command: string;
  /** The command line, shown to a second command waiting for the lock. */
  commandLine?: string;
  /** Write the updated workbook here instead of in place (a separate ledger from then on). */
  output?: string;
  /** Paths of files the command will write, checked before anything is read. */
  outputFiles?: string[];
  /** Replace existing output files and an existing --output workbook. */
  force?: boolean;
  now?: Date;
  /** The register that LedgerChange.registerEntries go to; the caller holds its lock. */
  register?: PaymentRegister;
  /** Reads the bytes into the snapshot `plan` gets; by default readXlsxBuffer (run: transactions-offload.ts). */
  readSnapshot?: (bytes: Uint8Array) => Promise<WorkbookSnapshot>;
  /**
   * Sheets the command will probably append rows to (run: Customer transactions): a big one is
   * inflated and deflated again in a worker thread while the workbook is planned, and the
   * write splices only its ends (prepared-append.ts). The output is the same workbook.
   */
  appendsTo?: readonly string[];
}

export interface UpdateResult<P> {
  plan: P;
  /** The workbook that now holds the change: the input's real path, or --output's. */
  workbook: string;
  /** False when the plan changed nothing: no file at all was written. */
  written: boolean;
  /** True when the change went to --output: the input is unchanged and the copy is a ledger of its own. */
  separate: boolean;
  backup: string | null;
  files: string[];
  /** What was found left by an interrupted earlier command, and what was done about it. */
  recovered: string[];
}

export { WorkbookChangedError };

const PARTIAL = ".reimburse-partial-";

/** `payments.xml` -> `payments.xml.reimburse-partial-4242-1a2b3c4d`: no program takes it for a finished file. */
export function partialName(file: string): string {
  return `${file}${PARTIAL}${process.pid}-${randomBytes(4).toString("hex")}`;
}

export function isPartialName(file: string): boolean {
  return path.basename(file).includes(PARTIAL);
}

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

export function lockPathOf(workbook: string): string {
  return path.join(path.dirname(workbook), `.${path.basename(workbook)}.reimburse-lock`);
}

function pendingFolder(workbook: string): string {
  return path.join(path.dirname(workbook), LEDGER_FOLDER, "pending");
}

/** The bytes read, with their SHA-256 computed only if asked for (pay records it; a compare needs only the bytes). */
function workbookRead(p: string, target: string, outputFiles: string[], bytes: Uint8Array): WorkbookRead {
  let digest: string | null = null;
  return {
    path: p, target, outputFiles, bytes,
    get sha256(): string {
      return (digest ??= sha256(bytes));
    },
  };
}

/** Bytes read from or compared with a file at a time. */
const FILE_CHUNK = 8 << 20;
/** The most fs.readFile reads (2 GiB - 1). */
const MAX_FILE_BYTES = 2 ** 31 - 1;

/**
 * A file's bytes, read into a SharedArrayBuffer: a worker thread given them (the transactions
 * reader, transactions-offload.ts) shares this one copy, rather than a second one made for it
 * (61 MB at 100,000 customers), and nothing else is allocated on the way (fs.readFile's Buffer
 * copied into a Uint8Array was two copies). A file that changes size meanwhile gives the bytes
 * read; the compare before the commit then finds it changed.
 */
export async function readFileShared(p: string): Promise<Uint8Array> {
  const handle = await fs.open(p, "r");
  try {
    const { size } = await handle.stat();
    // fs.readFile's own bound (and its error), so a huge file is refused before it is held.
    if (size > MAX_FILE_BYTES) throw Object.assign(new RangeError(`File size (${size}) is greater than 2 GiB`), { code: "ERR_FS_FILE_TOO_LARGE" });
    const bytes = new Uint8Array(new SharedArrayBuffer(size));
    let at = 0;
    while (at < size) {
      const { bytesRead } = await handle.read(bytes, at, Math.min(FILE_CHUNK, size - at), at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    await handle.close();
  }
}

/**
 * True when the file at `p` holds exactly `bytes`; a different size is told by its length
 * alone. Compared a chunk at a time: the file is not held a second time beside the new workbook.
 */
async function holds(p: string, bytes: Uint8Array): Promise<boolean> {
  const handle = await fs.open(p, "r").catch(() => null);
  if (!handle) return false;
  try {
    if ((await handle.stat()).size !== bytes.length) return false;
    const chunk = Buffer.alloc(Math.min(FILE_CHUNK, bytes.length));
    for (let at = 0; at < bytes.length; ) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, bytes.length - at), at);
      if (bytesRead === 0 || !chunk.subarray(0, bytesRead).equals(bytes.subarray(at, at + bytesRead))) return false;
      at += bytesRead;
    }
    // Grown since the stat: not the version read.
    return (await handle.read(Buffer.alloc(1), 0, 1, bytes.length)).bytesRead === 0;
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

/** Reads a workbook through the one buffer reader, with the bytes and their hash. */
export async function readWorkbookFile(p: string, readSnapshot: (bytes: Uint8Array) => Promise<WorkbookSnapshot> = xlsxRead.readXlsxBuffer): Promise<{ read: WorkbookRead; snapshot: WorkbookSnapshot }> {
  const real = await checkWorkbook(p);
  const bytes = await readFileShared(real);
  // The reader speaks of "this file"; the user is told which one.
  const snapshot = await readSnapshot(bytes).catch((error: unknown) => Promise.reject(xlsxRead.namingFile(error, p)));
  return { read: workbookRead(real, real, [], bytes), snapshot };
}

/**
 * Every path of an update, checked before anything is read or written: the workbook's real
 * path, where the change goes, and the output files' real paths.
 */
export async function checkUpdatePaths(input: string, options: Pick<UpdateOptions, "output" | "outputFiles" | "force">): Promise<{ source: string; target: string; outputs: string[] }> {
  const force = options.force ?? false;
  const source = await checkWorkbook(input);
  const target = options.output === undefined ? source : await checkNewFile(options.output, force);
  if (target === source) await checkWritable(input, source);
  if (target === source && options.output !== undefined) throw new Error(`--output ${options.output} is the input workbook itself; leave it out to update the workbook in place`);
  const outputs = await Promise.all((options.outputFiles ?? []).map((f) => checkNewFile(f, force)));
  const clash = outputs.find((f, i) => f === source || f === target || outputs.indexOf(f) !== i);
  if (clash) throw new Error(`Cannot write ${clash}: it is also the workbook or another output of this command; name another file`);
  return { source, target, outputs };
}

/**
 * Reads the workbook at `input`, lets `plan` decide the change, and writes it (see the module
 * comment). `plan` runs under the lock, so nothing else changes the workbook meanwhile.
 */
export async function updateWorkbook<P extends LedgerChange>(
  input: string,
  plan: (snapshot: WorkbookSnapshot, read: WorkbookRead) => P | Promise<P>,
  options: UpdateOptions,
): Promise<UpdateResult<P>> {
  const force = options.force ?? false;
  const { source, target, outputs } = await checkUpdatePaths(input, options);

  const commandLine = options.commandLine ?? `${options.command} ${input}`;
  const locked = (p: string, work: () => Promise<UpdateResult<P>>) => withLock(lockPathOf(p), p, { command: commandLine }, work);
  const work = async (): Promise<UpdateResult<P>> => {
    const recovered = await recoverInterrupted([source, target], options.register);
    const bytes = await readFileShared(source);
    const read = workbookRead(source, target, outputs, bytes);
    const prepared: xlsxPatch.PreparedAppend[] = [];
    try {
      return await change(bytes, read, recovered, prepared);
    } finally {
      for (const p of prepared) p.cancel();
      // The read may have tightened it (transactions-offload.ts): the command is done.
      restoreHeapGrowth();
    }
  };
  const readSnapshot = async (bytes: Uint8Array, prepared: xlsxPatch.PreparedAppend[]): Promise<WorkbookSnapshot> => {
    const snapshot = await (options.readSnapshot ?? xlsxRead.readXlsxBuffer)(bytes).catch((error: unknown) => Promise.reject(xlsxRead.namingFile(error, input)));
    // Started once the read is done (its memory at its peak, both cores busy): while this thread plans, the other prepares.
    if (options.appendsTo?.length) prepared.push(...xlsxPatch.prepareAppends(bytes, options.appendsTo, (archive, entry) => prepareAppendInWorker(archive, entry)));
    return snapshot;
  };
  const change = async (bytes: Uint8Array, read: WorkbookRead, recovered: string[], prepared: xlsxPatch.PreparedAppend[]): Promise<UpdateResult<P>> => {
    // No local keeps the snapshot: once planned, its cells (200 MB at 100k customers) are
    // garbage, and the write that follows runs with that much less live heap to collect.
    const planned = await plan(await readSnapshot(bytes, prepared), read);
    const files = planned.files ?? [];
    if (!planned.patch.sheets.length && !files.length) {
      return { plan: planned, workbook: target, written: false, separate: target !== source, backup: null, files: [], recovered };
    }
    // The snapshot is garbage by now (see above): collected before the write adds its own.
    collectBeforeWrite();
    const realFiles = await Promise.all(files.map((f) => checkNewFile(f.path, force)));
    const now = options.now ?? new Date();
    // The new workbook goes to its unfinished name as it is made; an empty patch rewrites
    // nothing, and the copy elsewhere is then the bytes read.
    let staged: StagedWorkbook | null = null;
    if (planned.patch.sheets.length) staged = await stageWorkbook(read, options.command, now, (sink) => xlsxPatch.applyPatchToXlsxPieces(bytes, planned.patch, prepared, sink));
    else if (target !== source) staged = await stageWorkbook(read, options.command, now, async () => [bytes]);
    const done = await commit({
      read, target, staged, force, command: options.command, now,
      files: files.map((f, i) => ({ final: realFiles[i], content: f.content, shown: f.path })),
      register: planned.registerEntries?.length && options.register ? { register: options.register, entries: planned.registerEntries } : null,
    });
    return { plan: planned, workbook: target, written: true, separate: target !== source, backup: done.backup, files: realFiles, recovered };
  };
  // Two locks when writing elsewhere: the input (read) and the output (written), always in that order.
  return locked(source, () => (target === source ? work() : locked(target, work)));
}

interface PlannedFile {
  final: string;
  /** The path as the user gave it, for messages. */
  shown: string;
  content: string | Uint8Array;
}

/**
 * What the target held before the commit, to put back should a step after it fail: the bytes
 * read (an update in place), the backup copied from it (a replaced --output), or null when it
 * did not exist (a new separate ledger).
 */
type Previous = Uint8Array | { copyOf: string } | null;

interface CommitRequest {
  read: WorkbookRead;
  target: string;
  /** The new workbook, under its unfinished name (stageWorkbook); null: the workbook stays as it is. */
  staged: StagedWorkbook | null;
  files: PlannedFile[];
  force: boolean;
  command: string;
  now: Date;
  register: { register: PaymentRegister; entries: RegisterEntry[] } | null;
}

/** What an interrupted command left, written before its first file so the next command can act on it. */
interface Journal {
  command: string;
  pid: number;
  time: string;
  target: string;
  /** SHA-256 the target has once the workbook was committed. */
  committedSha256: string | null;
  workbookTemp: string | null;
  backup: string | null;
  files: { temp: string; final: string }[];
  /** Register lines still to append once committed: folder of the register and the lines. */
  register: { folder: string; entries: RegisterEntry[] } | null;
}

async function writeDurably(file: string, content: string | Uint8Array, flag = "wx", mode?: number): Promise<void> {
  const handle = await fs.open(file, flag, mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A copy of `from` at the new name `to`, flushed (the file system clones it where it can). */
async function copyDurably(from: string, to: string): Promise<void> {
  await fs.copyFile(from, to, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
  const handle = await fs.open(to, "r+");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function readable(p: string): Promise<boolean> {
  return fs.access(p, constants.R_OK).then(() => true, () => false);
}

/** A rename survives a power cut only once its folder is flushed too. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await fs.open(folder, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems (and Windows) cannot open or flush a folder; the rename stands regardless.
  }
}

async function exists(p: string): Promise<boolean> {
  return fs.access(p).then(() => true, () => false);
}

/**
 * Puts a finished file under its name. Without --force it never replaces a file that appeared
 * meanwhile: a hard link fails if the name is taken; where links are unsupported, the check
 * before the rename is the best a file system offers.
 */
async function placeFile(temp: string, final: string, force: boolean): Promise<void> {
  if (force) return fs.rename(temp, final);
  try {
    await fs.link(temp, final);
  } catch (error) {
    const code = codeOf(error);
    if (code === "EEXIST") throw new Error(`Cannot write ${final}: a file of that name appeared while the command ran; add --force to replace it`);
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV" && code !== "ENOSYS") throw error;
    if (await exists(final)) throw new Error(`Cannot write ${final}: a file of that name appeared while the command ran; add --force to replace it`);
    return fs.rename(temp, final);
  }
  await fs.rm(temp, { force: true });
}

/**
 * Test hook for the process tests: REIMBURSE_TEST_PAUSE=<stage>:<ms> stops at that stage for
 * up to ms, after creating REIMBURSE_TEST_PAUSED_FILE; deleting that file resumes at once.
 */
async function testPause(stage: string): Promise<void> {
  const hook = process.env.REIMBURSE_TEST_PAUSE;
  if (!hook) return;
  const [wanted, ms] = hook.split(":");
  if (wanted !== stage) return;
  const signal = process.env.REIMBURSE_TEST_PAUSED_FILE;
  if (signal) await fs.writeFile(signal, stage);
  const until = Date.now() + (Number(ms) || 0);
  while (Date.now() < until && (!signal || (await exists(signal)))) await new Promise((resolve) => setTimeout(resolve, 20));
}

/** A journal in the pending folder beside the target, not written yet. */
interface OpenedJournal {
  folder: string;
  createdLedgerFolder: boolean;
  journalPath: string;
  journal: Journal;
}

async function openJournal(target: string, command: string, now: Date): Promise<OpenedJournal> {
  const folder = pendingFolder(target);
  const createdLedgerFolder = !(await exists(path.dirname(folder)));
  await makeLedgerFolder(folder);
  const journalPath = path.join(folder, `${path.basename(target)}.${process.pid}-${randomBytes(4).toString("hex")}.json`);
  const journal: Journal = { command, pid: process.pid, time: now.toISOString(), target, committedSha256: null, workbookTemp: null, backup: null, files: [], register: null };
  return { folder, createdLedgerFolder, journalPath, journal };
}

/** The new workbook under its unfinished name, flushed, with the SHA-256 of its bytes. */
interface StagedWorkbook {
  opened: OpenedJournal;
  temp: string;
  sha256: string;
}

/**
 * Writes the new workbook to its unfinished name while `make` makes it, piece by piece as
 * each part's turn comes, hashing it on the way: the file's 68 MB at 100,000 customers go to
 * the disk on the thread pool while the main thread still makes the later parts, not after.
 * A journal that says nothing is committed comes first, so that the next command removes the
 * file should this one be killed meanwhile; a failure here removes both and is passed on.
 */
async function stageWorkbook(read: WorkbookRead, command: string, now: Date, make: (sink: xlsxPatch.PieceSink) => Promise<Uint8Array[]>): Promise<StagedWorkbook> {
  const opened = await openJournal(read.target, command, now);
  const temp = partialName(read.target);
  const journal: Journal = { ...opened.journal, workbookTemp: temp };
  const cleanUp = async (): Promise<void> => {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    await fs.rm(opened.journalPath, { force: true }).catch(() => undefined);
    await removeEmpty(opened.folder, opened.createdLedgerFolder);
  };
  // The patch's own failure (a sheet it cannot write) is passed on as it is; the file's, as the commit's would be.
  let patchFailed = false;
  try {
    await writeDurably(opened.journalPath, JSON.stringify(journal));
    await syncFolder(opened.folder);
    // Updated in place: the workbook keeps its permissions (the umask would narrow them).
    const mode = read.target === read.path ? (await fs.stat(read.path)).mode & 0o7777 : undefined;
    const handle = await fs.open(temp, "wx", mode);
    const hash = createHash("sha256");
    try {
      const sink = new FileSink(handle, hash);
      // What `make` hands back instead of giving it to the sink (the bytes read, copied as they
      // are; a test's stand-in for the patch) is written after.
      const rest = await make(sink).catch((error: unknown) => {
        patchFailed = !sink.failedWith(error);
        throw error;
      });
      if (rest.length) await sink.write(rest);
      await sink.drain();
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (mode !== undefined) await fs.chmod(temp, mode);
    await testPause("workbook-written");
    return { opened: { ...opened, journal }, temp, sha256: hash.digest("hex") };
  } catch (error) {
    await cleanUp();
    throw patchFailed ? error : renamedError(error, journal);
  }
}

/** `content` under the name `file` in one step: written beside it, flushed, renamed over it. */
async function replaceDurably(file: string, content: string): Promise<void> {
  const next = nextJournalName(file);
  await writeDurably(next, content, "w");
  await fs.rename(next, file);
}

/** Where replaceDurably writes a journal's next version (not a ".json": no other reader takes it for a journal). */
function nextJournalName(journalPath: string): string {
  return `${journalPath}.next`;
}

async function commit(request: CommitRequest): Promise<{ backup: string | null }> {
  const { read, target, staged, files, force } = request;
  const inPlace = target === read.path;
  const { folder, createdLedgerFolder, journalPath, journal: started } = staged?.opened ?? (await openJournal(target, request.command, request.now));
  const journal: Journal = {
    ...started,
    committedSha256: staged?.sha256 ?? null,
    workbookTemp: staged?.temp ?? null,
    files: files.map((f) => ({ temp: partialName(f.final), final: f.final })),
    register: request.register ? { folder: request.register.register.folder, entries: request.register.entries } : null,
  };
  const placed: string[] = [];
  let committed = false;
  let replaced: Previous = null;
  try {
    // The backup first: a crash right after it leaves one more copy of the old version, no harm.
    // Copied by the file system (a clone where it can): the compare below proves it is the version read.
    if (inPlace && staged) journal.backup = await writeBackup(read.path, { copyOf: read.path }, request.command, request.now);
    // A workbook replaced with --force may be someone's ledger too: it is kept the same way.
    // Copied as the input is (not read into memory beside the new workbook: 68 MB at 100,000
    // customers); a failed commit puts that copy back.
    if (!inPlace && staged && (await readable(target))) {
      journal.backup = await writeBackup(target, { copyOf: target }, request.command, request.now);
      replaced = { copyOf: journal.backup };
    }
    // A staged workbook's journal exists (it says nothing is committed): replaced whole, never half written.
    await (staged ? replaceDurably(journalPath, JSON.stringify(journal)) : writeDurably(journalPath, JSON.stringify(journal)));
    await syncFolder(folder);
    for (const [i, f] of files.entries()) await writeDurably(journal.files[i].temp, f.content);
    await testPause("files-written");
    await testPause("before-commit");
    if (inPlace) {
      // Compare and replace: Excel (or anyone) saving the workbook since the read wins, and
      // this command stops, rather than overwriting their work with marks planned on old rows.
      if (!(await holds(read.path, read.bytes))) {
        throw new WorkbookChangedError(
          `${read.path} changed while this command ran (saved from Excel or by another program); nothing was written. Run the command again on the workbook as it is now.`,
        );
      }
    }
    if (journal.workbookTemp) {
      await fs.rename(journal.workbookTemp, target);
      committed = true;
      await syncFolder(path.dirname(target));
    }
    await testPause("after-commit");
    for (const f of journal.files) {
      await placeFile(f.temp, f.final, force);
      placed.push(f.final);
    }
    for (const dir of new Set(journal.files.map((f) => path.dirname(f.final)))) await syncFolder(dir);
    await testPause("files-placed");
    if (request.register) await request.register.register.append(request.register.entries);
    await fs.rm(journalPath, { force: true });
    await removeEmpty(folder, createdLedgerFolder);
    if (journal.backup) await pruneBackups(target);
    return { backup: journal.backup };
  } catch (error) {
    await undo({ journal, journalPath, placed, committed, createdLedgerFolder, folder, previous: inPlace ? read.bytes : replaced });
    throw renamedError(error, journal);
  }
}

/** Undoes a failed commit: the previous workbook back, every file of this command gone. */
async function undo(state: {
  journal: Journal; journalPath: string; placed: string[]; committed: boolean; createdLedgerFolder: boolean; folder: string;
  previous: Previous;
}): Promise<void> {
  const { journal } = state;
  if (state.committed && !(await restoreTarget(journal, state.previous))) {
    // The workbook could not be put back: rather than a workbook that says paid without its
    // file, everything stays for the next command, which finishes the commit from the journal.
    return;
  }
  for (const f of state.placed) await fs.rm(f, { force: true }).catch(() => undefined);
  for (const f of journal.files) await fs.rm(f.temp, { force: true }).catch(() => undefined);
  if (journal.workbookTemp) await fs.rm(journal.workbookTemp, { force: true }).catch(() => undefined);
  if (journal.backup) {
    await fs.rm(journal.backup, { force: true }).catch(() => undefined);
    await removeEmpty(path.dirname(journal.backup), false);
  }
  await fs.rm(nextJournalName(state.journalPath), { force: true }).catch(() => undefined);
  await fs.rm(state.journalPath, { force: true }).catch(() => undefined);
  await removeEmpty(state.folder, state.createdLedgerFolder);
}

/**
 * After a failure past the commit: the target goes back to what it held (only while it still
 * holds this command's version). True when done, or when there was nothing to restore.
 */
async function restoreTarget(journal: Journal, previous: Previous): Promise<boolean> {
  const current = await fs.readFile(journal.target).catch(() => null);
  if (!current || sha256(current) !== journal.committedSha256) return false;
  try {
    if (previous === null) {
      await fs.rm(journal.target);
      return true;
    }
    const restore = partialName(journal.target);
    const put = previous instanceof Uint8Array ? writeDurably(restore, previous) : copyDurably(previous.copyOf, restore);
    await put.catch(async (error: unknown) => {
      await fs.rm(restore, { force: true });
      throw error;
    });
    await fs.rename(restore, journal.target);
    return true;
  } catch {
    return false;
  }
}

/** Removes the pending folder (and the .reimburse folder this command created) when empty. */
async function removeEmpty(folder: string, alsoParent: boolean): Promise<void> {
  await fs.rmdir(folder).catch(() => undefined);
  if (alsoParent) await fs.rmdir(path.dirname(folder)).catch(() => undefined);
}

/** The unfinished names mean nothing to the user: messages name the files they asked for. */
function renamedError(error: unknown, journal: Journal): Error {
  if (error instanceof WorkbookChangedError) return error;
  let message = messageOf(error);
  for (const f of journal.files) message = message.split(f.temp).join(f.final);
  if (journal.workbookTemp) message = message.split(journal.workbookTemp).join(journal.target);
  const prefix = message.startsWith("Cannot write") ? "" : `Cannot write ${journal.target}: `;
  return new Error(`${prefix}${message}`, { cause: error });
}

function messageOf(error: unknown): string {
  const message: unknown = typeof error === "object" && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === "string" ? message : String(error);
}

function parseJournal(text: string): Journal | null {
  try {
    const j = JSON.parse(text) as Journal;
    return typeof j.target === "string" && Array.isArray(j.files) ? j : null;
  } catch {
    return null;
  }
}

/**
 * Finishes or undoes what a command killed half way left for these workbooks (the caller holds
 * their locks, so the journal's writer is gone). Committed (the workbook has the new version):
 * the files are put under their names. Not committed: the unfinished files are removed.
 */
export async function recoverInterrupted(workbooks: string[], heldRegister?: PaymentRegister): Promise<string[]> {
  const notes: string[] = [];
  for (const folder of new Set(workbooks.map(pendingFolder))) {
    const names = await fs.readdir(folder).catch(() => [] as string[]);
    for (const name of names.filter((n) => n.endsWith(".json"))) {
      const journalPath = path.join(folder, name);
      const journal = parseJournal(await fs.readFile(journalPath, "utf8").catch(() => ""));
      if (!journal) {
        notes.push(`Unreadable record of an interrupted command left as it is: ${journalPath}`);
        continue;
      }
      if (!workbooks.includes(journal.target)) continue;
      const current = await fs.readFile(journal.target).catch(() => null);
      // Without a workbook change there is nothing to finish: unplaced files were never handed out.
      const committed = journal.committedSha256 !== null && current !== null && sha256(current) === journal.committedSha256;
      if (committed) {
        for (const f of journal.files) {
          if (!(await exists(f.temp))) continue;
          try {
            await placeFile(f.temp, f.final, false);
            notes.push(`An earlier ${journal.command} (process ${journal.pid}, ${journal.time}) was interrupted after updating ${journal.target}; its file was put in place: ${f.final}`);
          } catch {
            notes.push(`An earlier ${journal.command} (process ${journal.pid}, ${journal.time}) was interrupted after updating ${journal.target}; its finished file is ${f.temp} because ${f.final} exists: compare the two and rename it by hand`);
          }
        }
      } else {
        const removed: string[] = [];
        for (const f of [...journal.files.map((x) => x.temp), journal.workbookTemp, journal.backup]) {
          if (f && (await exists(f))) {
            await fs.rm(f, { force: true });
            removed.push(path.basename(f));
          }
        }
        notes.push(`An earlier ${journal.command} (process ${journal.pid}, ${journal.time}) was interrupted before it updated ${journal.target}; it was undone${removed.length ? ` (removed ${removed.join(", ")})` : ""}`);
      }
      if (committed && journal.register?.entries.length) {
        const entries = journal.register.entries;
        // pay holds the register's lock already; any other command takes it for this append.
        if (heldRegister && path.resolve(heldRegister.folder) === path.resolve(journal.register.folder)) await heldRegister.append(entries);
        else {
          // Loaded here only: a run that finds nothing to finish never needs the register's module.
          const { PaymentRegister } = await import("./payment-register");
          const register = new PaymentRegister(journal.register.folder);
          await register.exclusive(`finish ${journal.command} of ${journal.target}`, () => register.append(entries));
        }
        notes.push(`Its ${journal.register.entries.length} payment(s) were recorded in the register of issued payments`);
      }
      if (committed && journal.workbookTemp) await fs.rm(journal.workbookTemp, { force: true });
      // Killed while replacing the journal (replaceDurably): its next version, never in force.
      await fs.rm(nextJournalName(journalPath), { force: true });
      await fs.rm(journalPath, { force: true });
    }
    await fs.rmdir(folder).catch(() => undefined);
  }
  return notes;
}
