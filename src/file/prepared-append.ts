import { bytesOf, indexOfBytes } from "./byte-search";
import { checkedInflateChunks, compressionTuning, concat, crc32 } from "./compression";
import { BlockMap, BlockStart, BlockWalk } from "./deflate-blocks";
import { copiedBlocks } from "./deflate-splice";
import { findSheetData, passingFacts } from "./row-splicer";
import { ZipArchive, ZipEntry } from "./zip-archive";
import { BLOCK, Deflated, asyncZlib, levelFor } from "./zip-write";

/**
 * A big sheet that a command will append rows to (a run: its Customer transactions, 270 MB of
 * XML at 100,000 customers), looked at while the workbook is still being read and planned, when
 * a core is idle. Its deflate stream is cut at two of its own block boundaries (deflate-blocks.ts):
 * the blocks before the first cut inflate to the head (at least one block of `blockSize` bytes),
 * those from the second cut on to the tail (the last block or so), and the blocks in between pass
 * into the new workbook as they are stored (deflate-splice.ts), neither inflated nor deflated by
 * the write. The writer splices only the head (its <dimension>) and the tail (the new rows
 * before </sheetData>) and deflates them on either side of the copied blocks.
 *
 * The middle passes unchanged exactly when the splicer would pass it: its rows all come before
 * the first patched row (the splicer's own rule, "the rows before a chunk's last row are not
 * looked at" when that row comes before the next patched one), no </sheetData> in it, none of
 * the markup the splicer refuses. The copied blocks may refer back 32 KiB into the head, so the
 * head ends at least that far after <sheetData>, and the writer checks that its spliced head
 * ends as the original did. Anything else, a stream whose blocks cannot be walked, or any
 * failure here, and the writer takes the part the plain way (which then also gives the message).
 */

/** Bytes either side of a block boundary looked at together: a pattern cut by the boundary. */
const SEAM = 1024;

/** How far back a deflate stream may refer (RFC 1951, 3.2.5): the copied blocks' window, which the head must keep. */
export const WINDOW = 32768;

export interface AppendBlocks {
  /** What the blocks before the first cut inflate to. */
  head: Uint8Array;
  /** The stored blocks between the cuts, byte-aligned at both ends, the stream left open. */
  middle: Deflated;
  /** What the blocks from the second cut on inflate to. */
  tail: Uint8Array;
  /** The highest row number started before the tail (the rows of head and middle). */
  lastRowBefore: number;
  /** The number of the tail's last complete row start before </sheetData> (0: none). */
  tailLastRow: number;
  level: 1 | 6;
}

/** The stored blocks between the cuts, by position: the stream itself stays where it is (the main thread's package). */
export interface CopiedRange {
  fromBit: number;
  toBit: number;
  size: number;
  crc: number;
}

/** AppendBlocks with the middle still a range of the stored stream. */
export type Cut = Omit<AppendBlocks, "middle"> & { middle: CopiedRange };

export interface PreparedAppend {
  readonly entryName: string;
  /** The blocks, or null when the part is not taken this way. */
  readonly blocks: Promise<AppendBlocks | null>;
  /** Stops the work (a command that writes nothing); blocks then gives null. */
  cancel(): void;
}

/** Parts below three blocks gain nothing. */
export function preparable(entry: ZipEntry, blockSize = BLOCK): boolean {
  return entry.method === 8 && entry.size >= 3 * blockSize && asyncZlib !== null && compressionTuning.useNative;
}

/**
 * Starts preparing `entry` of `archive` (see the module comment) on this thread's event loop:
 * it progresses while the thread waits. prepare-in-worker.ts runs it in a worker thread, where
 * the main thread is free to plan meanwhile. Null when the part is not preparable.
 */
export function prepareAppend(archive: ZipArchive, entry: ZipEntry, blockSize = BLOCK): PreparedAppend | null {
  if (!preparable(entry, blockSize)) return null;
  const state = { cancelled: false };
  const stored = archive.raw(entry);
  const blocks = prepare(stored, archive.chunksOf(entry), entry.size, blockSize, state)
    .then((cut) => (cut ? blocksFrom(cut, stored) : null))
    .catch(() => null);
  return { entryName: entry.name, blocks, cancel: () => void (state.cancelled = true) };
}

/** What the worker is given: the part's stored (deflated) bytes and what its directory says of it. */
export interface PrepareRequest {
  /** A SharedArrayBuffer's view, as the CLI reads a package, or a copy of its own. */
  raw: Uint8Array;
  crc: number;
  size: number;
  /** BLOCK unless given (tests). */
  blockSize?: number;
}

