import fc from "fast-check";
import { packDigest, unpackDigest } from "../../src/file/digest-transfer";
import { CellValue } from "../../src/workbook/grid";
import { TransactionSum, TransactionsDigest } from "../../src/workbook/offloaded-transactions";

/** The transactions worker posts its digest packed: unpacked on the main thread it is the digest it made, to the character. */

const text = fc.string({ unit: "binary", maxLength: 12 });
const sum: fc.Arbitrary<TransactionSum> = fc.record({
  account: text,
  currency: fc.oneof(fc.constantFrom("EUR", "USD", ""), text),
  amount: fc.oneof(fc.constantFrom("0", "-12.5", "1234567890123456.789"), text),
  negativeZero: fc.boolean(),
  source: fc.record({ sheet: fc.constantFrom("Customer transactions", "Other", ""), address: fc.oneof(fc.constantFrom("D2", "XFD1048576"), text) }),
});
const cell: fc.Arbitrary<CellValue> = fc.oneof(text, fc.double(), fc.constant(null), fc.boolean(), fc.constant(new Date(Date.UTC(2026, 0, 2))));
const rows: fc.Arbitrary<CellValue[][]> = fc.array(fc.oneof({ weight: 4, arbitrary: fc.constant<CellValue[]>([]) }, { weight: 1, arbitrary: fc.array(cell, { minLength: 1, maxLength: 5 }) }), { maxLength: 30 });

function digestOf(sums: TransactionSum[], gridRows: CellValue[][] | null): TransactionsDigest {
  return {
    present: true, parametersRead: true, sums, problems: [{ account: "C001", message: "not a date", source: { sheet: "Customer transactions", address: "B3" } }], failure: null,
    prefixes: ["RB-", "OTV-", "RUN-"], ids: [["RB-000001"], [], []], fingerprintRows: [],
    grid: gridRows ? { name: "Customer transactions", startRow: 2, startCol: 1, rows: gridRows, totalsRows: [9] } : null,
  };
}

describe("the transactions digest as the worker posts it", () => {
  it("unpacks to the digest that was packed: sums (any text, -0 flags, sources), problems, ids and the thin grid's rows at their places", () => {
    fc.assert(
      fc.property(fc.array(sum, { maxLength: 40 }), fc.option(rows, { nil: null }), (sums, gridRows) => {
        const expected = structuredClone(digestOf(sums, gridRows));
        const packed = structuredClone(packDigest(digestOf(structuredClone(sums), gridRows && structuredClone(gridRows))));
        expect(unpackDigest(packed)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
