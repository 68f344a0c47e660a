import { Zip, ZipInputFile } from "fflate";
// Node's zlib in the CLI (its async calls run on the thread pool, beside the main thread); the
// task pane's bundle maps it to an empty module and DeflateStream's fflate is used instead.
import * as zlib from "zlib";
import { DeflateStream, compressionTuning, concat, crc32, crc32Combine, deflate } from "./compression";
import { ZipArchive, ZipEntry } from "./zip-archive";

/** A part's deflated bytes with the size and CRC-32 of what was deflated. */
export interface Deflated {
  readonly data: Uint8Array;
  /** The same bytes as the pieces they were made in: the zip writer takes them as they are, with no copy into `data`. */
  readonly pieces?: readonly Uint8Array[];
  size: number;
  crc: number;
}

/** Deflated bytes kept in their pieces, joined only if someone asks for `data`. */
export function inPieces(pieces: Uint8Array[], size: number, crc: number): Deflated {
  let joined: Uint8Array | null = null;
  return {
    pieces, size, crc,
    get data() {
      return (joined ??= concat(pieces));
    },
  };
}

/** Raw deflate streams one after the other as one (each but the last left open, sync-flushed), with the size and CRC-32 of what they hold. */
export function joinDeflated(parts: readonly Deflated[]): Deflated {
  let size = 0;
  let crc = 0;
  const pieces: Uint8Array[] = [];
  for (const part of parts) {
    pieces.push(...(part.pieces ?? [part.data]));
    crc = crc32Combine(crc, part.crc, part.size);
    size += part.size;
  }
  return inPieces(pieces, size, crc);
}

/** Deflates a part given piece by piece; `push` may wait, so that pieces do not pile up. */
export interface PartDeflater {
  push(piece: Uint8Array): Promise<void>;
  finish(): Promise<Deflated>;
}

export interface DeflateRawStream {
  write(piece: Uint8Array): boolean;
  flush(kind: number, callback: () => void): void;
  end(): void;
  on(event: "data", listener: (chunk: Uint8Array) => void): void;
  on(event: "end", listener: () => void): void;
  on(event: "error", listener: (error: Error) => void): void;
}

/** The part of Node's zlib the block deflater uses (a test gives it one whose gzip wrapper is off). */
export interface AsyncZlib {
  createGzip(options: { level: number; chunkSize: number }): DeflateRawStream;
  deflateRawSync(data: Uint8Array, options: { level: number; finishFlush: number }): Uint8Array;
  constants: { Z_SYNC_FLUSH: number };
}

export const asyncZlib: AsyncZlib | null = typeof (zlib as Partial<AsyncZlib>).createGzip === "function" ? (zlib as unknown as AsyncZlib) : null;

/** Blocks deflated independently, as pigz does: each ends byte aligned (a sync flush), the last one ends the stream. */
export const BLOCK = 4 << 20;
/**
 * Parts above 1 MB deflate at level 1: 3-5x less CPU than level 6 for ~15-25% more bytes
 * (measured on a 10,000-customer run's new sheets of 0.5-2 MB: 52 ms at level 6, 10 ms at 1).
 */
const LEVEL_1_FROM = 1 << 20;

/** The level a part of `size` bytes deflates at. */
export function levelFor(size: number): 1 | 6 {
  return size > LEVEL_1_FROM ? 1 : 6;
}
/** Blocks in the thread pool at once: both cores of a small machine, and one more ready. */
const IN_FLIGHT = 3;

/**
 * A deflater for a part of about `size` bytes. In Node the part is cut into 4 MB blocks, each
 * deflated on the thread pool while the next is produced (a 270 MB sheet compresses on both
 * cores); each block starts with an empty window, which costs ~1% of compression. Level 1
 * for parts of more than 1 MB (a 100k run's new sheets of 5-15 MB deflate 3-4x faster for
 * ~25% more bytes), 6 for the small ones.
 */
export function partDeflater(size: number): PartDeflater {
  const level = levelFor(size);
  if (asyncZlib && compressionTuning.useNative) return new BlockDeflater(asyncZlib, level);
  const stream = new DeflateStream(level);
  return {
    push: (piece) => {
      stream.push(piece);
      return Promise.resolve();
    },
    finish: () => Promise.resolve(stream.finish()),
  };
}