/** What the worker posts back: the cut, or nothing. */
export type PrepareMessage = { ok: true; cut: Cut } | { ok: false };

/** The worker's job (prepare-worker.ts), and the buffers its message transfers rather than copies. */
export async function prepareJob(request: PrepareRequest): Promise<{ message: PrepareMessage; transfer: ArrayBuffer[] }> {
  const chunks = checkedInflateChunks(request.raw, request.crc, request.size);
  const cut = chunks ? await prepare(request.raw, chunks, request.size, request.blockSize ?? BLOCK, { cancelled: false }).catch(() => null) : null;
  if (!cut) return { message: { ok: false }, transfer: [] };
  const transfer = new Set<ArrayBuffer>();
  for (const b of [cut.head, cut.tail]) if (b.buffer instanceof ArrayBuffer) transfer.add(b.buffer);
  return { message: { ok: true, cut }, transfer: [...transfer] };
}

/** The blocks from the worker's message, their middle copied from `stored`, the part's stored bytes it was prepared from. */
export function blocksOf(message: PrepareMessage, stored: Uint8Array): AppendBlocks | null {
  return message.ok ? blocksFrom(message.cut, stored) : null;
}

function blocksFrom(cut: Cut, stored: Uint8Array): AppendBlocks {
  const { fromBit, toBit, size, crc } = cut.middle;
  return { ...cut, middle: copiedBlocks(stored, fromBit, toBit, size, crc) };
}

/**
 * Blocks walked between two looks at the inflated chunks: one (half a millisecond at 100k). zlib
 * inflates the next chunk only once this thread has taken the last, so a longer slice starves it.
 */
const WALK_SLICE = 4;

/**
 * Inflates the part (zlib, on the thread pool) while this thread walks its blocks, a slice at a
 * time in between the chunks. The first cut is walked to before any chunk is taken: it ends the
 * head. The second is known only once the walk is done, so the last two blocks' worth of bytes
 * are kept whole and cut then; the middle before them is looked at and summed as it comes.
 */
async function prepare(stored: Uint8Array, chunks: AsyncIterable<Uint8Array>, size: number, blockSize: number, state: { cancelled: boolean }): Promise<Cut | null> {
  const walk = new BlockWalk(stored, size);
  let walked: BlockMap | null | "more" = "more";
  // The head holds <sheetData> and the copied blocks' window after it: at least a block, and 128 KiB.
  const headBytes = Math.max(blockSize, 4 * WINDOW);
  const reached = (): boolean => walk.starts.length > 0 && walk.starts[walk.starts.length - 1].out >= headBytes;
  while (walked === "more" && !reached()) walked = walk.step(1);
  const from = walk.starts.find((b) => b.out >= headBytes);
  if (!from || walked === null) return null;
  const rest = (async (): Promise<BlockMap | null> => {
    let map: BlockMap | null | "more" = walked;
    while (map === "more" && !state.cancelled) {
      await new Promise((resolve) => setImmediate(resolve));
      map = walk.step(WALK_SLICE);
    }
    return map === "more" ? null : map;
  })();
  const level = levelFor(size);
  const head = new Uint8Array(from.out);
  // Kept whole for the second cut: two blocks' worth, and no less than the head's minimum
  // (a stored block holds up to 64 KiB; zlib's blocks hold up to 16K codes).
  const keptAt = Math.max(from.out, size - Math.max(2 * blockSize, headBytes));
  const kept = new Uint8Array(size - keptAt);
  const middle = new MiddleFacts();
  let at = 0;
  for await (const chunk of chunks) {
    if (state.cancelled || middle.refused) return null;
    let part = chunk;
    while (part.length) {
      if (at < from.out) {
        const piece = part.subarray(0, from.out - at);
        head.set(piece, at);
        at += piece.length;
        part = part.subarray(piece.length);
        if (at === from.out && !middle.start(head)) return null;
      } else if (at < keptAt) {
        const piece = part.subarray(0, keptAt - at);
        middle.look(piece);
        at += piece.length;
        part = part.subarray(piece.length);
      } else {
        const piece = part.subarray(0, size - at);
        if (!piece.length) return null;
        kept.set(piece, at - keptAt);
        at += piece.length;
        part = part.subarray(piece.length);
      }
    }
  }
  const map = await rest;
  if (!map || at !== size || middle.refused || middle.prefix === null) return null;
  // The second cut: the last block start that leaves a block's worth after it.
  let to: BlockStart | undefined;
  for (let k = map.starts.length - 1; k >= 0 && !to; k--) if (map.starts[k].out <= size - blockSize) to = map.starts[k];
  if (!to || to.out < keptAt || to.bit - from.bit < 16) return null;
  middle.look(kept.subarray(0, to.out - keptAt));
  const tail = kept.subarray(to.out - keptAt);
  const facts = middle.tailFacts(tail);
  if (!facts) return null;
  return { head, middle: { fromBit: from.bit, toBit: to.bit, size: to.out - from.out, crc: middle.crc }, tail, ...facts, level };
}

