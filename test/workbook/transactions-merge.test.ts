import fc from "fast-check";
import { Money } from "../../src/core/money";
import { COLUMNS, SHEETS } from "../../src/workbook/contract";
import { CellValue } from "../../src/workbook/grid";
import { TransactionsDigest } from "../../src/workbook/offloaded-transactions";
import { mergeDigests, plusExactly } from "../../src/workbook/transactions-merge";
import { NotStreamable, TransactionsStream, streamTransactions } from "../../src/workbook/transactions-stream";
import { buildBook } from "../support/workbook-builder";

/**
 * A Customer transactions sheet read in two parts at once (the worker its head, the main thread
 * its tail, cut at a row) must give, merged, exactly the digest one stream of the whole sheet
 * gives: the same sums to the digit and the sign of zero, problems, ids, thin grid and
 * fingerprint text.
 */

const NOW = new Date("2026-11-24T09:30:00Z");
const HEADER: CellValue[] = COLUMNS.transactions.map((c) => c.header);
const OTHERS = buildBook({ date: "2026-11-24" });

const amount: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: -500_000, max: 500_000 }).map((cents) => cents / 100) },
  { weight: 3, arbitrary: fc.constant("-0") },
  { weight: 1, arbitrary: fc.constantFrom<CellValue>("(1,250.40)", "abc", "", "10.005", "1234567890123456", "-0.00", 0, 1234567890123456, 123456789012345.6, 99999999999999.99, 1e-7, -1e-7) },
  { weight: 1, arbitrary: fc.constantFrom<CellValue>({ error: "#N/A" }, true, null) },
);

const dataRow: fc.Arbitrary<CellValue[]> = fc.tuple(
  fc.oneof({ weight: 8, arbitrary: fc.constantFrom<CellValue>("C001", "c001", "C002", "C003", "Z9") }, { weight: 1, arbitrary: fc.constantFrom<CellValue>(null, { error: "#REF!" }) }),
  fc.oneof(fc.integer({ min: 0, max: 800 }).map((d) => new Date(Date.UTC(2025, 6, 1) + d * 86_400_000)), fc.constantFrom<CellValue>(null, "soon")),
  fc.constantFrom<CellValue>("EUR", "USD", "eur", "EURO", null),
  amount,
  fc.constantFrom<CellValue>("Invoice", "Payment", null),
  fc.constantFrom<CellValue>(null, "DOC-1", "RB-000041", "rb-000099", "OTV-000012"),
  fc.constantFrom<CellValue>(null, "RUN-20260101-000000"),
);

/** A sheet's rows as its reader hands them on: numbered (gaps between), perhaps from column B, with blank and wide rows. */
interface SheetCase {
  rows: { n: number; cells: CellValue[] }[];
  totalsRows: number[];
  /** Index of the first row the tail holds (rows.length: an empty tail). */
  cut: number;
}

const sheetCase: fc.Arbitrary<SheetCase> = fc
  .record({
    leadingBlank: fc.constantFrom(false, false, false, true),
    shifted: fc.boolean(),
    headerRow: fc.integer({ min: 1, max: 3 }),
    data: fc.array(fc.tuple(fc.integer({ min: 1, max: 3 }), dataRow, fc.constantFrom("plain", "plain", "plain", "plain", "white space", "wide", "totals")), { maxLength: 40 }),
    cutAt: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ leadingBlank, shifted, headerRow, data, cutAt }) => {
    const lead = (cells: CellValue[]): CellValue[] => (shifted ? [null, ...cells] : cells);
    const rows: SheetCase["rows"] = [];
    const totalsRows: number[] = [];
    let n = headerRow;
    if (leadingBlank) rows.push({ n: n++, cells: lead([" ", null, "\u00a0"]) });
    rows.push({ n, cells: lead(HEADER) });
    for (const [gap, cells, kind] of data) {
      n += gap;
      if (kind === "white space") rows.push({ n, cells: lead(["  ", null, null, null, "\u00a0"]) });
      else if (kind === "wide") rows.push({ n, cells: lead([...cells, ...new Array<CellValue>(300).fill(null), "far note"]) });
      else rows.push({ n, cells: lead(cells) });
      if (kind === "totals") totalsRows.push(n);
    }
    const header = leadingBlank ? 1 : 0;
    // The cut lies after the header row (the head holds it).
    const cut = header + 1 + Math.floor(cutAt * (rows.length - header - 1 + 1));
    return { rows, totalsRows, cut: Math.min(cut, rows.length) };
  });

