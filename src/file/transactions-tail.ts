import { IsoDate } from "../core/types";
import { WorkbookSnapshot } from "../workbook/grid";
import { DigestPart } from "../workbook/transactions-merge";
import { AmountBounds, NotStreamable, TransactionsStream, streamTransactions } from "../workbook/transactions-stream";
import { bytesOf, indexOfBytes } from "./byte-search";
import { latin1 } from "./byte-text";
import { checkedInflateChunks, concat } from "./compression";
import { SheetEntry, WorkbookPackage } from "./package-parts";
import { SheetReader, WorkbookContext } from "./sheet-cells";
import { totalsRowsOf } from "./tables";
import { isSpace } from "./xml-text";
import { Cut, CutSlot, findRowTag } from "./transactions-cut";
import { ZipEntry } from "./zip-archive";
import { numberFromEnvironment } from "./environment";

/**
 * The main thread's piece of the Customer transactions sheet while the worker reads the rest
 * (transactions-cut.ts): the part inflated here from its zip bytes, one chunk held at a time;
 * its head read up to the header row's end tag, so that the namespaces in scope and the
 * header are the sheet's; then the bytes skipped to the cut, a row start tag near the end,
 * offered to the worker; then the rows from the cut to the end streamed into a digest of
 * their own (streamTransactions with tailFrom), merged with the worker's (transactions-merge.ts).
 *
 * Anything unusual gives the tail up (the worker then reads the whole sheet, as without a
 * split): a head that is not plain unprefixed SpreadsheetML with its header row in its first
 * 64 KB, no row tag near the cut, the worker past it, a part the byte scanner leaves to saxes,
 * any error or NotStreamable in the tail.
 */

/**
 * The share of the part's bytes, from its end, the main thread reads when it cannot tell the
 * worker's pace (balancedShare), and the most and least it reads.
 */
export const TAIL_SHARE = 0.2;
const MOST_SHARE = 0.5;
const LEAST_SHARE = 0.04;

/** REIMBURSE_TAIL_SHARE: a fixed share (0 reads none; the bench can compare), else undefined (balanced). */
export function tailShareFromEnvironment(): number | undefined {
  return numberFromEnvironment("REIMBURSE_TAIL_SHARE", (n) => n >= 0 && n < 1);
}

/** Native zlib's inflating on this class of machine (measured: 270 MB in 0.41-0.51 s), bytes per ms. */
const INFLATE_BYTES_PER_MS = 600_000;
/** The main thread's cost per byte of the tail against the worker's (measured 0.76 on a lightly loaded machine: the main thread, its code warm from its own sheets, reads faster though it also hashes the worker's text meanwhile; at 0.9 the worker still reached the cut 0.26-0.42 s after the main thread ended, four runs of four). */
const MAIN_COST = 0.75;

/** What the worker does after its last row before the main thread has its digest (its end, the digest posted), ms. */
const WORKER_END_MS = 200;

/** Where the worker was in the part (bytes) at a time (ms). */
export interface Progress {
  at: number;
  position: number;
}

/**
 * The share for the main thread to read so that it ends when the worker reaches the cut: from
 * the worker's pace between two samples, the main thread first inflating up to the cut S, then
 * reading to the end. With r the worker's bytes per ms and p its position now, the worker
 * reaches S and ends in (S - p) / r + E (E WORKER_END_MS); the main thread ends in S / z +
 * k (size - S) / r (z the inflating pace, k MAIN_COST): S = (k size + p - E r) / (1 + k - r / z).
 * TAIL_SHARE when the pace is unknown.
 */
export function balancedShare(size: number, earlier: Progress, now: Progress): number {
  const elapsed = now.at - earlier.at;
  const pace = (now.position - earlier.position) / elapsed;
  if (!(elapsed >= 50 && pace > 0 && now.position > 0)) return TAIL_SHARE;
  const cut = (MAIN_COST * size + now.position - WORKER_END_MS * pace) / (1 + MAIN_COST - pace / INFLATE_BYTES_PER_MS);
  const share = 1 - cut / size;
  return Math.min(MOST_SHARE, Math.max(LEAST_SHARE, share));
}

