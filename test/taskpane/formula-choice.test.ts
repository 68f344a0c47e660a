import { OfficeWorkbookHost } from "../../src/excel/office-host";
import { setLanguage, t } from "../../src/i18n/i18n";
import { FormulaQuestion, formulaQuestion, saveSettingsAsking } from "../../src/taskpane/formula-choice";
import { SettingsText } from "../../src/taskpane/settings";
import { SHEETS } from "../../src/workbook/contract";
import { LimitedExcel } from "../excel/fake-excel-limits";

/**
 * Saving settings over a Parameters cell holding a formula: the pane asks "Replace the formula"
 * or "Keep it" (the settings view shows the question; this is its logic, against the Office host
 * and the fake Excel that enforces Excel's documented behaviour).
 */

const now = new Date("2026-12-01T09:00:00Z");
const loaded: SettingsText = { minimum: "10", accountingCurrency: "EUR", date: "2026-12-01", paymentTermsDays: "", invoicePrefix: "", oneTimeVendorPrefix: "" };

function book() {
  const excel = new LimitedExcel();
  const sheet = excel.addSheet(SHEETS.parameters, [["Parameter", "Value"], ["Minimum reimbursement", 10], ["Accounting currency", "EUR"], ["Reimbursement date", 46357]]);
  sheet.set(3, 1, { formula: "=TODAY()", format: "d mmm yyyy" });
  const host = new OfficeWorkbookHost(excel.run, (set, v) => excel.supports(set, v));
  return { excel, sheet, save: host.saveParameters.bind(host) };
}

function asker(answer: "replace" | "keep") {
  const asked: FormulaQuestion[] = [];
  return { asked, ask: async (q: FormulaQuestion) => (asked.push(q), answer) };
}

describe("saving settings over a formula in the Parameters sheet", () => {
  it("asks about the formula before writing anything, and 'Replace the formula' saves the typed value over it", async () => {
    const { excel, sheet, save } = book();
    const { asked, ask } = asker("replace");
    const outcome = await saveSettingsAsking(save, { ...loaded, date: "2026-12-24" }, loaded, now, async (q) => {
      expect(sheet.cell(3, 1)?.formula).toBe("=TODAY()"); // nothing written while the pane asks
      expect(excel.undoStack).toEqual([]);
      return ask(q);
    });
    expect(asked).toEqual([{ fields: [{ key: "date", address: "Parameters!B4", formula: "=TODAY()" }] }]);
    expect(outcome).toEqual({ written: true, text: { ...loaded, date: "2026-12-24" }, kept: [] });
    expect([sheet.get("B4"), sheet.cell(3, 1)?.formula, sheet.format("B4")]).toEqual([46380, undefined, "d mmm yyyy"]);
  });

  it("'Keep it' leaves the formula, puts the field back to the sheet's value and saves the other changes", async () => {
    const { sheet, save } = book();
    const { asked, ask } = asker("keep");
    const outcome = await saveSettingsAsking(save, { ...loaded, minimum: "25", date: "2026-12-24" }, loaded, now, ask);
    expect(asked).toHaveLength(1);
    expect(outcome).toEqual({ written: true, text: { ...loaded, minimum: "25" }, kept: ["date"] });
    expect(sheet.get("B2")).toBe(25);
    expect(sheet.cell(3, 1)?.formula).toBe("=TODAY()");
  });

  it("'Keep it' when the formula's field was the only change writes nothing", async () => {
    const { excel, sheet, save } = book();
    const outcome = await saveSettingsAsking(save, { ...loaded, date: "2026-12-24" }, loaded, now, asker("keep").ask);
    expect(outcome).toEqual({ written: false, text: loaded, kept: ["date"] });
    expect(excel.undoStack).toEqual([]);
    expect(sheet.cell(3, 1)?.formula).toBe("=TODAY()");
  });

  it("does not ask when the save is refused for another reason (a field edited in the sheet since it was read)", async () => {
    const { sheet, save } = book();
    sheet.set(1, 1, { value: 12 });
    const { asked, ask } = asker("replace");
    await expect(saveSettingsAsking(save, { ...loaded, minimum: "25" }, loaded, now, ask)).rejects.toThrow("was changed in the workbook since the pane read it");
    expect(asked).toEqual([]);
    expect(sheet.get("B2")).toBe(12);
  });

  it("recognises the refusal by its name and fields, as it arrives from a worker, and nothing else", () => {
    const fields = [{ key: "date", address: "Parameters!B4", formula: "=TODAY()" }];
    expect(formulaQuestion(Object.assign(new Error("x"), { name: "ParameterSaveConflict", formulaFields: fields }))).toEqual({ fields });
    expect(formulaQuestion(Object.assign(new Error("x"), { name: "ParameterSaveConflict", formulaFields: [] }))).toBeNull();
    expect(formulaQuestion(new Error("Sync 7 failed"))).toBeNull();
  });
});

describe("the question's words", () => {
  afterEach(() => setLanguage("en"));

  it("are the catalogue's, in English and Dutch, one formula or several", () => {
    expect(t("settings.formula.replace", { n: 1 })).toBe("Replace the formula");
    expect(t("settings.formula.keep", { n: 1 })).toBe("Keep it");
    expect(t("settings.formula.question", { n: 2, fields: "A, B" })).toBe("A, B hold formulas. Saving replaces them with the values you typed.");
    setLanguage("nl-NL");
    expect(t("settings.formula.replace", { n: 1 })).toBe("Formule vervangen");
    expect(t("settings.formula.question", { n: 1, fields: "Terugbetalingsdatum (Parameters!B4: =TODAY())" })).toBe("Terugbetalingsdatum (Parameters!B4: =TODAY()) bevat een formule. Opslaan vervangt die door de waarde die u hebt getypt.");
  });
});