function streamOf(rows: SheetCase["rows"], totalsRows: number[], tailFrom?: number): TransactionsStream {
  const stream = streamTransactions(OTHERS, SHEETS.transactions, totalsRows, { now: NOW, tailFrom });
  for (const { n, cells } of rows) stream.row(n, [...cells]);
  return stream;
}

function comparable(digest: TransactionsDigest): unknown {
  const { fingerprintRows, ...rest } = digest;
  return { ...rest, text: Buffer.concat(fingerprintRows).toString("utf8") };
}

/** The sheet's digest in one stream, or the NotStreamable it gives up with. */
function oneStream(c: SheetCase): TransactionsDigest | NotStreamable {
  try {
    return streamOf(c.rows, c.totalsRows).end();
  } catch (error) {
    if (error instanceof NotStreamable) return error;
    throw error;
  }
}

/** The head and tail parts merged, or null where a part gives up (the worker then reads the whole sheet). */
function twoParts(c: SheetCase): TransactionsDigest | null {
  const cutRow = c.cut < c.rows.length ? c.rows[c.cut].n : c.rows[c.rows.length - 1].n + 1;
  try {
    const head = streamOf(c.rows.slice(0, c.cut), c.totalsRows);
    const headDigest = head.end();
    // The tail's reader is given the sheet's head (through the header row) and then the rows from the cut.
    const firstValued = c.rows.findIndex((r) => r.cells.some((x) => x !== null));
    const tail = streamOf([...c.rows.slice(0, firstValued + 1), ...c.rows.slice(c.cut)], c.totalsRows, cutRow);
    const tailDigest = tail.end();
    return mergeDigests({ digest: headDigest, shape: head.shape() }, { digest: tailDigest, shape: tail.shape(), bounds: tail.bounds() });
  } catch (error) {
    if (error instanceof NotStreamable) return null;
    throw error;
  }
}