export interface TailRead {
  cut: Cut;
  part: DigestPart & { bounds: AmountBounds };
  /** Cells with values in the tail's rows (the header row's, counted by the worker, not again). */
  cells: number;
}

export interface TailOptions {
  now: Date;
  date?: IsoDate;
  /** TAIL_SHARE's meaning. */
  share: number;
}

/** The head must hold the header row's end tag within this many bytes. */
const HEAD_LIMIT = 1 << 16;
/** The worker inflates in chunks of a MiB: a cut just past a MiB boundary is not cut again by its chunk's end. */
const WORKER_CHUNK = 1 << 20;
const PAST_BOUNDARY = 4096;
/** A row tag is looked for this far past the cut's target. */
const SEARCH_LIMIT = 1 << 16;

const ROOT = bytesOf("<worksheet");
const SHEET_DATA = bytesOf("<sheetData");
const ROW_END = bytesOf("</row>");
const MARKUP_DECLARATION = bytesOf("<!");
const PROCESSING = bytesOf("<?");

/** Why the tail is not read (a string for the debug output), or the tail read. */
export async function readTail(pkg: WorkbookPackage, sheet: SheetEntry, entry: ZipEntry, others: WorkbookSnapshot, context: WorkbookContext, slot: CutSlot, options: TailOptions): Promise<TailRead | string> {
  if (entry.method !== 8) return "the part is not deflated";
  const inflated = checkedInflateChunks(pkg.archive.raw(entry), entry.crc, entry.size);
  if (inflated === null) return "no native zlib";
  const source = inflated[Symbol.asyncIterator]();
  let done = false;
  try {
    const found = await findCut(source, entry.size, options.share);
    if (typeof found === "string") return found;
    const { head, cut, rest } = found;
    if (!slot.offer(cut)) return `the worker is past the cut (row ${cut.row})`;
    async function* tailChunks(): AsyncGenerator<Uint8Array> {
      yield head;
      yield rest;
      for (;;) {
        if (slot.refused()) throw new NotStreamable("the worker refused the cut");
        const next = await source.next();
        if (next.done) break;
        yield next.value;
      }
      done = true;
    }
    const totalsRows = totalsRowsOf(pkg.archive, entry.name);
    const tailContext: WorkbookContext = { ...context, cells: { count: 0 } };
    let stream: TransactionsStream | null = null;
    let headerCells = -1;
    await SheetReader.stream(
      pkg.archive,
      entry,
      sheet.name,
      tailContext,
      () => {
        // One pass over the inflated bytes: a part the scanner leaves to saxes is the worker's alone.
        if (stream !== null) throw new NotStreamable("the tail is not plain XML");
        const made = streamTransactions(others, sheet.name, totalsRows, { now: options.now, date: options.date, tailFrom: cut.row });
        stream = made;
        return {
          row: (n, cells) => {
            if (headerCells < 0) headerCells = tailContext.cells.count;
            made.row(n, cells);
          },
          unstreamable: made.unstreamable,
        };
      },
      tailChunks,
    );
    if (stream === null || !done) return "the tail was not read to its end";
    const tail = stream as TransactionsStream;
    const digest = tail.end();
    return { cut, part: { digest, shape: tail.shape(), bounds: tail.bounds() }, cells: tailContext.cells.count - Math.max(0, headerCells) };
  } catch (error) {
    return `the tail could not be read: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    if (!done) await source.return?.(undefined);
  }
}

/** Where the cut is looked for in a part of `size` inflated bytes, the main thread reading `share` of them. */
export function cutTarget(size: number, share: number): number {
  return Math.floor((size * (1 - share)) / WORKER_CHUNK) * WORKER_CHUNK + PAST_BOUNDARY;
}

/** The head (through the header row's end tag), the cut, and the bytes from the cut on in the chunk that holds it. */
async function findCut(source: AsyncIterator<Uint8Array>, size: number, share: number): Promise<{ head: Uint8Array; cut: Cut; rest: Uint8Array } | string> {
  let position = 0;
  let pending: Uint8Array = new Uint8Array(0);
  let head: Uint8Array | null = null;
  const target = cutTarget(size, share);
  for (;;) {
    const next = await source.next();
    if (next.done) return "no row tag near the cut";
    // `pending` starts at `position`: the bytes not yet passed.
    pending = pending.length ? concat([pending, next.value]) : next.value;
    if (head === null) {
      const end = headEnd(pending);
      if (end === null) {
        if (pending.length >= HEAD_LIMIT) return "no plain header row in the part's first 64 KB";
        continue;
      }
      if (typeof end === "string") return end;
      head = pending.slice(0, end);
      if (target <= end) return "the part is too small to cut";
    }
    if (position + pending.length <= target) {
      position += pending.length;
      pending = new Uint8Array(0);
      continue;
    }
    const from = Math.max(0, target - position);
    const tag = findRowTag(pending, from);
    if (tag !== null) return { head, cut: { offset: position + tag.at, row: tag.row }, rest: pending.subarray(tag.at) };
    if (position + pending.length - target > SEARCH_LIMIT) return "no row tag near the cut";
    // Kept with the next chunk: a tag may be cut by this one's end.
    const keep = Math.max(from, 0);
    position += keep;
    pending = pending.subarray(keep);
  }
}

/**
 * Where the header row ends in the part's first bytes: after the first `</row>` in sheetData,
 * whose root is an unprefixed `<worksheet` after at most an XML declaration; null when not yet
 * in these bytes; a reason when the head is not that plain.
 */
export function headEnd(bytes: Uint8Array): number | null | string {
  const root = indexOfBytes(bytes, ROOT);
  if (root < 0) return bytes.length > 4096 ? "the part's root is not an unprefixed <worksheet>" : null;
  const after = bytes[root + ROOT.length];
  if (after !== undefined && !isSpace(after) && after !== 62) return "the part's root is not an unprefixed <worksheet>";
  const prolog = latin1(bytes, 0, root);
  if (!/^(\u00ef\u00bb\u00bf)?(<\?xml [^<>]*\?>)?\s*$/.test(prolog)) return "the part's prolog is not plain";
  const data = indexOfBytes(bytes, SHEET_DATA, root);
  if (data < 0) return null;
  if (bytes[data + SHEET_DATA.length] !== 62) return data + SHEET_DATA.length < bytes.length ? "the part's <sheetData> has attributes" : null;
  const rowEnd = indexOfBytes(bytes, ROW_END, data);
  if (rowEnd < 0) return null;
  const end = rowEnd + ROW_END.length;
  const body = bytes.subarray(root, end);
  if (indexOfBytes(body, MARKUP_DECLARATION) >= 0 || indexOfBytes(body, PROCESSING) >= 0) return "the part's head holds a comment, CDATA or a processing instruction";
  // sheetData a child of the root: the worker ends its part with the root's end tag after it.
  if (depthBetween(bytes, root, data) !== 1) return "the part's <sheetData> is not a child of its root";
  return end;
}

/** Elements open at `to` of those begun from `from` (a tag's end found outside quoted values), or -1 for markup this does not read. */
function depthBetween(bytes: Uint8Array, from: number, to: number): number {
  let depth = 0;
  let i = from;
  while (i < to) {
    if (bytes[i] !== 60) {
      i++;
      continue;
    }
    const closing = bytes[i + 1] === 47;
    let j = i + 1;
    let quote = 0;
    for (; j < to; j++) {
      const b = bytes[j];
      if (quote) {
        if (b === quote) quote = 0;
      } else if (b === 34 || b === 39) quote = b;
      else if (b === 62) break;
    }
    if (j >= to) return -1;
    if (closing) depth--;
    else if (bytes[j - 1] !== 47) depth++;
    if (depth < 0) return -1;
    i = j + 1;
  }
  return depth;
}
