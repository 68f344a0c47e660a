import { createHash } from "node:crypto";
import fc from "fast-check";
import { decimalFromDouble } from "../../src/workbook/cells";
import { SHEETS } from "../../src/workbook/contract";
import { canonicalCell, canonicalLines, fingerprint, sha256Hasher } from "../../src/workbook/fingerprint";
import { CellValue, SheetGrid } from "../../src/workbook/grid";

describe("the fingerprint's SHA-256", () => {
  it("is the same digest from Node's native hash (CLI) and from @noble/hashes (task pane)", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 5000 }), { maxLength: 5 }), (pieces) => {
        const native = sha256Hasher(true);
        const portable = sha256Hasher(false);
        for (const p of pieces) {
          native.update(p);
          portable.update(p);
        }
        expect(native.hex()).toBe(portable.hex());
      }),
      { numRuns: 200 },
    );
  });

  it("is the standard SHA-256 (FIPS 180-4 test vector 'abc')", () => {
    const h = sha256Hasher(false);
    h.update(new TextEncoder().encode("abc"));
    expect(h.hex()).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("the fingerprint's canonical text", () => {
  /** The recipe as docs/reverse.md states it: JSON of the canonical cells from column A, trailing empties cut. */
  const reference = (grid: SheetGrid): string[] =>
    grid.rows.flatMap((cells) => {
      const texts = [...Array<string>(grid.startCol - 1).fill(""), ...cells.map(canonicalCell)];
      let last = texts.length - 1;
      while (last >= 0 && texts[last] === "") last--;
      return last < 0 ? [] : [JSON.stringify(texts.slice(0, last + 1))];
    });

  const cell: fc.Arbitrary<CellValue> = fc.oneof(
    fc.constant(null),
    fc.string(),
    fc.constantFrom(" ", "\u00a0a\u202f", 'q"uote\\', "line\nend", "\ud800", "x\udc00", "\ud83d\ude00", "\u2028", "\u0007", "\u180ex\u180e", "\ufeff \u3000", "\u1680a\u205fb\u200b", "é\u0080\u07ff\u0800\uffff", "\b\f\r\t\u001f\u007f"),
    fc.string({ unit: "binary" }),
    fc.double(),
    fc.integer(),
    fc.constantFrom(0.1 + 0.2, 1e21, 1e-7, -0, 123456789012345.6, 38.21, -14.87),
    fc.boolean(),
    fc.date({ min: new Date(-1e14), max: new Date(1e14) }),
    fc.constant(new Date(NaN)),
    fc.constantFrom({ error: "#N/A" }, { error: "#VALUE!", malformedNumber: "1,5" }),
  );

  it("is hashed as those lines' UTF-8 bytes, each followed by a newline, whatever the cells hold", () => {
    const blank: CellValue[] = [null, " "];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.array(cell, { maxLength: 8 }), fc.constant(blank)), { maxLength: 6 }), fc.integer({ min: 1, max: 4 }), (rows, startCol) => {
        const grid: SheetGrid = { name: SHEETS.customers, startRow: 1, startCol, rows };
        const snapshot = { sheets: [grid] };
        const text = [JSON.stringify(["sheet", SHEETS.parameters, false]), JSON.stringify(["sheet", SHEETS.customers, true]), ...reference(grid)].map((l) => `${l}\n`).join("");
        expect(fingerprint(snapshot, [SHEETS.parameters, SHEETS.customers])).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
      }),
      { numRuns: 1000 },
    );
  });

  it("is the same digest for ledger-like rows, wherever the 1 MB buffer fills up", () => {
    // Amounts in 2-4 decimals and texts from a small pool; a first row of filler text makes the
    // buffer hand its bytes to the hash somewhere inside the rows that follow.
    const amount = fc.oneof(
      fc.integer({ min: -(1e15 - 1), max: 1e15 - 1 }).chain((m) => fc.constantFrom(m / 100, m / 1000, m / 10000)),
      fc.integer({ min: -99999, max: 99999 }).map((m) => m / 100),
      fc.constantFrom(0, -0, 0.5, -0.07, 1e13 - 0.01, 0.1 + 0.2, NaN),
    );
    const day = new Date(Date.UTC(2026, 10, 24));
    const pool = fc.array(fc.oneof(cell, amount, fc.constant(day), fc.constantFrom("C001", " C001 ", "EUR", "", "Invoice", "Mäkinen")), { minLength: 1, maxLength: 6 });
    const rows = fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 7 }), { maxLength: 60 });
    fc.assert(
      fc.property(pool, rows, fc.integer({ min: 1, max: 3 }), fc.integer({ min: (1 << 20) - 400, max: (1 << 20) - 8 }), (values, picks, startCol, filler) => {
        const grid: SheetGrid = { name: SHEETS.transactions, startRow: 1, startCol, rows: [["x".repeat(filler)], ...picks.map((row) => row.map((k) => values[k % values.length]))] };
        const text = [JSON.stringify(["sheet", SHEETS.transactions, true]), ...reference(grid)].map((l) => `${l}\n`).join("");
        expect(fingerprint({ sheets: [grid] }, [SHEETS.transactions])).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
      }),
      { numRuns: 100 },
    );
  });

  it("is the same for a column that repeats one text as for one holding equal copies of it", () => {
    // A ledger's account or currency is the very same string on row after row; the hash must not
    // depend on whether equal texts are one string or several (the writer tells the first apart).
    // Another string of the same code units (a lone surrogate too): concatenated, then cut.
    const copy = (text: string): string => ` ${text}`.slice(1);
    const texts = fc.oneof(fc.constantFrom("C000123", "EUR", ...[58, 59, 60, 61, 62, 64, 65].map((n) => "x".repeat(n)), "a\"b", " pad", "Mäkinen"), fc.string({ maxLength: 70 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(texts, texts), { minLength: 1, maxLength: 5 }), fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 40 }), (pairs, picks) => {
        const shared: CellValue[][] = picks.map((k) => [pairs[k % pairs.length][0], pairs[(k + 1) % pairs.length][1], 38.21]);
        const copied: CellValue[][] = shared.map((row) => row.map((c) => (typeof c === "string" ? copy(c) : c)));
        const digest = (rows: CellValue[][]): string => fingerprint({ sheets: [{ name: SHEETS.transactions, startRow: 1, startCol: 1, rows }] }, [SHEETS.transactions]);
        const grid: SheetGrid = { name: SHEETS.transactions, startRow: 1, startCol: 1, rows: shared };
        const text = [JSON.stringify(["sheet", SHEETS.transactions, true]), ...reference(grid)].map((l) => `${l}\n`).join("");
        expect(digest(shared)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
        expect(digest(copied)).toBe(digest(shared));
      }),
      { numRuns: 300 },
    );
  });

  it("is the JSON of each row's canonical cells, whatever the cells hold", () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 8 }), { maxLength: 6 }), fc.integer({ min: 1, max: 4 }), (rows, startCol) => {
        const grid: SheetGrid = { name: SHEETS.customers, startRow: 1, startCol, rows };
        const lines = [...canonicalLines({ sheets: [grid] }, [SHEETS.customers])];
        expect(lines).toEqual([JSON.stringify(["sheet", SHEETS.customers, true]), ...reference(grid)]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("a number's canonical text", () => {
  /** Excel's 15 significant digits in plain notation, as the first recipe computed them. */
  const fifteenDigits = (n: number): string => {
    if (!Number.isFinite(n)) return String(n);
    if (n === 0) return "0";
    const shortest = String(n);
    if (/^-?[\d.]+$/.test(shortest) && shortest.replace(/^-?[0.]*|\./g, "").length <= 15) return shortest;
    const abs = Math.abs(n);
    if (abs >= 1e-6 && abs < 1e21) return String(Number(n.toPrecision(15)));
    return decimalFromDouble(n).toFixed();
  };

  it("is the double at Excel's 15 significant digits, for every double", () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer(), fc.double({ min: -1e12, max: 1e12 }).map((x) => Math.round(x * 100) / 100)), (n) => {
        expect(canonicalCell(n)).toBe(`n:${fifteenDigits(n)}`);
      }),
      { numRuns: 5000 },
    );
  });
});
