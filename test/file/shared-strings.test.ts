import fc from "fast-check";
import { zipSync, strToU8 } from "fflate";
import { xlsxLimits } from "../../src/file/limits";
import * as sharedStrings from "../../src/file/shared-strings";
import { SharedStrings, compactStringsTuning, readSharedStringTable, readSharedStringsFrom } from "../../src/file/shared-strings";
import { xmlScanTuning } from "../../src/file/xml-scan";
import { openWorkbookPackage } from "../../src/file/package-parts";
import { readPackage, readXlsxBuffer } from "../../src/file/xlsx-read";
import { WorkbookSnapshot } from "../../src/workbook/grid";
import { Path, chunks, through } from "../support/scan-paths";

/**
 * The reader keeps the shared-strings table compact (plain items as bytes, made strings when a
 * cell asks): whichever items a table holds, however its part is cut into chunks and in
 * whatever order cells ask, every index gives exactly what the decoded list gives, and a table
 * the list refuses is refused with the same message.
 */

const W = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const PART = "xl/sharedStrings.xml";
const listOf = (xml: Uint8Array, cuts: number[], path: Path = "fast"): Promise<(string | null)[] | string> => through(path, () => readSharedStringsFrom(PART, () => chunks(xml, cuts)));
const tableOf = (xml: Uint8Array, cuts: number[], path: Path = "fast"): Promise<SharedStrings | string> => through(path, () => readSharedStringTable(PART, () => chunks(xml, cuts)));

/** The table's items in the order given (each index asked twice: the second answer is the kept one). */
function itemsOf(table: SharedStrings, order: number[]): (string | null)[] {
  const out = new Array<string | null>(table.length);
  for (const i of order) out[i] = table.get(i);
  for (const i of order) expect(table.get(i)).toBe(out[i]);
  return out;
}

/** Characters as a text holds them, each written into XML as it may be written. */
const piece = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom("a", "Z", "7", " ", "C000123", "EUR", "Friedrichstraße") },
  { weight: 3, arbitrary: fc.constantFrom("é", "€", "😀", "ä", "\uFEFF", "\u00A0") },
  { weight: 3, arbitrary: fc.constantFrom("&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#233;", "&#xE9;", "&#x1F600;", "&#13;", "&#10;", ">", '"', "'") },
  { weight: 3, arbitrary: fc.constantFrom("_x0041_", "_x005F_", "_x005f_x0041_", "_x000D_", "_x00", "_", "_xZZZZ_", "x_") },
  { weight: 2, arbitrary: fc.constantFrom("\n", "\r\n", "\r", "\t", "  ", "]]", "]") },
);
const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(""));
/** Now and then a text longer than the short-copy loop (32 bytes) and the short-string one (8). */
const longText = fc.oneof({ weight: 4, arbitrary: text }, { weight: 1, arbitrary: fc.array(text, { minLength: 3, maxLength: 6 }).map((t) => t.join("-")) });

const item = fc.oneof(
  { weight: 10, arbitrary: longText.map((t) => `<si><t>${t}</t></si>`) },
  { weight: 3, arbitrary: longText.map((t) => `<si><t xml:space="preserve">${t}</t></si>`) },
  { weight: 2, arbitrary: fc.array(fc.tuple(text, fc.boolean()), { minLength: 1, maxLength: 3 }).map((runs) => `<si>${runs.map(([t, bold]) => `<r>${bold ? "<rPr><b/><sz val=\"11\"/></rPr>" : ""}<t>${t}</t></r>`).join("")}</si>`) },
  { weight: 2, arbitrary: fc.tuple(text, text).map(([base, ruby]) => `<si><t>${base}</t><rPh sb="0" eb="1"><t>${ruby}</t></rPh><phoneticPr fontId="1" type="noConversion"/></si>`) },
  { weight: 2, arbitrary: fc.constantFrom("<si/>", "<si></si>", "<si><t/></si>", "<si><t></t></si>", '<si><t xml:space="preserve"></t></si>', "<si><t>   </t></si>") },
  { weight: 1, arbitrary: text.map((t) => `<si><t><![CDATA[${t.replace(/&[^;]*;/g, "").replace(/\]\]/g, "")}<b>]]></t></si>`) },
  { weight: 1, arbitrary: text.map((t) => `<si><t>a<si><t>${t}</t></si></t></si>`) },
  { weight: 1, arbitrary: fc.constantFrom("<si><t>x<!-- c --></t></si>", `<x:si xmlns:x="${W}"><x:t>prefixed</x:t></x:si>`, '<ext xmlns="urn:other"><si><t>in ext</t></si></ext>', "<si><t>a & b</t></si>", "<si><t>bad &nbsp;</t></si>") },
);

