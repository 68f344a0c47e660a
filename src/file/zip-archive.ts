import { checkedInflateChunks, concat, crc32, inflateAll, inflateChunks } from "./compression";
import { XlsxError, count, xlsxLimits } from "./limits";

/**
 * The ZIP container of an .xlsx held in memory, read from its central directory (APPNOTE.TXT
 * 4.3). Entries keep their compressed bytes, so a writer can copy an untouched part exactly as
 * it was; inflating checks the sizes the directory declares, so a part cannot inflate past
 * them (a zip bomb costs what its declaration says, and that is limited up front).
 */

export interface ZipEntry {
  /** The part name, "/" separated (some producers write "\\"). */
  readonly name: string;
  /** The name as stored, which a copy keeps. */
  readonly storedName: string;
  /** 0 stored, 8 deflated. */
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  /** DOS date and time, as stored. */
  readonly dosDate: number;
  readonly dosTime: number;
  /** Offset of the compressed data in the archive. */
  readonly dataStart: number;
}

const utf8 = new TextDecoder("utf-8");

export class ZipArchive {
  private readonly byName = new Map<string, ZipEntry>();
  private inflated = 0;

  private constructor(readonly bytes: Uint8Array, readonly entries: readonly ZipEntry[]) {
    // Part names compare without regard to case (ECMA-376 Part 2, 9.1.1.1).
    // Some producers write Windows separators ("xl\\workbook.xml"); the part is the same.
    for (const e of entries) this.byName.set(partKey(e.name), e);
  }

  static open(input: ArrayBuffer | Uint8Array): ZipArchive {
    const bytes = input instanceof Uint8Array ? input : new Uint8Array(input);
    return new ZipArchive(bytes, readDirectory(bytes));
  }

  find(name: string): ZipEntry | undefined {
    return this.byName.get(partKey(name));
  }

  /** The entry's bytes as stored in the archive. */
  raw(entry: ZipEntry): Uint8Array {
    return this.bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  }

  private budget(entry: ZipEntry): void {
    if (entry.size > xlsxLimits.partBytes) {
      throw new XlsxError(`${entry.name} inflates to ${count(entry.size)} bytes, more than the ${count(xlsxLimits.partBytes)} this tool reads from one part`);
    }
    this.inflated += entry.size;
    if (this.inflated > xlsxLimits.totalBytes) {
      throw new XlsxError(`the package inflates to more than ${count(xlsxLimits.totalBytes)} bytes, more than this tool reads`);
    }
  }

  /** All of a (small) entry's inflated bytes. */
  bytesOf(entry: ZipEntry): Uint8Array {
    this.budget(entry);
    const raw = this.raw(entry);
    let out: Uint8Array;
    if (entry.method === 0) out = raw;
    else {
      try {
        out = inflateAll(raw);
      } catch {
        throw damaged(entry, "its compressed data is corrupt");
      }
    }
    if (out.length !== entry.size) throw damaged(entry, `it inflates to ${count(out.length)} bytes, not the ${count(entry.size)} its directory declares`);
    if (crc32(out) !== entry.crc) throw damaged(entry, "its checksum does not match");
    return out;
  }

  /** The inflated bytes chunk by chunk, never more than the declared size. */
  chunksOf(entry: ZipEntry): AsyncGenerator<Uint8Array> {
    this.budget(entry);
    return this.inflating(entry);
  }

  /**
   * The inflated bytes as chunksOf gives them, as often as a reader asks (a reader that leaves
   * a part to another parser reads it twice); the part counts once against the limits.
   */
  chunker(entry: ZipEntry): () => AsyncGenerator<Uint8Array> {
    this.budget(entry);
    return () => this.inflating(entry);
  }

  private async *inflating(entry: ZipEntry): AsyncGenerator<Uint8Array> {
    const raw = this.raw(entry);
    if (entry.method === 0) {
      if (crc32(raw) !== entry.crc) throw damaged(entry, "its checksum does not match");
      for (let i = 0; i < raw.length || i === 0; i += 1 << 20) yield raw.subarray(i, i + (1 << 20));
      return;
    }
    let given = 0;
    const checked = checkedInflateChunks(raw, entry.crc, entry.size);
    if (checked) {
      try {
        for await (const chunk of checked) {
          given += chunk.length;
          if (given > entry.size) throw damaged(entry, `it inflates to more than the ${count(entry.size)} bytes its directory declares`);
          yield chunk;
        }
        // zlib has checked the CRC and the size against the directory's.
        if (given === entry.size) return;
      } catch (error) {
        if (error instanceof XlsxError) throw error;
      }
      // zlib refused the entry: it is read again the plain way past what was given, so that the
      // reader gets what it would have got and the same message.
    }
    yield* this.plainInflating(entry, raw, given);
  }

  /** Inflating with the CRC-32 computed here; the first `skip` bytes are checked, not given again. */
  private async *plainInflating(entry: ZipEntry, raw: Uint8Array, skip: number): AsyncGenerator<Uint8Array> {
    let seen = 0;
    let crc = 0;
    const source = inflateChunks(raw);
    for (;;) {
      let next: IteratorResult<Uint8Array>;
      try {
        next = await source.next();
      } catch {
        throw damaged(entry, "its compressed data is corrupt");
      }
      if (next.done) break;
      const before = seen;
      seen += next.value.length;
      if (seen > entry.size) {
        await source.return(undefined);
        throw damaged(entry, `it inflates to more than the ${count(entry.size)} bytes its directory declares`);
      }
      crc = crc32(next.value, crc);
      if (seen > skip) yield before >= skip ? next.value : next.value.subarray(skip - before);
    }
    if (seen !== entry.size) throw damaged(entry, `it inflates to ${count(seen)} bytes, not the ${count(entry.size)} its directory declares`);
    if (crc !== entry.crc) throw damaged(entry, "its checksum does not match");
  }