describe("a transactions sheet read in two parts at once, merged", () => {
  it("gives the digest one stream of the whole sheet gives, wherever the cut", () => {
    fc.assert(
      fc.property(sheetCase, (c) => {
        const whole = oneStream(c);
        const merged = twoParts(c);
        if (whole instanceof NotStreamable) {
          // A part gives up too (the whole sheet is then digested as a grid by the worker alone).
          expect(merged).toBeNull();
          return;
        }
        // Only a head that is more than its header row makes the tail give up.
        const blankFirst = c.rows[0].cells.every((x) => x === null || (typeof x === "string" && !x.trim()));
        if (blankFirst) return;
        expect(merged).not.toBeNull();
        expect(comparable(merged as TransactionsDigest)).toEqual(comparable(whole));
      }),
      { numRuns: 400 },
    );
  });

  it("keeps a customer's balance -0 only when every amount of it, in both parts, was -0", () => {
    const rows = [{ n: 1, cells: HEADER }];
    const amounts: CellValue[] = ["-0", "-0", "-0", 0, "-0", 5, -5, "-0"];
    amounts.forEach((a, i) => rows.push({ n: 2 + i, cells: [i < 4 ? "C001" : "C002", null, "EUR", a, null, null, null] }));
    for (let cut = 1; cut <= rows.length; cut++) {
      const c: SheetCase = { rows, totalsRows: [], cut };
      const merged = twoParts(c) as TransactionsDigest;
      expect(comparable(merged)).toEqual(comparable(oneStream(c) as TransactionsDigest));
      expect(merged.sums.map((s) => [s.account, s.amount, s.negativeZero])).toEqual([["C001", "0", false], ["C002", "0", false]]);
    }
    const allNegative = rows.slice(0, 4);
    for (let cut = 1; cut <= allNegative.length; cut++) {
      const merged = twoParts({ rows: allNegative, totalsRows: [], cut }) as TransactionsDigest;
      expect(merged.sums.map((s) => [s.amount, s.negativeZero])).toEqual([["0", true]]);
    }
  });

  it("adds a head's sum and a tail's exactly as Money does, and gives up where the digits might not fit Money's precision", () => {
    // Small integers (the sum in a double) and large ones (in Money), of up to 9 decimals.
    const scaled = fc.oneof(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }), fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }));
    const sum = (amount: string, negativeZero = false) => ({ account: "C001", currency: "EUR", amount, negativeZero, source: { sheet: SHEETS.transactions, address: "D2" } });
    fc.assert(
      fc.property(scaled, scaled, fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), (a, b, da, db) => {
        const text = (n: bigint, d: number) => new Money(n.toString()).div(new Money(10).pow(d)).toFixed();
        const [ta, tb] = [text(a, da), text(b, db)];
        const bounds = { count: 3, maxExponent: new Money(tb).e, maxDecimals: Math.max(db, 0) };
        expect(plusExactly(sum(ta), sum(tb), bounds)).toBe(new Money(ta).plus(tb).toFixed());
      }),
      { numRuns: 500 },
    );
    // 10^35 and 10^-6: a partial sum may need 42 digits, more than Money's 40.
    expect(plusExactly(sum(`1${"0".repeat(35)}`), sum("0.000001"), { count: 1, maxExponent: -6, maxDecimals: 6 })).toBeNull();
    // A million amounts under 10^12 with 2 decimals, on a head sum under 10^15: far within.
    expect(plusExactly(sum("123456789012345.67"), sum("-99999999999.99"), { count: 1_000_000, maxExponent: 11, maxDecimals: 2 })).toBe("123356789012345.68");
  });

  it("bounds every amount a tail sums, read as a number or as text", () => {
    const rows = [{ n: 1, cells: HEADER }, ...[12.5, -3, 99999999999.99, "1234567890123.45", "abc", 0.001].map((amount, i) => ({ n: 2 + i, cells: ["C001", null, "EUR", amount, null, null, null] as CellValue[] }))];
    const tail = streamOf(rows, [], 2);
    tail.end();
    // Four amounts summed ("abc" and 0.001, too many decimals for EUR, are problems), each below 10^(e+1).
    expect(tail.bounds()).toMatchObject({ count: 4, maxDecimals: 2 });
    expect(tail.bounds().maxExponent).toBeGreaterThanOrEqual(12);
  });

  it("gives up on a tail read without the head's header row, or whose rows do not come after the head's", () => {
    const rows = [{ n: 1, cells: HEADER }, { n: 2, cells: ["C001", null, "EUR", -5, null, null, null] }, { n: 3, cells: ["C002", null, "EUR", -7, null, null, null] }];
    const head = streamOf(rows.slice(0, 2), []);
    const headDigest = head.end();
    const overlapping = streamOf([rows[0], rows[1], rows[2]], [], 2);
    const tailDigest = overlapping.end();
    // The tail's row 2 is the head's last row again.
    expect(mergeDigests({ digest: headDigest, shape: head.shape() }, { digest: tailDigest, shape: overlapping.shape(), bounds: overlapping.bounds() })).toBeNull();
    // A head holding a data row (more than the header row) makes the tail give up.
    expect(() => streamOf(rows, [], 3).end()).toThrow(NotStreamable);
    // No header row before the cut.
    expect(() => streamOf([rows[2]], [], 2).end()).toThrow(NotStreamable);
  });
});
