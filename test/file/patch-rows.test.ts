import fc from "fast-check";
import { FormatsOf, disjointBlocks, formatsInOrder } from "../../src/file/patch-rows";
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
