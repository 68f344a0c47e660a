import { SHEETS } from "../../src/workbook/contract";
import { WorkbookError } from "../../src/workbook/errors";
import { prepareRun } from "../../src/workbook/run";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { buildBook } from "../support/workbook-builder";
import { sheetRows } from "../support/sheet-rows";

const now = new Date("2026-11-24T09:30:00Z");
const book = (language?: string) =>
  buildBook({
    customers: [{ account: "C001" }, { account: "C002", blocked: "All" }, { account: "C004" }],
    balances: [["C001", "EUR", -3], ["C002", "EUR", -50], ["C004", "GBP", -20], ["C777", "EUR", -30]],
    extraParameters: language === undefined ? [] : [["Language", language]],
  });
const reasons = (language?: string): string[] => {
  const b = book(language);
  return sheetRows(applyPatchToSnapshot(b, prepareRun(b, { now }).patch), SHEETS.exceptions).map((r) => String(r.Reason));
};

describe("the language of the reasons a run writes (Parameters: Language)", () => {
  it("writes the reasons in English when the workbook names no language", () => {
    expect(reasons()).toEqual(([
      "Credit of 3.00 EUR is below the minimum reimbursement of 10.00 EUR",
      "Customer is blocked (All)",
      "No exchange rate for GBP on sheet Exchange rates",
      "Customer C777 is not on sheet Customers",
    ]));
  });

  it("writes every reason of the run in Dutch for nl-NL, none in English", () => {
    const dutch = reasons("nl-NL");
    expect(dutch).toEqual([
      "Tegoed van 3.00 EUR is lager dan de minimale terugbetaling van 10.00 EUR",
      "Klant is geblokkeerd (All)",
      "Geen wisselkoers voor GBP op blad Exchange rates",
      "Klant C777 staat niet op blad Customers",
    ]);
    expect(dutch.filter((r) => /\b(is below|is blocked|does not exist|No exchange rate|is not on)\b/.test(r))).toEqual([]);
    expect(reasons("nl")).toEqual(dutch);
  });

  it("names the Parameters cell of a language it does not speak", () => {
    const b = book("fr-FR");
    const error = (() => { try { prepareRun(b, { now }); } catch (e) { return e; } })();
    expect(error).toBeInstanceOf(WorkbookError);
    expect((error as WorkbookError).problems).toEqual([expect.objectContaining({ sheet: SHEETS.parameters, message: expect.stringContaining("expected a language: en or nl-NL") })]);
  });
});
