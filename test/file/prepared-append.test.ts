import fc from "fast-check";
import { strToU8, zipSync } from "fflate";
import { ZlibOptions, constants, deflateRawSync, inflateRawSync } from "node:zlib";
import { concat, crc32 } from "../../src/file/compression";
import { PreparedAppend, blocksOf, prepareAppend, prepareJob } from "../../src/file/prepared-append";
import { applyPatchToXlsxBuffer } from "../../src/file/xlsx-patch";
import { ZipArchive } from "../../src/file/zip-archive";
import { ZipBuilder } from "../../src/file/zip-write";
import { CellValue, SheetPatch } from "../../src/workbook/grid";

const SHEET = "xl/worksheets/sheet1.xml";
const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const PARTS = (sheetXml: string): Record<string, Uint8Array> => ({
  "[Content_Types].xml": strToU8(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/${SHEET}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`),
  "_rels/.rels": strToU8(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
  "xl/workbook.xml": strToU8(`<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`),
  "xl/_rels/workbook.xml.rels": strToU8(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
  [SHEET]: strToU8(sheetXml),
});

/** A package of one sheet "S" holding `sheetXml`, deflated as fflate's zip writer does (level 6): one block for a small sheet. */
function book(sheetXml: string): Uint8Array {
  return zipSync(PARTS(sheetXml), { level: 6 });
}

const strategies = fc.constantFrom(constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE, constants.Z_FILTERED);

/**
 * How a producer may deflate the sheet so that its stream has blocks to cut at: zlib's levels
 * and strategies with memLevel 1 (a block every 128 codes), or stored blocks (level 0).
 */
const smallBlocks = fc.oneof(
  fc.record({ level: fc.constantFrom(1, 6, 9), memLevel: fc.constant(1), strategy: strategies }),
  fc.record({ level: fc.constant(0), memLevel: fc.constantFrom(1, 8), strategy: fc.constant(constants.Z_DEFAULT_STRATEGY) }),
);

/** Any way: blocks of up to 16K codes (memLevel 8 and 9), which a small sheet may hold in one block. */
const anyBlocks = fc.record({ level: fc.constantFrom(0, 1, 6, 9), memLevel: fc.constantFrom(1, 2, 8, 9), strategy: strategies });

/** The same package with its sheet deflated by zlib with `options`: a stream of many blocks, cut anywhere. */
async function bookDeflatedBy(sheetXml: string, options: ZlibOptions): Promise<Uint8Array> {
  const zip = new ZipBuilder();
  for (const [name, bytes] of Object.entries(PARTS(sheetXml))) {
    zip.addDeflated(name, { data: deflateRawSync(bytes, name === SHEET ? options : {}), size: bytes.length, crc: crc32(bytes) });
  }
  return zip.finish();
}

/** Rows 1..texts.length, each a text cell and a number, in the sheet's prefix. */
function sheetXml(texts: string[], p: string, middle = ""): string {
  const ns = p ? `xmlns:${p.slice(0, -1)}` : "xmlns";
  const rows = texts.map((t, i) => `<${p}row r="${i + 1}"><${p}c r="A${i + 1}" t="inlineStr"><${p}is><${p}t>${t}</${p}t></${p}is></${p}c><${p}c r="B${i + 1}"><${p}v>${i * 7}</${p}v></${p}c></${p}row>`);
  if (middle) rows.splice(Math.floor(rows.length / 2), 0, middle);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}worksheet ${ns}="${MAIN}"><${p}dimension ref="A1:B${texts.length}"/><${p}cols><${p}col min="2" max="2" width="12" style="0"/></${p}cols><${p}sheetData>${rows.join("")}</${p}sheetData><${p}pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></${p}worksheet>`;
}

function patchOf(row: number, values: CellValue[][]): SheetPatch {
  return { sheet: "S", create: false, headerRow: 1, headerCol: 1, header: ["A", "B", "C"], columnKinds: ["text", "amount", "date"], blocks: [{ row, col: 1, values }] };
}

/** The sheet part of a package: its XML (its CRC-32 and size checked against the directory) and its stored bytes. */
function sheetOf(bytes: Uint8Array): { xml: string; raw: Uint8Array } {
  const archive = ZipArchive.open(bytes);
  const entry = archive.find(SHEET);
  if (!entry) throw new Error("no sheet");
  const raw = archive.raw(entry);
  const inflated = inflateRawSync(raw);
  expect(crc32(inflated)).toBe(entry.crc);
  expect(inflated.length).toBe(entry.size);
  return { xml: inflated.toString("utf8"), raw };
}

const text = fc.oneof(fc.stringMatching(/^[A-Za-z0-9 ]{0,40}$/), fc.constantFrom("é€😀", "a &amp; b", "<row r=\"x\">".replace(/</g, "&lt;"), "x".repeat(300)));
const newRow = fc.tuple(text, fc.oneof(fc.integer({ min: -1e6, max: 1e6 }).map((n) => n / 100), fc.constant(null)), fc.constantFrom(new Date(Date.UTC(2026, 11, 1)), null));

/** prepare-worker.ts's job and the main thread's reading of its message, without the thread. */
async function preparedByJob(archive: ZipArchive, entry: NonNullable<ReturnType<ZipArchive["find"]>>, blockSize: number): Promise<PreparedAppend | null> {
  if (entry.size < 3 * blockSize) return null;
  // A copy of the stored bytes, as prepare-in-worker.ts sends them when they are not shared.
  const stored = archive.raw(entry);
  const raw = stored.slice();
  const { message, transfer } = await prepareJob({ raw, crc: entry.crc, size: entry.size, blockSize });
  return { entryName: entry.name, blocks: Promise.resolve(blocksOf(structuredClone(message, { transfer }), stored)), cancel: () => undefined };
}

describe("a big sheet prepared for the rows a run appends", () => {
  it("is written as the plain splice writes it (the same XML, a valid CRC-32), its stored blocks between the cuts copied when every new row comes after its rows", async () => {
    await fc.assert(
      fc.asyncProperty(
        // 5,000 rows and more (300 KB): the head's 128 KiB, a stored block of 64 KiB and two blocks after it, so it is always cut.
        fc.array(text, { minLength: 5000, maxLength: 6000 }),
        fc.constantFrom("", "x:"),
        fc.integer({ min: 320, max: 10_000 }),
        fc.array(newRow, { minLength: 1, maxLength: 30 }),
        fc.oneof(fc.nat(3).map((gap) => ({ after: true, gap })), fc.nat(10).map((gap) => ({ after: false, gap }))),
        fc.boolean(),
        smallBlocks,
        async (texts, p, blockSize, rows, where, viaWorkerMessage, options) => {
          const xml = sheetXml(texts, p);
          const input = await bookDeflatedBy(xml, options);

          const firstRow = where.after ? texts.length + 1 + where.gap : Math.max(1, texts.length - where.gap);
          const patch = { sheets: [patchOf(firstRow, rows.map((r) => [...r]))] };
          const plain = sheetOf(await applyPatchToXlsxBuffer(input, patch));
          const archive = ZipArchive.open(input);
          const entry = archive.find(SHEET) as NonNullable<ReturnType<typeof archive.find>>;
          // On this thread, or as the worker does it, its message cloned with its buffers transferred.
          const prepared = viaWorkerMessage ? await preparedByJob(archive, entry, blockSize) : prepareAppend(archive, entry, blockSize);
          expect(prepared).not.toBeNull();
          const fast = sheetOf(await applyPatchToXlsxBuffer(input, patch, prepared ? [prepared] : []));
          expect(fast.xml).toBe(plain.xml);
          const blocks = await prepared?.blocks;
          // Rows of this sheet are in order with numbers, and nothing in it is refused: it is always prepared.
          expect(blocks).not.toBeNull();
          // The copied blocks are the input's stored bytes (all but a few bytes at either end), found again in the output.
          const pieces = blocks?.middle.pieces ?? [];
          const copied = pieces.reduce((a, b) => (b.length > a.length ? b : a), new Uint8Array(0));
          expect(copied.length).toBeGreaterThan(1000);
          expect(Buffer.from(archive.raw(entry)).includes(Buffer.from(copied))).toBe(true);
          expect(Buffer.from(fast.raw).includes(Buffer.from(copied))).toBe(where.after);
          // The middle and head are what the input's bytes say, each where it was.
          const original = inflateRawSync(archive.raw(entry));
          const head = blocks?.head ?? new Uint8Array(0);
          expect(Buffer.from(head).equals(original.subarray(0, head.length))).toBe(true);
          expect(crc32(original.subarray(head.length, head.length + (blocks?.middle.size ?? 0)))).toBe(blocks?.middle.crc);
        },
      ),
      { numRuns: 40 },
    );
  }, 240_000);

  it("is written as the plain splice writes it whatever the producer's blocks, cut or not", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 3000, maxLength: 6000 }), fc.integer({ min: 320, max: 10_000 }), fc.array(newRow, { minLength: 1, maxLength: 5 }), anyBlocks, async (texts, blockSize, rows, options) => {
        const input = await bookDeflatedBy(sheetXml(texts, ""), options);
        const patch = { sheets: [patchOf(texts.length + 1, rows.map((r) => [...r]))] };
        const archive = ZipArchive.open(input);
        const prepared = prepareAppend(archive, archive.find(SHEET) as NonNullable<ReturnType<typeof archive.find>>, blockSize);
        const fast = sheetOf(await applyPatchToXlsxBuffer(input, patch, prepared ? [prepared] : []));
        expect(fast.xml).toBe(sheetOf(await applyPatchToXlsxBuffer(input, patch)).xml);
      }),
      { numRuns: 25 },
    );
  }, 240_000);

  it("is written the plain way when its stream is one block (nothing to cut): the same XML", async () => {
    const texts = Array.from({ length: 2000 }, (_, i) => `text ${i}`);
    const input = book(sheetXml(texts, ""));
    const archive = ZipArchive.open(input);
    const prepared = prepareAppend(archive, archive.find(SHEET) as NonNullable<ReturnType<typeof archive.find>>, 1024);
    const patch = { sheets: [patchOf(2001, [["new", 1, null]])] };
    const blocks = await prepared?.blocks;
    const fast = sheetOf(await applyPatchToXlsxBuffer(input, patch, prepared ? [prepared] : []));
    expect(fast.xml).toBe(sheetOf(await applyPatchToXlsxBuffer(input, patch)).xml);
    // fflate deflates a sheet this size as one block or a few, never leaving 128 KiB before a cut and a block after it.
    if (blocks) expect(blocks.head.length).toBeGreaterThanOrEqual(4 * 32768);
  });

  it("is not prepared past markup the splicer refuses, so the write refuses it with the plain message", async () => {
    const texts = Array.from({ length: 3000 }, (_, i) => `text ${i}`);
    const input = await bookDeflatedBy(sheetXml(texts, "", "<!-- a comment among the rows -->"), { memLevel: 1 });
    const archive = ZipArchive.open(input);
    const prepared = prepareAppend(archive, archive.find(SHEET) as NonNullable<ReturnType<typeof archive.find>>, 256);
    expect(await prepared?.blocks).toBeNull();
    const patch = { sheets: [patchOf(3001, [["new", 1, null]])] };
    await expect(applyPatchToXlsxBuffer(input, patch, prepared ? [prepared] : [])).rejects.toThrow(/XML comment/);
  });

  it("stops when cancelled: a command that writes nothing leaves the thread pool alone", async () => {
    const texts = Array.from({ length: 3000 }, (_, i) => `text ${i}`);
    const input = await bookDeflatedBy(sheetXml(texts, ""), { memLevel: 1 });
    const archive = ZipArchive.open(input);
    const prepared = prepareAppend(archive, archive.find(SHEET) as NonNullable<ReturnType<typeof archive.find>>, 1024);
    prepared?.cancel();
    expect(await prepared?.blocks).toBeNull();
  });
});
