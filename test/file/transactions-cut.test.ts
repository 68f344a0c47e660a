import { Worker } from "node:worker_threads";
import { bytesOf } from "../../src/file/byte-search";
import { CutSlot, CutTaken, cutChunks, findRowTag, rowTagAt, sheetEnding } from "../../src/file/transactions-cut";
import { TAIL_SHARE, balancedShare, cutTarget, headEnd } from "../../src/file/transactions-tail";

/**
 * Where the main thread and the worker cut the Customer transactions sheet: only at a row start
 * tag that says its row number, taken by the worker only when it has not passed it, and at
 * nothing odd.
 */

const text = (b: Uint8Array): string => Buffer.from(b).toString("latin1");

async function collect(source: AsyncIterable<Uint8Array>): Promise<string> {
  let out = "";
  for await (const chunk of source) out += text(chunk);
  return out;
}

async function* chunksOf(xml: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = bytesOf(xml);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const ROWS = Array.from({ length: 40 }, (_, i) => `<row r="${i + 1}" spans="1:2"><c r="A${i + 1}"><v>${i}</v></c></row>`).join("");
const SHEET = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${ROWS}</sheetData></worksheet>`;

describe("the cut between the worker's rows and the main thread's", () => {
  it("is a row start tag with its number, and not a lookalike", () => {
    const at = (xml: string) => rowTagAt(bytesOf(xml), 0);
    expect(at('<row r="12" spans="1:7">')).toBe(12);
    expect(at('<row spans="1:7" r="7"/>')).toBe(7);
    expect(at('<row\nr="3">')).toBe(3);
    // No number, not a row, a number only inside another value, the tag not complete.
    expect(at('<row spans="1:7">')).toBeNull();
    expect(at('<rows r="3">')).toBeNull();
    expect(at('<row x="a r=&quot;5&quot;" >')).toBeNull();
    expect(at("<row x=' r=\"5\"'>")).toBeNull();
    expect(at('<row r="12"')).toBeNull();
    expect(at('<row r="1e3">')).toBeNull();
    expect(at('<row r="">')).toBeNull();
    const bytes = bytesOf(`${"x".repeat(50)}<rowBreaks/><row spans="1:2"></row><row r="9">${" ".repeat(2000)}`);
    expect(findRowTag(bytes, 0)).toEqual({ at: bytes.indexOf(60, 80), row: 9 });
    // A tag near the end may be cut by it: looked for again with the next chunk.
    expect(findRowTag(bytesOf('<row r="9">'), 0)).toBeNull();
  });

  it("needs a plain head: an unprefixed root, sheetData its child, the header row's end tag within it, no comment", () => {
    const head = (xml: string) => headEnd(bytesOf(xml));
    const plain = '<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="m"><sheetPr filterMode="a>b"/><cols><col min="1"/></cols><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2">';
    expect(head(plain)).toBe(plain.indexOf("</row>") + 6);
    expect(head(plain.replace("<cols><col", "<cols><!-- x --><col"))).toMatch(/comment/);
    expect(head(plain.replace("<worksheet", "<x:worksheet xmlns:x=\"m\"").replace("<sheetData>", "<x:sheetData>"))).toBeNull();
    expect(head(plain.replace("<worksheet ", "<worksheets "))).toMatch(/root/);
    expect(head(plain.replace("<sheetData>", "<wrap><sheetData>"))).toMatch(/not a child/);
    expect(head(plain.replace("<cols><col min=\"1\"/></cols>", "<cols><col min=\"1\"></cols>"))).toMatch(/not a child/);
    expect(head(plain.replace("<sheetData>", '<sheetData x="1">'))).toMatch(/attributes/);
    // Not all there yet: more bytes are read.
    expect(head(plain.slice(0, plain.indexOf("</row>")))).toBeNull();
  });

  it("is taken by the worker where it is offered before the worker passes it: its rows end there with an empty row of that number, before any verdict", async () => {
    for (const chunk of [7, 64, 1000, 1 << 20]) {
      for (const verdict of [true, false, undefined]) {
        const slot = new CutSlot();
        const offset = SHEET.indexOf('<row r="31"');
        expect(slot.offer({ offset, row: 31 })).toBe(true);
        if (verdict !== undefined) slot.verdict(verdict);
        const taken: CutTaken = { cut: null };
        const read = await collect(cutChunks(() => chunksOf(SHEET, chunk), slot, taken, sheetEnding));
        expect(read).toBe(`${SHEET.slice(0, offset)}<row r="31"/></sheetData></worksheet>`);
        expect(taken.cut).toEqual({ offset, row: 31 });
        expect(slot.refused()).toBe(false);
      }
    }
  });

  it("then says what the main thread made of the tail, waiting for its verdict: read, or not (the cut is then refused)", async () => {
    for (const read of [true, false]) {
      const slot = new CutSlot();
      expect(slot.offer({ offset: SHEET.indexOf('<row r="31"'), row: 31 })).toBe(true);
      await collect(cutChunks(() => chunksOf(SHEET, 64), slot, { cut: null }, sheetEnding));
      // Given after the worker asks: the worker waits for it (the verdict comes from another thread in a run).
      const later = new Worker(`const { workerData } = require("node:worker_threads"); setTimeout(() => { const ints = new Int32Array(workerData, 0, 2); Atomics.store(ints, 1, ${read ? 1 : 2}); Atomics.notify(ints, 1); }, 50);`, { eval: true, workerData: slot.buffer });
      const asked = Date.now();
      expect(slot.tailRead()).toBe(read);
      expect(Date.now() - asked).toBeGreaterThanOrEqual(40);
      expect(slot.refused()).toBe(!read);
      await later.terminate();
    }
  });

  it("is refused by a worker past it, or where no row tag of that number begins, and the worker reads on alone", async () => {
    const cases: { offset: number; row: number }[] = [
      { offset: SHEET.indexOf('<row r="31"'), row: 30 },
      { offset: SHEET.indexOf('<row r="31"') + 1, row: 31 },
    ];
    for (const c of cases) {
      const slot = new CutSlot();
      expect(slot.offer(c)).toBe(true);
      slot.verdict(true);
      const taken: CutTaken = { cut: null };
      expect(await collect(cutChunks(() => chunksOf(SHEET, 50), slot, taken, sheetEnding))).toBe(SHEET);
      expect(taken.cut).toBeNull();
      expect(slot.refused()).toBe(true);
    }
    // Offered once the worker has read past it: not offered (the main thread sees that), or refused.
    const slot = new CutSlot();
    const taken: CutTaken = { cut: null };
    const reading = cutChunks(() => chunksOf(SHEET, 100), slot, taken, sheetEnding);
    let read = "";
    for (let i = 0; i < 20; i++) read += text((await reading.next()).value as Uint8Array);
    expect(slot.position()).toBeGreaterThan(SHEET.indexOf('<row r="5"'));
    expect(slot.offer({ offset: SHEET.indexOf('<row r="5"'), row: 5 })).toBe(false);
    read += await collect({ [Symbol.asyncIterator]: () => reading });
    expect(read).toBe(SHEET);
    expect(taken.cut).toBeNull();
  });

  it("lets the main thread read a fifth to a quarter of a 100k ledger's sheet on an idle machine, more when the worker is slow, within bounds", () => {
    const size = 270_000_000;
    // The worker at 137 MB, 72 MB a second (idle): about a fifth.
    const idle = balancedShare(size, { at: 1750, position: 137_000_000 - 72_000 * 1150 }, { at: 2900, position: 137_000_000 });
    expect(idle).toBeGreaterThan(0.15);
    expect(idle).toBeLessThan(0.3);
    // Half as fast (a busy machine): more of it.
    const slow = balancedShare(size, { at: 1750, position: 68_000_000 - 36_000 * 1150 }, { at: 2900, position: 68_000_000 });
    expect(slow).toBeGreaterThan(idle);
    // No pace to go by: the fixed share; far behind: at most half.
    expect(balancedShare(size, { at: 1000, position: 0 }, { at: 1001, position: 0 })).toBe(TAIL_SHARE);
    const behind = balancedShare(size, { at: 1000, position: 0 }, { at: 3000, position: 1_000_000 });
    expect(behind).toBeGreaterThan(slow);
    expect(behind).toBeLessThanOrEqual(0.5);
    // The cut's target just past a MiB boundary (the worker's chunks), below the share.
    expect(cutTarget(size, 0.2) % (1 << 20)).toBe(4096);
    expect(cutTarget(size, 0.2)).toBeLessThanOrEqual(size * 0.8 + 4096);
  });
});
