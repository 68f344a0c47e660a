import fc from "fast-check";
import { byteSearchTuning } from "../../src/file/byte-search";
import { concat } from "../../src/file/compression";
import { RowSplicer, patchBox } from "../../src/file/row-splicer";
import { StyleSheet } from "../../src/file/style-sheet";
import { escapeXml } from "../../src/file/xml-text";
import type { PatchCell, Target } from "../../src/file/xlsx-patch";
import { CellValue } from "../../src/workbook/grid";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A patch writing `cells` (row -> column -> value) into sheet "S". */
function target(cells: Map<number, Map<number, CellValue>>): Target {
  const rows = new Map<number, PatchCell[]>();
  for (const [row, byCol] of cells) rows.set(row, [...byCol].sort((a, b) => a[0] - b[0]).map(([col, value]) => ({ col, value, numFmt: null })));
  return { patch: { sheet: "S", create: false, blocks: [], headerRow: 1, header: [], columnKinds: [] }, sheet: null, path: "xl/worksheets/sheet1.xml", rows };
}

/** The sheet's XML through the splicer, fed in pieces cut at `cuts` (byte offsets). */
function splice(xml: string, cells: Map<number, Map<number, CellValue>>, cuts: number[] = []): string {
  const bytes = encoder.encode(xml);
  const splicer = new RowSplicer(target(cells), new StyleSheet(null), false, "xl/worksheets/sheet1.xml");
  const out: Uint8Array[] = [];
  let at = 0;
  for (const cut of [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b)) {
    out.push(...splicer.feed(bytes.slice(at, cut)));
    at = cut;
  }
  out.push(...splicer.feed(bytes.slice(at)));
  out.push(...splicer.end());
  return decoder.decode(concat(out.map((piece) => piece.slice())));
}

