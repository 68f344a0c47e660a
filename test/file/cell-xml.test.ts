import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { cellTags, cellXml, writeCell } from "../../src/file/cell-xml";
import { escapeXml } from "../../src/file/xml-text";
import { XmlBytes } from "../../src/file/xml-bytes";
import { FormatsOf, NewRows, PatchCell } from "../../src/file/patch-rows";
import { StyleSheet } from "../../src/file/style-sheet";
import { applyPatchToXlsxBuffer } from "../../src/file/xlsx-patch";
import { writeSnapshotXlsx } from "../../src/file/xlsx-write";
import { ZipArchive } from "../../src/file/zip-archive";
import { CellBlock, CellValue, SheetPatch, columnLetter, isCellError } from "../../src/workbook/grid";

const encoder = new TextEncoder();

/** Text with what cells hold that XML cares about: markup characters, spaces at the ends, line breaks, "_x" escapes, non-ASCII, lone surrogates. */
const cellText = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.array(fc.constantFrom("a", "<", ">", "&", '"', "'", " ", "\n", "\t", "_x0041_", "é", "€", "😀", "\ud800", "\udc00", "\u0001", "\uffff", "\u00a0", "\u3000"), { maxLength: 12 }).map((parts) => parts.join("")),
);

const cellValue: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constant(null),
  cellText,
  fc.double(),
  fc.integer({ min: -1e6, max: 5e9 }),
  fc.constantFrom(0, -0, 0.1, 1e21, 4294967295, 4294967296, NaN, Infinity),
  fc.boolean(),
  fc.date({ noInvalidDate: false }),
  fc.constantFrom("#DIV/0!", "#N/A", "#SPILL!", "#VALUE!").map((error) => ({ error })),
);

/**
 * The cell XML the writer has always stored (the string form it had before cells were written
 * straight into bytes), kept here as the specification the byte writer is held to.
 */
function specifiedCellXml(ref: string, value: CellValue, s: number, date1904: boolean): string {
  const style = s ? ` s="${s}"` : "";
  if (value === null) return s ? `<c r="${ref}"${style}/>` : "";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return `<c r="${ref}"${style} t="e"><v>#NUM!</v></c>`;
    return `<c r="${ref}"${style}><v>${value}</v></c>`;
  }
  if (typeof value === "boolean") return `<c r="${ref}"${style} t="b"><v>${value ? 1 : 0}</v></c>`;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return `<c r="${ref}"${style} t="e"><v>#VALUE!</v></c>`;
    const days = value.getTime() / 86_400_000;
    return `<c r="${ref}"${style}><v>${date1904 ? days + 24107 : days + (days < -25508 ? 25568 : 25569)}</v></c>`;
  }
  if (isCellError(value)) return `<c r="${ref}"${style} t="e"><v>${["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"].includes(value.error) ? value.error : "#N/A"}</v></c>`;
  if (value === "") return s ? `<c r="${ref}"${style}/>` : "";
  const space = /^\s|\s$|\n/.test(value) ? ' xml:space="preserve"' : "";
  const text = value.indexOf("_x") < 0 ? value : value.replace(/_(x[0-9A-Fa-f]{4}_)/g, "_x005F_$1");
  return `<c r="${ref}"${style} t="inlineStr"><is><t${space}>${escapeXml(text)}</t></is></c>`;
}

/** The prefix a sheet's elements carry, as the row splicer writes them. */
const prefixed = (xml: string, p: string): string => (p ? xml.replace(/<(\/?)(c|v|is|t)\b/g, `<$1${p}$2`) : xml);

describe("a cell written straight into bytes", () => {
  it("is the cell's XML text, UTF-8 encoded, for every kind of value, style, prefix and date system", () => {
    fc.assert(
      fc.property(cellValue, fc.integer({ min: 1, max: 16384 }), fc.integer({ min: 1, max: 1_048_576 }), fc.oneof(fc.constant(0), fc.nat(70000)), fc.constantFrom("", "x:"), fc.boolean(), (value, col, row, s, p, date1904) => {
          const expected = encoder.encode(prefixed(specifiedCellXml(`${columnLetter(col)}${row}`, value, s, date1904), p));
          const out = new XmlBytes(64);
          writeCell(out, cellTags(p), col, row, value, s, date1904);
          const pieces = out.finish();
          expect(Buffer.concat(pieces)).toEqual(Buffer.from(expected));
          // The string form a row rewritten among its cells gets is the same cell.
          expect(cellXml(col, row, value, s, date1904, p)).toBe(new TextDecoder().decode(expected));
        }),
      { numRuns: 2000 },
    );
  });
});

describe("cells written one after the other", () => {
  it("are each the cell's XML, however often the same day (or the same Date, changed in between) comes again in either date system", () => {
    const days = fc.constantFrom(Date.UTC(2026, 11, 1), Date.UTC(2026, 11, 31), Date.UTC(1900, 0, 1), Date.UTC(1899, 11, 30), NaN);
    const cell = fc.record({ time: days, date1904: fc.boolean(), text: fc.oneof(fc.constant(null), cellText), shared: fc.boolean() });
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 30 }), (cells) => {
        const out = new XmlBytes(32);
        const shared = new Date(0);
        let expected = "";
        cells.forEach((c, i) => {
          const value: CellValue = c.shared ? (shared.setTime(c.time), shared) : new Date(c.time);
          writeCell(out, cellTags(""), 1, i + 1, value, 0, c.date1904);
          expected += specifiedCellXml(`A${i + 1}`, value, 0, c.date1904);
          if (c.text !== null) {
            writeCell(out, cellTags(""), 2, i + 1, c.text, 3, c.date1904);
            expected += specifiedCellXml(`B${i + 1}`, c.text, 3, c.date1904);
          }
        });
        expect(Buffer.concat(out.finish())).toEqual(Buffer.from(encoder.encode(expected)));
      }),
      { numRuns: 500 },
    );
  });
});

