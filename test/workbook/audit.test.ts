import { createHash } from "node:crypto";
import fc from "fast-check";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { formatTotals } from "../../src/workbook/audit";
import { SHEETS } from "../../src/workbook/contract";
import { decimalFromDouble } from "../../src/workbook/cells";
import { RUN_INPUT_SHEETS, canonicalCell, canonicalLines, fingerprint } from "../../src/workbook/fingerprint";
import { CellValue, SheetGrid, WorkbookSnapshot } from "../../src/workbook/grid";
import { prepareRun } from "../../src/workbook/run";
import { Money } from "../../src/core/money";
import { buildBook, sheet } from "../support/workbook-builder";
import { sheetRows } from "../support/sheet-rows";

const now = new Date("2026-11-24T09:30:00Z");

/** The book with one cell changed (sheet, 0-based row and column of its grid). */
function withCell(book: WorkbookSnapshot, name: string, row: number, col: number, value: CellValue): WorkbookSnapshot {
  return {
    sheets: book.sheets.map((s) => (s.name !== name ? s : { ...s, rows: s.rows.map((r, i) => (i !== row ? r : r.map((c, j) => (j === col ? value : c)))) })),
  };
}

const book = buildBook({
  customers: [{ account: "C001", vendor: "V100" }, { account: "C002" }, { account: "C003", blocked: "All" }, { account: "C004", currency: "USD" }],
  balances: [["C001", "EUR", -120.5], ["C002", "EUR", -10], ["C003", "EUR", -50], ["C004", "USD", -10]],
  vendors: [["V100", "Vendor Hundred"]],
  rates: [["USD", 1.1]],
});

