import { Deflate, Inflate, deflateSync, inflateSync } from "fflate";
// A plain "zlib" specifier: Node's own (native, several times faster than fflate) in the CLI;
// the task pane's bundle maps it to an empty module (webpack's fallback), and fflate is used.
import * as zlib from "zlib";

/**
 * Deflate (ZIP method 8) and CRC-32 for the .xlsx package: Node's zlib where it exists,
 * fflate in the browser. Both give byte streams any inflater reads the same.
 */

interface NodeZlib {
  inflateRawSync(data: Uint8Array): Uint8Array;
  deflateRawSync(data: Uint8Array, options: { level: number }): Uint8Array;
  createInflateRaw(options: { chunkSize: number; readableHighWaterMark?: number }): NodeJS.ReadWriteStream;
  createGunzip(options: { chunkSize: number; readableHighWaterMark?: number }): NodeJS.ReadWriteStream;
  crc32?(data: Uint8Array, value?: number): number;
}

const native: NodeZlib | null = typeof (zlib as Partial<NodeZlib>).createInflateRaw === "function" ? (zlib as unknown as NodeZlib) : null;

/**
 * Forces the browser's code path (fflate) in Node, so tests cover it too; checkedInflate false
 * makes zip entries inflate with the CRC-32 computed on the main thread, as the browser does.
 */
export const compressionTuning = { useNative: native !== null, checkedInflate: true };

const CHUNK = 1 << 20;

/** The inflated bytes of raw deflate data, chunk by chunk. */
export async function* inflateChunks(data: Uint8Array): AsyncGenerator<Uint8Array> {
  if (native && compressionTuning.useNative) {
    const stream = native.createInflateRaw({ chunkSize: CHUNK, readableHighWaterMark: 4 * CHUNK });
    stream.end(data);
    for await (const chunk of stream as AsyncIterable<Uint8Array>) yield chunk;
    return;
  }
  // fflate's streaming inflater, fed a slice at a time so that a chunk stays small.
  let out: Uint8Array[] = [];
  const inflater = new Inflate((chunk) => out.push(chunk));
  for (let i = 0; i < data.length || i === 0; i += CHUNK) {
    inflater.push(data.subarray(i, i + CHUNK), i + CHUNK >= data.length);
    for (const chunk of out) yield chunk;
    out = [];
  }
}

/**
 * A zip entry's raw deflate data inflated chunk by chunk with zlib checking its CRC-32 and size
 * on the thread pool, or null where that is not available (fflate: the caller checks the CRC).
 * The data is framed as a gzip member (RFC 1952: a 10-byte header, the deflate data, a trailer
 * of CRC-32 and size, here the zip directory's), so that no CRC is computed on the main thread.
 * A stream zlib refuses (corrupt data, a CRC or size that does not match, bytes after the end
 * of the deflate data, which a gzip member cannot have) fails; the caller then reads it the
 * plain way to say why.
 */
export function checkedInflateChunks(data: Uint8Array | Uint8Array[], crc: number, size: number): AsyncIterable<Uint8Array> | null {
  if (!native || !compressionTuning.useNative || !compressionTuning.checkedInflate) return null;
  const stream = native.createGunzip({ chunkSize: CHUNK, readableHighWaterMark: 4 * CHUNK });
  const trailer = new Uint8Array(8);
  const view = new DataView(trailer.buffer);
  view.setUint32(0, crc >>> 0, true);
  view.setUint32(4, size >>> 0, true);
  stream.write(GZIP_HEADER);
  // Pieces (one part's bytes in several buffers) are let go by the stream as it inflates them.
  if (data instanceof Uint8Array) stream.write(data);
  else for (const piece of data.splice(0)) stream.write(piece);
  stream.end(trailer);
  return stream as AsyncIterable<Uint8Array>;
}

/** ID1 ID2, deflate, no flags, no time, no extra flags, OS unknown. */
const GZIP_HEADER = Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

export function inflateAll(data: Uint8Array): Uint8Array {
  return native && compressionTuning.useNative ? native.inflateRawSync(data) : inflateSync(data);
}

export function deflate(data: Uint8Array, level: 1 | 6 = 6): Uint8Array {
  return native && compressionTuning.useNative ? native.deflateRawSync(data, { level }) : deflateSync(data, { level });
}

/** Deflates pieces as they come, keeping only the compressed output. */
export class DeflateStream {
  private readonly chunks: Uint8Array[] = [];
  private readonly deflater: Deflate;
  size = 0;
  crc = 0;

