import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { IsoDate } from "../core/types";
import { SHEETS } from "../workbook/contract";
import { WorkbookSnapshot } from "../workbook/grid";
import { FingerprintUnderway, fingerprintBefore } from "../workbook/fingerprint";
import { unpackDigest } from "../workbook/digest-transfer";
import { FingerprintBegun, TransactionsDigest, digestTransactions, offloadedTransactions } from "../workbook/offloaded-transactions";
import { ReadAhead, TransactionsSource, readAhead, readAheadPausing } from "../workbook/read";
import { PreparedTail, mergeDigests, prepareTail } from "../workbook/transactions-merge";
import { RowsShape, TransactionsStream, streamTransactions } from "../workbook/transactions-stream";
import { xlsxLimits } from "./limits";
import { SheetEntry, WorkbookPackage, openWorkbookPackage } from "./package-parts";
import { ZipEntry } from "./zip-archive";
import { WorkbookContext } from "./sheet-cells";
import { Cut, CutSlot, CutTaken, cutChunks, sheetEnding } from "./transactions-cut";
import { Progress, TailRead, balancedShare, readTail, tailShareFromEnvironment } from "./transactions-tail";
import { numberFromEnvironment } from "./environment";
import { collectAfterRead } from "./garbage-collection";
import { readPackage, readXlsxBuffer } from "./xlsx-read";
import { SharedStrings, SharedTable, shareTable } from "./shared-strings";

/**
 * `reimburse run` on two cores: the Customer transactions sheet (two thirds of a ledger's XML)
 * is read, parsed and summed by a worker thread while the main thread reads the other sheets.
 * The worker gets the very bytes the main thread read (a shared copy; the file is not read
 * again) and hands back a TransactionsDigest; the run is then planned from the other sheets and
 * that digest. Whenever the split could answer differently from the single-threaded read (any
 * read error in either thread, a limit the two halves only reach together) the workbook is read
 * the plain way instead, so errors are exactly those of readXlsxBuffer.
 */

/** What the digest job needs besides the bytes: structured-cloneable, for the worker. */
export interface DigestRequest {
  /** Index in the package's sheet list of the Customer transactions sheet. */
  sheetIndex: number;
  /** ReadOptions.now as epoch milliseconds, and ReadOptions.date (--date). */
  now: number;
  date?: IsoDate;
  /** The main thread's xlsxLimits, so a lowered limit holds in the worker too. */
  limits: typeof xlsxLimits;
  /** False: the whole grid is digested without trying the row stream first (tests compare the two). */
  stream?: boolean;
  /** The CutSlot's buffer, when the main thread may read the sheet's tail (transactions-cut.ts). */
  cut?: SharedArrayBuffer;
  /** OffloadOptions.holdWorker. */
  holdForCut?: boolean;
  /** The number of the stream's first attempt at the sheet (1 unless the sheet is read again after a tail the main thread did not read: digestThroughCut). */
  firstAttempt?: number;
  /** The main thread reads the shared-strings table and posts it (StringsMessage): the worker waits for it rather than read it too. */
  stringsComing?: boolean;
}

/** The main thread's one message to the worker: the shared-strings table it read, or null (the worker then reads it itself). */
export interface StringsMessage {
  strings: SharedTable | null;
}

export interface DigestResult {
  digest: TransactionsDigest;
  /** Cells the job read (that sheet and the Parameters sheet), against xlsxLimits.cells. */
  cells: number;
  /** How the sheet was digested: row by row as read, or as a whole grid (and why: the stream's reason to give up). */
  path: "streamed" | "grid";
  gaveUp?: string;
  /** The fingerprint text went out as it was made (not in the digest): how many chunks, of which attempt. */
  textPosted?: { attempt: number; chunks: number };
  /** The stream stopped at the cut the main thread offered: the digest is of the rows before it, of this shape. */
  cut?: Cut & { shape: RowsShape };
  /** The shared strings were the main thread's table, not read again. */
  stringsGiven?: boolean;
}

/** What the worker posts back: its fingerprint text as it is made (of the stream's attempt at the sheet), then its result. */
export type DigestMessage = { ok: true; result: DigestResult } | { ok: false; message: string } | { text: Uint8Array; attempt: number };

