import { OfficeWorkbookHost } from "../../src/excel/office-host";
import { SHEETS } from "../../src/workbook/contract";
import { LimitedExcel } from "./fake-excel-limits";

function hostFor(excel: LimitedExcel): OfficeWorkbookHost {
  return new OfficeWorkbookHost(excel.run, (set, version) => excel.supports(set, version));
}

describe("the task pane's view of a workbook open in Excel", () => {
  it("reads only the sheets of the workbook contract", async () => {
    const excel = new LimitedExcel();
    excel.addSheet("Pivot of last year", [["big"]]);
    excel.addSheet(SHEETS.parameters, [["Parameter", "Value"]]);
    const book = await hostFor(excel).readSnapshot();
    expect(book.sheets.map((s) => s.name)).toEqual([SHEETS.parameters]);
  });

  it("saves settings into the existing value cells and adds rows for missing parameters", async () => {
    const excel = new LimitedExcel();
    excel.addSheet(SHEETS.parameters, [["Parameter", "Value"], ["Minimum reimbursement", 10], ["Accounting currency", "EUR"]], "B2");
    await hostFor(excel).saveParameters({
      minimum: 25.5, accountingCurrency: "USD", date: new Date("2026-12-01T00:00:00Z"),
      paymentTermsDays: null, invoicePrefix: "=INV", oneTimeVendorPrefix: null,
    });
    const sheet = excel.sheet(SHEETS.parameters);
    expect(sheet.get("C3")).toBe(25.5);
    expect(sheet.format("C3")).toBe("General");
    expect(sheet.get("C4")).toBe("USD");
    expect([sheet.get("B5"), sheet.get("C5"), sheet.format("C5")]).toEqual(["Reimbursement date", 46357, "yyyy-mm-dd"]);
    expect([sheet.get("B6"), sheet.get("C6"), sheet.format("C6")]).toEqual(["Invoice prefix", "=INV", "@"]);
    expect(sheet.get("B7")).toBe("");
  });

  it("keeps the user's parameter values when saving them fails", async () => {
    const excel = new LimitedExcel();
    excel.addSheet(SHEETS.parameters, [["Parameter", "Value"], ["Minimum reimbursement", 10]]);
    excel.failures.set(6, { code: "AccessDenied" }); // syncs 1-3 read the sheet, 4-5 check it before writing
    const values = { minimum: 5, accountingCurrency: "EUR", date: null, paymentTermsDays: null, invoicePrefix: null, oneTimeVendorPrefix: null };
    await expect(hostFor(excel).saveParameters(values)).rejects.toThrow("Excel could not write to the workbook: Sync 6 failed (AccessDenied). Check 'Parameters'!B2, 'Parameters'!A3:B3: Excel may have written some of these cells before it stopped.");
    expect(excel.sheet(SHEETS.parameters).get("B2")).toBe(10);
  });

  it("shows a cell by activating its sheet and selecting it", async () => {
    const excel = new LimitedExcel();
    excel.addSheet(SHEETS.customers, [["Customer account"]]);
    await hostFor(excel).selectCell(SHEETS.customers, "A7");
    expect(excel.active).toBe(SHEETS.customers);
    expect(excel.selected).toEqual({ sheet: SHEETS.customers, address: "A7" });
    await hostFor(excel).activateSheet(SHEETS.customers);
    expect(excel.syncs).toBe(2);
  });
});