const between = fc.constantFrom("", "", "", " ", "\n", "\r\n  ");

const tables = fc.record({
  items: fc.array(fc.tuple(item, between), { maxLength: 30 }),
  cuts: fc.array(fc.nat(1200), { maxLength: 12 }),
  seed: fc.nat(),
});

function tableXml(items: [string, string][]): Uint8Array {
  return new TextEncoder().encode(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${W}" count="${items.length}">${items.map(([i, s]) => i + s).join("")}</sst>`);
}

/** A permutation of 0..n-1 from a seed: cells ask for strings in any order. */
function shuffled(n: number, seed: number): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  let s = seed | 1;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

async function expectSameTable(xml: Uint8Array, cuts: number[], seed: number): Promise<void> {
  // A cache of 1 to 8 slots: items are made again after others took their place.
  compactStringsTuning.cacheBits = seed % 4;
  for (const path of ["fast", "general", "saxes"] as Path[]) {
    const list = await listOf(xml, path === "saxes" ? [] : cuts, path);
    const table = await tableOf(xml, path === "saxes" ? [] : cuts, path);
    if (typeof list === "string") {
      expect(table).toBe(list);
      continue;
    }
    expect(typeof table).not.toBe("string");
    const t = table as SharedStrings;
    expect(t.length).toBe(list.length);
    expect(itemsOf(t, shuffled(t.length, seed))).toEqual(list);
    // Shared with another thread (postMessage clones the rest and shares the memory): the same items on both sides.
    const shared = sharedStrings.shareTable(t);
    expect(shared).not.toBeNull();
    const { table: here, shared: posted } = shared as NonNullable<typeof shared>;
    expect(posted.bytes).toBeInstanceOf(SharedArrayBuffer);
    expect(itemsOf(here, shuffled(t.length, seed + 1))).toEqual(list);
    expect(itemsOf(sharedStrings.tableFromShared(structuredClone(posted)), shuffled(t.length, seed + 2))).toEqual(list);
  }
  // A table kept as a list is not shared (the other thread reads the part itself).
  expect(sharedStrings.shareTable(sharedStrings.sharedStringsOf(["a"]))).toBeNull();
}

const cacheBits = compactStringsTuning.cacheBits;
afterEach(() => {
  compactStringsTuning.cacheBits = cacheBits;
});

describe("the compact shared-strings table", () => {
  it("gives for every index what the decoded list gives, whatever the items, chunks and order of asking", async () => {
    let read = 0;
    await fc.assert(
      fc.asyncProperty(tables, async ({ items, cuts, seed }) => {
        const xml = tableXml(items);
        await expectSameTable(xml, cuts, seed);
        if (typeof (await listOf(xml, cuts)) !== "string" && items.length) read++;
      }),
      { numRuns: 600 },
    );
    // Most tables are read, not refused: the property says something about strings.
    expect(read).toBeGreaterThan(200);
  }, 60_000);

  it("gives every string of a table larger than its first buffers, cut into chunks of every size, as the list does", async () => {
    const items = fc.sample(fc.tuple(item, between), { numRuns: 8_000, seed: 15 }).filter(([i]) => !/CDATA|<!--|&nbsp;|a & b|\]\]>/.test(i));
    const xml = tableXml(items);
    expect(xml.length).toBeGreaterThan(200_000);
    const leftToSaxes = xmlScanTuning.partsLeftToSaxes;
    for (const size of [1, 4095, 65_536, 1 << 20]) {
      const cuts = size === 1 << 20 ? [] : Array.from({ length: Math.ceil(xml.length / size) }, (_, k) => k * size);
      if (size === 1) cuts.length = Math.min(cuts.length, 5_000);
      const list = await listOf(xml, cuts);
      if (typeof list === "string") throw new Error(list);
      expect(list.length).toBeGreaterThanOrEqual(items.length);
      const table = (await tableOf(xml, cuts)) as SharedStrings;
      expect(itemsOf(table, shuffled(table.length, size))).toEqual(list);
    }
    // The scanner read every one of them: the items were taken as bytes, not left to saxes.
    expect(xmlScanTuning.partsLeftToSaxes).toBe(leftToSaxes);
  }, 60_000);

  it("makes a string again when asked after many others, as it was made the first time", async () => {
    // More items than the table keeps strings of (2^16 here): asking i, then items that take its place, then i again.
    const saved = compactStringsTuning.cacheBits;
    compactStringsTuning.cacheBits = 16;
    const n = 140_000;
    const items = Array.from({ length: n }, (_, i) => [i % 1000 === 7 ? `<si><r><t>rich ${i}</t></r></si>` : i % 3 ? `<si><t>s${i} caf&#xE9;</t></si>` : `<si><t>C${i}</t></si>`, ""] as [string, string]);
    const xml = tableXml(items);
    const list = (await listOf(xml, [])) as (string | null)[];
    const table = (await tableOf(xml, [])) as SharedStrings;
    const order: number[] = [];
    for (let i = 0; i < 8_800; i += 3) order.push(i, i + 65_536, i, i + 2 * 65_536, i + 65_536);
    expect(Math.max(...order)).toBeLessThan(n);
    try {
      for (const i of order) expect(table.get(i)).toBe(list[i]);
    } finally {
      compactStringsTuning.cacheBits = saved;
    }
  });

  it("refuses a table over the limit of strings with the list's message", async () => {
    const saved = xlsxLimits.sharedStrings;
    xlsxLimits.sharedStrings = 5;
    try {
      for (const items of [["<si><t>a</t></si>"], ["<si><r><t>a</t></r></si>"]]) {
        const xml = tableXml(Array.from({ length: 6 }, () => [items[0], ""] as [string, string]));
        const list = await listOf(xml, []);
        expect(list).toBe(`XlsxError: ${PART} holds more than 5 strings, more than this tool reads`);
        expect(await tableOf(xml, [])).toBe(list);
      }
    } finally {
      xlsxLimits.sharedStrings = saved;
    }
  });
});