/** Hands on a chunk of the sheet's fingerprint text, made by the stream's attempt `attempt` (1, then 2 when the part is scanned again). */
export type TextPost = (chunk: Uint8Array, attempt: number) => void;

export interface OffloadOptions {
  now: Date;
  date?: IsoDate;
  /**
   * The worker's compiled script; by default transactions-worker.js beside this module. When it
   * does not exist (this module run from its TypeScript source) or is null, the job runs in-process.
   */
  workerScript?: string | null;
  /** Inflated size of the sheet's part from which the worker pays off; smaller sheets are read the plain way. */
  minimumBytes?: number;
  /**
   * The share of the sheet the main thread reads from its end while the worker reads the rest:
   * by default REIMBURSE_TAIL_SHARE, else balanced to the worker's pace (balancedShare); 0: none.
   */
  tailShare?: number;
  /** Tests: the worker reads nothing before the main thread has offered its cut (or given up on one), so that a small sheet is split too. */
  holdWorker?: boolean;
  /**
   * Inflated size of the sheet's part from which a sheet too small for the worker is still
   * digested row by row on the main thread (readStreamed) rather than read into a grid; by
   * default REIMBURSE_STREAM_MIN_BYTES, else STREAM_MINIMUM_BYTES.
   */
  streamMinimumBytes?: number;
}

/**
 * Below this (about 250,000 transactions) the worker's cost (a second isolate loading the
 * modules, the shared strings read a second time, the digest copied: 0.4-0.8 s of CPU at 10k
 * customers) is not won back: measured in docs/performance.md.
 */
export const OFFLOAD_MINIMUM_BYTES = 64_000_000;

/**
 * From this size (about 4,000 transactions) a sheet left to the main thread is digested row by
 * row as it is read: at 10k customers (a 26 MB sheet) its 100,000-row grid was built, kept
 * through the read (each scavenge copied it again) and walked three more times (parse, ids,
 * fingerprint). Below it the grid costs too little to matter and the plain read is kept.
 */
export const STREAM_MINIMUM_BYTES = 1_000_000;

/** REIMBURSE_STREAM_MIN_BYTES overrides STREAM_MINIMUM_BYTES (a huge value: the plain read, to compare). */
function streamMinimumFromEnvironment(): number {
  return numberFromEnvironment("REIMBURSE_STREAM_MIN_BYTES", (n) => n >= 0) ?? STREAM_MINIMUM_BYTES;
}

/** REIMBURSE_OFFLOAD_MIN_BYTES overrides the threshold (the process tests use 0; the bench can compare). */
function minimumBytesFromEnvironment(): number {
  return numberFromEnvironment("REIMBURSE_OFFLOAD_MIN_BYTES", (n) => n >= 0) ?? OFFLOAD_MINIMUM_BYTES;
}

const matches = (name: string, wanted: string): boolean => name.trim().toLowerCase() === wanted.trim().toLowerCase();

/** A run's read of an .xlsx: its snapshot, and where its transactions come from when a worker read them. */
export interface RunRead {
  snapshot: WorkbookSnapshot;
  transactions?: TransactionsSource;
  /** The other sheets parsed while the worker read (ReadOptions.ahead). */
  ahead?: ReadAhead;
  /** How the worker digested the transactions sheet (DigestResult.path). */
  digestPath?: DigestResult["path"];
  /** Where the main thread took the sheet's rows over from the worker, when it did. */
  split?: Cut;
  /** The worker used the main thread's shared-strings table (DigestResult.stringsGiven). */
  stringsGiven?: boolean;
}

/**
 * The workbook read for a run, the transactions sheet in a worker thread when that pays off.
 * The snapshot then holds that sheet thinned (header, last and totals rows only); only the
 * returned TransactionsSource may be asked about its rows.
 */
