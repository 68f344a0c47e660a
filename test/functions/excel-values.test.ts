import { CELLS_PER_CHUNK, MAX_ROWS_PER_CHUNK, cellFromExcel, gridFromExcel, rowChunks } from "../../src/functions/excel-values";

describe("cells as Excel returns them", () => {
  it("tells an empty cell from empty text and an error from text by the value type", () => {
    expect(cellFromExcel("", "Empty")).toBeNull();
    expect(cellFromExcel("", "String")).toBe("");
    expect(cellFromExcel("#N/A", "Error")).toEqual({ error: "#N/A" });
    expect(cellFromExcel("#N/A", "String")).toBe("#N/A");
  });

  it("keeps numbers (dates are serials), text and logical values as they are", () => {
    expect(cellFromExcel(46350, "Double")).toBe(46350);
    expect(cellFromExcel(-12.5, "Integer")).toBe(-12.5);
    expect(cellFromExcel("C001", "String")).toBe("C001");
    expect(cellFromExcel(true, "Boolean")).toBe(true);
  });

  it("reads a rich value as its text rather than failing", () => {
    expect(cellFromExcel({ toString: () => "Microsoft" }, "RichValue")).toBe("Microsoft");
  });

  it("pairs each value with its type, a missing type counting as unknown", () => {
    expect(gridFromExcel([["a", ""], [1, "#REF!"]], [["String", "Empty"], ["Double"]])).toEqual([["a", null], [1, "#REF!"]]);
  });
});

describe("reading a long sheet in chunks", () => {
  it("covers every row once, in order, within the cell and row budgets", () => {
    for (const [rows, cols] of [[0, 5], [1, 1], [19_999, 3], [20_001, 3], [250_000, 7], [1_000, 300], [10, 16_384]]) {
      const chunks = rowChunks(rows, cols);
      expect(chunks.reduce((n, c) => n + c.count, 0)).toBe(rows);
      chunks.forEach((c, i) => {
        expect(c.start).toBe(i === 0 ? 0 : chunks[i - 1].start + chunks[i - 1].count);
        expect(c.count).toBeGreaterThan(0);
        expect(c.count).toBeLessThanOrEqual(MAX_ROWS_PER_CHUNK);
        if (c.count > 1) expect(c.count * cols).toBeLessThanOrEqual(CELLS_PER_CHUNK);
      });
    }
  });
});