  text(entry: ZipEntry): string {
    return utf8.decode(this.bytesOf(entry));
  }
}

function partKey(name: string): string {
  return name.replace(/\\/g, "/").replace(/^\//, "").toLowerCase();
}

function damaged(entry: ZipEntry, why: string): XlsxError {
  return new XlsxError(`the package is damaged: part ${entry.name}: ${why}`);
}

const NOT_ZIP = "This file is not an .xlsx workbook (it is not a zip package)";

function u16(b: Uint8Array, at: number): number {
  return b[at] | (b[at + 1] << 8);
}
function u32(b: Uint8Array, at: number): number {
  return (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16) | (b[at + 3] << 24)) >>> 0;
}
function u64(b: Uint8Array, at: number): number {
  return u32(b, at) + u32(b, at + 4) * 0x100000000;
}

function readDirectory(b: Uint8Array): ZipEntry[] {
  if (b.length >= 8 && u32(b, 0) === 0xe011cfd0 && u32(b, 4) === 0xe11ab1a1) {
    // An OLE compound file: Excel stores a password-encrypted workbook (and an old .xls) this way.
    throw new XlsxError("This file is not an .xlsx workbook this tool can read: it is encrypted with a password, or an old .xls file; save it unencrypted as .xlsx in Excel");
  }
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (u32(b, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError(NOT_ZIP);
  let total = u16(b, eocd + 10);
  let dirSize = u32(b, eocd + 12);
  let dirStart = u32(b, eocd + 16);
  if (total === 0xffff || dirStart === 0xffffffff || dirSize === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || u32(b, locator) !== 0x07064b50) throw new XlsxError(`${NOT_ZIP.slice(0, -1)}: its zip64 directory is missing)`);
    const record = u64(b, locator + 8);
    if (record + 56 > b.length || u32(b, record) !== 0x06064b50) throw new XlsxError("the package is damaged: its zip64 directory is unreadable");
    total = u64(b, record + 32);
    dirSize = u64(b, record + 40);
    dirStart = u64(b, record + 48);
  }
  if (u16(b, eocd + 4) !== 0 || u16(b, eocd + 6) !== 0) throw new XlsxError("the package is split over several files, which .xlsx never is");
  if (total > xlsxLimits.entries) throw new XlsxError(`the package holds ${count(total)} entries, more than the ${count(xlsxLimits.entries)} this tool reads`);
  if (dirStart + dirSize > b.length) throw new XlsxError("the package is damaged: its directory lies outside the file (a truncated download?)");
  const entries: ZipEntry[] = [];
  const names = new Set<string>();
  let at = dirStart;
  for (let n = 0; n < total; n++) {
    if (at + 46 > b.length || u32(b, at) !== 0x02014b50) throw new XlsxError("the package is damaged: its directory is unreadable");
    const flags = u16(b, at + 8);
    const method = u16(b, at + 10);
    const nameLength = u16(b, at + 28);
    const extraLength = u16(b, at + 30);
    const commentLength = u16(b, at + 32);
    const name = utf8.decode(b.subarray(at + 46, at + 46 + nameLength));
    let compressedSize = u32(b, at + 20);
    let size = u32(b, at + 24);
    let local = u32(b, at + 42);
    if (compressedSize === 0xffffffff || size === 0xffffffff || local === 0xffffffff) {
      // zip64 extended information (4.5.3): only the fields that overflowed, in this order.
      const extra = b.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
      for (let i = 0; i + 4 <= extra.length; ) {
        const id = u16(extra, i);
        const length = u16(extra, i + 2);
        if (id === 1) {
          let j = i + 4;
          if (size === 0xffffffff) (size = u64(extra, j)), (j += 8);
          if (compressedSize === 0xffffffff) (compressedSize = u64(extra, j)), (j += 8);
          if (local === 0xffffffff) local = u64(extra, j);
        }
        i += 4 + length;
      }
    }
    if (flags & 1) throw new XlsxError(`part ${name} is encrypted, which Excel never does inside an .xlsx`);
    if (method !== 0 && method !== 8) throw new XlsxError(`part ${name} is compressed with method ${method}; Excel uses deflate (8) or none (0)`);
    if (local + 30 > b.length || u32(b, local) !== 0x04034b50) throw new XlsxError(`the package is damaged: part ${name} is not where its directory says`);
    const dataStart = local + 30 + u16(b, local + 26) + u16(b, local + 28);
    if (dataStart + compressedSize > b.length) throw new XlsxError(`the package is damaged: part ${name} runs past the end of the file (a truncated download?)`);
    const key = partKey(name);
    if (names.has(key)) throw new XlsxError(`the package is damaged: it holds part ${name} twice`);
    names.add(key);
    entries.push({ name: name.replace(/\\/g, "/"), storedName: name, method, crc: u32(b, at + 16), compressedSize, size, dosTime: u16(b, at + 12), dosDate: u16(b, at + 14), dataStart });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export { concat };