describe("the Reimbursement runs sheet", () => {
  it("records who ran what, when, with which parameters, what it did and from which input", () => {
    const { plan, patch, audit } = prepareRun(book, { now, user: "alice", selection: { currency: "EUR" } });
    const rows = sheetRows(applyPatchToSnapshot(book, patch), SHEETS.runs);
    expect(rows).toEqual([{
      "Run id": plan.runId, Kind: "Run", Reverses: null, Time: "2026-11-24T09:30:00.000Z", User: "alice",
      Date: new Date("2026-11-24T00:00:00Z"), Minimum: 10, "Accounting currency": "EUR", Selection: "currency EUR",
      Reimbursed: 2, Reversed: null, Exceptions: 1, "One-time vendors created": 1, Totals: "EUR 130.50", Fingerprint: fingerprint(book),
    }]);
    expect(audit?.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it("leaves the user blank when the host does not know it, and gives totals per currency", () => {
    const { patch } = prepareRun(book, { now });
    expect(sheetRows(applyPatchToSnapshot(book, patch), SHEETS.runs)[0]).toEqual(expect.objectContaining({ User: null, Totals: "EUR 130.50; USD 10.00", Reimbursed: 3 }));
  });

  it("adds one row per run below the earlier ones, and never reuses a run id it holds", () => {
    const first = prepareRun(book, { now });
    const after = applyPatchToSnapshot(book, first.patch);
    const more = withCell(after, SHEETS.balances, 1, 2, -300);
    // The Reimbursements and exceptions rows of the first run were deleted by hand: the audit row remembers its id.
    const pruned = { sheets: more.sheets.filter((s) => s.name !== SHEETS.reimbursements && s.name !== SHEETS.exceptions) };
    const second = prepareRun(pruned, { now });
    expect(second.plan.runId).toBe(`${first.plan.runId}-2`);
    expect(sheetRows(applyPatchToSnapshot(pruned, second.patch), SHEETS.runs).map((r) => r["Run id"])).toEqual([first.plan.runId, second.plan.runId]);
  });

  it("is not written by a run that changes nothing: the workbook stays as it was", () => {
    const nothing = buildBook({ customers: [{ account: "C1" }], balances: [["C1", "EUR", 25]] });
    expect(prepareRun(nothing, { now })).toEqual(expect.objectContaining({ patch: { sheets: [] }, audit: null }));
  });

  it("writes totals as text with each currency's own decimals", () => {
    expect(formatTotals([{ currency: "USD", amount: new Money("10") }, { currency: "JPY", amount: new Money(5000) }, { currency: "BHD", amount: new Money("1.5") }])).toBe("BHD 1.500; JPY 5000; USD 10.00");
    expect(formatTotals([])).toBe("");
  });
});

describe("the input fingerprint", () => {
  const base = fingerprint(book);

  it("is the SHA-256 of the documented canonical lines", () => {
    const text = [...canonicalLines(book, RUN_INPUT_SHEETS)].map((l) => `${l}\n`).join("");
    expect(base).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
    expect(text.split("\n").slice(0, 3)).toEqual(['["sheet","Parameters",true]', '["s:Parameter","s:Value"]', '["s:Minimum reimbursement","n:10"]']);
    expect(text).toContain('["sheet","Customer transactions",false]\n["sheet","Vendors",true]');
  });

  it("changes when any one input cell changes", () => {
    const changes: [string, number, number, CellValue][] = [
      [SHEETS.parameters, 1, 1, 10.01], [SHEETS.customers, 2, 0, "C0002"], [SHEETS.customers, 4, 5, "All"],
      [SHEETS.balances, 1, 2, -120.49], [SHEETS.balances, 3, 1, "USD"], [SHEETS.vendors, 1, 1, "Vendor 100"],
      [SHEETS.rates, 1, 1, 1.2], [SHEETS.balances, 1, 2, "-120.5"], [SHEETS.balances, 2, 2, null],
    ];
    const prints = changes.map(([s, r, c, v]) => fingerprint(withCell(book, s, r, c, v)));
    for (const p of prints) expect(p).not.toBe(base);
    expect(new Set(prints).size).toBe(prints.length);
  });

  it("changes when rows are reordered, a row is added or an input sheet is removed", () => {
    const swapped = { sheets: book.sheets.map((s) => (s.name === SHEETS.balances ? { ...s, rows: [s.rows[0], s.rows[2], s.rows[1], ...s.rows.slice(3)] } : s)) };
    expect(fingerprint(swapped)).not.toBe(base);
    const added = { sheets: book.sheets.map((s) => (s.name === SHEETS.balances ? { ...s, rows: [...s.rows, ["C9", "EUR", -1]] } : s)) };
    expect(fingerprint(added)).not.toBe(base);
    expect(fingerprint({ sheets: book.sheets.filter((s) => s.name !== SHEETS.rates) })).not.toBe(base);
  });

  it("stays the same for the same input, and for values the reader cannot tell apart", () => {
    expect(fingerprint(JSON.parse(JSON.stringify(book), (_, v) => v))).toBe(base);
    const same = [
      withCell(book, SHEETS.customers, 1, 0, "  C001\u00a0"),
      withCell(book, SHEETS.balances, 1, 2, -120.50000000000001),
      withCell(book, SHEETS.balances, 2, 2, 0.1 * 3 * 100 / 3 - 20),
    ];
    for (const b of same) expect(fingerprint(b)).toBe(base);
  });

  it("ignores blank rows, blank trailing cells, sheets that are not input, and where the used range starts", () => {
    const padded = {
      sheets: [
        ...book.sheets.map((s): SheetGrid => (s.name === SHEETS.customers ? { ...s, rows: [[null], ...s.rows.flatMap((r) => [[...r, null, "  "], []])] } : s)),
        sheet(SHEETS.reimbursements, [["Run id"], ["RUN-X"]]),
        sheet("Notes", [["anything"]]),
      ],
    };
    expect(fingerprint(padded)).toBe(base);
    const shifted = (s: SheetGrid): SheetGrid => ({ ...s, startRow: 4, startCol: 2, rows: s.rows });
    const moved = { sheets: book.sheets.map((s) => (s.name === SHEETS.vendors ? shifted(s) : s)) };
    const movedByHost = { sheets: book.sheets.map((s) => (s.name === SHEETS.vendors ? { ...s, rows: s.rows.map((r) => [null, ...r]) } : s)) };
    expect(fingerprint(moved)).toBe(fingerprint(movedByHost));
    expect(fingerprint(moved)).not.toBe(base);
  });

  it("writes every number with the 15 significant digits Excel shows, as the cell parser reads it", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => {
        expect(canonicalCell(n)).toBe(`n:${decimalFromDouble(n).toFixed()}`);
      }),
      { numRuns: 5000 },
    );
    expect([0.1 + 0.2, -0, 1e21, 1e-7, 123456789012345680].map(canonicalCell)).toEqual(["n:0.3", "n:0", "n:1000000000000000000000", "n:0.0000001", "n:123456789012346000"]);
  });

  it("tells the number 12 from the text 12, and a date from its serial", () => {
    expect(fingerprint(withCell(book, SHEETS.rates, 1, 1, "1.1"))).not.toBe(base);
    const dated = withCell(book, SHEETS.parameters, 3, 1, new Date("2026-11-24T00:00:00Z"));
    expect(fingerprint(dated)).not.toBe(fingerprint(withCell(book, SHEETS.parameters, 3, 1, 46350)));
  });
});

describe("the fingerprint recipe", () => {
  it("is the SHA-256 of the canonical lines, each followed by a newline, as docs/reverse.md says", () => {
    const text = [...canonicalLines(book, RUN_INPUT_SHEETS)].map((l) => `${l}\n`).join("");
    expect(fingerprint(book)).toBe(createHash("sha256").update(text, "utf8").digest("hex"));
  });
});
