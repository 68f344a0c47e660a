import fc from "fast-check";
import { SheetReader, WorkbookContext } from "../../src/file/sheet-cells";
import { readSharedStringsFrom } from "../../src/file/shared-strings";
import { scanXmlPart } from "../../src/file/xml-scan";
import { SheetGrid } from "../../src/workbook/grid";
import { Path, chunks, through } from "../support/scan-paths";

/**
 * The scanner's fast paths (a plain cell, a plain shared string taken whole) against its general
 * path, tag by tag, and against saxes: random worksheets and string tables cut into random chunks
 * give the same grid, the same strings or the same message, whichever path reads them.
 */

const W = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

function gridOf(path: Path, xml: Uint8Array, cuts: number[]): Promise<SheetGrid | string> {
  const context: WorkbookContext = { strings: ["zero", "one", null], dateStyles: [false, false, true], date1904: false, cells: { count: 0 } };
  return through(path, async () => {
    const reader = await scanXmlPart("xl/worksheets/sheet1.xml", () => chunks(xml, cuts), () => {
      context.cells.count = 0;
      return new SheetReader("xl/worksheets/sheet1.xml", "Data", context);
    });
    return reader.grid();
  });
}

const column = fc.constantFrom("A", "B", "C", "AA", "b");
const style = fc.constantFrom("", ' s="1"', ' s="2"', " s='0'");

/** Cells of a type with a value of that type, as producers write them (the fast path's daily bread). */
const validCell = fc.oneof(
  fc.record({ type: fc.constantFrom("", ' t="n"'), value: fc.constantFrom("1", "0", "-3.25", "007", "1e5", "45000.5", "1234567890.12345", "0.1", "-0") }),
  fc.record({ type: fc.constant(' t="s"'), value: fc.constantFrom("0", "1", "2") }),
  fc.record({ type: fc.constant(' t="b"'), value: fc.constantFrom("0", "1", "true") }),
  fc.record({ type: fc.constant(' t="e"'), value: fc.constantFrom("#N/A", "#DIV/0!") }),
  fc.record({ type: fc.constant(' t="str"'), value: fc.constantFrom("x y", "", "_x0041_", "1") }),
  fc.record({ type: fc.constant(' t="d"'), value: fc.constantFrom("2024-02-29", "2024-02-29T10:00:00", "12:30") }),
);

/** Any type with any value: most are refused, with a message naming the cell. */
const anyCell = fc.record({
  type: fc.constantFrom("", ' t="s"', ' t="n"', ' t="b"', ' t="e"', ' t="str"', ' t="d"', ' t="inlineStr"', ' t="q"'),
  value: fc.constantFrom("1", "", " 1", "#N/A", "TRUE", "x y", "2024-02-29", "0x1A", "1234567890123456789", ".5", "5.", "7", "1.5", "Infinity"),
});

const cell = fc.record({ col: fc.oneof({ weight: 16, arbitrary: column }, { weight: 1, arbitrary: fc.constantFrom("", "XFE", "A0") }), style, typed: fc.oneof({ weight: 12, arbitrary: validCell }, { weight: 1, arbitrary: anyCell }) }).map(({ col, style, typed }) => ({ col, attrs: `${style}${typed.type}`, value: typed.value }));