describe("whole new rows written into bytes", () => {
  // Style ids that follow from the number format alone (a StyleSheet's are in order of first use).
  const styles = { withNumFmt: (base: number, code: string | null) => (code === null ? base : 7 + code.length + base), bold: () => 5 } as unknown as StyleSheet;
  const kinds = fc.array(fc.constantFrom("text", "amount", "date", "integer"), { minLength: 1, maxLength: 8 });

  it("are each cell's XML with its style and number format, from values or from collected cells, with or without a column style", () => {
    fc.assert(
      fc.property(kinds, fc.array(fc.array(cellValue, { maxLength: 8 }), { maxLength: 6 }), fc.integer({ min: 1, max: 16370 }), fc.integer({ min: 1, max: 1_000_000 }), fc.constantFrom("", "x:"), fc.boolean(), fc.boolean(), fc.nat(3), (columnKinds, rows, firstCol, firstRow, p, date1904, columnStyles, decimals) => {
        const sp = { sheet: "S", create: false, headerRow: firstRow, headerCol: firstCol, header: [], columnKinds, blocks: [] } as unknown as SheetPatch;
        const formats = new FormatsOf(sp);
        const base = (col: number): number => (columnStyles && col % 2 ? 2 : 0);
        const header = { row: firstRow, style: 5 };
        const fromValues = new XmlBytes(16);
        const fromCells = new XmlBytes(16);
        const valueRows = new NewRows(fromValues, p, styles, date1904, header, base);
        const cellRows = new NewRows(fromCells, p, styles, date1904, header, base);
        let expected = "";
        rows.forEach((values, i) => {
          const row = firstRow + i;
          valueRows.fromValues(row, firstCol, values, formats, decimals);
          const cells: PatchCell[] = values.map((value, j) => ({ col: firstCol + j, value, numFmt: formats.of(value, firstCol + j, decimals) }));
          cellRows.fromCells(row, cells);
          expected += `<row r="${row}">`;
          for (const c of cells) {
            const s = row === header.row ? header.style : styles.withNumFmt(base(c.col), c.numFmt);
            expected += specifiedCellXml(`${columnLetter(c.col)}${row}`, c.value, s, date1904);
          }
          expected += "</row>";
        });
        const bytes = Buffer.from(encoder.encode(prefixed(expected, p).replace(/<(\/?)row\b/g, `<$1${p}row`)));
        expect(Buffer.concat(fromValues.finish())).toEqual(bytes);
        expect(Buffer.concat(fromCells.finish())).toEqual(bytes);
      }),
      { numRuns: 200 },
    );
  });
});

describe("XML bytes", () => {
  it("are the UTF-8 of each text written, one after the other, whatever the piece size", () => {
    const op = fc.oneof(
      fc.string({ unit: "binary-ascii" }).map((s) => ({ kind: "ascii" as const, s })),
      cellText.map((s) => ({ kind: "text" as const, s })),
      fc.oneof(fc.nat(), fc.constantFrom(0, 9, 10, 99, 100, 4294967295, 4294967296, 2 ** 53, 0.5, -0)).map((n) => ({ kind: "uint" as const, n })),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), fc.integer({ min: 1, max: 64 }), (ops, pieceSize) => {
        // Each text on its own: a lone surrogate at the end of one is U+FFFD, as TextEncoder writes it.
        const expected = Buffer.concat(ops.map((o) => encoder.encode(o.kind === "uint" ? String(o.n) : o.s)));
        const out = new XmlBytes(pieceSize);
        for (const o of ops) {
          if (o.kind === "ascii") out.ascii(o.s);
          else if (o.kind === "text") out.text(o.s);
          else out.uint(o.n);
        }
        expect(out.size).toBe(expected.length);
        const pieces = out.finish();
        expect(pieces.every((p) => p.length > 0)).toBe(true);
        expect(Buffer.concat(pieces)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe("a new sheet written from its blocks", () => {
  let dir: string;
  let book: Uint8Array;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "reimburse-cells-"));
    const file = path.join(dir, "book.xlsx");
    await writeSnapshotXlsx({ sheets: [{ name: "Data", startRow: 1, startCol: 1, rows: [["a"], [1]] }] }, file);
    book = new Uint8Array(readFileSync(file));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function newSheetParts(sp: SheetPatch): Promise<Map<string, string>> {
    const archive = ZipArchive.open(await applyPatchToXlsxBuffer(book, { sheets: [sp] }));
    return new Map(archive.entries.filter((e) => !e.name.includes("Data") && /worksheets\/sheet|styles|tables\//.test(e.name)).map((e) => [e.name, archive.text(e)]));
  }

  it("is the sheet the patch's cells collected by row give (the same XML and styles)", async () => {
    const kinds = ["text", "amount", "date", "integer"] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cellValue, { minLength: 4, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.constantFrom(0, 2, 3), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 1, max: 3 }),
        async (rows, decimals, headerRow) => {
          const header = ["Name", "Amount", "Date", "Count"];
          const blocks: CellBlock[] = [
            { row: headerRow, col: 1, values: [header] },
            { row: headerRow + 1, col: 1, values: rows, rowDecimals: decimals.slice(0, rows.length) },
          ];
          const sp: SheetPatch = { sheet: "Out", create: true, headerRow, header, columnKinds: [...kinds], blocks };
          // A block of no cells on a row another block writes makes the writer collect the cells by row.
          const collected: SheetPatch = { ...sp, blocks: [...blocks, { row: headerRow + 1, col: 1, values: [[]] }] };
          expect(await newSheetParts(sp)).toEqual(await newSheetParts(collected));
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);
});
