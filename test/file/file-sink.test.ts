import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { FileSink } from "../../src/file/file-sink";

/** A file handle that writes at most `most` bytes a call, where it is told, as a short writev may. */
function shortWriter(most: number): { handle: fs.FileHandle; bytes: () => Buffer } {
  let file = Buffer.alloc(0);
  const handle = {
    async writev(buffers: Uint8Array[], position?: number): Promise<{ bytesWritten: number }> {
      // Let the writes of two batches overlap in time, as the thread pool's do.
      await new Promise((resolve) => setImmediate(resolve));
      const joined = Buffer.concat(buffers).subarray(0, most);
      const at = position ?? file.length;
      if (file.length < at + joined.length) file = Buffer.concat([file, Buffer.alloc(at + joined.length - file.length)]);
      joined.copy(file, at);
      return { bytesWritten: joined.length };
    },
  };
  return { handle: handle as unknown as fs.FileHandle, bytes: () => file };
}

const piecesArb = fc.array(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 8 }), { maxLength: 12 });

describe("writing a workbook's pieces to its file as they come", () => {
  it("gives the file the pieces one after the other, and hashes exactly those bytes, however short the writes", async () => {
    await fc.assert(
      fc.asyncProperty(piecesArb, fc.integer({ min: 1, max: 50 }), async (batches, most) => {
        const { handle, bytes } = shortWriter(most);
        const hash = createHash("sha256");
        const sink = new FileSink(handle, hash);
        for (const batch of batches) await sink.write(batch);
        await sink.drain();
        const expected = Buffer.concat(batches.flat());
        expect(bytes().equals(expected)).toBe(true);
        expect(hash.digest("hex")).toBe(createHash("sha256").update(expected).digest("hex"));
      }),
    );
  });

  it("writes a real file the same way, in batches of more pieces than one writev takes", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "file-sink-"));
    const file = path.join(dir, "book.xlsx");
    const pieces = Array.from({ length: 1300 }, (_, i) => Buffer.from(`piece ${i};`));
    const handle = await fs.open(file, "wx");
    const sink = new FileSink(handle, createHash("sha256"));
    await sink.write(pieces.slice(0, 700));
    await sink.write(pieces.slice(700));
    await sink.drain();
    await handle.close();
    expect((await fs.readFile(file)).equals(Buffer.concat(pieces))).toBe(true);
    await fs.rm(dir, { recursive: true });
  });

  it("fails with the write's own error, and knows it for its own", async () => {
    const failure = new Error("ENOSPC: no space left on device, write");
    const handle = { writev: () => Promise.reject(failure) } as unknown as fs.FileHandle;
    const sink = new FileSink(handle, createHash("sha256"));
    const written = (async () => {
      for (let i = 0; i < 4; i++) await sink.write([Buffer.from("abc")]);
      await sink.drain();
    })();
    await expect(written).rejects.toBe(failure);
    expect(sink.failedWith(failure)).toBe(true);
    expect(sink.failedWith(new Error("a sheet it cannot write"))).toBe(false);
  });
});
