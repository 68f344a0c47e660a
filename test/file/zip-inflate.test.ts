import { deflateRawSync } from "node:zlib";
import fc from "fast-check";
import { checkedInflateChunks, compressionTuning, crc32 } from "../../src/file/compression";
import { ZipArchive } from "../../src/file/zip-archive";

/**
 * Inflating a zip entry with zlib checking its CRC-32 and size on the thread pool gives what
 * inflating it with the CRC computed on the main thread gives: the same bytes and, for a damaged
 * entry (a wrong CRC or size, corrupt or truncated data, bytes after the deflate data), the same
 * bytes before the same message.
 */

function u16(n: number): number[] {
  return [n & 255, (n >>> 8) & 255];
}
function u32(n: number): number[] {
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
}

/** A one-entry zip (APPNOTE 4.3) holding `data` as stored, with the CRC and size it is given. */
function zipOf(data: Uint8Array, crc: number, size: number): Uint8Array {
  const name = Buffer.from("xl/worksheets/sheet1.xml");
  const local = [...u32(0x04034b50), ...u16(20), ...u16(0), ...u16(8), ...u16(0), ...u16(0), ...u32(crc), ...u32(data.length), ...u32(size), ...u16(name.length), ...u16(0)];
  const central = [...u32(0x02014b50), ...u16(20), ...u16(20), ...u16(0), ...u16(8), ...u16(0), ...u16(0), ...u32(crc), ...u32(data.length), ...u32(size), ...u16(name.length), ...u16(0), ...u16(0), ...u16(0), ...u16(0), ...u32(0), ...u32(0)];
  const centralStart = local.length + name.length + data.length;
  const end = [...u32(0x06054b50), ...u16(0), ...u16(0), ...u16(1), ...u16(1), ...u32(central.length + name.length), ...u32(centralStart), ...u16(0)];
  return Buffer.concat([Buffer.from(local), name, data, Buffer.from(central), name, Buffer.from(end)]);
}

async function inflated(zip: Uint8Array, checked: boolean): Promise<{ bytes: Buffer; error: string | null }> {
  compressionTuning.checkedInflate = checked;
  const parts: Uint8Array[] = [];
  try {
    const archive = ZipArchive.open(zip);
    for await (const chunk of archive.chunker(archive.entries[0])()) parts.push(Buffer.from(chunk));
    return { bytes: Buffer.concat(parts), error: null };
  } catch (error) {
    return { bytes: Buffer.concat(parts), error: (error as Error).message };
  } finally {
    compressionTuning.checkedInflate = true;
  }
}

/** Sheet-like text (compresses as real sheets do), made once; an entry is a slice of it. */
const SHEET = (() => {
  let s = "";
  for (let n = 1; s.length < 3_200_000; n++) s += `<c r="A${n}"><v>${(n * 7919) % 100003}</v></c>`;
  return Buffer.from(s);
})();

function text(size: number, seed: number): Buffer {
  return SHEET.subarray(seed, seed + size);
}

const damage = fc.oneof(
  fc.constant({ kind: "none" as const }),
  fc.constant({ kind: "crc" as const }),
  fc.integer({ min: -3, max: 3 }).map((by) => ({ kind: "size" as const, by })),
  fc.record({ kind: fc.constant("flip" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant("trailing" as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 12 }) }),
);

describe("inflating a zip entry", () => {
  it("gives the same bytes and the same message whether zlib or the reader checks the CRC", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.integer({ min: 0, max: 5000 }), fc.integer({ min: 1_000_000, max: 1_300_000 })), fc.nat(1000), damage, async (size, seed, d) => {
        const plain = text(size, seed);
        let data: Uint8Array = deflateRawSync(plain, { level: 1 });
        let crc = crc32(plain);
        let declared = plain.length;
        if (d.kind === "crc") crc = (crc + 1) >>> 0;
        if (d.kind === "size") declared = Math.max(0, declared + d.by);
        if (d.kind === "flip") {
          data = Buffer.from(data);
          data[Math.floor(d.at * (data.length - 1))] ^= 0x55;
        }
        if (d.kind === "truncate") data = data.subarray(0, Math.floor(d.at * data.length));
        if (d.kind === "trailing") data = Buffer.concat([data, d.bytes]);
        const zip = zipOf(data, crc, declared);
        const viaZlib = await inflated(zip, true);
        const viaReader = await inflated(zip, false);
        expect(viaZlib.error).toBe(viaReader.error);
        expect(viaZlib.bytes.equals(viaReader.bytes)).toBe(true);
        if (d.kind === "none") expect([viaZlib.error, viaZlib.bytes.equals(plain)]).toEqual([null, true]);
      }),
      { numRuns: 30 },
    );
  }, 120_000);

  it("says a wrong checksum is one, after giving every byte", async () => {
    // In Node, zlib checks it (what the property above compares with the reader's check).
    const stream = checkedInflateChunks(deflateRawSync(Buffer.from("x")), crc32(Buffer.from("x")), 1);
    expect(stream).not.toBeNull();
    for await (const chunk of stream as AsyncIterable<Uint8Array>) expect(Buffer.from(chunk).toString()).toBe("x");
    const plain = text(3_000_000, 1);
    const zip = zipOf(deflateRawSync(plain, { level: 1 }), (crc32(plain) ^ 1) >>> 0, plain.length);
    const result = await inflated(zip, true);
    expect(result.error).toBe("the package is damaged: part xl/worksheets/sheet1.xml: its checksum does not match");
    expect(result.bytes.equals(plain)).toBe(true);
  }, 30_000);
});