const piece = fc.oneof(
  { weight: 24, arbitrary: cell.map(({ col, attrs, value }) => (row: number) => `<c${col ? ` r="${col}${row}"` : ""}${attrs}><v>${value}</v></c>`) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      (row: number) => `<c r="A${row}"/>`,
      (row: number) => `<c r="B${row}"></c>`,
      (row: number) => `<c r="C${row}" s="2" ></c>`,
      (row: number) => `<c r="C${row}"><v></v></c>`,
      (row: number) => `<c r="C${row}"><v/></c>`,
      (row: number) => `<c r="D${row}"><f>1+1</f><v>2</v></c>`,
      (row: number) => `<c r="D${row}" t="str"><f>A1</f><v></v></c>`,
      (row: number) => `<c r="E${row}" t="inlineStr"><is><t>a &amp; b</t></is></c>`,
      (row: number) => `<c r="E${row}"><v>1&#48;</v></c>`,
      (row: number) => `<c r="F${row}" cm="1"><v>3</v></c>`,
      (row: number) => `<c r="F${row}" r="G${row}"><v>3</v></c>`,
      (row: number) => `<c r="G${row}"><v>3</v></c >`,
      (row: number) => `<c r="G${row}" ><v>3</v></c>`,
      (row: number) => `<c\nr="H${row}"\ts="1"><v>4</v></c>`,
      (row: number) => `<c r="H${row}"s="1"><v>4</v></c>`,
      (row: number) => `<c r = "H${row}"><v>4</v></c>`,
      (row: number) => `<c r="I${row}" t="str"><v>é</v></c>`,
      (row: number) => `<c r="I${row}" t="str"><v>a]]b</v></c>`,
      (row: number) => `<c r="I${row}" t="str"><v>a\tb</v></c>`,
      (row: number) => `<c r="J${row + 1}"><v>1</v></c>`,
      (row: number) => `<c r="J${row}"><v>1</v>`,
      (row: number) => `<c r="K${row}" t="str"><v>1</v><v>2</v></c>`,
      (row: number) => `<c r="K${row}"><v>1</v></x>`,
      (row: number) => `<cx r="K${row}"><v>1</v></cx>`,
      (row: number) => `<c r="K${row}"><w>1</w></c>`,
      (row: number) => `<c r="K${row}"><v>1</w></c>`,
      (row: number) => `<c r="K${row}"><v>1</v></d>`,
      (row: number) => `<c r="K${row}"><vv>1</vv></c>`,
      (row: number) => `<c r="K${row}" u="1"><v>1</v></c>`,
      (row: number) => `<c r="L${row}" t="s"><v>7</v></c>`,
      (row: number) => `<c r="L${row}" t="s"><v>1.5</v></c>`,
      (row: number) => `<c r="M${row}" xmlns="urn:other"><v>1</v></c>`,
      (row: number) => `<x:c r="M${row}" xmlns:x="${W}"><x:v>5</x:v></x:c>`,
      (row: number) => `<ext xmlns="urn:other"><c r="N${row}"><v>1</v></c></ext>`,
      (row: number) => `<c r="O${row}" t="s"><v>0</v><c r="P${row}"><v>9</v></c></c>`,
      (row: number) => `<c r="Q${row}"><v>1<!-- x --></v></c>`,
      () => "</row>",
      () => "<v>8</v>",
      () => " ",
    ),
  },
);

const rowOpen = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom((n: number) => `<row r="${n}">`, (n: number) => `<row r="${n}" spans="1:3" x14ac:dyDescent="0.25">`) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      () => "<row>",
      (n: number) => `<row r="${n}" xmlns="urn:other">`,
      (n: number) => `<x:row r="${n}" xmlns:x="${W}">`,
      (n: number) => `<row r="${n}" xmlns:y="urn:y" y:a="1">`,
      (n: number) => `<row r="${n}" r="${n}">`,
      (n: number) => `<row r="${n}" spans="1:2" spans="1:3">`,
      (n: number) => `<row r="${n}"spans="1:2">`,
      (n: number) => `<row  r = "${n}">`,
      (n: number) => `<row	r="${n}">`,
      (n: number) => `<row r="${n}" >`,
      (n: number) => `<rows r="${n}">`,
      (n: number) => `<row r='${n}' ht="15" customHeight="1" x14ac:dyDescent='0.25'>`,
      (n: number) => `<row r="${n}" a:b:c="1">`,
      (n: number) => `<row r="${n}" a:="1">`,
      (n: number) => `<row r="${n}" 1a="1">`,
      (n: number) => `<row r="${n}" _a.b-c="'">`,
      (n: number) => `<row r="&#${48 + n};">`,
      (n: number) => `<row r="${n}" t="a<b">`,
      (n: number) => `<row r="${n}" t="é">`,
      (n: number) => `<row r="${n}x">`,
      (n: number) => `<row r="0${n}">`,
      (n: number) => `<row r="${n}.5">`,
    ),
  },
);

