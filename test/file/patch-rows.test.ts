import fc from "fast-check";
import { FormatsOf, NewRows, PatchCell, disjointBlocks, formatsInOrder, newSheetFormats, newTarget } from "../../src/file/patch-rows";
import { StyleSheet } from "../../src/file/style-sheet";
import { XmlBytes } from "../../src/file/xml-bytes";
import { CellValue, ColumnKind, SheetPatch } from "../../src/workbook/grid";

/** Every cell walked, none skipped: the order NewRows asks for the formats in, by its definition. */
function everyFormatInOrder(sp: SheetPatch): string[] {
  const formats = new FormatsOf(sp);
  const order: string[] = [];
  for (const block of disjointBlocks(sp) ?? []) {
    block.values.forEach((values, i) => {
      if (block.row + i === sp.headerRow) return;
      values.forEach((value, j) => {
        const format = formats.of(value, block.col + j, block.rowDecimals?.[i] ?? 2);
        if (format !== null && !order.includes(format)) order.push(format);
      });
    });
  }
  return order;
}

const kindArb = fc.constantFrom<ColumnKind>("text", "date", "amount", "integer");
const valueArb: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -5000, max: 5000 }).map((n) => n / 100),
  fc.string({ maxLength: 3 }),
  fc.integer({ min: 0, max: 20000 }).map((d) => new Date(Date.UTC(2020, 0, 1) + d * 86_400_000)),
);

const newSheetArb: fc.Arbitrary<SheetPatch> = fc
  .record({
    kinds: fc.array(kindArb, { minLength: 1, maxLength: 5 }),
    rows: fc.array(fc.record({ values: fc.array(valueArb, { maxLength: 6 }), decimals: fc.option(fc.constantFrom(0, 2, 3), { nil: undefined }) }), { maxLength: 30 }),
    split: fc.nat(),
  })
  .map(({ kinds, rows, split }) => {
    const header = kinds.map((_, i) => `Column ${i + 1}`);
    const at = rows.length ? split % (rows.length + 1) : 0;
    // The header block, then the data in one or two blocks, as a rendered sheet's are.
    const data = [rows.slice(0, at), rows.slice(at)].filter((part) => part.length);
    let row = 2;
    const blocks = data.map((part) => {
      const block = { row, col: 1, values: part.map((r) => r.values), rowDecimals: part.map((r) => r.decimals ?? 2) };
      row += part.length;
      return block;
    });
    return { sheet: "New", create: true, headerRow: 1, header, columnKinds: kinds, blocks: [{ row: 1, col: 1, values: [header] }, ...blocks] };
  });

describe("the number formats a new sheet asks for", () => {
  it("come in the order of their first cells, the same as a walk of every cell gives, though the walk may stop early", () => {
    fc.assert(
      fc.property(newSheetArb, (sp) => {
        expect(formatsInOrder(sp, disjointBlocks(sp) ?? [])).toEqual(everyFormatInOrder(sp));
      }),
      { numRuns: 500 },
    );
  });

  it("stop being looked for once a sheet with a date column has given every format its columns can", () => {
    const later = new Date(Date.UTC(2026, 0, 1));
    let looked = 0;
    const values = [[later, 1.5], ...Array.from({ length: 1000 }, () => [later, 2.5])];
    const watched = values.map((row) => new Proxy(row, { get: (target, key) => (key !== "length" && typeof key === "string" && /^\d+$/.test(key) && looked++, Reflect.get(target, key)) }));
    const sp: SheetPatch = { sheet: "New", create: true, headerRow: 1, header: ["Date", "Amount"], columnKinds: ["date", "amount"], blocks: [{ row: 1, col: 1, values: [["Date", "Amount"]] }, { row: 2, col: 1, values: watched, rowDecimals: values.map(() => 2) }] };
    expect(formatsInOrder(sp, disjointBlocks(sp) ?? [])).toEqual(["yyyy-mm-dd", "#,##0.00"]);
    expect(looked).toBe(2);
  });
});

/** The number formats NewRows asks the style sheet for, in order, writing the sheet as newSheetXml does. */
function formatsAskedFor(sp: SheetPatch): string[] {
  const styles = new StyleSheet(null);
  const asked: string[] = [];
  const withNumFmt = styles.withNumFmt.bind(styles);
  styles.withNumFmt = (base: number, code: string | null) => {
    if (code !== null) asked.push(code);
    return withNumFmt(base, code);
  };
  const rows = new NewRows(new XmlBytes(), "", styles, false, { row: sp.headerRow, style: styles.bold() });
  const blocks = disjointBlocks(sp);
  if (blocks) {
    const formats = new FormatsOf(sp);
    for (const block of blocks) block.values.forEach((values, i) => rows.fromValues(block.row + i, block.col, values, formats, block.rowDecimals?.[i] ?? 2));
  } else {
    const target = newTarget(sp, null, "xl/worksheets/new.xml");
    for (const row of [...target.rows.keys()].sort((a, b) => a - b)) rows.fromCells(row, target.rows.get(row) as PatchCell[]);
  }
  return asked;
}

describe("the styles a new sheet's writer will ask for, made ahead", () => {
  it("are the number formats its rows ask the style sheet for, in that order, from blocks or from overlapping ones", () => {
    fc.assert(
      fc.property(newSheetArb, fc.boolean(), (sp, overlap) => {
        // A block that writes over the first data row again: the sheet is then written from its rows.
        const last = sp.blocks[sp.blocks.length - 1];
        const patched: SheetPatch = overlap && sp.blocks.length > 1 ? { ...sp, blocks: [...sp.blocks, { row: 2, col: 1, values: [last.values[0] ?? []], rowDecimals: [last.rowDecimals?.[0] ?? 2] }] } : sp;
        expect(newSheetFormats(newTarget(patched, null, "xl/worksheets/new.xml"))).toEqual(formatsAskedFor(patched));
      }),
      { numRuns: 300 },
    );
  });
});
