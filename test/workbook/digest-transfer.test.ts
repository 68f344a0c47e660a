import fc from "fast-check";
import { deserialize, serialize } from "node:v8";
import { packDigest, unpackDigest } from "../../src/workbook/digest-transfer";
import { CellValue } from "../../src/workbook/grid";
import { TransactionsDigest } from "../../src/workbook/offloaded-transactions";

/** What a worker's postMessage does to a value: the structured clone, as V8 serializes it. */
const posted = <T>(value: T): T => deserialize(serialize(value)) as T;

// Any text a cell can hold, empty, non-ASCII and lone surrogates included.
const text = fc.oneof(fc.string(), fc.string({ unit: "binary" }), fc.constantFrom("", "EUR", "\ud800", "C000001"));
const ref = fc.record({ sheet: fc.oneof(fc.constant("Customer transactions"), text), address: text });
const sum = fc.record({ account: text, currency: fc.oneof(fc.constantFrom("EUR", "USD", "JPY"), text), amount: text, negativeZero: fc.boolean(), source: ref });
const cell: fc.Arbitrary<CellValue> = fc.oneof(text, fc.double(), fc.boolean(), fc.constant(null), fc.date(), fc.record({ error: fc.constant("#N/A") }));
const row = fc.array(cell, { maxLength: 4 });
const grid = fc.option(
  fc.record({
    name: text,
    startRow: fc.integer({ min: 1, max: 100 }),
    startCol: fc.integer({ min: 1, max: 10 }),
    // Mostly empty rows, as a thin grid is, with a few rows of cells among them.
    rows: fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant<CellValue[]>([]) }, { weight: 1, arbitrary: row }), { maxLength: 30 }),
    totalsRows: fc.option(fc.array(fc.integer({ min: 1, max: 130 }), { maxLength: 2 }), { nil: undefined }),
  }, { requiredKeys: ["name", "startRow", "startCol", "rows"] }),
);
const digest: fc.Arbitrary<TransactionsDigest> = fc.record({
  present: fc.boolean(),
  parametersRead: fc.boolean(),
  sums: fc.array(sum, { maxLength: 20 }),
  problems: fc.array(fc.record({ account: fc.option(text), message: text, source: ref }), { maxLength: 3 }),
  failure: fc.option(fc.array(fc.record({ sheet: text, address: text, message: text }), { maxLength: 2 })),
  prefixes: fc.array(text, { maxLength: 3 }),
  ids: fc.array(fc.array(text, { maxLength: 5 }), { maxLength: 3 }),
  fingerprintRows: fc.array(fc.uint8Array({ maxLength: 8 }), { maxLength: 2 }),
  grid,
});

describe("a transactions digest posted by the worker in columns", () => {
  it("is rebuilt on the main thread as the very digest the worker made", () => {
    fc.assert(
      fc.property(digest, (made) => {
        const expected = posted(made);
        expect(unpackDigest(posted(packDigest(made)))).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it("carries no sum, id or grid row outside its columns", () => {
    const made: TransactionsDigest = {
      present: true, parametersRead: true,
      sums: [{ account: "C1", currency: "EUR", amount: "-12.5", negativeZero: false, source: { sheet: "Customer transactions", address: "D2" } }],
      problems: [], failure: null, prefixes: ["RB-"], ids: [["RB-000001"]], fingerprintRows: [],
      grid: { name: "Customer transactions", startRow: 1, startCol: 1, rows: [["Customer account"], [], [], ["C1"]] },
    };
    const packed = packDigest(made);
    expect([packed.sums, packed.ids, packed.grid?.rows]).toEqual([[], [], []]);
    expect(packed.columns.text).toBe("C1-12.5D2RB-000001");
    expect([packed.columns.currencies, packed.columns.sheets]).toEqual([["EUR"], ["Customer transactions"]]);
    expect(unpackDigest(posted(packed))).toEqual(made);
    // A text longer than 16 bits can count (an id is a cell's text, up to 32,767 characters; the columns hold more).
    const long = { ...made, ids: [["RB-" + "9".repeat(70_000)]] };
    const packedLong = packDigest(long);
    expect(packedLong.columns.lengths).toBeInstanceOf(Uint32Array);
    expect(unpackDigest(posted(packedLong))).toEqual(long);
  });

  it("leaves a digest that was never packed as it is", () => {
    fc.assert(fc.property(digest, (made) => expect(unpackDigest(made)).toBe(made)), { numRuns: 20 });
  });
});
