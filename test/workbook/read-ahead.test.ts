import fc from "fast-check";
import { SHEETS } from "../../src/workbook/contract";
import { WorkbookSnapshot } from "../../src/workbook/grid";
import { readAhead, readAheadPausing, readReimbursementInput } from "../../src/workbook/read";
import { sampleWorkbook } from "../../src/workbook/sample";

/**
 * The other sheets parsed while the transactions worker reads (transactions-offload.ts): the
 * pausing reader lets the host take the worker's messages between two sheets, and must answer
 * exactly as the plain one does, errors included.
 */
const now = new Date("2026-11-24T09:30:00Z");
const options = { now };

/** The answers of a ReadAhead as comparable values: a value, or the error's message. */
function answers(ahead: ReturnType<typeof readAhead>): unknown[] {
  return [ahead.parameters, ahead.customers, ahead.balances, ahead.vendors].map((a) => (a.ok ? a.value : `error: ${String(a.error)}`));
}

/** The book with one cell of `sheet` (row 2, first column) replaced. */
function withCell(book: WorkbookSnapshot, sheet: string, value: string | number | null): WorkbookSnapshot {
  return {
    ...book,
    sheets: book.sheets.map((s) => (s.name !== sheet ? s : { ...s, rows: s.rows.map((r, i) => (i === 1 ? [value, ...r.slice(1)] : r)) })),
  };
}

describe("the other sheets read ahead with pauses", () => {
  it("pauses once between each two sheets' readers, and answers as the plain read", async () => {
    const book = sampleWorkbook({ customers: 40, seed: 7 });
    let pauses = 0;
    const ahead = await readAheadPausing(book, options, async () => void pauses++);
    expect(pauses).toBe(3);
    expect(answers(ahead)).toEqual(answers(readAhead(book, options)));
    expect(ahead.customers.ok && ahead.customers.value.items.length).toBe(40);
  });

  it("reads every sheet before and after each pause from the same snapshot: a run's input is the same", async () => {
    const book = sampleWorkbook({ customers: 25, seed: 3 });
    const ahead = await readAheadPausing(book, options, () => new Promise((resolve) => setImmediate(resolve)));
    const plain = readReimbursementInput(book, options);
    expect(readReimbursementInput(book, { ...options, ahead })).toEqual(plain);
  });

  it("keeps a sheet's error as the plain read keeps it, whichever sheet and cell is wrong", async () => {
    const book = sampleWorkbook({ customers: 12, seed: 11, messy: false });
    const sheets = [SHEETS.parameters, SHEETS.customers, SHEETS.balances, SHEETS.vendors];
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...sheets), fc.constantFrom<string | number | null>("", null, "#N/A", -1, "C000001", "not a date"), async (sheet, value) => {
        const broken = withCell(book, sheet, value);
        const paused = await readAheadPausing(broken, options, async () => undefined);
        expect(answers(paused)).toEqual(answers(readAhead(broken, options)));
        refused += [paused.parameters, paused.customers, paused.balances, paused.vendors].filter((a) => !a.ok).length;
      }),
      { numRuns: 40 },
    );
    // The property saw refused sheets, not only good ones.
    expect(refused).toBeGreaterThan(0);
  });
});
