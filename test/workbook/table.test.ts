import fc from "fast-check";
import { isBlank } from "../../src/workbook/cells";
import { CellValue } from "../../src/workbook/grid";
import { rowIsBlank } from "../../src/workbook/table";

const SPACES = [" ", "\t", "\n", "\u00a0", "\u202f", "\u2003", "\u3000", "\ufeff", ""];

const cell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constant(null),
  fc.array(fc.constantFrom(...SPACES), { maxLength: 3 }).map((s) => s.join("")),
  fc.tuple(fc.array(fc.constantFrom(...SPACES), { maxLength: 2 }), fc.string({ maxLength: 3 })).map(([s, t]) => s.join("") + t),
  fc.string({ maxLength: 4 }),
  fc.double(),
  fc.boolean(),
  fc.constant<CellValue>({ error: "#N/A" }),
);

describe("a blank row (neither a header nor a data row)", () => {
  it("is a row whose every cell is empty or white space, as isBlank says cell by cell", () => {
    fc.assert(fc.property(fc.array(cell, { maxLength: 6 }), (cells) => expect(rowIsBlank(cells)).toBe(cells.every(isBlank))), { numRuns: 2000 });
  });
});
