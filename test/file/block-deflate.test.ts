import fc from "fast-check";
import { constants, createGzip, deflateRawSync, inflateRawSync } from "node:zlib";
import { compressionTuning, crc32, crc32Combine } from "../../src/file/compression";
import { AsyncZlib, BlockDeflater, DeflateRawStream, growingPartDeflater, partDeflater } from "../../src/file/zip-write";

/** Text like a sheet's, `size` bytes, different in every block. */
function sheetText(size: number, seed = 1): Buffer {
  let text = "";
  for (let n = seed; text.length < size; n++) text += `<row r="${n}"><c r="A${n}" t="inlineStr"><is><t>K${(n * 7919) % 100003}</t></is></c><c r="B${n}"><v>${(n * 31) % 997}.${n % 100}</v></c></row>`;
  return Buffer.from(text.slice(0, size));
}

describe("the CRC-32 of two runs of bytes joined", () => {
  it("is crc32 of the joined bytes, from the two CRCs and the second's length", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.uint8Array({ maxLength: 3000 }), (a, b) => {
        const joined = new Uint8Array([...a, ...b]);
        expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(joined));
      }),
      { numRuns: 300 },
    );
  });

  it("holds for long runs (a 4 MB block after 8 MB) and joins in any grouping", () => {
    const a = sheetText(8 << 20, 1);
    const b = sheetText(4 << 20, 5);
    const c = sheetText(12345, 9);
    expect(crc32Combine(crc32(a), crc32(b), b.length)).toBe(crc32(Buffer.concat([a, b])));
    const left = crc32Combine(crc32Combine(crc32(a), crc32(b), b.length), crc32(c), c.length);
    const right = crc32Combine(crc32(a), crc32Combine(crc32(b), crc32(c), c.length), b.length + c.length);
    expect(left).toBe(right);
    expect(left).toBe(crc32(Buffer.concat([a, b, c])));
  });
});

describe("a part deflated in blocks on Node's thread pool", () => {
  afterEach(() => {
    compressionTuning.useNative = true;
  });

  it("is each 4 MB block deflated and sync-flushed on its own, then an empty final block: the bytes the plain path gives", async () => {
    // Pieces of 700,001 bytes: blocks still end at exact multiples of 4 MB, inside a piece.
    const BLOCK = 4 << 20;
    for (const size of [1, 900_000, 6_000_000, 9_500_000]) {
      const data = sheetText(size);
      const level = size > 1 << 20 ? 1 : 6;
      const deflater = partDeflater(size);
      for (let at = 0; at < size; at += 700_001) await deflater.push(data.subarray(at, at + 700_001));
      const expected: Buffer[] = [];
      for (let start = 0; start < size; start += BLOCK) expected.push(deflateRawSync(data.subarray(start, start + BLOCK), { level, finishFlush: constants.Z_SYNC_FLUSH }));
      expected.push(Buffer.from([0x03, 0x00]));
      const out = await deflater.finish();
      expect(Buffer.from(out.data).equals(Buffer.concat(expected))).toBe(true);
      expect(out.crc).toBe(crc32(data));
      expect(out.size).toBe(size);
      expect(inflateRawSync(out.data).equals(data)).toBe(true);
    }
  }, 60_000);

  it("gives the same bytes however the part arrives in pieces, so a run's output is the same every time", async () => {
    const data = sheetText(9_000_000, 3);
    const deflate = async (cuts: number[]): Promise<Buffer> => {
      const deflater = partDeflater(data.length);
      let at = 0;
      for (let i = 0; at < data.length; i++) {
        const n = cuts[i % cuts.length];
        await deflater.push(data.subarray(at, at + n));
        at += n;
      }
      return Buffer.from((await deflater.finish()).data);
    };
    const whole = await deflate([data.length]);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 50_000, max: 3_000_000 }), { minLength: 1, maxLength: 6 }), async (cuts) => {
        expect((await deflate(cuts)).equals(whole)).toBe(true);
      }),
      { numRuns: 6 },
    );
  }, 120_000);
});

describe("a part deflated as it is written, its size known only at its end", () => {
  it("is the bytes partDeflater(its size) gives, at its level, wherever the pieces are cut around 1 MB", async () => {
    const MB = 1 << 20;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(1000, MB, MB + 1, 2 * MB + 5), fc.array(fc.integer({ min: 100_000, max: 700_000 }), { minLength: 1, maxLength: 4 }), fc.boolean(), async (size, cuts, cutAtOneMb) => {
        const data = sheetText(size, 7);
        // A piece boundary exactly at 1 MB: the part is not past it yet.
        const ends = cutAtOneMb && size > MB ? [MB] : [];
        for (let at = 0, i = 0; at < size; i++) ends.push((at += cuts[i % cuts.length]));
        const growing = growingPartDeflater();
        const known = partDeflater(size);
        let from = 0;
        for (const end of [...new Set(ends.map((e) => Math.min(e, size)))].sort((a, b) => a - b)) {
          await growing.push(data.subarray(from, end));
          await known.push(data.subarray(from, end));
          from = end;
        }
        const [a, b] = await Promise.all([growing.finish(), known.finish()]);
        expect(Buffer.from(a.data).equals(Buffer.from(b.data))).toBe(true);
        expect([a.size, a.crc]).toEqual([size, crc32(data)]);
      }),
      { numRuns: 12, endOnFailure: true },
    );
  }, 120_000);
});

describe("a block whose gzip wrapper is not as expected", () => {
  /** Node's zlib, but every gzip stream's output loses its last byte (a trailer that cannot be read). */
  function zlibCuttingTrailers(): AsyncZlib {
    return {
      constants: { Z_SYNC_FLUSH: constants.Z_SYNC_FLUSH },
      deflateRawSync: (data, options) => deflateRawSync(data, options),
      createGzip: (options) => {
        const real = createGzip(options);
        const chunks: Uint8Array[] = [];
        const listeners: { data: ((c: Uint8Array) => void)[]; end: (() => void)[]; error: ((e: Error) => void)[] } = { data: [], end: [], error: [] };
        real.on("data", (c: Uint8Array) => chunks.push(c));
        real.on("end", () => {
          const all = Buffer.concat(chunks);
          for (const l of listeners.data) l(all.subarray(0, all.length - 1));
          for (const l of listeners.end) l();
        });
        real.on("error", (e: Error) => listeners.error.forEach((l) => l(e)));
        const stream: DeflateRawStream = {
          write: (piece) => real.write(piece),
          flush: (kind, callback) => real.flush(kind, callback),
          end: () => real.end(),
          on: (event: "data" | "end" | "error", listener: never) => void (listeners[event] as unknown[]).push(listener),
        };
        return stream;
      },
    };
  }

  it("is deflated again on the main thread: the same bytes and CRC as when the wrapper is read", async () => {
    const data = sheetText(5_000_000, 3);
    const plain = partDeflater(data.length);
    const fallback = new BlockDeflater(zlibCuttingTrailers(), 1);
    for (let at = 0; at < data.length; at += 700_001) {
      await plain.push(data.subarray(at, at + 700_001));
      await fallback.push(data.subarray(at, at + 700_001));
    }
    const [a, b] = [await plain.finish(), await fallback.finish()];
    expect(Buffer.from(b.data).equals(Buffer.from(a.data))).toBe(true);
    expect(b.crc).toBe(crc32(data));
    expect(b.size).toBe(data.length);
  });
});