export async function readForRun(bytes: Uint8Array, options: OffloadOptions): Promise<RunRead> {
  const plain = async (): Promise<RunRead> => ({ snapshot: await readXlsxBuffer(bytes) });
  let pkg: WorkbookPackage;
  try {
    pkg = openWorkbookPackage(bytes);
  } catch {
    return plain();
  }
  const sheetIndex = transactionsSheetIndex(pkg);
  if (sheetIndex < 0) return plain();
  const target = pkg.sheets[sheetIndex];
  const entry = pkg.archive.find(target.path);
  if (!entry) return plain();
  if (entry.size < (options.minimumBytes ?? minimumBytesFromEnvironment())) {
    if (entry.size < (options.streamMinimumBytes ?? streamMinimumFromEnvironment())) return plain();
    return (await readStreamed(pkg, target, options)) ?? plain();
  }
  // The two halves count inflated bytes apart: split only when all the parts together fit.
  let inflated = 0;
  for (const e of pkg.archive.entries) inflated += e.size;
  if (inflated > xlsxLimits.totalBytes) return plain();

  const request: DigestRequest = { sheetIndex, now: options.now.getTime(), date: options.date, limits: { ...xlsxLimits }, holdForCut: options.holdWorker };
  const script = options.workerScript === undefined ? path.join(__dirname, "transactions-worker.js") : options.workerScript;
  const text = new PostedText();
  const share = options.tailShare ?? tailShareFromEnvironment();
  // The worker waits for the shared strings that readAround's readPackage hands it (giveStrings).
  const job = startDigestJob(bytes, request, script !== null && existsSync(script) ? script : null, (chunk, attempt) => text.chunk(chunk, attempt), share !== 0, true);
  let read: RunRead | null = null;
  try {
    read = await readAround(pkg, target, entry, job, { ...options, tailShare: share }, text);
  } finally {
    // A worker waiting at a cut is let go (a verdict is given once: this one only when none was).
    job.slot?.verdict(false);
    await job.stop();
  }
  return read ?? plain();
}

const debug = (message: string): void => {
  if (process.env.REIMBURSE_DEBUG_OFFLOAD) process.stderr.write(`reimburse: ${message} (${Math.round(performance.now())} ms)\n`);
};