/**
 * partDeflater for a part whose size is known only once it is made (a new sheet written row by
 * row): pieces wait until the part is past 1 MB (level 1 then, whatever its size) or ends, so
 * the part deflates as partDeflater(its size) would, without all of it being held first.
 */
export function growingPartDeflater(): PartDeflater {
  const waiting: Uint8Array[] = [];
  let bytes = 0;
  let inner: PartDeflater | null = null;
  const start = async (): Promise<PartDeflater> => {
    const deflater = partDeflater(bytes);
    for (const piece of waiting.splice(0)) await deflater.push(piece);
    return (inner = deflater);
  };
  return {
    push: async (piece) => {
      if (inner) return inner.push(piece);
      waiting.push(piece);
      bytes += piece.length;
      if (bytes > LEVEL_1_FROM) await start();
    },
    finish: async () => (inner ?? (await start())).finish(),
  };
}

/**
 * An empty final block (BFINAL 1, fixed Huffman codes, end of block: RFC 1951 3.2.3, 3.2.6):
 * every block ends byte aligned by its sync flush, so this ends the stream, as zlib's Z_FINISH
 * does after a flush.
 */
const FINAL_BLOCK = new Uint8Array([0x03, 0x00]);

/** A block's raw deflate data (ending in a sync flush), the CRC-32 and length of what it holds. */
interface DeflatedBlock {
  pieces: Uint8Array[];
  crc: number;
  size: number;
}

/**
 * Each block goes through a gzip stream, so that zlib computes its CRC-32 on the thread pool as
 * it deflates, not the main thread: the block is sync-flushed, then finished, and its gzip
 * wrapper (RFC 1952: a 10-byte header; after the flush, an empty final block 03 00, then CRC-32
 * and length) is cut off. What remains is the raw deflate data of the same block sync-flushed,
 * byte for byte (gzip only wraps the stream); the blocks' CRCs are joined with crc32Combine.
 * Should a wrapper ever not look so, the block is deflated again here, as before.
 */
export class BlockDeflater implements PartDeflater {
  /** The block being fed, and how many bytes it has. */
  private open: { stream: DeflateRawStream; bytes: number; pieces: Uint8Array[]; deflated: Promise<DeflatedBlock> } | null = null;
  private readonly blocks: Promise<DeflatedBlock>[] = [];
  private readonly done: Uint8Array[] = [];
  private size = 0;
  private crc = 0;

  constructor(
    private readonly z: AsyncZlib,
    private readonly level: number,
    /** Where blocks end: at multiples of this many bytes of what is pushed. */
    private readonly blockSize = BLOCK,
    /** Blocks deflating at once (1: one core's worth, beside other work). */
    private readonly inFlight = IN_FLIGHT,
  ) {}

  async push(piece: Uint8Array): Promise<void> {
    // Blocks end at exact multiples of BLOCK, wherever the pieces were cut: pieces come in sizes
    // that depend on timing (the inflater runs ahead of the splicer), and a block boundary
    // changes the compressed bytes, so the same part would deflate differently from run to run.
    let rest = piece;
    while (rest.length) {
      const block = this.open ?? this.startBlock();
      const room = this.blockSize - block.bytes;
      const part = rest.length > room ? rest.subarray(0, room) : rest;
      rest = rest.subarray(part.length);
      // Node's stream keeps the piece (no copy) until its thread has deflated it.
      block.stream.write(part);
      block.pieces.push(part);
      block.bytes += part.length;
      if (block.bytes < this.blockSize) return;
      this.endBlock();
      while (this.blocks.length >= this.inFlight) this.take(await (this.blocks.shift() as Promise<DeflatedBlock>));
    }
  }

  private take(block: DeflatedBlock): void {
    this.done.push(...block.pieces);
    this.crc = crc32Combine(this.crc, block.crc, block.size);
    this.size += block.size;
  }

