import fc from "fast-check";
import { CellValue } from "../../src/workbook/grid";
import { idsSeen } from "../../src/workbook/ids-seen";
import { sheet } from "../support/workbook-builder";

describe("ids seen anywhere in the workbook", () => {
  it("finds every text cell with a prefix, on any sheet, whatever its case or leading spaces", () => {
    const book = {
      sheets: [
        sheet("Customers", [["Customer account", "Vendor account"], ["C1", "otv-000009"], ["C2", 42], ["C3", "OTV"]]),
        sheet("Archive 2025", [["Invoice"], ["  RB-000120"], ["Rb-000007x"], ["RBP-20261124-101500-A1B2C3"], [null]]),
      ],
    };
    const seen = idsSeen(book, ["RB-", "OTV-", "É-"]);
    expect(seen.get("RB-")).toEqual(["RB-000120", "Rb-000007x"]);
    expect(seen.get("OTV-")).toEqual(["otv-000009"]);
    expect(seen.get("É-")).toEqual([]);
  });

  it("compares a prefix outside ASCII without folding its letters by hand", () => {
    const seen = idsSeen({ sheets: [sheet("X", [["é-000003"], ["É-000004"], ["E-000005"]])] }, ["É-"]);
    expect(seen.get("É-")).toEqual(["é-000003", "É-000004"]);
  });
});

describe("ids seen, over any cells", () => {
  /** The rule as the doc comment states it, one cell at a time, without the first-letter shortcut. */
  const reference = (book: { sheets: { rows: CellValue[][] }[] }, prefixes: string[]): Map<string, string[]> => {
    const upper = prefixes.filter((p) => p.length > 0).map((p) => p.toUpperCase());
    const shortest = Math.min(...upper.map((p) => p.length));
    // ASCII prefixes fold ASCII letters only: "ı" (dotless i) upper-cases to "I" but is no "I".
    const folded = (text: string, p: string): string => (/^[\x00-\x7f]*$/.test(p) ? text.replace(/[a-z]/g, (c) => c.toUpperCase()) : text.toUpperCase());
    const texts = book.sheets.flatMap((s) => s.rows.flat()).filter((c): c is string => typeof c === "string" && c.length > shortest);
    return new Map(prefixes.map((p) => {
      const wanted = p.toUpperCase();
      const hits = p.length === 0 ? [] : texts.map((c) => (c.charCodeAt(0) <= 32 ? c.trim() : c)).filter((t) => t.length >= wanted.length && folded(t.slice(0, wanted.length), wanted) === wanted);
      return [p, hits];
    }));
  };

  const prefixes = fc.array(fc.constantFrom("RB-", "OTV-", "RUN-", "rb-", "É-", "I", "X9", "S"), { minLength: 1, maxLength: 4 });
  const text = fc.oneof(
    fc.tuple(fc.constantFrom("", " ", "  ", "\t", "\u00a0", "\n"), fc.constantFrom("RB-", "rb-", "Rb", "OTV-", "otv", "RUN-", "run-", "É-", "é-", "ı", "ſ", "i", "s", "x9", "R", "O", ""), fc.constantFrom("", "000120", "7x", " ", "-")).map(([a, b, c]) => a + b + c),
    fc.string({ maxLength: 8 }),
    fc.string({ unit: "binary", maxLength: 6 }),
  );
  const cell: fc.Arbitrary<CellValue> = fc.oneof(text, text, fc.constant(null), fc.double(), fc.boolean(), fc.constant(new Date(Date.UTC(2026, 10, 24))), fc.constant({ error: "#N/A" }));

  it("finds exactly the text cells that start with a prefix, in sheet, row and column order", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 8 }), { maxLength: 4 }), prefixes, (sheets, wanted) => {
        const book = { sheets: sheets.map((rows, i) => sheet(`S${i}`, rows)) };
        expect(idsSeen(book, wanted)).toEqual(reference(book, wanted));
      }),
      { numRuns: 2000 },
    );
  });
});
