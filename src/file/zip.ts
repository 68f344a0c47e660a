import { once } from "events";
import * as fs from "fs";
import * as zlib from "zlib";

/**
 * The few ZIP operations an .xlsx needs, on Node's zlib: list the entries of a file, read or
 * stream one, and write a new archive that copies untouched entries byte for byte (no
 * recompression) and deflates new ones as they are produced. No ZIP64 (4 GB, 65,535
 * entries), no encryption: such archives are refused with UnsupportedZip, and the caller
 * falls back to ExcelJS. Plain "fs"/"zlib" specifiers: the task pane's bundle maps them to
 * nothing, and never calls this module.
 */

/** Bytes read per step when streaming an entry; bench/verify-xlsx.ts makes it tiny to test chunk edges. */
export const zipTuning = { chunkSize: 1 << 20 };

export class UnsupportedZip extends Error {
  override name = "UnsupportedZip";
}

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  /** Offset of the local header. */
  offset: number;
  time: number;
  date: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export class ZipReader {
  private constructor(
    private readonly fd: fs.promises.FileHandle,
    private readonly path: string,
    readonly entries: ZipEntry[],
    readonly size: number,
  ) {}

  static async open(path: string): Promise<ZipReader> {
    const fd = await fs.promises.open(path, "r");
    try {
      const { size } = await fd.stat();
      const tailLength = Math.min(size, 22 + 65535);
      const tail = Buffer.alloc(tailLength);
      await readFully(fd, tail, size - tailLength);
      let eocd = -1;
      for (let i = tailLength - 22; i >= 0; i--) {
        if (tail.readUInt32LE(i) === EOCD) {
          eocd = i;
          break;
        }
      }
      if (eocd < 0) throw new UnsupportedZip("not a zip archive (no end of central directory)");
      const count = tail.readUInt16LE(eocd + 10);
      const cdSize = tail.readUInt32LE(eocd + 12);
      const cdOffset = tail.readUInt32LE(eocd + 16);
      if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw new UnsupportedZip("ZIP64 archive");
      if (cdOffset + cdSize > size) throw new UnsupportedZip("truncated central directory");
      const cd = Buffer.alloc(cdSize);
      await readFully(fd, cd, cdOffset);
      const entries: ZipEntry[] = [];
      let p = 0;
      for (let i = 0; i < count; i++) {
        if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw new UnsupportedZip("bad central directory");
        const flags = cd.readUInt16LE(p + 8);
        const nameLength = cd.readUInt16LE(p + 28);
        const extraLength = cd.readUInt16LE(p + 30);
        const commentLength = cd.readUInt16LE(p + 32);
        const entry: ZipEntry = {
          flags,
          method: cd.readUInt16LE(p + 10),
          time: cd.readUInt16LE(p + 12),
          date: cd.readUInt16LE(p + 14),
          crc: cd.readUInt32LE(p + 16),
          compressedSize: cd.readUInt32LE(p + 20),
          size: cd.readUInt32LE(p + 24),
          offset: cd.readUInt32LE(p + 42),
          name: cd.toString(flags & 0x800 ? "utf8" : "latin1", p + 46, p + 46 + nameLength),
        };
        if (flags & 0x1) throw new UnsupportedZip("encrypted entry");
        if (entry.method !== 0 && entry.method !== 8) throw new UnsupportedZip(`compression method ${entry.method}`);
        if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.offset === 0xffffffff) throw new UnsupportedZip("ZIP64 entry");
        entries.push(entry);
        p += 46 + nameLength + extraLength + commentLength;
      }
      return new ZipReader(fd, path, entries, size);
    } catch (error) {
      await fd.close();
      throw error;
    }
  }

  close(): Promise<void> {
    return this.fd.close();
  }

  find(name: string): ZipEntry | undefined {
    return this.entries.find((e) => e.name === name);
  }

  /** Offset of an entry's compressed bytes, past its local header. */
  async dataOffset(entry: ZipEntry): Promise<number> {
    const header = Buffer.alloc(30);
    await readFully(this.fd, header, entry.offset);
    if (header.readUInt32LE(0) !== LOCAL) throw new UnsupportedZip(`bad local header for ${entry.name}`);
    return entry.offset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  }

  readAt(buf: Buffer, position: number): Promise<void> {
    return readFully(this.fd, buf, position);
  }

  async compressed(entry: ZipEntry): Promise<Buffer> {
    const data = Buffer.alloc(entry.compressedSize);
    await readFully(this.fd, data, await this.dataOffset(entry));
    return data;
  }

  async read(entry: ZipEntry): Promise<Buffer> {
    const data = await this.compressed(entry);
    return entry.method === 0 ? data : zlib.inflateRawSync(data);
  }

  async text(entry: ZipEntry): Promise<string> {
    return (await this.read(entry)).toString("utf8");
  }

  /**
   * The entry's uncompressed bytes, chunk by chunk, without holding the whole entry. Reading
   * and inflating run ahead (Node streams, zlib on the thread pool) while the caller works.
   */
  async *stream(entry: ZipEntry, chunkSize = zipTuning.chunkSize): AsyncGenerator<Buffer> {
    if (entry.compressedSize === 0) {
      if (entry.method === 8) throw new UnsupportedZip(`empty deflated entry ${entry.name}`);
      return;
    }
    const start = await this.dataOffset(entry);
    // Its own descriptor: a stream over the shared FileHandle would close it when done.
    const raw = fs.createReadStream(this.path, { start, end: start + entry.compressedSize - 1, highWaterMark: chunkSize });
    const inflater = entry.method === 8 ? zlib.createInflateRaw({ chunkSize: Math.max(64, Math.min(1 << 18, chunkSize)) }) : null;
    const source = inflater ? raw.pipe(inflater) : raw;
    raw.on("error", (error) => source.destroy(error));
    try {
      for await (const chunk of source) yield chunk as Buffer;
    } finally {
      raw.destroy();
      inflater?.destroy();
    }
  }
}

