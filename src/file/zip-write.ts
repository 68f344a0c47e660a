import { Zip, ZipInputFile } from "fflate";
import { DeflateStream, concat, crc32, deflate } from "./compression";
import { ZipArchive, ZipEntry } from "./zip-archive";

/**
 * Writes a ZIP package through fflate's container writer: an untouched entry is copied as its
 * compressed bytes, exactly as stored (same CRC, same deflate stream), and a rewritten one is
 * deflated here. Held in memory, as the package it comes from.
 */
export class ZipBuilder {
  private readonly chunks: Uint8Array[] = [];
  private failure: Error | null = null;
  private readonly zip = new Zip((error, chunk) => {
    if (error) this.failure = error;
    else this.chunks.push(chunk);
  });

  /** The entry of `from` as it is stored. */
  copy(from: ZipArchive, entry: ZipEntry): void {
    this.addStored(entry.storedName, from.raw(entry), entry.method, entry.crc, entry.size, dosToDate(entry.dosDate, entry.dosTime));
  }

  /** A new or rewritten entry from its bytes. */
  add(name: string, data: Uint8Array | string): void {
    const bytes = typeof data === "string" ? new TextEncoder().encode(data) : data;
    this.addStored(name, deflate(bytes), 8, crc32(bytes), bytes.length, new Date());
  }

  /** A rewritten entry deflated as it was produced. */
  addDeflated(name: string, stream: DeflateStream): void {
    const { data, size, crc } = stream.finish();
    this.addStored(name, data, 8, crc, size, new Date());
  }

  private addStored(name: string, data: Uint8Array, method: number, crc: number, size: number, mtime: Date): void {
    const file: ZipInputFile = { filename: name, size, crc, compression: method, mtime: clampDate(mtime) };
    this.zip.add(file);
    (file.ondata as NonNullable<ZipInputFile["ondata"]>)(null, data as Uint8Array<ArrayBuffer>, true);
    if (this.failure) throw this.failure;
  }

  finish(): Uint8Array {
    this.zip.end();
    if (this.failure) throw this.failure;
    return concat(this.chunks);
  }
}

/** DOS date/time (local time, 2-second resolution) as the Date fflate turns back into the same fields. */
function dosToDate(date: number, time: number): Date {
  return new Date(1980 + (date >> 9), ((date >> 5) & 15) - 1, date & 31 || 1, time >> 11, (time >> 5) & 63, (time & 31) * 2);
}

function clampDate(d: Date): Date {
  const y = d.getFullYear();
  return Number.isNaN(d.getTime()) || y < 1980 ? new Date(1980, 0, 1) : y > 2099 ? new Date(2099, 11, 31) : d;
}
