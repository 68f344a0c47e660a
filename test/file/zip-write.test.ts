import { inflateRawSync } from "node:zlib";
import fc from "fast-check";
import { compressionTuning, concat, crc32, deflate } from "../../src/file/compression";
import { Deflated, PieceSink, ZipBuilder, partDeflater } from "../../src/file/zip-write";

/** Text like a sheet's, `size` bytes, different in every block. */
function sheetText(size: number): Uint8Array {
  let text = "";
  for (let n = 1; text.length < size; n++) text += `<row r="${n}"><c r="A${n}"><v>${(n * 7919) % 100003}</v></c></row>`;
  return Buffer.from(text.slice(0, size));
}

describe("deflating a rewritten part", () => {
  afterEach(() => {
    compressionTuning.useNative = true;
  });

  it.each([
    ["in blocks on Node's thread pool", true],
    ["with fflate, as in the task pane", false],
  ])("gives one deflate stream any inflater reads back, with the size and CRC of what went in (%s)", async (_how, native) => {
    compressionTuning.useNative = native;
    for (const size of [0, 1, 6_000_000]) {
      const data = sheetText(size);
      const deflater = partDeflater(size);
      for (let at = 0; at < size || at === 0; at += 700_001) {
        await deflater.push(data.subarray(at, at + 700_001));
        if (!size) break;
      }
      const out = await deflater.finish();
      // Buffer.equals: toEqual on millions of bytes takes a minute.
      expect(inflateRawSync(out.data).equals(data)).toBe(true);
      expect(out.size).toBe(size);
      expect(out.crc).toBe(crc32(data));
      if (size > 1000) expect(out.data.length).toBeLessThan(size / 3);
    }
  });
});

describe("a package written to a sink as its entries come", () => {
  beforeAll(() => {
    // Every entry's time the same, however long the builds take (the zip stores it).
    jest.useFakeTimers({ now: new Date(2026, 11, 2, 12, 0, 0), doNotFake: ["setImmediate", "nextTick", "queueMicrotask"] });
  });
  afterAll(() => jest.useRealTimers());

  const later = async <T>(value: T, turns: number): Promise<T> => {
    for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
    return value;
  };
  const deflated = (data: Uint8Array): Deflated => ({ data: deflate(data), size: data.length, crc: crc32(data) });
  const entriesArb = fc.uniqueArray(
    fc.record({ name: fc.stringMatching(/^[a-z]{1,8}\.xml$/), data: fc.uint8Array({ maxLength: 300 }), turns: fc.option(fc.integer({ min: 0, max: 4 })) }),
    { selector: (e) => e.name, maxLength: 8 },
  );

  async function build(entries: { name: string; data: Uint8Array; turns: number | null }[], sink: PieceSink | null): Promise<Uint8Array[]> {
    const zip = new ZipBuilder(sink);
    for (const e of entries) {
      if (e.turns === null) zip.add(e.name, e.data);
      else zip.addLater(e.name, later(deflated(e.data), e.turns));
    }
    return zip.finishPieces();
  }

  it("gives the sink the very bytes, in order, that it returns without one, whenever each entry's bytes come", async () => {
    await fc.assert(
      fc.asyncProperty(entriesArb, fc.integer({ min: 0, max: 3 }), async (entries, sinkTurns) => {
        const alone = concat(await build(entries, null));
        const given: Uint8Array[] = [];
        const rest = await build(entries, { write: async (pieces) => void given.push(...(await later(pieces, sinkTurns))) });
        expect(rest).toEqual([]);
        expect(Buffer.from(concat(given)).equals(Buffer.from(alone))).toBe(true);
      }),
    );
  });

  it("fails with an entry's failure, and gives the sink nothing after it", async () => {
    const failure = new Error("a sheet it cannot write");
    const given: Uint8Array[] = [];
    const zip = new ZipBuilder({ write: async (pieces) => void given.push(...pieces) });
    zip.add("first.xml", "<a/>");
    zip.addLater("second.xml", later(null, 1).then((): Deflated => { throw failure; }));
    zip.add("third.xml", "<c/>");
    await expect(zip.finishPieces()).rejects.toBe(failure);
    expect(Buffer.from(concat(given)).includes(Buffer.from("third.xml"))).toBe(false);
    expect(Buffer.from(concat(given)).includes(Buffer.from("first.xml"))).toBe(true);
  });
});
