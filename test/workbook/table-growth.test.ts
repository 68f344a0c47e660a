import { CellBlock, SheetPatch } from "../../src/workbook/grid";
import { tableGrowths } from "../../src/workbook/table-growth";

/** The rule both hosts use to decide whether a run's rows join an Excel table and widen it. */
const HEADER = ["Customer account", "Amount", "Currency"];
const TABLE = { row: 1, col: 1, rowCount: 3, columnCount: 3 }; // A1:C3

function patch(blocks: CellBlock[], added: string[] = []): SheetPatch {
  const header = [...HEADER, ...added];
  return { sheet: "Data", create: false, headerRow: 1, header, columnKinds: header.map(() => "text"), blocks };
}

describe("rows appended under an Excel table", () => {
  it("join it when they start below it, in its first column, at its width", () => {
    expect(tableGrowths(patch([{ row: 4, col: 1, values: [["C9", 1, "EUR"], ["C8", 2, "EUR"]] }]), TABLE)).toEqual([{ firstRow: 4, lastRow: 5, col: 1 }]);
  });

  it("do not join it when they leave a gap, start in another column, or the table's header is not the sheet's", () => {
    expect(tableGrowths(patch([{ row: 5, col: 1, values: [["C9", 1, "EUR"]] }]), TABLE)).toEqual([]);
    expect(tableGrowths(patch([{ row: 4, col: 2, values: [[1, "EUR"]] }]), TABLE)).toEqual([]);
    expect(tableGrowths(patch([{ row: 4, col: 1, values: [["C9", 1, "EUR"]] }]), { ...TABLE, row: 2, rowCount: 2 })).toEqual([]);
  });

  it("widen it by the header cells the run writes right after its last column", () => {
    const run = patch([{ row: 1, col: 4, values: [["Run id", "Note"]] }, { row: 4, col: 1, values: [["C9", 1, "EUR", "RUN-1", ""]] }], ["Run id", "Note"]);
    expect(tableGrowths(run, TABLE)).toEqual([{ firstRow: 4, lastRow: 4, col: 1, newColumns: { row: 1, col: 4, names: ["Run id", "Note"] } }]);
  });

  it("do not widen it by header cells that leave a gap, are blank, or repeat a name it has, case-insensitively", () => {
    const row = { row: 4, col: 1, values: [["C9", 1, "EUR", "x"]] };
    expect(tableGrowths(patch([{ row: 1, col: 5, values: [["Run id"]] }, row], ["", "Run id"]), TABLE)).toEqual([]);
    expect(tableGrowths(patch([{ row: 1, col: 4, values: [[" "]] }, row], [" "]), TABLE)).toEqual([]);
    expect(tableGrowths(patch([{ row: 1, col: 4, values: [["AMOUNT"]] }, row], ["AMOUNT"]), TABLE)).toEqual([]);
    expect(tableGrowths(patch([{ row: 1, col: 4, values: [["Run id", "run ID"]] }, { ...row, values: [["C9", 1, "EUR", "x", "y"]] }], ["Run id", "run ID"]), TABLE)).toEqual([]);
  });
});