/** The main thread's half: the other sheets, then the worker's digest in its sheet's place; null to read plainly. */
async function readAround(pkg: WorkbookPackage, target: SheetEntry, entry: ZipEntry, job: DigestJobHandle, options: OffloadOptions, text: PostedText): Promise<RunRead | null> {
  // The job's failure is seen when awaited below, not as an unhandled rejection meanwhile.
  const settled = job.result.then((r) => r, (error: unknown) => {
    debug(`transactions worker failed, reading the plain way: ${String(error)}`);
    return null;
  });
  const cells = { count: 0 };
  let snapshot: WorkbookSnapshot;
  let context: WorkbookContext | null = null;
  try {
    snapshot = await readPackage(pkg, { include: (s) => s !== target, cells, context: (made) => (context = made), strings: { read: (table) => job.giveStrings(table) } });
  } catch {
    job.slot?.verdict(false);
    return null;
  }
  const earlier: Progress = { at: performance.now(), position: job.slot?.position() ?? 0 };
  // Meanwhile the worker is still reading: the fingerprint is hashed up to the transactions
  // sheet's place and the text the worker posted so far with it, then the other sheets are
  // parsed now rather than after the worker, its text taken (and hashed) between two sheets:
  // until then each chunk is held (45 MB at 100,000 customers when it was taken after the parse).
  text.ready(snapshot);
  const ahead = await readAheadPausing(snapshot, options, () => new Promise((resolve) => setImmediate(resolve)));
  debug("the other sheets are read");
  // Then, rather than wait, the sheet's last rows are read here while the worker reads the rest.
  let tail: TailRead | null = null;
  let prepared: PreparedTail | undefined;
  let verdictAt = 0;
  if (job.slot && context) {
    try {
      const now: Progress = { at: performance.now(), position: job.slot.position() };
      const share = options.tailShare ?? balancedShare(entry.size, earlier, now);
      debug(`the worker is at byte ${now.position} of ${entry.size} (${Math.round((now.position - earlier.position) / Math.max(1, now.at - earlier.at))} bytes/ms): the main thread reads ${Math.round(share * 100)}% of the sheet`);
      const read = await readTail(pkg, target, entry, snapshot, context, job.slot, { now: options.now, date: options.date, share });
      if (typeof read === "string") debug(`the transactions sheet is not split: ${read}`);
      else {
        tail = read;
        debug(`the main thread has read the transactions sheet from row ${read.cut.row}`);
        // While the worker ends its part: the tail's half of the merge.
        prepared = prepareTail(read.part.digest.sums);
      }
    } finally {
      job.slot.verdict(tail !== null);
      verdictAt = performance.now();
    }
  }
  // While the worker packs its digest (60-120 ms at 100k customers), the collection this read
  // makes worth one (garbage-collection.ts): the other core is the worker's, this one waits.
  if (collectAfterRead()) debug(`the heap was collected: ${Math.round(performance.now() - verdictAt)} ms`);
  const result = await settled;
  // The cell limit is the workbook's: counted across both halves (Parameters twice: only stricter).
  if (!result || cells.count + result.cells > xlsxLimits.cells) return null;
  debug(`transactions digested ${result.path === "streamed" ? "row by row" : `as a grid${result.gaveUp ? ` (${result.gaveUp})` : ""}`}${result.stringsGiven ? ", with the main thread's shared strings" : ""}`);
  let transactions = result.digest;
  let tailText: Uint8Array[] = [];
  if (tail && !result.cut) debug("the transactions sheet is not split: the worker read on past the cut");
  if (result.cut) {
    // The worker stopped at the cut only on the verdict that the tail was read.
    if (!tail || tail.cut.offset !== result.cut.offset || tail.cut.row !== result.cut.row) return null;
    if (cells.count + result.cells + tail.cells > xlsxLimits.cells) return null;
    const merged = mergeDigests({ digest: result.digest, shape: result.cut.shape }, tail.part, prepared);
    if (!merged) {
      debug("the transactions sheet's two parts could not be merged exactly: reading the plain way");
      return null;
    }
    debug(`the transactions sheet was split at row ${tail.cut.row} (byte ${tail.cut.offset}): the main thread read ${tail.part.shape.rowsKept} rows; the worker's digest came ${Math.round(performance.now() - verdictAt)} ms after the verdict`);
    // The tail's text is hashed after the worker's, all of which has come by now.
    tailText = merged.fingerprintRows;
    merged.fingerprintRows = [];
    transactions = merged;
    result.digest = merged;
  }
  if (!transactions.grid) return null;
  const begun = text.settle(result);
  if (begun === null) return null;
  if (begun?.fed) for (const chunk of tailText) begun.underway.rows(chunk);
  else transactions.fingerprintRows.push(...tailText);
  // In the package's order, as readPackage lists worksheets (a chart sheet before it is not listed).
  const before = pkg.sheets.slice(0, pkg.sheets.indexOf(target)).filter((s) => s.kind === "worksheet").length;
  snapshot.sheets.splice(before, 0, transactions.grid);
  const source = offloadedTransactions(transactions, begun);
  // Hashed now, the sheet's text (90 MB at a million rows) is not kept through the plan. A
  // sheet the hash cannot tell (two sheets of one name) stops the run later, where the plain run stops.
  try {
    source.fingerprint(snapshot);
  } catch {
    // Hashed again when the run asks, and failing there.
  }
  return { snapshot, transactions: source, ahead, digestPath: result.path, split: result.cut ? { offset: result.cut.offset, row: result.cut.row } : undefined, stringsGiven: result.stringsGiven };
}

/**
 * The whole workbook read on this thread, the transactions sheet digested row by row as it is
 * read (streamTransactions, as the worker does) into the digest's thin grid in its place; null
 * when the stream gives up (rows out of order, merged cells, a refused Parameters sheet or
 * header) or anything fails, and the caller reads the plain way, so that every answer and
 * message is the plain read's.
 */
