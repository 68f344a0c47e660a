import { existsSync } from "node:fs";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { IsoDate } from "../core/types";
import { SHEETS } from "../workbook/contract";
import { WorkbookSnapshot } from "../workbook/grid";
import { fingerprintBefore } from "../workbook/fingerprint";
import { FingerprintBegun, TransactionsDigest, digestTransactions, offloadedTransactions } from "../workbook/offloaded-transactions";
import { ReadAhead, TransactionsSource, readAhead } from "../workbook/read";
import { TransactionsStream, streamTransactions } from "../workbook/transactions-stream";
import { xlsxLimits } from "./limits";
import { SheetEntry, WorkbookPackage, openWorkbookPackage } from "./package-parts";
import { readPackage, readXlsxBuffer } from "./xlsx-read";

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
}

export interface DigestResult {
  digest: TransactionsDigest;
  /** Cells the job read (that sheet and the Parameters sheet), against xlsxLimits.cells. */
  cells: number;
  /** How the sheet was digested: row by row as read, or as a whole grid (and why: the stream's reason to give up). */
  path: "streamed" | "grid";
  gaveUp?: string;
}

/** What the worker posts back. */
export type DigestMessage = { ok: true; result: DigestResult } | { ok: false; message: string };

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
}

/**
 * Below this (about 250,000 transactions) the worker's cost (a second isolate loading the
 * modules, the shared strings read a second time, the digest copied: 0.4-0.8 s of CPU at 10k
 * customers) is not won back: measured in docs/performance.md.
 */
export const OFFLOAD_MINIMUM_BYTES = 64_000_000;

/** REIMBURSE_OFFLOAD_MIN_BYTES overrides the threshold (the process tests use 0; the bench can compare). */
function minimumBytesFromEnvironment(): number {
  const set = Number(process.env.REIMBURSE_OFFLOAD_MIN_BYTES ?? "");
  return process.env.REIMBURSE_OFFLOAD_MIN_BYTES !== undefined && Number.isFinite(set) && set >= 0 ? set : OFFLOAD_MINIMUM_BYTES;
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
  if (!entry || entry.size < (options.minimumBytes ?? minimumBytesFromEnvironment())) return plain();
  // The two halves count inflated bytes apart: split only when all the parts together fit.
  let inflated = 0;
  for (const e of pkg.archive.entries) inflated += e.size;
  if (inflated > xlsxLimits.totalBytes) return plain();

  const request: DigestRequest = { sheetIndex, now: options.now.getTime(), date: options.date, limits: { ...xlsxLimits } };
  const script = options.workerScript === undefined ? path.join(__dirname, "transactions-worker.js") : options.workerScript;
  const job = startDigestJob(bytes, request, script !== null && existsSync(script) ? script : null);
  let read: RunRead | null = null;
  try {
    read = await readAround(pkg, target, job.result, options);
  } finally {
    await job.stop();
  }
  return read ?? plain();
}

/** The main thread's half: the other sheets, then the worker's digest in its sheet's place; null to read plainly. */
async function readAround(pkg: WorkbookPackage, target: SheetEntry, digest: Promise<DigestResult>, options: OffloadOptions): Promise<RunRead | null> {
  // The job's failure is seen when awaited below, not as an unhandled rejection meanwhile.
  const settled = digest.then((r) => r, (error: unknown) => {
    if (process.env.REIMBURSE_DEBUG_OFFLOAD) process.stderr.write(`reimburse: transactions worker failed, reading the plain way: ${String(error)}\n`);
    return null;
  });
  const cells = { count: 0 };
  let snapshot: WorkbookSnapshot;
  try {
    snapshot = await readPackage(pkg, { include: (s) => s !== target, cells });
  } catch {
    return null;
  }
  // Meanwhile the worker is still reading: the other sheets are parsed now rather than after it,
  // and their fingerprint text made (hashed up to the transactions sheet's place).
  const ahead = readAhead(snapshot, options);
  let begun: FingerprintBegun | undefined;
  try {
    begun = { snapshot, end: fingerprintBefore(snapshot, SHEETS.transactions) };
  } catch {
    // A sheet the hash cannot tell (two of one name): hashed when the run asks, failing there.
  }
  const result = await settled;
  // The cell limit is the workbook's: counted across both halves (Parameters twice: only stricter).
  if (!result || cells.count + result.cells > xlsxLimits.cells) return null;
  if (process.env.REIMBURSE_DEBUG_OFFLOAD) process.stderr.write(`reimburse: transactions digested ${result.path === "streamed" ? "row by row" : `as a grid${result.gaveUp ? ` (${result.gaveUp})` : ""}`}\n`);
  const { digest: transactions } = result;
  if (!transactions.grid) return null;
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
  return { snapshot, transactions: source, ahead, digestPath: result.path };
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
export async function digestJob(bytes: Uint8Array, request: DigestRequest): Promise<DigestResult> {
  let gaveUp: string | undefined;
  if (request.stream !== false) {
    try {
      return await streamedDigestJob(bytes, request);
    } catch (error) {
      // Read again whole: whatever failed fails there as it does in the plain read.
      gaveUp = error instanceof Error ? error.message : String(error);
    }
  }
  const pkg = openWorkbookPackage(bytes);
  const target = pkg.sheets[request.sheetIndex];
  const cells = { count: 0 };
  const snapshot = await readPackage(pkg, { include: (s) => s === target || matches(s.name, SHEETS.parameters), cells });
  const digest = digestTransactions(snapshot, { now: new Date(request.now), date: request.date });
  return { digest, cells: cells.count, path: "grid", gaveUp };
}

/** digestJob's row stream: the Parameters sheet(s) read first, then the transactions sheet streamed into its digest. */
async function streamedDigestJob(bytes: Uint8Array, request: DigestRequest): Promise<DigestResult> {
  const pkg = openWorkbookPackage(bytes);
  const target = pkg.sheets[request.sheetIndex];
  const cells = { count: 0 };
  const options = { now: new Date(request.now), date: request.date };
  let stream: TransactionsStream | null = null;
  await readPackage(pkg, {
    include: (s) => s === target || matches(s.name, SHEETS.parameters),
    cells,
    stream: { sheet: target, sink: (others, totalsRows) => (stream = streamTransactions(others, target.name, totalsRows, options)) },
  });
  if (stream === null) throw new Error("internal error: the transactions sheet was not streamed");
  return { digest: (stream as TransactionsStream).end(), cells: cells.count, path: "streamed" };
}

interface DigestJobHandle {
  result: Promise<DigestResult>;
  /** Ends the worker (finished or not); resolves once it has exited. */
  stop(): Promise<void>;
}

/** Starts the digest in a worker thread on a shared copy of the bytes, or in-process when no worker can be started. */
export function startDigestJob(bytes: Uint8Array, request: DigestRequest, script: string | null): DigestJobHandle {
  let worker: Worker | null = null;
  if (script !== null) {
    try {
      const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
      shared.set(bytes);
      worker = new Worker(script, { workerData: { bytes: shared, request } });
    } catch {
      worker = null;
    }
  }
  if (worker === null) return { result: digestJob(bytes, request), stop: async () => undefined };
  const running = worker;
  const result = new Promise<DigestResult>((resolve, reject) => {
    running.once("message", (message: DigestMessage) => (message.ok ? resolve(message.result) : reject(new Error(message.message))));
    running.once("error", reject);
    running.once("exit", (code) => reject(new Error(`the transactions worker stopped (exit code ${code}) without a result`)));
  });
  return {
    result,
    stop: async () => {
      await running.terminate();
    },
  };
}
