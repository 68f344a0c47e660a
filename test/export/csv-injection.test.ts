import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { FORMULA_START, needsNeutralising, neutralise, unneutralise } from "../../src/export/csv-injection";
import { CsvColumn, toCsv } from "../../src/export/csv-table";

const startsWithFormula = (s: string): boolean => FORMULA_START.some((c) => s.startsWith(c));

/** Any text, with a good share starting with formula characters or quotes. */
const anyText = fc.oneof(
  fc.string({ unit: "grapheme" }),
  fc.tuple(fc.constantFrom(...FORMULA_START, "'", "''", "'="), fc.string({ unit: "grapheme" })).map(([a, b]) => a + b),
  fc.string({ unit: fc.constantFrom("=", "+", "-", "@", "\t", "\r", "'", "\n", ",", '"', "a", " ") }),
);

describe("neutralising text that a spreadsheet would run as a formula", () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["+cmd", "'+cmd"],
    ["-1+2", "'-1+2"],
    ["\t=1+1", "'\t=1+1"],
    ["\r=1+1", "'\r=1+1"],
  ])("makes %j inert", (hostile, inert) => {
    expect(neutralise(hostile)).toBe(inert);
    expect(unneutralise(inert)).toBe(hostile);
  });

  it("leaves ordinary names alone, including one that starts with an apostrophe", () => {
    for (const name of ["Dupont SARL", "'t Hooft", "O'Brien", "a=b", "", "1-2"]) expect(neutralise(name)).toBe(name);
  });

  it("keeps a user's own quote before a formula character distinguishable from the added one", () => {
    expect(neutralise("'=x")).toBe("''=x");
    expect(unneutralise("''=x")).toBe("'=x");
  });

  it("never lets any text start with a formula character, and un-neutralising gives the original back", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = neutralise(text);
        expect(startsWithFormula(out)).toBe(false);
        if (needsNeutralising(text)) expect(out).toBe(`'${text}`);
        expect(unneutralise(out)).toBe(text);
      }),
      { numRuns: 2000 },
    );
  });

  it("writes any text through the CSV and reads it back unchanged, quoted when neutralised", () => {
    const columns: CsvColumn<string>[] = [{ header: "Name", kind: "text", value: (s) => s }];
    fc.assert(
      fc.property(anyText, (text) => {
        const csv = toCsv(columns, [text]);
        const body = csv.slice(csv.indexOf("\r\n") + 2, -2);
        if (needsNeutralising(text)) expect(body.startsWith(`"'`)).toBe(true);
        expect(startsWithFormula(body)).toBe(false);
        const [, [field]] = parse(csv, { bom: true, relax_column_count: false }) as string[][];
        expect(unneutralise(field)).toBe(text);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("amounts in a CSV", () => {
  it("are never prefixed or quoted, whatever their sign", () => {
    const columns: CsvColumn<string>[] = [{ header: "Amount", kind: "amount", value: (s) => s }];
    expect(toCsv(columns, ["-123.45", "+5.00", "0.10"])).toBe("\ufeffAmount\r\n-123.45\r\n+5.00\r\n0.10\r\n");
  });
});