async function readStreamed(pkg: WorkbookPackage, target: SheetEntry, options: OffloadOptions): Promise<RunRead | null> {
  let stream: TransactionsStream | null = null;
  let snapshot: WorkbookSnapshot;
  let digest: TransactionsDigest;
  try {
    const sink = (others: WorkbookSnapshot, totalsRows: readonly number[]): TransactionsStream => {
      // A part scanned again starts a new stream.
      stream = streamTransactions(others, target.name, totalsRows, { now: options.now, date: options.date });
      return stream;
    };
    snapshot = await readPackage(pkg, { stream: { sheet: target, sink } });
    if (stream === null) return null;
    digest = (stream as TransactionsStream).end();
  } catch (error) {
    debug(`the transactions sheet is read the plain way: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  if (!digest.grid) return null;
  // Parsed before the thin grid joins the snapshot, as readAround does.
  const ahead = readAhead(snapshot, options);
  const before = pkg.sheets.slice(0, pkg.sheets.indexOf(target)).filter((s) => s.kind === "worksheet").length;
  snapshot.sheets.splice(before, 0, digest.grid);
  const source = offloadedTransactions(digest);
  // Hashed now, so that the sheet's text is not kept through the plan (as readAround).
  try {
    source.fingerprint(snapshot);
  } catch {
    // Hashed again when the run asks, and failing there.
  }
  return { snapshot, transactions: source, ahead, digestPath: "streamed" };
}

/** The one worksheet named Customer transactions, or -1 (none, or several: sheetNamed's error comes from the plain read). */
function transactionsSheetIndex(pkg: WorkbookPackage): number {
  const found: number[] = [];
  pkg.sheets.forEach((s, i) => {
    if (matches(s.name, SHEETS.transactions)) found.push(i);
  });
  return found.length === 1 && pkg.sheets[found[0]].kind === "worksheet" ? found[0] : -1;
}

/**
 * The worker's job, also run in-process when no worker can be started: the package opened from
 * the same bytes, only the transactions sheet and the Parameters sheet(s) read, then digested:
 * row by row as the sheet is read (transactions-stream.ts) where that gives the grid's answer,
 * else (or on any error of that attempt) as a whole grid read afresh, as before.
 */
export async function digestJob(bytes: Uint8Array, request: DigestRequest, post?: TextPost, strings?: () => Promise<SharedStrings | null>): Promise<DigestResult> {
  let gaveUp: string | undefined;
  const given = { taken: false };
  const take = strings
    ? async (): Promise<SharedStrings | null> => {
        const table = await strings();
        given.taken = table !== null;
        return table;
      }
    : undefined;
  if (request.stream !== false) {
    try {
      return { ...(await streamedDigestJob(bytes, request, post, take)), ...(given.taken ? { stringsGiven: true } : {}) };
    } catch (error) {
      // Read again whole: whatever failed fails there as it does in the plain read.
      gaveUp = error instanceof Error ? error.message : String(error);
    }
  }
  const pkg = openWorkbookPackage(bytes);
  const target = pkg.sheets[request.sheetIndex];
  const cells = { count: 0 };
  const snapshot = await readPackage(pkg, { include: (s) => s === target || matches(s.name, SHEETS.parameters), cells, strings: { given: take } });
  const digest = digestTransactions(snapshot, { now: new Date(request.now), date: request.date });
  return { digest, cells: cells.count, path: "grid", gaveUp, ...(given.taken ? { stringsGiven: true } : {}) };
}

/**
 * The worker's job (transactions-worker.ts) through a cut (transactions-cut.ts): its digest is
 * made and packed (`pack`) as soon as its rows end at the cut, while the main thread still reads
 * the tail, and the main thread's verdict is asked for only then, so that the packing does not
 * stand between the verdict and the main thread's merge. A tail the main thread did not read
 * (its read gave up after the cut was offered, rare) and the sheet is digested again, whole,
 * its fingerprint text posted as a later attempt. Without a cut, digestJob packed.
 */
export async function digestThroughCut<M>(bytes: Uint8Array, request: DigestRequest, pack: (result: DigestResult) => M, post?: TextPost, strings?: () => Promise<SharedStrings | null>): Promise<M> {
  const result = await digestJob(bytes, request, post, strings);
  const packed = pack(result);
  if (!result.cut || !request.cut || new CutSlot(request.cut).tailRead()) return packed;
  const again: DigestRequest = { ...request, cut: undefined, holdForCut: false, firstAttempt: (result.textPosted?.attempt ?? 1) + 1 };
  return pack(await digestJob(bytes, again, post, strings));
}

/** digestJob's row stream: the Parameters sheet(s) read first, then the transactions sheet streamed into its digest. */
async function streamedDigestJob(bytes: Uint8Array, request: DigestRequest, post?: TextPost, strings?: () => Promise<SharedStrings | null>): Promise<DigestResult> {
  const pkg = openWorkbookPackage(bytes);
  const target = pkg.sheets[request.sheetIndex];
  const cells = { count: 0 };
  // Only the first attempt at the part may stop at the main thread's cut (a second reads it all).
  const slot = request.cut ? new CutSlot(request.cut) : null;
  const taken: CutTaken = { cut: null };
  let attempts = 0;
  const chunks = slot
    ? (own: () => AsyncGenerator<Uint8Array>) => (): AsyncIterable<Uint8Array> => {
        taken.cut = null;
        return attempts++ === 0 ? cutChunks(own, slot, taken, sheetEnding, request.holdForCut) : own();
      }
    : undefined;
  let stream: TransactionsStream | null = null;
  let attempt = (request.firstAttempt ?? 1) - 1;
  let posted = 0;
  const sink = (others: WorkbookSnapshot, totalsRows: readonly number[]): TransactionsStream => {
    const made = ++attempt;
    posted = 0;
    const text = post
      ? (chunk: Uint8Array): void => {
          posted++;
          post(chunk, made);
        }
      : undefined;
    stream = streamTransactions(others, target.name, totalsRows, { now: new Date(request.now), date: request.date, text });
    return stream;
  };
  await readPackage(pkg, { include: (s) => s === target || matches(s.name, SHEETS.parameters), cells, stream: { sheet: target, sink, chunks }, strings: { given: strings } });
  if (stream === null) throw new Error("internal error: the transactions sheet was not streamed");
  const digest = (stream as TransactionsStream).end();
  const result: DigestResult = { digest, cells: cells.count, path: "streamed", textPosted: post ? { attempt, chunks: posted } : undefined };
  if (taken.cut) result.cut = { ...taken.cut, shape: (stream as TransactionsStream).shape() };
  return result;
}

interface DigestJobHandle {
  result: Promise<DigestResult>;
  /** Ends the worker (finished or not); resolves once it has exited. */
  stop(): Promise<void>;
  /** Where the main thread offers the worker to stop at a cut (a worker job asked to allow one). */
  slot?: CutSlot;
  /** Resolves once the worker thread has exited (at once when the job ran in-process). */
  ended: Promise<void>;
  /**
   * The shared-strings table the main thread read, handed to the worker (once) so that it does
   * not read it too; gives the table to use here instead (the same items, in shared memory). A
   * job started with `strings` waits for it: the caller must hand it (readPackage's strings.read).
   */
  giveStrings(table: SharedStrings): SharedStrings;
}

/** Starts the digest in a worker thread on a shared copy of the bytes, or in-process when no worker can be started. */
export function startDigestJob(bytes: Uint8Array, request: DigestRequest, script: string | null, post?: TextPost, cut = false, strings = false): DigestJobHandle {
  let worker: Worker | null = null;
  let slot: CutSlot | undefined;
  if (script !== null) {
    try {
      // Bytes read into a SharedArrayBuffer (ledger-file.ts readFileShared) are shared as they are.
      const shared = bytes.buffer instanceof SharedArrayBuffer ? bytes : new Uint8Array(new SharedArrayBuffer(bytes.length));
      if (shared !== bytes) shared.set(bytes);
      slot = cut ? new CutSlot() : undefined;
      worker = new Worker(script, { workerData: { bytes: shared, request: { ...request, ...(slot ? { cut: slot.buffer } : {}), stringsComing: strings } } });
    } catch {
      worker = null;
    }
  }
  if (worker === null) return { result: digestJob(bytes, request), stop: async () => undefined, ended: Promise.resolve(), giveStrings: (table) => table };
  const running = worker;
  const ended = new Promise<void>((resolve) => running.once("exit", () => resolve()));
  const result = new Promise<DigestResult>((resolve, reject) => {
    running.on("message", (message: DigestMessage) => {
      if ("text" in message) {
        post?.(message.text, message.attempt);
        return;
      }
      // The last message: the worker is ended now, not once the read is done, so that its heap
      // (100-130 MB at 100k customers) is not held beside the main thread's merge and hashing,
      // the 200 ms where the read's memory peaks (docs/performance.md, B17).
      void running.terminate();
      if (message.ok) resolve({ ...message.result, digest: unpackDigest(message.result.digest) });
      else reject(new Error(message.message));
    });
    running.once("error", reject);
    running.once("exit", (code) => reject(new Error(`the transactions worker stopped (exit code ${code}) without a result`)));
  });
  let stringsGiven = false;
  return {
    result,
    slot,
    ended,
    stop: async () => {
      await running.terminate();
    },
    giveStrings: (table) => {
      if (stringsGiven) return table;
      stringsGiven = true;
      const shared = shareTable(table);
      running.postMessage({ strings: shared?.shared ?? null } satisfies StringsMessage);
      return shared?.table ?? table;
    },
  };
}

/**
 * The worker's fingerprint text as it comes (DigestResult.textPosted): kept until the main
 * thread has its own sheets, then hashed into the run's fingerprint as each chunk arrives
 * (fingerprintBefore), so that the sheet's text (90 MB at a million rows) is never all held.
 * Chunks of an attempt the worker gave up (the part scanned again) are dropped; when its stream
 * gave up for the whole grid, the digest holds the text and the fingerprint is begun afresh.
 */
export class PostedText {
  private attempt = 0;
  private count = 0;
  private pending: Uint8Array[] = [];
  private underway: FingerprintUnderway | null = null;
  private snapshot: WorkbookSnapshot | null = null;

  chunk(chunk: Uint8Array, attempt: number): void {
    if (attempt !== this.attempt) {
      // A new attempt's text: what the last one's fed the fingerprint is to be hashed no more.
      if (this.count > 0) this.underway = this.snapshot ? begin(this.snapshot) : null;
      this.attempt = attempt;
      this.count = 0;
      this.pending = [];
    }
    this.count++;
    if (this.underway) this.underway.rows(chunk);
    else this.pending.push(chunk);
  }

  /** The main thread's sheets are read: the fingerprint is begun and the text so far hashed. */
  ready(snapshot: WorkbookSnapshot): void {
    this.snapshot = snapshot;
    this.underway = begin(snapshot);
    if (!this.underway) return;
    for (const chunk of this.pending) this.underway.rows(chunk);
    this.pending = [];
  }

  /**
   * The fingerprint begun for the run made from `result` (undefined: hashed when the run asks);
   * null when the chunks received are not those the worker says it posted.
   */
  settle(result: DigestResult): FingerprintBegun | undefined | null {
    const snapshot = this.snapshot;
    if (!snapshot) return undefined;
    const posted = result.textPosted;
    if (!posted) {
      // The text is in the digest; any chunks hashed so far were of a stream that gave up.
      const underway = this.count === 0 ? this.underway : begin(snapshot);
      return underway ? { snapshot, underway, fed: false } : undefined;
    }
    const received = this.attempt === posted.attempt ? this.count : 0;
    if (received !== posted.chunks) return null;
    if (this.underway && posted.chunks > 0) return { snapshot, underway: this.underway, fed: true };
    // Nothing posted, or a workbook the fingerprint refuses (hashed when the run asks, failing there).
    result.digest.fingerprintRows = this.pending;
    return this.underway ? { snapshot, underway: this.underway, fed: false } : undefined;
  }
}

/** fingerprintBefore for the run's input sheets, or null for a workbook it refuses (two sheets of one name). */
function begin(snapshot: WorkbookSnapshot): FingerprintUnderway | null {
  try {
    return fingerprintBefore(snapshot, SHEETS.transactions);
  } catch {
    return null;
  }
}