function sheetXml(rows: string[], prefix = ""): string {
  const p = prefix ? `${prefix}:` : "";
  const ns = prefix ? `xmlns:${prefix}` : "xmlns";
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}worksheet ${ns}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><${p}dimension ref="A1:B${rows.length}"/><${p}sheetData>${rows.join("")}</${p}sheetData><${p}pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></${p}worksheet>`;
}

function rowXml(n: number, prefix = "", text = `r${n}`): string {
  const p = prefix ? `${prefix}:` : "";
  return `<${p}row r="${n}" spans="1:2"><${p}c r="A${n}" t="inlineStr"><${p}is><${p}t>${text}</${p}t></${p}is></${p}c><${p}c r="B${n}"><${p}v>${n}</${p}v></${p}c></${p}row>`;
}

const quote = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const one = (row: number, col: number, value: CellValue): Map<number, Map<number, CellValue>> => new Map([[row, new Map([[col, value]])]]);

describe("splicing rows into a sheet's XML as its bytes stream through", () => {
  afterEach(() => {
    byteSearchTuning.useNative = true;
  });

  it("appends rows after the last row and copies the rows before it byte for byte", () => {
    const rows = [1, 2, 3].map((n) => rowXml(n));
    const out = splice(sheetXml(rows), one(4, 1, "new"));
    expect(out).toContain(`${rows.join("")}<row r="4"><c r="A4" t="inlineStr"><is><t>new</t></is></c></row></sheetData>`);
    expect(out).toContain('<dimension ref="A1:B4"/>');
  });

  it("never reads the rows it appends after: an untouched row it could not parse is copied as it is", () => {
    // A row with a damaged cell (no closing tag) would be refused if it were tokenized.
    const damaged = '<row r="2"><c r="A2"><v>1</v><c r="B2"></row>';
    const out = splice(sheetXml([rowXml(1), damaged, rowXml(3)]), one(4, 2, 7));
    expect(out).toContain(`${damaged}${rowXml(3)}<row r="4"><c r="B4"><v>7</v></c></row>`);
  });

  it("updates a cell in an existing row, keeping the row's other cells and the cell's style", () => {
    const styled = '<row r="2" spans="1:2"><c r="A2" s="3" t="inlineStr"><is><t>Open</t></is></c><c r="B2"><v>2</v></c></row>';
    const out = splice(sheetXml([rowXml(1), styled, rowXml(3)]), one(2, 1, "Paid"));
    expect(out).toContain(`${rowXml(1)}<row r="2"><c r="A2" s="3" t="inlineStr"><is><t>Paid</t></is></c><c r="B2"><v>2</v></c></row>${rowXml(3)}`);
  });

  it("works on the sheet's own prefix (x:row from the Open XML SDK)", () => {
    const rows = [1, 2].map((n) => rowXml(n, "x"));
    const out = splice(sheetXml(rows, "x"), new Map<number, Map<number, CellValue>>([[2, new Map<number, CellValue>([[1, "two"]])], [3, new Map<number, CellValue>([[2, 3]])]]));
    expect(out).toContain('<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>two</x:t></x:is></x:c><x:c r="B2"><x:v>2</x:v></x:c></x:row><x:row r="3"><x:c r="B3"><x:v>3</x:v></x:c></x:row></x:sheetData>');
  });

  it("puts rows into an empty <sheetData/>", () => {
    const xml = sheetXml([]).replace("<sheetData></sheetData>", "<sheetData/>");
    expect(splice(xml, one(1, 1, 5))).toContain('<sheetData><row r="1"><c r="A1"><v>5</v></c></row></sheetData>');
  });

  it("numbers a row without r after the one before it, as the reader does", () => {
    const unnumbered = '<row><c><v>9</v></c></row>';
    const out = splice(sheetXml([rowXml(1), unnumbered]), one(2, 2, 4));
    expect(out).toContain(`${rowXml(1)}<row><c><v>9</v></c><c r="B2"><v>4</v></c></row></sheetData>`);
  });

  it("refuses sheet data with a comment, where a byte search could mistake text for a row", () => {
    const xml = sheetXml([rowXml(1), "<!-- <row r=\"5\"> -->", rowXml(2)]);
    expect(() => splice(xml, one(3, 1, 1))).toThrow(/Cannot write to sheet 'S' \(xl\/worksheets\/sheet1.xml\): its sheet data holds an XML comment/);
  });

  it("refuses a patched cell inside a merged range", () => {
    const xml = sheetXml([rowXml(1), rowXml(2)]).replace("<pageMargins", '<mergeCells count="1"><mergeCell ref="A2:B3"/></mergeCells><pageMargins');
    expect(() => splice(xml, one(3, 2, 1))).toThrow(/cell B3 lies inside the merged range A2:B3/);
  });

  it("gives the same bytes however the part is cut into chunks, in Node and with the browser's byte search", () => {
    const cellValue = fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.string({ maxLength: 6 }).map((s) => `<${s}&`));
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 40 }), { maxLength: 25 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 45 }), fc.integer({ min: 1, max: 4 }), cellValue), { maxLength: 12 }),
        fc.constantFrom("", "x"),
        fc.array(fc.nat({ max: 4000 }), { maxLength: 30 }),
        fc.boolean(),
        (rowNumbers, writes, prefix, cuts, native) => {
          const existing = [...rowNumbers].sort((a, b) => a - b);
          const xml = sheetXml(existing.map((n) => rowXml(n, prefix, `t${n} &amp; é`)), prefix);
          const cells = new Map<number, Map<number, CellValue>>();
          for (const [row, col, value] of writes) cells.set(row, (cells.get(row) ?? new Map()).set(col, value));
          const whole = splice(xml, cells);
          byteSearchTuning.useNative = native;
          expect(splice(xml, cells, cuts)).toBe(whole);
          byteSearchTuning.useNative = true;
          // Rows in order, each once; rows the patch does not touch exactly as they were.
          const p = prefix ? `${prefix}:` : "";
          const numbers = [...whole.matchAll(new RegExp(`<${p}row r="(\\d+)"`, "g"))].map((m) => Number(m[1]));
          expect(numbers).toEqual([...new Set([...existing, ...cells.keys()])].sort((a, b) => a - b));
          for (const n of existing) if (!cells.has(n)) expect(whole).toContain(rowXml(n, prefix, `t${n} &amp; é`));
          for (const [row, byCol] of cells) {
            for (const [col, value] of byCol) {
              const ref = `${"ABCD"[col - 1]}${row}`;
              const shown = typeof value === "number" ? `<${p}v>${value}</${p}v>` : `<${p}t( xml:space="preserve")?>${quote(escapeXml(String(value)))}</${p}t>`;
              expect(whole).toMatch(new RegExp(`<${p}c r="${ref}"[^>]*>(<${p}is>)?${shown}`));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("the box a patch writes into (a sheet's <dimension> and its tables widen to it)", () => {
  it("spans every patched cell, as a walk over all of them finds, from each row's first and last column", () => {
    const cells = fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.array(fc.tuple(fc.integer({ min: 1, max: 30 }), fc.constant<CellValue>("x")), { maxLength: 5 })), { maxLength: 8 });
    fc.assert(
      fc.property(cells, (rows) => {
        const byRow = new Map<number, Map<number, CellValue>>();
        for (const [row, list] of rows) byRow.set(row, new Map(list));
        const t = target(byRow);
        let box: { top: number; left: number; bottom: number; right: number } | null = null;
        for (const [row, list] of t.rows) {
          for (const c of list) {
            if (!box) box = { top: row, left: c.col, bottom: row, right: c.col };
            else box = { top: Math.min(box.top, row), left: Math.min(box.left, c.col), bottom: Math.max(box.bottom, row), right: Math.max(box.right, c.col) };
          }
        }
        expect(patchBox(t)).toEqual(box);
      }),
      { numRuns: 500 },
    );
  });
});
