import { zipSync, strToU8 } from "fflate";
import { promises as fs } from "node:fs";
import path from "node:path";
import { xlsxLimits } from "../../src/file/limits";
import { readXlsxBuffer } from "../../src/file/xlsx-read";
import { cli, tempDir } from "../support/cli-harness";

/**
 * Bounded input, bounded cost: what a workbook costs the reader follows the cells it holds, not
 * its used range's box, its merged areas or what its parts claim; past a limit it is refused
 * with exit 1 and a message, never an out-of-memory crash. Limits here are generous (a loaded
 * 2-core CI machine), the failures they guard against took minutes and gigabytes.
 */
const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

function book(sheetXml: string, sharedStrings?: string): Uint8Array {
  const files: Record<string, Uint8Array> = {
    "[Content_Types].xml": strToU8(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`),
    "_rels/.rels": strToU8(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    "xl/workbook.xml": strToU8(`<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    "xl/_rels/workbook.xml.rels": strToU8(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>${sharedStrings ? `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` : ""}</Relationships>`),
    "xl/worksheets/sheet1.xml": strToU8(sheetXml),
  };
  if (sharedStrings) files["xl/sharedStrings.xml"] = strToU8(sharedStrings);
  return zipSync(files, { level: 6 });
}

const sheet = (rows: string, tail = ""): string => `<?xml version="1.0"?><worksheet xmlns="${MAIN}"><sheetData>${rows}</sheetData>${tail}</worksheet>`;
const ledgerRows = (n: number): string => Array.from({ length: n }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>C${i}</t></is></c><c r="B${i + 1}"><v>${i}</v></c></row>`).join("");

/** Time and heap growth of reading, after a collection so the figure is the reader's own. */
async function cost<T>(f: () => Promise<T>): Promise<{ ms: number; heapMb: number; result: T }> {
  (globalThis as { gc?: () => void }).gc?.();
  const heap = process.memoryUsage().heapUsed;
  const t0 = Date.now();
  const result = await f();
  return { ms: Date.now() - t0, heapMb: (process.memoryUsage().heapUsed - heap) / 1e6, result };
}

/** Overwrites the uncompressed size of `name` in the archive's central directory (a lying or huge declaration). */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const wanted = strToU8(name);
  for (let at = 0; at + 46 < out.length; at++) {
    if (view.getUint32(at, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(at + 28, true);
    if (nameLength === wanted.length && wanted.every((b, i) => out[at + 46 + i] === b)) {
      view.setUint32(at + 24, size, true);
      return out;
    }
  }
  throw new Error(`no ${name}`);
}

describe("bounded cost", () => {
  it("a stray note in XFD1048576 of a ledger costs its cells, not the 17-billion-cell box", async () => {
    const xml = sheet(ledgerRows(5000) + `<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>stray</t></is></c></row>`);
    const { ms, heapMb, result } = await cost(() => readXlsxBuffer(book(xml.replace('<row r="1">', '<row r="1"><c r="XFD1" t="inlineStr"><is><t>far</t></is></c>').replace(/(<row r="1">)(<c r="XFD1"[^]*?<\/c>)([^]*?)(<\/row>)/, "$1$3$2$4"))));
    const grid = result.sheets[0];
    expect(grid.rows.length).toBe(1048576);
    expect(grid.rows[0][16383]).toBe("far");
    expect(grid.rows[1048575][16383]).toBe("stray");
    expect(grid.rows[4999]).toEqual(["C4999", 4999]);
    expect(ms).toBeLessThan(10_000);
    expect(heapMb).toBeLessThan(300);
  });

  it("a merge E1:XFD1048576 costs the cells inside it, not its area", async () => {
    const { ms, heapMb, result } = await cost(() => readXlsxBuffer(book(sheet(ledgerRows(2000).replace("</row>", '<c r="E1" t="inlineStr"><is><t>title</t></is></c><c r="F1"><v>1</v></c></row>'), '<mergeCells count="1"><mergeCell ref="E1:XFD1048576"/></mergeCells>'))));
    const rows = result.sheets[0].rows;
    expect(rows[0][4]).toBe("title");
    expect(rows[0][5] ?? null).toBeNull();
    expect(rows[1999].slice(0, 2)).toEqual(["C1999", 1999]);
    expect(ms).toBeLessThan(10_000);
    expect(heapMb).toBeLessThan(200);
  });

  it("a shared-strings bomb (a million runs and items in a small part) is read in linear time", async () => {
    const runs = "<r><t>a</t></r>".repeat(300_000);
    const items = "<si><t>x</t></si>".repeat(300_000);
    const zip = book(sheet('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>300000</v></c></row>'), `<?xml version="1.0"?><sst xmlns="${MAIN}">${items}<si>${runs}</si></sst>`);
    expect(zip.length).toBeLessThan(200_000);
    const { ms, result } = await cost(() => readXlsxBuffer(zip));
    expect(result.sheets[0].rows[0][0]).toBe("x");
    expect((result.sheets[0].rows[0][1] as string).length).toBe(300_000);
    expect(ms).toBeLessThan(15_000);
  }, 60_000);

  describe("zip bombs and limits: exit 1 with a message, at once", () => {
    let dir: string;
    beforeAll(() => {
      dir = tempDir("reimburse-bounds-");
    });
    afterAll(() => fs.rm(dir, { recursive: true, force: true }));

    const attempt = async (bytes: Uint8Array): Promise<{ code: number; stderr: string; ms: number }> => {
      const file = path.join(dir, `bomb-${Math.random().toString(36).slice(2)}.xlsx`);
      await fs.writeFile(file, bytes);
      const t0 = Date.now();
      const result = await cli(["preview", file]);
      return { code: result.code, stderr: result.stderr, ms: Date.now() - t0 };
    };

    it("a part declaring more than a reader should inflate is refused before inflating anything", async () => {
      const zip = declareSize(book(sheet(ledgerRows(10))), "xl/worksheets/sheet1.xml", 3_000_000_000);
      const result = await attempt(zip);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/xl\/worksheets\/sheet1\.xml inflates to 3,000,000,000 bytes, more than the 2,000,000,000 this tool reads from one part/);
      expect(result.ms).toBeLessThan(5_000);
    });

    it("a part inflating past its declared size (20 MB of spaces declared as 1 kB) is stopped at the declaration", async () => {
      const zeros = sheet(`<row r="1"><c r="A1"><v>1</v></c></row>`).replace("<sheetData>", `<sheetData>${" ".repeat(20_000_000)}`);
      const zip = declareSize(book(zeros), "xl/worksheets/sheet1.xml", 1000);
      expect(zip.length).toBeLessThan(1_000_000);
      const { heapMb, result } = await cost(() => attempt(zip));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/the package is damaged: part xl\/worksheets\/sheet1\.xml: it inflates to more than the 1,000 bytes its directory declares/);
      expect(result.ms).toBeLessThan(5_000);
      expect(heapMb).toBeLessThan(100);
    }, 60_000);

    it("a workbook over the cell limit is refused saying how many cells it reads", async () => {
      const saved = xlsxLimits.cells;
      xlsxLimits.cells = 1000;
      try {
        const result = await attempt(book(sheet(ledgerRows(600))));
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/the workbook holds more than 1,000 cells with values, more than this tool reads/);
      } finally {
        xlsxLimits.cells = saved;
      }
    });

    it("a file that is not a zip, or a zip that is no workbook, says so", async () => {
      expect((await attempt(strToU8("Customer account;Balance\nC1;-10\n"))).stderr).toMatch(/^reimburse: (.*bomb-\w+\.xlsx|This file) is not an \.xlsx workbook \(it is not a zip package\)\n/);
      expect((await attempt(zipSync({ "word/document.xml": strToU8("<w/>") }))).stderr).toMatch(/is not an \.xlsx workbook \(it is a Word document\)/);
    });
  });
});
