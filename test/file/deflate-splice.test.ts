import fc from "fast-check";
import { inflateSync as fflateInflate } from "fflate";
import { constants, deflateRawSync, inflateRawSync } from "node:zlib";
import { crc32 } from "../../src/file/compression";
import { deflateBlocks } from "../../src/file/deflate-blocks";
import { copiedBlocks, fillerBits } from "../../src/file/deflate-splice";

const text = fc.array(fc.tuple(fc.nat(99999), fc.stringMatching(/^[a-z ]{0,20}$/)), { minLength: 200, maxLength: 4000 }).map((rows) =>
  Buffer.from(rows.map(([n, t], i) => `<row r="${i + 1}"><c><v>${n}</v></c><c t="inlineStr"><is><t>${t}</t></is></c></row>`).join("")),
);

describe("stored blocks copied into a new stream", () => {
  it("fill any number of bits modulo 8 with empty blocks that inflate to nothing", () => {
    for (let residue = 0; residue < 8; residue++) {
      const filler = fillerBits(residue);
      expect(filler.length % 8).toBe(residue);
      expect(filler.length).toBeLessThan(128);
      // The filler, then a last empty block with the fixed codes (BFINAL 1, type 01, end of block).
      filler.write(1, 1);
      filler.write(1, 2);
      filler.write(0, 7);
      const stream = Buffer.from(filler.done());
      expect(inflateRawSync(stream).length).toBe(0);
      expect(fflateInflate(stream).length).toBe(0);
    }
  });

  it("inflate, between a new head and tail deflated on either side, to the original bytes, whatever bits the cuts fall on (zlib and fflate)", () => {
    fc.assert(
      fc.property(text, fc.constantFrom(1, 6, 9), fc.constantFrom(constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED, constants.Z_RLE), fc.nat(), fc.nat(), (data, level, strategy, a, b) => {
        const stream = deflateRawSync(data, { level, memLevel: 1, strategy });
        const map = deflateBlocks(stream, data.length);
        expect(map).not.toBeNull();
        if (!map || map.starts.length < 3) return;
        // A first cut past the window, so the head inflates to what came before it.
        const starts = map.starts.filter((s) => s.out >= 32768);
        if (starts.length < 2) return;
        let [from, to] = [starts[a % starts.length], starts[b % starts.length]];
        if (from.bit > to.bit) [from, to] = [to, from];
        if (to.bit - from.bit < 16) return;
        const middle = data.subarray(from.out, to.out);
        const copied = copiedBlocks(stream, from.bit, to.bit, middle.length, crc32(middle));
        const head = deflateRawSync(data.subarray(0, from.out), { finishFlush: constants.Z_SYNC_FLUSH });
        const tail = deflateRawSync(data.subarray(to.out));
        const joined = Buffer.concat([head, ...(copied.pieces ?? [copied.data]), tail]);
        expect(Buffer.compare(inflateRawSync(joined), data)).toBe(0);
        expect(Buffer.compare(Buffer.from(fflateInflate(joined)), data)).toBe(0);
        expect(copied.crc).toBe(crc32(middle));
      }),
      { numRuns: 150 },
    );
  });
});
