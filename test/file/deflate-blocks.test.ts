import fc from "fast-check";
import { constants, deflateRawSync, inflateRawSync } from "node:zlib";
import { BlockWalk, deflateBlocks } from "../../src/file/deflate-blocks";

/** XML-like text: rows with numbers and repeated markup, as a sheet holds, of `rows` rows. */
const sheetLike = fc.array(fc.tuple(fc.nat(99999), fc.stringMatching(/^[a-z &;]{0,30}$/)), { minLength: 1, maxLength: 3000 }).map((rows) =>
  Buffer.from(rows.map(([n, t], i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${n}</v></c><c t="inlineStr"><is><t>${t}</t></is></c></row>`).join("")),
);
const binary = fc.uint8Array({ minLength: 0, maxLength: 200_000 });
const options = fc.record({
  level: fc.integer({ min: 0, max: 9 }),
  memLevel: fc.integer({ min: 1, max: 9 }),
  strategy: fc.constantFrom(constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE, constants.Z_FILTERED),
});

/** The stream from bit `bit` on, shifted to start at a byte. */
function fromBit(stream: Uint8Array, bit: number): Buffer {
  const byte = Math.floor(bit / 8);
  const shift = bit % 8;
  const out = Buffer.alloc(stream.length - byte);
  for (let i = 0; i < out.length; i++) out[i] = ((stream[byte + i] >> shift) | ((stream[byte + i + 1] ?? 0) << (8 - shift))) & 0xff;
  return out;
}

describe("the block starts of a deflate stream", () => {
  it("are where zlib's blocks start: inflating from each one, with the 32 KiB before it as the window, gives the rest of the data", () => {
    fc.assert(
      fc.property(fc.oneof(sheetLike, binary), options, fc.nat(), (data, opts, pick) => {
        const stream = deflateRawSync(data, opts);
        const map = deflateBlocks(stream, data.length);
        expect(map).not.toBeNull();
        if (!map) return;
        expect(map.starts[0]).toEqual({ bit: 0, out: 0 });
        expect(map.endBit).toBeGreaterThan((stream.length - 1) * 8);
        for (let i = 1; i < map.starts.length; i++) expect(map.starts[i].out).toBeGreaterThanOrEqual(map.starts[i - 1].out);
        const start = map.starts[pick % map.starts.length];
        const window = data.subarray(Math.max(0, start.out - 32768), start.out);
        const rest = inflateRawSync(fromBit(stream, start.bit), window.length ? { dictionary: window } : {});
        expect(Buffer.compare(rest, data.subarray(start.out))).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it("are found a slice at a time as they are all at once", () => {
    fc.assert(
      fc.property(sheetLike, fc.integer({ min: 1, max: 5 }), (data, slice) => {
        const stream = deflateRawSync(data, { memLevel: 1 });
        const walk = new BlockWalk(stream, data.length);
        let map = walk.step(slice);
        while (map === "more") map = walk.step(slice);
        expect(map).toEqual(deflateBlocks(stream, data.length));
      }),
    );
  });

  it("are not given for a stream that is not what its directory says: cut short, too long, the wrong size, or damaged", () => {
    fc.assert(
      fc.property(sheetLike, fc.nat(), fc.integer({ min: 1, max: 255 }), (data, at, flip) => {
        const stream = deflateRawSync(data, { memLevel: 1 });
        expect(deflateBlocks(stream.subarray(0, stream.length - 1), data.length)).toBeNull();
        expect(deflateBlocks(Buffer.concat([stream, Buffer.from([0])]), data.length)).toBeNull();
        expect(deflateBlocks(stream, data.length + 1)).toBeNull();
        // A damaged byte: either refused, or (if it still decodes) a walk of exactly the declared size that zlib also inflates.
        const damaged = Buffer.from(stream);
        damaged[at % damaged.length] ^= flip;
        const map = deflateBlocks(damaged, data.length);
        if (map) expect(() => inflateRawSync(damaged)).not.toThrow();
      }),
    );
  });
});
