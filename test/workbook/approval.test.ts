import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { SHEETS } from "../../src/workbook/contract";
import { prepareRun } from "../../src/workbook/run";
import { buildBook } from "../support/workbook-builder";
import { sheetRows } from "../support/sheet-rows";

const now = new Date("2026-11-24T09:30:00Z");

describe("the approval of a run, recorded on the Approvals sheet", () => {
  const book = buildBook({
    customers: [{ account: "C001", vendor: "V100" }, { account: "C002", vendor: "V100" }, { account: "C003" }, { account: "C004" }],
    balances: [["C001", "EUR", -120.5], ["C002", "EUR", -10], ["C003", "USD", -50], ["C004", "EUR", -9.99]],
    vendors: [["V100", "Vendor Hundred"]],
    rates: [["USD", 0.9]],
  });

  it("writes who prepared and who approved, the time, the totals per currency and the payees, with the run", () => {
    const { plan, patch } = prepareRun(book, { now }, { preparedBy: "  Anna  de Vries ", approvedBy: "Bram Jansen" });
    const after = applyPatchToSnapshot(book, patch);
    expect(sheetRows(after, SHEETS.approvals)).toEqual([
      {
        Approved: "Run", Reference: plan.runId, Time: "2026-11-24T09:30:00.000Z", "Prepared by": "Anna de Vries",
        "Approved by": "Bram Jansen", Payees: 2, Totals: "EUR 130.50; USD 50.00",
      },
    ]);
    // Same patch as the run: the run's rows and its audit row are there too.
    expect(sheetRows(after, SHEETS.reimbursements)).toHaveLength(3);
    expect(sheetRows(after, SHEETS.runs).map((r) => r["Run id"])).toEqual([plan.runId]);
  });

  it("appends a second approval under the first, and leaves blank names blank", () => {
    const first = applyPatchToSnapshot(book, prepareRun(book, { now }, { preparedBy: "Anna" }).patch);
    const more = buildBook({ customers: [{ account: "C009" }], balances: [["C009", "EUR", -40]] });
    const withMore = { sheets: first.sheets.map((s) => (s.name === SHEETS.balances ? { ...s, rows: [...s.rows, ...(more.sheets.find((m) => m.name === SHEETS.balances)?.rows.slice(1) ?? [])] } : s.name === SHEETS.customers ? { ...s, rows: [...s.rows, ...(more.sheets.find((m) => m.name === SHEETS.customers)?.rows.slice(1) ?? [])] } : s)) };
    const second = prepareRun(withMore, { now: new Date("2026-11-25T08:00:00Z") }, {});
    const sheet = second.patch.sheets.find((s) => s.sheet === SHEETS.approvals);
    expect(sheet?.create).toBe(false);
    const rows = sheetRows(applyPatchToSnapshot(withMore, second.patch), SHEETS.approvals);
    expect(rows.map((r) => [r.Reference, r["Prepared by"], r["Approved by"]])).toEqual([
      [expect.any(String), "Anna", null],
      [second.plan.runId, null, null],
    ]);
  });

  it("records nothing for a run without a sign-off (the CLI) or a run that writes nothing", () => {
    expect(prepareRun(book, { now }).patch.sheets.map((s) => s.sheet)).not.toContain(SHEETS.approvals);
    const empty = buildBook({ customers: [{ account: "C004" }], balances: [["C004", "EUR", 25]] });
    expect(prepareRun(empty, { now }, { preparedBy: "Anna", approvedBy: "Bram" }).patch.sheets).toEqual([]);
  });
});