async function readFully(fd: fs.promises.FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await fd.read(buf, done, buf.length - done, position + done);
    if (bytesRead === 0) throw new UnsupportedZip("unexpected end of file");
    done += bytesRead;
  }
}

// CRC-32 (ISO 3309), for Node versions whose zlib has no crc32.
let crcTable: Int32Array | null = null;
function crc32js(data: Uint8Array, crc: number): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = crcTable[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const nativeCrc = (zlib as unknown as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
export function crc32(data: Uint8Array, crc = 0): number {
  return nativeCrc ? nativeCrc(data, crc) : crc32js(data, crc);
}

interface Written {
  name: Buffer;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** Writes an archive to a file it creates (flag "wx"); entries in the order added. */
export class ZipWriter {
  private readonly written: Written[] = [];
  private position = 0;

  private constructor(private readonly fd: fs.promises.FileHandle) {}

  static async create(path: string): Promise<ZipWriter> {
    return new ZipWriter(await fs.promises.open(path, "wx"));
  }

  private async write(buf: Buffer): Promise<void> {
    let done = 0;
    while (done < buf.length) {
      const { bytesWritten } = await this.fd.write(buf, done, buf.length - done, this.position + done);
      done += bytesWritten;
    }
    this.position += buf.length;
  }

  private localHeader(w: Written): Buffer {
    const h = Buffer.alloc(30);
    h.writeUInt32LE(LOCAL, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(w.flags, 6);
    h.writeUInt16LE(w.method, 8);
    h.writeUInt16LE(w.time, 10);
    h.writeUInt16LE(w.date, 12);
    h.writeUInt32LE(w.crc, 14);
    h.writeUInt32LE(w.compressedSize, 18);
    h.writeUInt32LE(w.size, 22);
    h.writeUInt16LE(w.name.length, 26);
    h.writeUInt16LE(0, 28);
    return Buffer.concat([h, w.name]);
  }

  /** Copies an entry of another archive as it is: same bytes, same CRC, nothing inflated. */
  async copy(from: ZipReader, entry: ZipEntry): Promise<void> {
    const w: Written = {
      name: Buffer.from(entry.name, "utf8"),
      flags: 0x800,
      method: entry.method,
      time: entry.time,
      date: entry.date,
      crc: entry.crc,
      compressedSize: entry.compressedSize,
      size: entry.size,
      offset: this.position,
    };
    this.checkSize(w.offset);
    await this.write(this.localHeader(w));
    const start = await from.dataOffset(entry);
    const chunk = 1 << 22;
    for (let pos = 0; pos < entry.compressedSize; pos += chunk) {
      const buf = Buffer.alloc(Math.min(chunk, entry.compressedSize - pos));
      await from.readAt(buf, start + pos);
      await this.write(buf);
    }
    this.written.push(w);
  }

  /**
   * Adds an entry from text or bytes produced piece by piece, deflated as they come: zlib works
   * on the thread pool while the producer makes the next piece. Level 1 suits entries of
   * hundreds of MB (4x faster than 6 for a fifth more bytes).
   */
  async add(name: string, pieces: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, level = 6): Promise<void> {
    const now = dosTime(new Date());
    const w: Written = { name: Buffer.from(name, "utf8"), flags: 0x800, method: 8, time: now.time, date: now.date, crc: 0, compressedSize: 0, size: 0, offset: this.position };
    this.checkSize(w.offset);
    await this.write(this.localHeader(w));
    const deflater = zlib.createDeflateRaw({ level, chunkSize: 1 << 18 });
    let writing: Promise<void> = Promise.resolve();
    let failure: unknown = null;
    deflater.on("data", (chunk: Buffer) => {
      w.compressedSize += chunk.length;
      writing = writing.then(() => (failure ? undefined : this.write(chunk))).catch((error) => void (failure ??= error));
    });
    const ended = new Promise<void>((resolve, reject) => {
      deflater.once("end", resolve);
      deflater.once("error", reject);
    });
    ended.catch(() => undefined);
    let batch: Buffer[] = [];
    let batched = 0;
    const feed = async (): Promise<void> => {
      const buf = batch.length === 1 ? batch[0] : Buffer.concat(batch, batched);
      batch = [];
      batched = 0;
      w.crc = crc32(buf, w.crc);
      w.size += buf.length;
      if (w.size > 0xfffffffe) throw new UnsupportedZip("entry over 4 GB");
      if (failure) throw failure;
      if (!deflater.write(buf)) await Promise.race([once(deflater, "drain"), ended]);
      // Keep the compressed bytes waiting for the disk bounded.
      if (deflater.writableLength > 1 << 24) await writing;
    };
    try {
      for await (const piece of pieces as AsyncIterable<string | Uint8Array>) {
        const buf = typeof piece === "string" ? Buffer.from(piece, "utf8") : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
        if (!buf.length) continue;
        batch.push(buf);
        batched += buf.length;
        if (batched >= 1 << 20) await feed();
      }
      if (batched) await feed();
      deflater.end();
      await ended;
      await writing;
      if (failure) throw failure;
    } catch (error) {
      deflater.destroy();
      throw error;
    }
    // The sizes and CRC are known only now: rewrite the local header in place.
    const final = this.localHeader(w);
    await this.fd.write(final, 0, final.length, w.offset);
    this.written.push(w);
  }

  private checkSize(offset: number): void {
    if (offset > 0xfffffffe || this.written.length >= 0xffff) throw new UnsupportedZip("archive needs ZIP64");
  }

  async finish(): Promise<void> {
    const cdStart = this.position;
    const parts: Buffer[] = [];
    for (const w of this.written) {
      const h = Buffer.alloc(46);
      h.writeUInt32LE(CENTRAL, 0);
      h.writeUInt16LE(20, 4);
      h.writeUInt16LE(20, 6);
      h.writeUInt16LE(w.flags, 8);
      h.writeUInt16LE(w.method, 10);
      h.writeUInt16LE(w.time, 12);
      h.writeUInt16LE(w.date, 14);
      h.writeUInt32LE(w.crc, 16);
      h.writeUInt32LE(w.compressedSize, 20);
      h.writeUInt32LE(w.size, 24);
      h.writeUInt16LE(w.name.length, 28);
      h.writeUInt32LE(w.offset, 42);
      parts.push(h, w.name);
    }
    const cd = Buffer.concat(parts);
    this.checkSize(cdStart + cd.length);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(EOCD, 0);
    end.writeUInt16LE(this.written.length, 8);
    end.writeUInt16LE(this.written.length, 10);
    end.writeUInt32LE(cd.length, 12);
    end.writeUInt32LE(cdStart, 16);
    await this.write(Buffer.concat([cd, end]));
    await this.fd.close();
  }

  async abort(): Promise<void> {
    await this.fd.close().catch(() => undefined);
  }
}

function dosTime(d: Date): { time: number; date: number } {
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | Math.floor(d.getSeconds() / 2),
    date: (Math.max(0, d.getFullYear() - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}