  private startBlock(): NonNullable<BlockDeflater["open"]> {
    const stream = this.z.createGzip({ level: this.level, chunkSize: OUT_CHUNK });
    const out: Uint8Array[] = [];
    const pieces: Uint8Array[] = [];
    const deflated = new Promise<DeflatedBlock>((resolve, reject) => {
      stream.on("data", (chunk) => out.push(chunk));
      stream.on("end", () => resolve(this.unwrap(out, pieces)));
      stream.on("error", reject);
    });
    // Awaited in order later; a failure meanwhile must not count as unhandled.
    deflated.catch(() => undefined);
    return (this.open = { stream, bytes: 0, pieces, deflated });
  }

  private endBlock(): void {
    const open = this.open;
    if (!open) return;
    // The flush first, then the end: given together, Node makes the last write one Z_FINISH.
    open.stream.flush(this.z.constants.Z_SYNC_FLUSH, () => open.stream.end());
    this.blocks.push(open.deflated);
    this.open = null;
  }

  /** The raw deflate data and CRC of a block from its gzip stream (see the class comment). */
  private unwrap(gzip: Uint8Array[], input: Uint8Array[]): DeflatedBlock {
    let size = 0;
    for (const p of input) size += p.length;
    const total = gzip.reduce((n, c) => n + c.length, 0);
    const head = bytesAt(gzip, 0, GZIP_HEADER);
    const tail = bytesAt(gzip, total - GZIP_TAIL, GZIP_TAIL);
    const view = new DataView(tail.buffer, tail.byteOffset, tail.length);
    if (total >= GZIP_HEADER + GZIP_TAIL && head[0] === 0x1f && head[1] === 0x8b && head[2] === 8 && head[3] === 0 && tail[0] === 0x03 && tail[1] === 0x00 && view.getUint32(6, true) === size % 2 ** 32) {
      return { pieces: sliceOf(gzip, GZIP_HEADER, total - GZIP_TAIL), crc: view.getUint32(2, true), size };
    }
    const block = concat(input);
    return { pieces: [this.z.deflateRawSync(block, { level: this.level, finishFlush: this.z.constants.Z_SYNC_FLUSH })], crc: crc32(block), size };
  }

  /** Every block deflated; `final` false leaves the stream open (its last block sync-flushed), for more deflate data to follow. */
  async finish(final = true): Promise<Deflated> {
    this.endBlock();
    for (const block of this.blocks.splice(0)) this.take(await block);
    if (final) this.done.push(FINAL_BLOCK);
    return inPieces(this.done, this.size, this.crc);
  }
}

/**
 * zlib's output buffer per block stream. A block's deflate data (0.6 MB of a 4 MB block at
 * level 1) is kept as views into these buffers, and the unused end of each block's last buffer
 * is held with it: at 256 KB that was 10 MB of 46 MB for a 100k run's transactions sheet.
 */
const OUT_CHUNK = 64 << 10;

const GZIP_HEADER = 10;
/** The empty final block after a sync flush (03 00), CRC-32 and ISIZE. */
const GZIP_TAIL = 10;

/** `length` bytes from offset `at` of the pieces taken as one run of bytes (copied). */
function bytesAt(pieces: readonly Uint8Array[], at: number, length: number): Uint8Array {
  return concat(sliceOf(pieces, at, at + length)).slice();
}

/** Bytes [from, to) of the pieces taken as one run, as views into them. */
function sliceOf(pieces: readonly Uint8Array[], from: number, to: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  let at = 0;
  for (const p of pieces) {
    const start = Math.max(from, at);
    const end = Math.min(to, at + p.length);
    if (end > start) out.push(p.subarray(start - at, end - at));
    at += p.length;
  }
  return out;
}

/**
 * Writes a ZIP package through fflate's container writer: an untouched entry is copied as its
 * compressed bytes, exactly as stored (same CRC, same deflate stream), and a rewritten one is
 * deflated here. Entries are written in the order they are added; one whose bytes are still
 * being deflated (addLater) holds back the ones after it, so that several parts deflate at
 * once. Held in memory, as the package it comes from, unless a sink takes the bytes as they come.
 */
