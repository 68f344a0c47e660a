import { bytesOf, indexOfBytes } from "./byte-search";
import { checkedInflateChunks, compressionTuning, concat } from "./compression";
import { findSheetData, passingFacts } from "./row-splicer";
import { ZipArchive, ZipEntry } from "./zip-archive";
import { BLOCK, BlockDeflater, Deflated, asyncZlib, inPieces, levelFor } from "./zip-write";

/**
 * A big sheet that a command will append rows to (a run: its Customer transactions, 270 MB of
 * XML at 100,000 customers), inflated and deflated again while the workbook is still being
 * read and planned, when a core is idle: its first block and its last one or two are kept as
 * they are, every block in between is deflated as the writer would (BlockDeflater's 4 MB
 * blocks, each on its own). The writer then splices only the kept blocks (the head's
 * <dimension>, the new rows before </sheetData>) and puts the deflated middle between them,
 * instead of inflating and deflating the whole part once the plan is known.
 *
 * The middle passes unchanged exactly when the splicer would pass it: its rows all come before
 * the first patched row (the splicer's own rule, "the rows before a chunk's last row are not
 * looked at" when that row comes before the next patched one), no </sheetData> in it, none of
 * the markup the splicer refuses. Anything else, or any failure here, and the writer takes the
 * part the plain way (which then also gives the message).
 */

/** Bytes either side of a block boundary looked at together: a pattern cut by the boundary. */
const SEAM = 1024;

export interface AppendBlocks {
  /** Bytes [0, blockSize) of the part. */
  head: Uint8Array;
  /** Bytes [blockSize, tailAt) deflated in blocks of blockSize, sync-flushed, the stream left open. */
  middle: Deflated;
  /** Bytes [tailAt, size). */
  tail: Uint8Array;
  /** The highest row number started before the tail (the rows of head and middle). */
  lastRowBefore: number;
  /** The number of the tail's last complete row start before </sheetData> (0: none). */
  tailLastRow: number;
  level: 1 | 6;
}

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
  const blocks = prepare(archive.chunksOf(entry), entry.size, blockSize, state).catch(() => null);
  return { entryName: entry.name, blocks, cancel: () => void (state.cancelled = true) };
}

/** What the worker is given: the part's stored (deflated) bytes and what its directory says of it. */
export interface PrepareRequest {
  /** In pieces, each its own buffer: the worker lets each go once it is inflated (taken out of this array). */
  raw: Uint8Array | Uint8Array[];
  crc: number;
  size: number;
  /** BLOCK unless given (tests). */
  blockSize?: number;
}

/** What the worker posts back: the blocks with the middle as its pieces, or nothing. */
export type PrepareMessage = { ok: true; blocks: Omit<AppendBlocks, "middle"> & { middle: { pieces: Uint8Array[]; size: number; crc: number } } } | { ok: false };

/** The worker's job (prepare-worker.ts), and the buffers its message transfers rather than copies. */
export async function prepareJob(request: PrepareRequest): Promise<{ message: PrepareMessage; transfer: ArrayBuffer[] }> {
  const chunks = checkedInflateChunks(request.raw, request.crc, request.size);
  const blocks = chunks ? await prepare(chunks, request.size, request.blockSize ?? BLOCK, { cancelled: false }).catch(() => null) : null;
  if (!blocks) return { message: { ok: false }, transfer: [] };
  const pieces = [...(blocks.middle.pieces ?? [blocks.middle.data])];
  const transfer = new Set<ArrayBuffer>();
  for (const b of [blocks.head, blocks.tail, ...pieces]) if (b.buffer instanceof ArrayBuffer) transfer.add(b.buffer);
  return { message: { ok: true, blocks: { ...blocks, middle: { pieces, size: blocks.middle.size, crc: blocks.middle.crc } } }, transfer: [...transfer] };
}

