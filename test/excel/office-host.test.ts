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
    excel.failures.set(7, { code: "AccessDenied" }); // syncs 1-3 read the sheet, 4 its formulas and formats, 5-6 check it before writing
    const values = { minimum: 5, accountingCurrency: "EUR", date: null, paymentTermsDays: null, invoicePrefix: null, oneTimeVendorPrefix: null };
    await expect(hostFor(excel).saveParameters(values)).rejects.toThrow("Excel could not write to the workbook: Sync 7 failed (AccessDenied). Check 'Parameters'!B2, 'Parameters'!A3:B3: Excel may have written some of these cells before it stopped.");
    expect(excel.sheet(SHEETS.parameters).get("B2")).toBe(10);
  });

  describe("saving settings over a Parameters sheet the user keeps", () => {
    const loaded = { minimum: "10", accountingCurrency: "EUR", date: "2026-12-01", paymentTermsDays: "", invoicePrefix: "", oneTimeVendorPrefix: "" };
    const values = { minimum: 10, accountingCurrency: "EUR", date: new Date("2026-12-01T00:00:00Z"), paymentTermsDays: null, invoicePrefix: null, oneTimeVendorPrefix: null };

    function parametersSheet(excel: LimitedExcel) {
      const sheet = excel.addSheet(SHEETS.parameters, [["Parameter", "Value"], ["Minimum reimbursement", 10], ["Accounting currency", "EUR"], ["Reimbursement date", 46357]]);
      sheet.set(1, 1, { format: "#,##0.00 €" });
      sheet.set(3, 1, { formula: "=TODAY()", format: "d mmm yyyy" });
      return sheet;
    }

    it("writes only the field the user changed, keeping the formula and the number formats of the others", async () => {
      const excel = new LimitedExcel();
      const sheet = parametersSheet(excel);
      await hostFor(excel).saveParameters({ ...values, minimum: 25 }, { loaded });
      expect(sheet.get("B2")).toBe(25);
      expect(sheet.format("B2")).toBe("#,##0.00 €");
      expect(sheet.cell(3, 1)?.formula).toBe("=TODAY()");
      expect(sheet.format("B4")).toBe("d mmm yyyy");
    });

    it("keeps a value typed in the sheet after the pane read it, when the user did not change that field", async () => {
      const excel = new LimitedExcel();
      const sheet = parametersSheet(excel);
      sheet.set(2, 1, { value: "USD" }); // typed in Excel after the pane loaded the settings
      await hostFor(excel).saveParameters({ ...values, minimum: 25 }, { loaded });
      expect(sheet.get("B3")).toBe("USD");
    });

    it("refuses to replace a formula unless told to, and a field edited in the sheet since it was loaded", async () => {
      const excel = new LimitedExcel();
      const sheet = parametersSheet(excel);
      const changedDate = { ...values, date: new Date("2026-12-24T00:00:00Z") };
      await expect(hostFor(excel).saveParameters(changedDate, { loaded })).rejects.toThrow("Nothing was saved: Reimbursement date (Parameters!B4) holds the formula =TODAY().");
      expect(sheet.cell(3, 1)?.formula).toBe("=TODAY()");
      await hostFor(excel).saveParameters(changedDate, { loaded, overwriteFormulas: true });
      expect([sheet.get("B4"), sheet.cell(3, 1)?.formula, sheet.format("B4")]).toEqual([46380, undefined, "d mmm yyyy"]);

      sheet.set(1, 1, { value: 12 });
      await expect(hostFor(excel).saveParameters({ ...values, minimum: 25 }, { loaded })).rejects.toThrow("Minimum reimbursement (Parameters!B2) was changed in the workbook since the pane read it");
      expect(sheet.get("B2")).toBe(12);
    });
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

describe("saving the workbook after a payment's marks", () => {
  it("saves with Workbook.save where Excel has ExcelApi 1.11", async () => {
    const excel = new LimitedExcel({ apiVersion: "1.11" });
    await expect(hostFor(excel).save()).resolves.toBe(true);
    expect(excel.saves).toEqual(["Save"]);
  });

  it("says the user must save where Excel lacks it, without calling it", async () => {
    const excel = new LimitedExcel({ apiVersion: "1.10" });
    await expect(hostFor(excel).save()).resolves.toBe(false);
    expect(excel.saves).toEqual([]);
  });
});
