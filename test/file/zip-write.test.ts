import { inflateRawSync } from "node:zlib";
import { compressionTuning, crc32 } from "../../src/file/compression";
import { partDeflater } from "../../src/file/zip-write";

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
