import { Hash } from "node:crypto";
import { promises as fs } from "node:fs";
import type { PieceSink } from "./zip-write";

/** Pieces per writev: below the system's limit of buffers per call (IOV_MAX, 1024 on Linux). */
const IOV_BATCH = 512;

/**
 * Writes taking place at once: two, so that both cores of a small machine copy into the page
 * cache (the cost of a 68 MB workbook's write there: 200-400 ms on the 2-core machine) while
 * the thread pool still has room for the deflating that makes the next pieces.
 */
const WRITES_AT_ONCE = 2;

/**
 * A file written from pieces that come in order (xlsx-patch's sink), each batch at its own
 * offset, so that a batch need not wait for the one before it to be on its way. Every byte
 * also goes through `hash`. A failed write fails the next write() or drain().
 */
export class FileSink implements PieceSink {
  private offset = 0;
  private readonly writing: Promise<void>[] = [];
  private readonly failures = new Set<unknown>();

  constructor(
    private readonly handle: fs.FileHandle,
    private readonly hash: Hash,
  ) {}

  async write(pieces: readonly Uint8Array[]): Promise<void> {
    for (const piece of pieces) this.hash.update(piece);
    for (let i = 0; i < pieces.length; i += IOV_BATCH) {
      const batch = pieces.slice(i, i + IOV_BATCH);
      const at = this.offset;
      for (const piece of batch) this.offset += piece.length;
      const written = writeAll(this.handle, batch, at);
      // Awaited in order below; a failure meanwhile must not count as unhandled.
      written.catch((error: unknown) => this.failures.add(error));
      this.writing.push(written);
      while (this.writing.length >= WRITES_AT_ONCE) await this.writing.shift();
    }
  }

  /** Whether `error` is a write of this file failing (not the maker of the pieces). */
  failedWith(error: unknown): boolean {
    return this.failures.has(error);
  }

  /** Resolves once every byte given is written (not yet flushed to the disk: the caller syncs). */
  async drain(): Promise<void> {
    for (const written of this.writing.splice(0)) await written;
  }
}

/** Every byte of the pieces, in order, from `position` on (writev may write fewer than asked, as write may). */
async function writeAll(handle: fs.FileHandle, pieces: readonly Uint8Array[], position: number): Promise<void> {
  let rest = pieces.filter((p) => p.length);
  let at = position;
  while (rest.length) {
    let written = (await handle.writev(rest as Uint8Array[], at)).bytesWritten;
    at += written;
    while (rest.length && written >= rest[0].length) {
      written -= rest[0].length;
      rest = rest.slice(1);
    }
    if (written) rest = [rest[0].subarray(written), ...rest.slice(1)];
  }
}