const worksheets = fc.record({
  root: fc.oneof({ weight: 6, arbitrary: fc.constant(`<worksheet xmlns="${W}" xmlns:x14ac="urn:ac">`) }, { weight: 1, arbitrary: fc.constantFrom(`<x:worksheet xmlns:x="${W}" xmlns:x14ac="urn:ac">`, `<worksheet xmlns:x14ac="urn:ac">`) }),
  rows: fc.array(fc.record({ number: fc.integer({ min: 1, max: 6 }), open: rowOpen, cells: fc.array(piece, { minLength: 1, maxLength: 6 }) }), { minLength: 1, maxLength: 6 }),
  cuts: fc.array(fc.nat(700), { maxLength: 8 }),
});

function worksheetXml(root: string, rows: { number: number; open: (n: number) => string; cells: ((row: number) => string)[] }[]): Uint8Array {
  const p = root.startsWith("<x:") ? "x:" : "";
  const body = rows
    .map(({ number, open, cells }) => {
      const start = open(number);
      const end = start.startsWith("<x:") ? "</x:row>" : "</row>";
      return start + cells.map((c) => c(number)).join("") + end;
    })
    .join("");
  return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8"?>${root}<${p}sheetData>${body}</${p}sheetData></${p}worksheet>`);
}

/** Shared-string items, mostly plain ones. */
const item = fc.constantFrom(
  "<si><t>plain</t></si>",
  "<si><t>a</t></si>",
  "<si><t>ab</t></si>",
  "<si><t>  </t></si>",
  "<sj><t>near miss</t></si>",
  "<si><tt>near miss</tt></si>",
  "<si><t>near miss</t></sj>",
  "<si><t>near miss</tx></si>",
  '<si><t xml:space="default">near miss</t></si>',
  '<si><t xml:space="preserve" >near miss</t></si>',
  "<si><t>near miss</t></si >",
  "<si><t>C000123</t></si>",
  "<si><t></t></si>",
  "<si><t/></si>",
  "<si></si>",
  "<si/>",
  '<si><t xml:space="preserve"> spaced </t></si>',
  "<si><t>a &amp; b</t></si>",
  "<si><t>café</t></si>",
  "<si><t>line\nend</t></si>",
  "<si><t>line\r\nend</t></si>",
  "<si><t>tab\there</t></si>",
  "<si><t>_x0041_ and _x005F_x</t></si>",
  "<si><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r></si>",
  "<si><t>base</t><rPh sb=\"0\" eb=\"1\"><t>ruby</t></rPh></si>",
  "<si><t>a]]b</t></si>",
  "<si><t>a</t></x></si>",
  "<si><t>two</t><t>ts</t></si>",
  "<si ><t>spaced tag</t></si>",
  "<si><t >x</t></si>",
  "<si><t>x</t ></si>",
  '<si xmlns="urn:other"><t>other</t></si>',
  `<x:si xmlns:x="${W}"><x:t>prefixed</x:t></x:si>`,
  "<si><t>x<!-- c --></t></si>",
  "<si><t>nested<si><t>inner</t></si></t></si>",
  "<ext xmlns=\"urn:other\"><si><t>in ext</t></si></ext>",
  " ",
);

const tables = fc.record({
  root: fc.constantFrom(`<sst xmlns="${W}" count="9">`, `<x:sst xmlns:x="${W}">`, "<sst>"),
  items: fc.array(item, { maxLength: 10 }),
  cuts: fc.array(fc.nat(400), { maxLength: 8 }),
});

function stringsOf(path: Path, xml: Uint8Array, cuts: number[]): Promise<(string | null)[] | string> {
  return through(path, () => readSharedStringsFrom("xl/sharedStrings.xml", () => chunks(xml, cuts)));
}