/**
 * What the splicer would do with the head, the middle and the tail, found as they pass: where
 * <sheetData> starts, that the rows come in order with nothing it refuses, the middle's CRC-32.
 */
class MiddleFacts {
  prefix: string | null = null;
  refused = false;
  crc = 0;
  private lastRowBefore = 0;
  // The last bytes before the current piece, for patterns cut by a piece's boundary.
  private seam: Uint8Array = new Uint8Array(0);

  /** The head, whole: false when the part is not taken this way. */
  start(head: Uint8Array): boolean {
    const found = findSheetData(head);
    if (found === null) return false;
    // A <sheetData/> without rows: the splicer writes everything at its place, in the head. And
    // the copied blocks' window must lie after <sheetData>, where the splice changes nothing.
    const gt = head.indexOf(62, found.at);
    if (gt < 0 || head[gt - 1] === 47 || gt + WINDOW > head.length) return false;
    this.prefix = found.prefix;
    const facts = passingFacts(head.subarray(found.at), this.prefix);
    if (facts.endsData || facts.odd || facts.lastRow === null) return false;
    this.lastRowBefore = typeof facts.lastRow === "number" ? facts.lastRow : 0;
    this.seam = head.subarray(Math.max(found.at, head.length - SEAM));
    return true;
  }

  /** The middle's bytes, in order. */
  look(piece: Uint8Array): void {
    this.crc = crc32(piece, this.crc);
    const prefix = this.prefix;
    if (prefix === null || this.refused) return;
    const facts = passingFacts(piece, prefix);
    const across = seamFacts(this.seam, piece, prefix);
    if (facts.odd || facts.endsData || across.odd || across.endsData || facts.lastRow === null || across.lastRow === null) this.refused = true;
    for (const row of [across.lastRow, facts.lastRow]) {
      if (typeof row !== "number") continue;
      // Rows in order, as the splicer takes them.
      if (row < this.lastRowBefore) this.refused = true;
      this.lastRowBefore = row;
    }
    this.seam = piece.length >= SEAM ? piece.subarray(piece.length - SEAM) : concat([this.seam, piece]).slice(-SEAM);
  }

  /** The rows either side of the tail's start, or null when the tail is not spliced this way. */
  tailFacts(tail: Uint8Array): { lastRowBefore: number; tailLastRow: number } | null {
    const prefix = this.prefix;
    if (prefix === null || this.refused) return null;
    // The seam before the tail: a row or pattern that starts in the middle and ends in the tail.
    let lastRowBefore = this.lastRowBefore;
    const across = seamFacts(this.seam, tail, prefix);
    if (across.odd || across.endsData || across.lastRow === null) return null;
    if (typeof across.lastRow === "number") {
      if (across.lastRow < lastRowBefore) return null;
      lastRowBefore = across.lastRow;
    }
    const facts = passingFacts(tail, prefix, tailEnd(tail, prefix));
    if (facts.odd || facts.lastRow === null) return null;
    const tailLastRow = typeof facts.lastRow === "number" ? facts.lastRow : 0;
    if (tailLastRow && tailLastRow < lastRowBefore) return null;
    return { lastRowBefore, tailLastRow };
  }
}

/** Where </sheetData> starts in the tail (its length when it has none: the splicer then refuses the part). */
function tailEnd(tail: Uint8Array, prefix: string): number {
  const end = indexOfBytes(tail, bytesOf(`</${prefix}sheetData>`), 0);
  return end >= 0 ? end : tail.length;
}

/**
 * passingFacts of what starts in `seam` (the bytes before `piece`) and ends in `piece`: a row
 * start tag, </sheetData> or "<!" / "<?" cut by the boundary (each piece alone is looked at
 * from its second byte on, and a "<" at a seam's end pairs with the piece's first byte).
 */
function seamFacts(seam: Uint8Array, piece: Uint8Array, prefix: string): ReturnType<typeof passingFacts> {
  const joined = concat([seam, piece.subarray(0, SEAM)]);
  const facts = passingFacts(joined, prefix, seam.length);
  return { ...facts, odd: passingFacts(joined, prefix, seam.length + 1).odd };
}
