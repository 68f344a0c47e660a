import { columnNumber, parseCell, parseRange, topLeftOf } from "../../src/excel/address";
import { amountFormat, dateToSerial, fromExcel, numberFormatFor, rowsFromExcel, toExcel } from "../../src/excel/cell-values";
import { MAX_ROWS_PER_CHUNK, READ_BYTES_PER_CELL, REQUEST_BUDGET_BYTES, packBatches, rowSpans, rowsPerChunk } from "../../src/excel/chunks";

describe("cells as Office.js gives and takes them", () => {
  it("reads an empty string as an empty cell and error texts as errors", () => {
    expect(fromExcel("")).toBeNull();
    expect(fromExcel("#DIV/0!")).toEqual({ error: "#DIV/0!" });
    expect(fromExcel("#N/A text")).toBe("#N/A text");
    expect(fromExcel(46350)).toBe(46350);
    expect(fromExcel(false)).toBe(false);
  });

  it("tells an empty cell from empty text and an error from text by the value type", () => {
    expect(fromExcel("", "Empty")).toBeNull();
    expect(fromExcel("", "String")).toBe("");
    expect(fromExcel("#N/A", "Error")).toEqual({ error: "#N/A" });
    expect(fromExcel("#N/A", "String")).toBe("#N/A");
  });

  it("keeps numbers (dates are serials), text and logical values as they are", () => {
    expect(fromExcel(46350, "Double")).toBe(46350);
    expect(fromExcel(-12.5, "Integer")).toBe(-12.5);
    expect(fromExcel("C001", "String")).toBe("C001");
    expect(fromExcel(true, "Boolean")).toBe(true);
  });

  it("reads a rich value as its text rather than failing", () => {
    expect(fromExcel({ toString: () => "Microsoft" }, "RichValue")).toBe("Microsoft");
  });

  it("pairs each value with its type, a missing type counting as unknown, and guesses from the text without types", () => {
    expect(rowsFromExcel([["a", ""], [1, "#REF!"]], [["String", "Empty"], ["Double"]])).toEqual([["a", null], [1, "#REF!"]]);
    expect(rowsFromExcel([["a", ""], [1, "#REF!"]])).toEqual([["a", null], [1, { error: "#REF!" }]]);
  });

  it("writes dates as Excel serials and empty cells as empty strings", () => {
    expect(dateToSerial(new Date("1970-01-01T00:00:00Z"))).toBe(25569);
    expect(toExcel(new Date("2026-11-24T00:00:00Z"))).toBe(46350);
    expect(toExcel(null)).toBe("");
    expect(toExcel({ error: "#N/A" })).toBe("#N/A");
  });

  it("formats text as text whatever its first character, amounts with their currency's decimals", () => {
    for (const text of ["=SUM(A1)", "+1", "-5", "@me", "00123"]) expect(numberFormatFor(text, "amount")).toBe("@");
    expect(numberFormatFor(12.5, "amount", 3)).toBe("#,##0.000");
    expect(numberFormatFor(5000, "amount", 0)).toBe("#,##0");
    expect(numberFormatFor(null, "amount")).toBe(amountFormat(2));
    expect(numberFormatFor(46350, "date")).toBe("yyyy-mm-dd");
    expect(numberFormatFor(new Date(0), "text")).toBe("yyyy-mm-dd");
    expect(numberFormatFor(10, "text")).toBe("General");
    expect(numberFormatFor(null, "text")).toBe("@");
  });
});

describe("addresses Excel returns", () => {
  it("finds the origin and size of a used range, sheet names with quotes and ! included", () => {
    expect(parseRange("Sheet1!C5:F20")).toEqual({ row: 5, col: 3, rowCount: 16, columnCount: 4 });
    expect(parseRange("'Q1!data'!$AA$10")).toEqual({ row: 10, col: 27, rowCount: 1, columnCount: 1 });
    expect(topLeftOf("'My sheet'!B2:C3")).toEqual({ row: 2, col: 2 });
    expect(parseCell("not a cell")).toBeNull();
    expect(columnNumber("XFD")).toBe(16384);
  });
});

describe("request sizes", () => {
  it("caps a chunk at 20,000 rows and about 4 MB", () => {
    expect(rowsPerChunk(1, 32)).toBe(20_000);
    expect(rowsPerChunk(11, 64)).toBe(5681);
    expect(rowsPerChunk(16384, 64)).toBe(3);
    expect(rowSpans(5, 2)).toEqual([{ offset: 0, count: 2 }, { offset: 2, count: 2 }, { offset: 4, count: 1 }]);
  });

  it("covers every row of a long sheet once, in order, within the row and byte budgets", () => {
    for (const [rows, cols] of [[0, 5], [1, 1], [19_999, 3], [20_001, 3], [250_000, 7], [1_000, 300], [10, 16_384]]) {
      const chunks = rowSpans(rows, rowsPerChunk(cols, READ_BYTES_PER_CELL));
      expect(chunks.reduce((n, c) => n + c.count, 0)).toBe(rows);
      chunks.forEach((c, i) => {
        expect(c.offset).toBe(i === 0 ? 0 : chunks[i - 1].offset + chunks[i - 1].count);
        expect(c.count).toBeGreaterThan(0);
        expect(c.count).toBeLessThanOrEqual(MAX_ROWS_PER_CHUNK);
        if (c.count > 1) expect(c.count * cols * READ_BYTES_PER_CELL).toBeLessThanOrEqual(REQUEST_BUDGET_BYTES);
      });
    }
  });

  it("packs small pieces together and lets a big one travel alone", () => {
    expect(packBatches([1, 2, 3, 10, 1], (n) => n, 5)).toEqual([[1, 2], [3], [10], [1]]);
  });
});
