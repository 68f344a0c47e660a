import { READ_BYTES_PER_CELL, rowsPerChunk } from "../../src/excel/chunks";
import { readSheets, readSnapshot } from "../../src/excel/read-snapshot";
import { LimitedExcel } from "./fake-excel-limits";

describe("reading a workbook from Excel", () => {
  it("gives a ledger that starts at C5 its origin, so messages name the right cells", async () => {
    const excel = new LimitedExcel();
    excel.addSheet("Customer balances", [
      ["Customer account", "Currency", "Balance"],
      ["C001", "EUR", -120.5],
      ["C002", "", "#N/A"],
    ], "C5");
    const book = await readSnapshot(excel.context);
    expect(book.sheets).toEqual([{
      name: "Customer balances",
      startRow: 5,
      startCol: 3,
      rows: [
        ["Customer account", "Currency", "Balance"],
        ["C001", "EUR", -120.5],
        ["C002", null, { error: "#N/A" }],
      ],
    }]);
  });

  it("keeps Excel's date serials and turns every error text into an error cell", async () => {
    const excel = new LimitedExcel();
    const errors = ["#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"];
    excel.addSheet("Customer transactions", [["Date", ...errors.map((_, i) => `E${i}`)], [46350, ...errors]]);
    const [sheet] = (await readSnapshot(excel.context)).sheets;
    expect(sheet.rows[1]).toEqual([46350, ...errors.map((error) => ({ error }))]);
  });

  it("keeps text such as \"#N/A\" typed as text, and only a cell Excel types as an error becomes one", async () => {
    const excel = new LimitedExcel();
    const sheet = excel.addSheet("Customer balances", [["Note", "Balance"], ["#N/A", "#N/A"]]);
    sheet.types.set("A2", "String");
    sheet.types.set("B2", "Error");
    const [grid] = (await readSnapshot(excel.context)).sheets;
    expect(grid.rows[1]).toEqual(["#N/A", { error: "#N/A" }]);
  });

  it("names the worksheets it read by id, for a cache that listens to their changes", async () => {
    const excel = new LimitedExcel();
    excel.addSheet("Notes", [["a"]]);
    excel.addSheet("Parameters", [["Parameter", "Value"]]);
    const read = await readSheets(excel.context, ["parameters"]);
    expect(read.snapshot.sheets.map((s) => s.name)).toEqual(["Parameters"]);
    expect([...read.sheetIds]).toEqual([excel.sheet("Parameters").id]);
  });

  it("reads only the sheets asked for, whatever their case, and an empty sheet as no rows", async () => {
    const excel = new LimitedExcel();
    excel.addSheet("Notes", [["a huge unrelated sheet"]]);
    excel.addSheet("parameters", [["Parameter", "Value"]]);
    excel.addSheet("Vendors");
    const book = await readSnapshot(excel.context, ["Parameters", "Vendors", "Exchange rates"]);
    expect(book.sheets.map((s) => [s.name, s.rows.length])).toEqual([["parameters", 1], ["Vendors", 0]]);
  });

  it("reads a 50,000-row ledger in row chunks: 2 syncs plus one per chunk", async () => {
    const excel = new LimitedExcel();
    const rows = 50_000;
    const values = Array.from({ length: rows }, (_, i) => [`C${i}`, "EUR", -i, 46000 + (i % 300), "Invoice", `D${i}`, i % 2 ? "" : "RUN-1"]);
    excel.addSheet("Customer transactions", values);
    const [sheet] = (await readSnapshot(excel.context)).sheets;
    const perChunk = rowsPerChunk(7, READ_BYTES_PER_CELL);
    expect(perChunk).toBeLessThanOrEqual(20_000);
    expect(excel.syncs).toBe(2 + Math.ceil(rows / perChunk));
    expect(sheet.rows).toHaveLength(rows);
    expect(sheet.rows[rows - 1]).toEqual([`C${rows - 1}`, "EUR", -(rows - 1), 46000 + ((rows - 1) % 300), "Invoice", `D${rows - 1}`, null]);
    expect(sheet.rows[rows - 2][6]).toBe("RUN-1");
  });

  it("reports the rows read after each chunk, so the pane's bar moves with the read", async () => {
    const excel = new LimitedExcel();
    const rows = 50_000;
    excel.addSheet("Customer transactions", Array.from({ length: rows }, (_, i) => [`C${i}`, "EUR", -i, 46000, "Invoice", `D${i}`, "RUN-1"]));
    excel.addSheet("Parameters", [["Parameter", "Value"], ["Minimum reimbursement", 10]]);
    const reports: [number, number][] = [];
    await readSnapshot(excel.context, undefined, { onProgress: (done, total) => reports.push([done, total]) });
    const chunks = Math.ceil(rows / rowsPerChunk(7, READ_BYTES_PER_CELL));
    expect(reports[0]).toEqual([0, rows + 2]);
    expect(reports[reports.length - 1]).toEqual([rows + 2, rows + 2]);
    expect(reports.length).toBeGreaterThanOrEqual(1 + chunks);
    expect(reports.every(([done], i) => i === 0 || done > reports[i - 1][0])).toBe(true);
  });

  it("small sheets share one read", async () => {
    const excel = new LimitedExcel();
    for (const name of ["Parameters", "Customers", "Customer balances", "Vendors"]) excel.addSheet(name, [["Header"], ["value"]]);
    await readSnapshot(excel.context);
    expect(excel.syncs).toBe(3);
  });

  it("retries a read that Excel finds too large in halves", async () => {
    const excel = new LimitedExcel();
    excel.addSheet("Customers", Array.from({ length: 10 }, (_, i) => [`C${i}`, "x".repeat(100)]));
    excel.failures.set(3, { code: "ResponsePayloadSizeLimitExceeded" });
    const [sheet] = (await readSnapshot(excel.context)).sheets;
    expect(sheet.rows.map((r) => r[0])).toEqual(Array.from({ length: 10 }, (_, i) => `C${i}`));
    expect(excel.syncs).toBe(5);
  });

  it("passes on any other failure", async () => {
    const excel = new LimitedExcel();
    excel.addSheet("Customers", [["a"]]);
    excel.failures.set(3, { code: "AccessDenied" });
    await expect(readSnapshot(excel.context)).rejects.toMatchObject({ code: "AccessDenied" });
  });
});
