import fc from "fast-check";
import { fromExcel } from "../../src/excel/cell-values";
import { fromCellValueJson } from "../../src/excel/rich-values";
import { readSnapshot } from "../../src/excel/read-snapshot";
import { LimitedExcel } from "./fake-excel-limits";

describe("a cell's valuesAsJson as the contract reads it", () => {
  it("gives the four basic types as values gives them, and a formatted number as its number", () => {
    expect(fromCellValueJson({ type: "String", basicType: "String", basicValue: "C001" })).toBe("C001");
    expect(fromCellValueJson({ type: "Double", basicType: "Double", basicValue: -12.5 })).toBe(-12.5);
    expect(fromCellValueJson({ type: "Boolean", basicType: "Boolean", basicValue: true })).toBe(true);
    expect(fromCellValueJson({ type: "Empty", basicType: "Empty", basicValue: "" })).toBeNull();
    expect(fromCellValueJson({ type: "Error", basicType: "Error", basicValue: "#N/A", errorType: "NotAvailable" })).toEqual({ error: "#N/A" });
    expect(fromCellValueJson({ type: "FormattedNumber", basicType: "Double", basicValue: 46350, numberFormat: "dd-mm-yyyy" })).toBe(46350);
  });

  it("reads an entity by its display text and refuses one without text, a picture or a function by name", () => {
    expect(fromCellValueJson({ type: "LinkedEntity", text: "Contoso B.V.", basicType: "Error", basicValue: "#VALUE!" })).toBe("Contoso B.V.");
    expect(fromCellValueJson({ type: "Entity", text: "  ", basicType: "Error", basicValue: "#VALUE!" })).toEqual({ error: "#VALUE!", dataType: "a data type without display text" });
    expect(fromCellValueJson({ type: "WebImage", address: "https://example.invalid/a.png", basicType: "Error", basicValue: "#VALUE!" })).toEqual({ error: "#VALUE!", dataType: "a picture in the cell" });
    expect(fromCellValueJson({ type: "Function", basicType: "Error", basicValue: "#VALUE!" })).toMatchObject({ dataType: "a function value" });
  });

  it("reads a type newer than this code by its basic value, or refuses it when that is an error", () => {
    expect(fromCellValueJson({ type: "NotAvailable", basicType: "Double", basicValue: 7 })).toBe(7);
    expect(fromCellValueJson({ type: "Hologram", basicType: "Error", basicValue: "#VALUE!" })).toMatchObject({ error: "#VALUE!", dataType: expect.any(String) });
    expect(fromCellValueJson(null)).toMatchObject({ error: "#VALUE!" });
  });
});

describe("the two ways of reading a cell agree", () => {
  it("a plain cell reads the same through valuesAsJson as through values and valueTypes", () => {
    const plain = fc.oneof(
      fc.string().map((v) => ({ type: "String", v })),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => ({ type: "Double", v })),
      fc.boolean().map((v) => ({ type: "Boolean", v })),
      fc.constantFrom("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#SPILL!").map((v) => ({ type: "Error", v })),
      fc.constant({ type: "Empty", v: "" }),
    );
    fc.assert(fc.property(plain, ({ type, v }) => {
      expect(fromCellValueJson({ type, basicType: type, basicValue: v })).toEqual(fromExcel(v, type));
    }));
  });
});

describe("looking data types up in Excel", () => {
  it("reads 2,500 entities with large properties in requests and responses under 5 MB", async () => {
    const excel = new LimitedExcel({ apiVersion: "1.16" });
    const sheet = excel.addSheet("Customer balances", [["Customer account", "Balance"], ...Array.from({ length: 2500 }, (_, i) => ["", -i])]);
    const notes = "x".repeat(3000);
    for (let i = 0; i < 2500; i++) sheet.setDataType(`A${i + 2}`, { type: "Entity", text: `C${i}`, basicType: "Error", basicValue: "#VALUE!", properties: { Notes: { type: "String", basicValue: notes } } });
    const book = await readSnapshot(excel.context, ["Customer balances"], { supports: (set, v) => excel.supports(set, v) });
    expect(book.sheets[0].rows[2500][0]).toBe("C2499");
    expect(excel.syncLog.filter((s) => s.refused)).toEqual([]);
    expect(Math.max(...excel.syncLog.map((s) => s.response))).toBeLessThan(5_000_000);
  });
});