export class ZipBuilder {
  private readonly chunks: Uint8Array[] = [];
  private failure: Error | null = null;
  private readonly zip = new Zip((error, chunk) => {
    if (error) this.failure = error;
    else this.chunks.push(chunk);
  });
  /** The entries added so far, written one after the other as their bytes come (and handed to the sink, if any). */
  private written: Promise<void> = Promise.resolve();

  /**
   * `sink`: where the package's bytes go as soon as each entry's turn comes (a file being
   * written while later parts are still made), instead of all at once from finishPieces.
   */
  constructor(private readonly sink: PieceSink | null = null) {}

  /** The entry of `from` as it is stored. */
  copy(from: ZipArchive, entry: ZipEntry): void {
    this.enqueue({ name: entry.storedName, data: { data: from.raw(entry), size: entry.size, crc: entry.crc }, method: entry.method, mtime: dosToDate(entry.dosDate, entry.dosTime) });
  }

  /** A new or rewritten entry from its bytes. */
  add(name: string, data: Uint8Array | string): void {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    this.addDeflated(name, { data: deflate(bytes), size: bytes.length, crc: crc32(bytes) });
  }

  /** A rewritten entry deflated as it was produced. */
  addDeflated(name: string, deflated: Deflated): void {
    this.enqueue({ name, data: deflated, method: 8, mtime: new Date() });
  }

  /** An entry whose deflated bytes come later; a failure fails finish(). */
  addLater(name: string, deflated: Promise<Deflated>): void {
    deflated.catch(() => undefined);
    this.enqueue({ name, data: deflated, method: 8, mtime: new Date() });
  }

  private enqueue(entry: QueuedEntry): void {
    // After a failure the chain stays rejected: nothing more is written, and finish says why.
    this.written = this.written.then(async () => {
      this.addStored(entry.name, await entry.data, entry.method, entry.mtime);
      if (this.sink) await this.sink.write(this.chunks.splice(0));
    });
    this.written.catch(() => undefined);
  }

  private addStored(name: string, deflated: Deflated, method: number, mtime: Date): void {
    const file: ZipInputFile = { filename: name, size: deflated.size, crc: deflated.crc, compression: method, mtime: clampDate(mtime) };
    this.zip.add(file);
    const ondata = file.ondata as NonNullable<ZipInputFile["ondata"]>;
    // fflate passes each piece through (it only adds their lengths): a part's pieces go in as they are.
    const pieces = deflated.pieces ?? [deflated.data];
    for (let i = 0; i < pieces.length - 1; i++) ondata(null, pieces[i] as Uint8Array<ArrayBuffer>, false);
    ondata(null, (pieces.length ? pieces[pieces.length - 1] : new Uint8Array(0)) as Uint8Array<ArrayBuffer>, true);
    if (this.failure) throw this.failure;
  }

  async finish(): Promise<Uint8Array> {
    // The one copy of the package's bytes: every part's pieces into the workbook's buffer.
    return concat(await this.finishPieces());
  }

  /**
   * The package as the pieces it was made of, in order, never joined: a file host writes them
   * one after the other (a 100,000-customer workbook is 68 MB that a join would copy once more).
   */
  async finishPieces(): Promise<Uint8Array[]> {
    await this.written;
    this.zip.end();
    if (this.failure) throw this.failure;
    if (!this.sink) return this.chunks.splice(0);
    await this.sink.write(this.chunks.splice(0));
    return [];
  }
}

interface QueuedEntry {
  name: string;
  data: Promise<Deflated> | Deflated;
  method: number;
  mtime: Date;
}

/** Takes a package's bytes in order, piece by piece (a file host writing them as they come). */
export interface PieceSink {
  write(pieces: readonly Uint8Array[]): Promise<void>;
}

/** DOS date/time (local time, 2-second resolution) as the Date fflate turns back into the same fields. */
function dosToDate(date: number, time: number): Date {
  return new Date(1980 + (date >> 9), ((date >> 5) & 15) - 1, date & 31 || 1, time >> 11, (time >> 5) & 63, (time & 31) * 2);
}

function clampDate(d: Date): Date {
  const y = d.getFullYear();
  return Number.isNaN(d.getTime()) || y < 1980 ? new Date(1980, 0, 1) : y > 2099 ? new Date(2099, 11, 31) : d;
}
