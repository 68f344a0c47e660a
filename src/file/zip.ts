import { once } from "events";
import * as fs from "fs";
import { Readable } from "stream";
import { pipeline } from "stream/promises";
import * as yauzl from "yauzl";
import * as yazl from "yazl";

/**
 * The few ZIP operations an .xlsx needs, as a thin layer over yauzl (reading) and yazl
 * (writing). Archives yauzl cannot decode (encryption, unknown compression, malformed
 * directories) are refused with UnsupportedZip so the caller falls back to ExcelJS. Plain
 * "fs" specifiers: the task pane's bundle maps them to nothing, and never calls this module.
 */

/** Largest chunk a stream yields; bench/verify-xlsx.ts makes it tiny to test chunk edges. */
export const zipTuning = { chunkSize: 1 << 20 };

export class UnsupportedZip extends Error {
  override name = "UnsupportedZip";
}

/** `size` is the uncompressed size. */
export interface ZipEntry { readonly name: string; readonly size: number; readonly raw: yauzl.Entry }

/** yauzl reports a bad archive with a plain Error; system errors (a missing file...) carry a code and stay the caller's. */
function asUnsupported(error: unknown): unknown {
  if (typeof (error as { code?: unknown } | null)?.code === "string") return error;
  return new UnsupportedZip(error instanceof Error ? error.message : String(error));
}

export class ZipReader {
  private constructor(private readonly zip: yauzl.ZipFile, readonly entries: ZipEntry[]) {}

  static async open(path: string): Promise<ZipReader> {
    const zip = await yauzl.openPromise(path, { lazyEntries: true, autoClose: false }).catch((error: unknown) => Promise.reject(asUnsupported(error)));
    try {
      const entries: ZipEntry[] = [];
      for await (const raw of zip.eachEntry()) {
        // Checked up front so nothing is half-done when a part turns out unreadable.
        if (!raw.canDecodeFileData()) throw new UnsupportedZip(`${raw.fileName}: encrypted or compression method ${raw.compressionMethod}`);
        entries.push({ name: raw.fileName, size: raw.uncompressedSize, raw });
      }
      return new ZipReader(zip, entries);
    } catch (error) {
      zip.close();
      throw asUnsupported(error);
    }
  }

  async close(): Promise<void> {
    this.zip.close();
  }

  find(name: string): ZipEntry | undefined {
    return this.entries.find((e) => e.name === name);
  }

  async openStream(entry: ZipEntry): Promise<Readable> {
    return this.zip.openReadStreamPromise(entry.raw).catch((error: unknown) => Promise.reject(asUnsupported(error)));
  }

  /** The entry's uncompressed bytes, chunk by chunk, without holding the whole entry. */
  async *stream(entry: ZipEntry, chunkSize = zipTuning.chunkSize): AsyncGenerator<Buffer> {
    const source = await this.openStream(entry);
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        for (let i = 0; i < chunk.length; i += chunkSize) yield chunk.subarray(i, i + chunkSize);
      }
    } finally {
      source.destroy();
    }
  }

  async text(entry: ZipEntry): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.stream(entry)) chunks.push(chunk);
    return Buffer.concat(chunks).toString("utf8");
  }
}

/** Joins small pieces so each trip through yazl's stream chain carries about a megabyte. */
async function* batched(pieces: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>): AsyncGenerator<Buffer> {
  let batch: Buffer[] = [];
  let size = 0;
  for await (const piece of pieces) {
    const buf = typeof piece === "string" ? Buffer.from(piece, "utf8") : Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    batch.push(buf);
    size += buf.length;
    if (size < 1 << 20) continue;
    yield Buffer.concat(batch, size);
    [batch, size] = [[], 0];
  }
  if (size) yield Buffer.concat(batch, size);
}

/** Writes an archive to a file it creates (flag "wx"); entries in the order added. */
export class ZipWriter {
  private readonly zip = new yazl.ZipFile();
  private readonly written: Promise<void>;
  /** Rejects once the archive or the file fails, so no add() waits forever on a stalled stream. */
  private readonly failed: Promise<never>;

  private constructor(private readonly file: fs.WriteStream) {
    this.written = pipeline(this.zip.outputStream, file);
    // Reported through `failed`; without a listener a second error would crash the process.
    this.zip.on("error", () => undefined);
    const zipFailed = once(this.zip, "error").then(([error]: unknown[]) => Promise.reject(error));
    this.failed = Promise.race([this.written.then(() => new Promise<never>(() => undefined)), zipFailed]);
    this.failed.catch(() => undefined);
  }

  static async create(path: string): Promise<ZipWriter> {
    const file = fs.createWriteStream(path, { flags: "wx" });
    await once(file, "open");
    return new ZipWriter(file);
  }

  /**
   * Adds an entry and resolves once yazl has consumed it. yazl ignores errors of its input
   * streams, so a failing producer is reported here; the caller then aborts.
   */
  private async addStream(name: string, input: Readable, options: Partial<yazl.ReadStreamOptions>): Promise<void> {
    const consumed = new Promise<void>((resolve, reject) => input.once("end", resolve).once("error", reject));
    this.zip.addReadStream(input, name, options);
    await Promise.race([consumed, this.failed]);
  }

  /** Adds an entry from text or bytes produced piece by piece. Level 1 suits entries of hundreds of MB. */
  add(name: string, pieces: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>, level = 6): Promise<void> {
    return this.addStream(name, Readable.from(batched(pieces), { objectMode: false }), { compressionLevel: level });
  }

  /** Copies an entry of another archive. yazl cannot take pre-compressed data, so it is inflated and deflated again. */
  async copy(from: ZipReader, entry: ZipEntry): Promise<void> {
    const mtime = entry.raw.getLastModDate();
    if (entry.name.endsWith("/")) return this.zip.addEmptyDirectory(entry.name, { mtime });
    const compressionLevel = entry.raw.compressionMethod === 0 ? 0 : 6;
    await this.addStream(entry.name, await from.openStream(entry), { mtime, compressionLevel, size: entry.size });
  }

  async finish(): Promise<void> {
    this.zip.end();
    await Promise.race([this.written, this.failed]);
  }

  async abort(): Promise<void> {
    if (this.file.closed) return;
    const closed = once(this.file, "close").catch(() => undefined);
    this.file.destroy();
    await closed;
  }
}