describe("a workbook's cells of type s", () => {
  /** A book of the sheet Data (one row of `cells`) and a larger sheet Rest, which a read may leave out. */
  const book = (cells: string, items: string): Uint8Array =>
    zipSync({
      "[Content_Types].xml": strToU8(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>`),
      "_rels/.rels": strToU8(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
      "xl/workbook.xml": strToU8(`<?xml version="1.0"?><workbook xmlns="${W}" xmlns:r="${REL}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/><sheet name="Rest" sheetId="2" r:id="rId3"/></sheets></workbook>`),
      "xl/_rels/workbook.xml.rels": strToU8(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="${REL}/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`),
      "xl/worksheets/sheet1.xml": strToU8(`<?xml version="1.0"?><worksheet xmlns="${W}"><sheetData><row r="1">${cells}</row></sheetData></worksheet>`),
      "xl/worksheets/sheet2.xml": strToU8(`<?xml version="1.0"?><worksheet xmlns="${W}"><sheetData>${Array.from({ length: 50 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>0</v></c></row>`).join("")}</sheetData></worksheet>`),
      "xl/sharedStrings.xml": strToU8(`<?xml version="1.0"?><sst xmlns="${W}">${items}</sst>`),
    });

  // The whole workbook (the table decoded as read), and its sheets chosen (the table kept compact).
  const reads: [string, (bytes: Uint8Array) => Promise<WorkbookSnapshot>][] = [
    ["read whole", readXlsxBuffer],
    [
      "Data alone, the table compact",
      async (bytes) => {
        const spy = jest.spyOn(sharedStrings, "readSharedStrings");
        try {
          const snapshot = await readPackage(openWorkbookPackage(bytes), { include: (sheet) => sheet.name === "Data" });
          expect(spy.mock.calls.map((call) => call[2])).toEqual([true]);
          return snapshot;
        } finally {
          spy.mockRestore();
        }
      },
    ],
  ];

  it.each(reads)("show the item they refer to, a repeated one as the same text, an empty one as an empty cell (%s)", async (_, read) => {
    const items = "<si><t>EUR</t></si><si><t>caf&#xE9; _x0041_</t></si><si/><si><r><t>rich </t></r><r><t>text</t></r></si>";
    const snapshot = await read(book('<c r="A1" t="s"><v>1</v></c><c r="B1" t="s"><v>0</v></c><c r="C1" t="s"><v>0</v></c><c r="D1" t="s"><v>2</v></c><c r="E1" t="s"><v>3</v></c>', items));
    expect(snapshot.sheets[0].rows[0]).toEqual(["café A", "EUR", "EUR", null, "rich text"]);
  });

  it.each(reads)("refer to no string beyond the table: the message names the cell and the index (%s)", async (_, read) => {
    await expect(read(book('<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c>', "<si><t>a</t></si><si><t>b</t></si>"))).rejects.toThrow(
      "Sheet 'Data', cell B1: the file holds a reference to shared string 2, which the workbook does not have, which is not valid SpreadsheetML (part xl/worksheets/sheet1.xml); open and save it in Excel, or correct the producer",
    );
  });
});