/** The blocks from the worker's message. */
export function blocksOf(message: PrepareMessage): AppendBlocks | null {
  if (!message.ok) return null;
  const { middle } = message.blocks;
  return { ...message.blocks, middle: inPieces(middle.pieces, middle.size, middle.crc) };
}

async function prepare(chunks: AsyncIterable<Uint8Array>, size: number, blockSize: number, state: { cancelled: boolean }): Promise<AppendBlocks | null> {
  const z = asyncZlib;
  if (!z) return null;
  const tailAt = blockSize * (Math.floor(size / blockSize) - 1);
  const level = levelFor(size);
  const head = new Uint8Array(blockSize);
  const tail = new Uint8Array(size - tailAt);
  // One block at a time: the preparation takes one core's worth (its inflater runs ahead only
  // as far as the stream buffers), so the plan, on the main thread, keeps the other.
  const middle = new BlockDeflater(z, level, blockSize, 1);
  let prefix: string | null = null;
  let lastRowBefore = 0;
  let refused = false;
  // The last bytes before the current piece, for patterns cut by a piece's boundary.
  let seam: Uint8Array = new Uint8Array(0);
  const look = (piece: Uint8Array): void => {
    if (prefix === null || refused) return;
    const facts = passingFacts(piece, prefix);
    const across = seamFacts(seam, piece, prefix);
    if (facts.odd || facts.endsData || across.odd || across.endsData || facts.lastRow === null || across.lastRow === null) refused = true;
    for (const row of [across.lastRow, facts.lastRow]) {
      if (typeof row !== "number") continue;
      // Rows in order, as the splicer takes them.
      if (row < lastRowBefore) refused = true;
      lastRowBefore = row;
    }
    seam = piece.length >= SEAM ? piece.subarray(piece.length - SEAM) : concat([seam, piece]).slice(-SEAM);
  };
  let at = 0;
  for await (const chunk of chunks) {
    if (state.cancelled || refused) return null;
    let rest = chunk;
    while (rest.length) {
      if (at < blockSize) {
        const part = rest.subarray(0, blockSize - at);
        head.set(part, at);
        at += part.length;
        rest = rest.subarray(part.length);
        if (at === blockSize) {
          const found = findSheetData(head);
          if (found === null) return null;
          // A <sheetData/> without rows: the splicer writes everything at its place, in the head.
          const gt = head.indexOf(62, found.at);
          if (gt < 0 || head[gt - 1] === 47) return null;
          prefix = found.prefix;
          const facts = passingFacts(head.subarray(found.at), prefix);
          if (facts.endsData || facts.odd || facts.lastRow === null) return null;
          lastRowBefore = typeof facts.lastRow === "number" ? facts.lastRow : 0;
          seam = head.subarray(Math.max(found.at, blockSize - SEAM));
        }
      } else if (at < tailAt) {
        const part = rest.subarray(0, tailAt - at);
        look(part);
        await middle.push(part);
        at += part.length;
        rest = rest.subarray(part.length);
      } else {
        const part = rest.subarray(0, size - at);
        tail.set(part, at - tailAt);
        at += part.length;
        rest = rest.subarray(part.length);
        if (!part.length) return null;
      }
    }
  }
  if (at !== size || refused || prefix === null) return null;
  // The seam before the tail: a row or pattern that starts in the middle and ends in the tail.
  const across = seamFacts(seam, tail, prefix);
  if (across.odd || across.endsData || across.lastRow === null) return null;
  if (typeof across.lastRow === "number") {
    if (across.lastRow < lastRowBefore) return null;
    lastRowBefore = across.lastRow;
  }
  const end = tailEnd(tail, prefix);
  const tailFacts = passingFacts(tail, prefix, end);
  if (tailFacts.odd || tailFacts.lastRow === null) return null;
  const tailLastRow = typeof tailFacts.lastRow === "number" ? tailFacts.lastRow : 0;
  if (tailLastRow && tailLastRow < lastRowBefore) return null;
  return { head, middle: await middle.finish(false), tail, lastRowBefore, tailLastRow, level };
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
