import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { unneutralise } from "../../src/export/csv-injection";
import { CsvColumn, toCsv } from "../../src/export/csv-table";

interface Row {
  name: string;
  amount: string;
}

const columns: CsvColumn<Row>[] = [
  { header: "Name", kind: "text", value: (r) => r.name },
  { header: "Amount", kind: "amount", value: (r) => r.amount },
];

const records = (csv: string): string[][] => parse(csv, { bom: true, relax_column_count: false }) as string[][];

describe("a CSV field per RFC 4180", () => {
  it.each([
    ["a bare line feed", "Line one\nline two"],
    ["a bare carriage return", "Line one\rline two"],
    ["a CRLF", "Line one\r\nline two"],
    ["a quote", 'The "best" vendor'],
    ["a comma", "Müller, Söhne"],
  ])("is quoted when it holds %s, so one invoice stays one record", (_, name) => {
    const csv = toCsv(columns, [{ name, amount: "12.50" }]);
    expect(csv).toContain(`"${name.replace(/"/g, '""')}"`);
    expect(records(csv)).toEqual([["Name", "Amount"], [name, "12.50"]]);
  });

  it("keeps an amount a plain number, unquoted", () => {
    expect(toCsv(columns, [{ name: "x", amount: "-12.50" }])).toBe("\ufeffName,Amount\r\nx,-12.50\r\n");
  });

  it("gives back every text as one field of one record, whatever characters it holds", () => {
    const text = fc.string({ unit: fc.constantFrom("a", " ", ",", '"', "\n", "\r", "=", "-", "+", "@", "\t", "'", "é") });
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 8 }), (names) => {
        const parsed = records(toCsv(columns, names.map((name) => ({ name, amount: "1.00" }))));
        expect(parsed).toHaveLength(names.length + 1);
        expect(parsed.slice(1).map((r) => unneutralise(r[0]))).toEqual(names);
      }),
      { numRuns: 300 },
    );
  });
});
