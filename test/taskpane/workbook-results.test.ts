import { describeCell } from "../../src/taskpane/cell-locator";
import { describeError } from "../../src/taskpane/error-model";
import { reviewRows } from "../../src/taskpane/review-model";
import { ExcelWriteError } from "../../src/excel/write-error";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { WorkbookError } from "../../src/workbook/errors";
import { CellValue, WorkbookSnapshot } from "../../src/workbook/grid";
import { COLUMNS, SHEETS } from "../../src/workbook/contract";
import { prepareRun } from "../../src/workbook/run";
import { buildBook } from "../support/workbook-builder";

const now = new Date("2026-11-24T09:30:00Z");

describe("errors as the pane shows them", () => {
  it("names sheet and cell of each problem, so a click can show it", () => {
    const error = new WorkbookError([
      { sheet: "Parameters", address: "B2", message: "Minimum reimbursement: expected an amount such as 1234.50, found \"abc\"" },
      { sheet: "Customers", address: "", message: "the workbook has no sheet named 'Customers'" },
    ]);
    expect(describeError(error, "Preview")).toEqual({
      title: "Preview stopped: the workbook needs these fixes first. Nothing was written.",
      items: [
        { text: "Sheet 'Parameters', cell B2: Minimum reimbursement: expected an amount such as 1234.50, found \"abc\"", sheet: "Parameters", cell: "B2" },
        { text: "Sheet 'Customers': the workbook has no sheet named 'Customers'", sheet: "Customers", cell: "" },
      ],
    });
  });

  it("passes on what Excel and the undo said when a write failed", () => {
    const error = new ExcelWriteError(Object.assign(new Error("Busy"), { code: "ServiceBusy" }), { removedSheets: ["Reimbursements"], clearedRanges: [] });
    expect(describeError(error, "The run")).toEqual({
      title: "The run failed.",
      items: [{ text: "Excel could not write to the workbook: Busy (ServiceBusy). Nothing was kept: the new sheet 'Reimbursements' was removed. Fix the cause and run again." }],
    });
    expect(describeError("boom", "Review").items).toEqual([{ text: "boom" }]);
  });
});

describe("reviewing a run", () => {
  const book = buildBook({
    customers: [{ account: "C001" }, { account: "C002", currency: "JPY" }],
    balances: [["C001", "EUR", -12.5], ["C002", "JPY", -5000]],
    rates: [["JPY", 0.0062]],
  });

  it("lists the Reimbursements rows of the run id only (in any case), amounts grouped with their currency's decimals", () => {
    const header = COLUMNS.reimbursements.map((c) => c.header);
    const row = (run: string, account: string, currency: string, amount: number): CellValue[] =>
      [run, 46350, account, `Customer ${account}`, currency, amount, amount, "OTV-1", "Yes", `RB-${account}`, "Open"];
    const sheet = { name: SHEETS.reimbursements, startRow: 1, startCol: 1, rows: [header, row("RUN-A", "C001", "EUR", 12.5), row("RUN-B", "C009", "EUR", 99), row("RUN-A", "C002", "JPY", 5000)] };
    const table = reviewRows({ sheets: [sheet] }, "RUN-A");
    expect(table.header).toEqual(["Customer account", "Customer name", "Currency", "Amount", "Vendor account", "Invoice", "Status"]);
    expect(table.rows).toEqual([
      ["C001", "Customer C001", "EUR", "12.50", "OTV-1", "RB-C001", "Open"],
      ["C002", "Customer C002", "JPY", "5,000", "OTV-1", "RB-C002", "Open"],
    ]);
    expect(table.total).toBe(2);
    expect(reviewRows({ sheets: [sheet] }, " run-a ").rows).toEqual(table.rows);
  });

  it("says so when the workbook has no Reimbursements sheet or no row of that run", () => {
    expect(reviewRows(book, "RUN-X")).toEqual({ header: expect.any(Array), rows: [], total: 0 });
    const once = applyPatchToSnapshot(book, prepareRun(book, { now }).patch);
    expect(reviewRows(once, "RUN-X").total).toBe(0);
    expect(reviewRows(once, prepareRun(book, { now }).plan.runId, 1).rows).toHaveLength(1);
  });
});

describe("showing a cell without Excel", () => {
  const book: WorkbookSnapshot = { sheets: [{ name: "Parameters", startRow: 3, startCol: 2, rows: [["Parameter", "Value"], ["Minimum reimbursement", "abc"]] }] };

  it("tells what the cell holds, from the used range's origin", () => {
    expect(describeCell(book, "parameters", "C4")).toBe("Sheet 'parameters', cell C4 holds: abc");
    expect(describeCell(book, "Parameters", "D9")).toBe("Sheet 'Parameters', cell D9 is empty");
    expect(describeCell(book, "Customers", "A1")).toBe("Sheet 'Customers', cell A1");
    expect(describeCell(null, "Parameters", "")).toBe("Sheet 'Parameters'");
  });
});