  constructor(level: 1 | 6) {
    this.deflater = new Deflate({ level }, (chunk) => this.chunks.push(chunk));
  }

  push(piece: Uint8Array): void {
    this.size += piece.length;
    this.crc = crc32(piece, this.crc);
    if (native && compressionTuning.useNative) this.pending.push(piece);
    else this.deflater.push(piece);
    if (this.pending.length && this.pendingBytes() >= 8 * CHUNK) this.flushNative(false);
  }

  private readonly pending: Uint8Array[] = [];
  private pendingBytes(): number {
    let n = 0;
    for (const p of this.pending) n += p.length;
    return n;
  }

  /** Node's sync deflate has no streaming form; pieces are deflated in 8 MB blocks with a sync flush between them. */
  private nodeStream: { deflate: (data: Uint8Array, final: boolean) => Uint8Array } | null = null;

  private flushNative(final: boolean): void {
    this.nodeStream ??= nodeBlockDeflater();
    const block = concat(this.pending);
    this.pending.length = 0;
    this.chunks.push(this.nodeStream.deflate(block, final));
  }

  finish(): { data: Uint8Array; size: number; crc: number } {
    if (native && compressionTuning.useNative) this.flushNative(true);
    else this.deflater.push(new Uint8Array(0), true);
    return { data: concat(this.chunks), size: this.size, crc: this.crc };
  }
}

/**
 * zlib's deflateRawSync per block, with Z_SYNC_FLUSH between blocks and Z_FINISH at the end:
 * the concatenation is one valid raw deflate stream (each block is byte aligned, and only the
 * last ends the stream). Compression restarts its window per block, which costs little at 8 MB.
 */
function nodeBlockDeflater(): { deflate: (data: Uint8Array, final: boolean) => Uint8Array } {
  const z = zlib as unknown as { deflateRawSync(d: Uint8Array, o: { level: number; finishFlush: number }): Uint8Array; constants: { Z_SYNC_FLUSH: number; Z_FINISH: number } };
  return {
    deflate: (data, final) => z.deflateRawSync(data, { level: 1, finishFlush: final ? z.constants.Z_FINISH : z.constants.Z_SYNC_FLUSH }),
  };
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  let size = 0;
  for (const c of chunks) size += c.length;
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

let TABLE: Int32Array | null = null;

/** CRC-32 (ISO 3309, as ZIP uses it), continuing from `value`. */
export function crc32(data: Uint8Array, value = 0): number {
  if (native?.crc32 && compressionTuning.useNative) return native.crc32(data, value);
  if (!TABLE) {
    TABLE = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      TABLE[n] = c;
    }
  }
  let c = ~value;
  for (let i = 0; i < data.length; i++) c = TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/**
 * The CRC-32 of A followed by B from crc(A), crc(B) and B's length, without B's bytes (zlib's
 * crc32_combine, which Node does not expose: appending len(B) zero bytes to A is a linear map
 * on the CRC, applied by squaring the one-zero-bit operator, a 32x32 matrix over GF(2)).
 */
export function crc32Combine(crcA: number, crcB: number, lengthB: number): number {
  if (lengthB <= 0) return crcA >>> 0;
  // odd: the operator for one zero bit; even: for two; then 4, 8, ... bits by squaring.
  let odd = new Uint32Array(32);
  let even = new Uint32Array(32);
  odd[0] = 0xedb88320;
  for (let n = 1, row = 1; n < 32; n++, row <<= 1) odd[n] = row;
  square(even, odd);
  square(odd, even);
  let crc = crcA >>> 0;
  let n = lengthB;
  // Each turn squares the operator (zeros for 1, 2, 4, ... bytes) and applies it for the length's next bit.
  for (;;) {
    square(even, odd);
    if (n % 2) crc = times(even, crc);
    n = Math.floor(n / 2);
    if (!n) break;
    [odd, even] = [even, odd];
  }
  return (crc ^ crcB) >>> 0;
}

function times(matrix: Uint32Array, vector: number): number {
  let sum = 0;
  for (let i = 0, v = vector >>> 0; v; i++, v >>>= 1) if (v & 1) sum ^= matrix[i];
  return sum >>> 0;
}

function square(out: Uint32Array, matrix: Uint32Array): void {
  for (let n = 0; n < 32; n++) out[n] = times(matrix, matrix[n]);
}
