import { EMPTY_SETTINGS, SettingsText, cellText, checkSettings, settingsFromSnapshot } from "../../src/taskpane/settings";
import { WorkbookError } from "../../src/workbook/errors";
import { buildBook } from "../support/workbook-builder";

const now = new Date("2026-11-24T09:30:00Z");
const valid: SettingsText = { ...EMPTY_SETTINGS, minimum: "10", accountingCurrency: "eur" };

describe("the settings form", () => {
  it("shows the Parameters sheet as text, dates from serials and doubles at 15 digits", () => {
    const book = buildBook({ minimum: 0.1 + 0.2, date: 46350, extraParameters: [["Invoice prefix", "INV-"]] });
    expect(settingsFromSnapshot(book)).toEqual({
      minimum: "0.3", accountingCurrency: "EUR", date: "2026-11-24", paymentTermsDays: "14", invoicePrefix: "INV-", oneTimeVendorPrefix: "",
    });
  });

  it("cannot be filled from a workbook without a Parameters sheet", () => {
    expect(() => settingsFromSnapshot({ sheets: [] })).toThrow(WorkbookError);
  });

  it("accepts what a run accepts and gives typed cells to save", () => {
    const result = checkSettings({ ...valid, minimum: "1.234,50", date: "24.12.2026", paymentTermsDays: "30" }, now);
    expect(result.errors).toEqual({});
    expect(result.values).toEqual({
      minimum: 1234.5, accountingCurrency: "EUR", date: new Date("2026-12-24T00:00:00Z"), paymentTermsDays: 30, invoicePrefix: null, oneTimeVendorPrefix: null,
    });
    expect(result.parameters?.invoicePrefix).toBe("RB-");
  });

  it("says per field what is wrong, in the run's own words", () => {
    const result = checkSettings({ ...valid, minimum: "abc", accountingCurrency: "", date: "03/04/2026", paymentTermsDays: "-1", invoicePrefix: "R B" }, now);
    expect(result.values).toBeNull();
    expect(result.errors).toEqual({
      minimum: 'Expected an amount such as 1234.50, found "abc"',
      accountingCurrency: "Required",
      date: '"03/04/2026" is ambiguous (day/month or month/day): write it as YYYY-MM-DD',
      paymentTermsDays: "Expected a number of days between 0 and 3650",
      invoicePrefix: "Expected a prefix of at most 10 characters without spaces",
    });
  });

  it("turns cells into the text a user would retype", () => {
    expect(cellText(null)).toBe("");
    expect(cellText(new Date("2026-01-02T00:00:00Z"))).toBe("2026-01-02");
    expect(cellText(46350, true)).toBe("2026-11-24");
    expect(cellText(46350)).toBe("46350");
    expect(cellText({ error: "#REF!" })).toBe("#REF!");
  });
});