describe("the scanner's fast paths", () => {
  it("read random worksheets cut into random chunks as the general path and saxes read them", async () => {
    let taken = 0;
    await fc.assert(
      fc.asyncProperty(worksheets, async ({ root, rows, cuts }) => {
        const xml = worksheetXml(root, rows);
        const fast = await gridOf("fast", xml, cuts);
        const general = await gridOf("general", xml, cuts);
        expect(fast).toEqual(general);
        expect(await gridOf("saxes", xml, [])).toEqual(general);
        if (typeof fast !== "string" && fast.rows.length) taken++;
      }),
      { numRuns: 800 },
    );
    // Most documents are grids, not refusals: the property says something about cells.
    expect(taken).toBeGreaterThan(150);
    // A few seconds on an idle machine; a shared one may take longer than jest's 5 s default.
  }, 60_000);

  it("read random string tables cut into random chunks as the general path and saxes read them", async () => {
    await fc.assert(
      fc.asyncProperty(tables, async ({ root, items, cuts }) => {
        const close = root.startsWith("<x:") ? "</x:sst>" : "</sst>";
        const xml = new TextEncoder().encode(`<?xml version="1.0"?>${root}${items.join("")}${close}`);
        const fast = await stringsOf("fast", xml, cuts);
        expect(fast).toEqual(await stringsOf("general", xml, cuts));
        expect(fast).toEqual(await stringsOf("saxes", xml, []));
      }),
      { numRuns: 1500 },
    );
  }, 60_000);

  it("take a plain cell cut at any byte as it is taken whole", async () => {
    const xml = new TextEncoder().encode(`<worksheet xmlns="${W}"><sheetData><row r="1"><c r="A1" s="2"><v>45000</v></c><c r="B1" t="s"><v>1</v></c><c r="C1"/><c r="D1"><v>-1.5</v></c></row></sheetData></worksheet>`);
    const whole = await gridOf("fast", xml, []);
    expect(typeof whole).not.toBe("string");
    for (let cut = 1; cut < xml.length; cut++) expect(await gridOf("fast", xml, [cut])).toEqual(whole);
  });

  it("finish an item cut by a chunk's end however long it is, across as many chunks as it spans", async () => {
    const long = "x".repeat(70_000);
    const strings = new TextEncoder().encode(`<sst xmlns="${W}"><si><t>a</t></si><si><t>${long}</t></si><si><t>b &amp; c</t></si></sst>`);
    const cells = new TextEncoder().encode(`<worksheet xmlns="${W}"><sheetData><row r="1"><c r="A1" t="str"><v>${long}</v></c><c r="B1"><v>2</v></c></row></sheetData></worksheet>`);
    const wholeStrings = await stringsOf("fast", strings, []);
    const wholeGrid = await gridOf("fast", cells, []);
    expect(wholeStrings).toEqual(["a", long, "b & c"]);
    expect(wholeGrid).toEqual({ name: "Data", startRow: 1, startCol: 1, rows: [[long, 2]] });
    for (const size of [999, 4095, 4097, 33_000]) {
      const cuts = Array.from({ length: Math.ceil(cells.length / size) }, (_, k) => k * size);
      expect(await stringsOf("fast", strings, cuts)).toEqual(wholeStrings);
      expect(await gridOf("fast", cells, cuts)).toEqual(wholeGrid);
    }
  });

  it("read each date-styled serial as its day, whatever days came before (days 4096 apart included)", async () => {
    const serial = fc.oneof(fc.integer({ min: 0, max: 2958465 }), fc.constantFrom(46000, 46000 + 4096, 46000 - 4096, 60, 61, 59, 1, 0).map((n) => n), fc.double({ min: 0, max: 2958465, noNaN: true }));
    await fc.assert(
      fc.asyncProperty(fc.array(serial, { minLength: 1, maxLength: 30 }), async (serials) => {
        const rows = serials.map((n, i) => `<row r="${i + 1}"><c r="A${i + 1}" s="2"><v>${n}</v></c></row>`).join("");
        const grid = await gridOf("fast", new TextEncoder().encode(`<worksheet xmlns="${W}"><sheetData>${rows}</sheetData></worksheet>`), []);
        if (typeof grid === "string") throw new Error(grid);
        // Excel's 1900 system, its phantom 29 February 1900 counted (serials before 61 a day later).
        const expected = serials.map((n) => [new Date((Math.floor(n) - (n < 61 ? 25568 : 25569)) * 86400000).getTime()]);
        expect(grid.rows.map((row) => row.map((v) => (v as Date).getTime()))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
