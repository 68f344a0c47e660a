import { ExcelWorkbookSource } from "../../src/functions/excel-source";
import { readLedgerFacts, readSettings } from "../../src/functions/workbook-facts";
import { CellValue } from "../../src/workbook/grid";
import { FakeExcel, FakeSheet } from "./fake-excel";
import { LimitedExcel } from "../excel/fake-excel-limits";

const parameters = (minimum: CellValue): FakeSheet => ({
  id: "{P}",
  name: "Parameters",
  top: 2,
  left: 1,
  cells: [["Parameter", "Value"], ["Minimum reimbursement", minimum], ["Accounting currency", "EUR"]],
});

const balances: FakeSheet = {
  id: "{B}",
  name: "Customer balances",
  cells: [["Customer account", "Currency", "Balance"], ["C001", "EUR", -150], ["C002", "EUR", { error: "#N/A" }]],
};

/** Lets the change events' recalculation timer fire and its Excel batch finish. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

const notes: FakeSheet = { id: "{N}", name: "Notes", cells: [["anything"]] };

function workbook(...sheets: FakeSheet[]): { excel: FakeExcel; source: ExcelWorkbookSource } {
  const excel = new FakeExcel(sheets);
  return { excel, source: new ExcelWorkbookSource({ run: excel.run, supports: () => true, recalcDelayMs: 0 }) };
}

describe("reading the workbook through Excel", () => {
  it("reads a sheet's used range into a grid that starts where the range starts, cells as the contract sees them", async () => {
    const { source } = workbook(parameters(10), balances);
    const snapshot = await source.parameters();
    expect(snapshot.sheets).toEqual([{
      name: "Parameters",
      startRow: 3,
      startCol: 2,
      rows: [["Parameter", "Value"], ["Minimum reimbursement", 10], ["Accounting currency", "EUR"]],
    }]);
    const ledger = await source.ledger();
    expect(ledger.sheets.map((s) => s.name)).toEqual(["Customer balances"]);
    expect(ledger.sheets[0].rows[2]).toEqual(["C002", "EUR", { error: "#N/A" }]);
  });

  it("finds the contract's sheets ignoring case and surrounding spaces, and reads an empty sheet as no rows", async () => {
    const { source } = workbook({ ...parameters(10), name: " parameters " }, { id: "{T}", name: "Customer Transactions", cells: [] });
    expect((await source.parameters()).sheets[0].name).toBe(" parameters ");
    expect((await source.ledger()).sheets).toEqual([{ name: "Customer Transactions", startRow: 1, startCol: 1, rows: [] }]);
  });

  it("gives the worksheet functions the minimum the Parameters sheet holds", async () => {
    const { source } = workbook(parameters(25), balances);
    const settings = await readSettings(source);
    expect(settings.minimum.ok && settings.minimum.value.toNumber()).toBe(25);
    const ledger = await readLedgerFacts(source);
    expect(ledger.problems.get("C002")?.[0]).toContain("Sheet 'Customer balances', cell C3");
  });

  it("reads a long sheet in chunks of rows, in order, to stay under Excel's request size limit", async () => {
    const rows: CellValue[][] = [["Customer account", "Currency", "Balance"]];
    for (let i = 1; i < 70_000; i++) rows.push([`C${i}`, "EUR", -i]);
    const { excel, source } = workbook({ id: "{B}", name: "Customer balances", cells: rows });
    const snapshot = await source.ledger();
    expect(snapshot.sheets[0].rows).toHaveLength(70_000);
    expect(snapshot.sheets[0].rows[69_999]).toEqual(["C69999", "EUR", -69_999]);
    expect(excel.calls.filter((c) => c.startsWith("range:"))).toEqual([
      "range:Customer balances:0+20000",
      "range:Customer balances:20000+20000",
      "range:Customer balances:40000+20000",
      "range:Customer balances:60000+10000",
    ]);
  });
});

describe("the cache of sheets the worksheet functions read", () => {
  it("reads each group of sheets once, however many calls ask, even at the same time", async () => {
    const { excel, source } = workbook(parameters(10), balances);
    await Promise.all([source.parameters(), source.parameters(), source.parameters()]);
    await source.parameters();
    // One batch registers the worksheet events, one reads the Parameters sheet.
    expect(excel.runs).toBe(2);
    await source.ledger();
    expect(excel.runs).toBe(3);
  });

  it("reads Parameters again after it changes, but not after another sheet changes", async () => {
    const { excel, source } = workbook(parameters(10), balances, notes);
    await source.parameters();
    await source.ledger();
    const runs = excel.runs;
    await excel.raise("changed", "{N}");
    await source.parameters();
    await source.ledger();
    expect(excel.runs).toBe(runs);

    excel.sheets[0] = parameters(99);
    await excel.raise("changed", "{P}");
    const settings = await readSettings(source);
    expect(settings.minimum.ok && settings.minimum.value.toNumber()).toBe(99);
    await source.ledger();
    expect(excel.runs).toBe(runs + 1);
  });

  it("reads everything again when a sheet is added, deleted or renamed", async () => {
    const { excel, source } = workbook(parameters(10));
    expect((await source.ledger()).sheets).toEqual([]);
    excel.sheets.push(balances);
    await excel.raise("added", "{B}");
    expect((await source.ledger()).sheets.map((s) => s.name)).toEqual(["Customer balances"]);
    for (const kind of ["deleted", "renamed"] as const) {
      const runs = excel.runs;
      await excel.raise(kind, "{B}");
      await source.ledger();
      expect(excel.runs).toBe(runs + 1);
    }
  });

  it("does not register the rename event where Excel lacks ExcelApi 1.17", async () => {
    const excel = new FakeExcel([parameters(10)]);
    const source = new ExcelWorkbookSource({ run: excel.run, supports: (set, version) => !(set === "ExcelApi" && version === "1.17") });
    await source.parameters();
    expect(excel.handlers.renamed).toHaveLength(0);
    expect(excel.handlers.changed).toHaveLength(1);
  });

  it("reuses a read for a short TTL only when Excel cannot raise worksheet events, and tries to register them again later", async () => {
    let now = 0;
    const excel = new FakeExcel([parameters(10)]);
    const source = new ExcelWorkbookSource({ run: excel.run, supports: () => true, recalcDelayMs: 0, ttlMs: 2000, retryEventsMs: 30_000, now: () => now });
    excel.failEvents = true;
    await Promise.all([source.parameters(), source.parameters()]);
    const runs = excel.runs;
    now = 1000;
    await source.parameters();
    expect(excel.runs).toBe(runs); // within the TTL: the same read, no event registration retried yet
    now = 2500;
    await source.parameters();
    expect(excel.runs).toBe(runs + 1);
    excel.failEvents = false;
    now = 40_000;
    await source.parameters();
    expect(excel.handlers.changed).toHaveLength(1); // registered on the retry: caching is back
    const after = excel.runs;
    now = 90_000;
    await source.parameters();
    expect(excel.runs).toBe(after);
  });

  it("does not remember a failed read: the next call asks Excel again", async () => {
    const { excel, source } = workbook(parameters(10));
    await source.parameters();
    await excel.raise("changed", "{P}");
    excel.failNextRuns = 1;
    await expect(source.parameters()).rejects.toThrow("busy");
    expect((await source.parameters()).sheets).toHaveLength(1);
  });

  it("asks Excel to recalculate once after a burst of changes to sheets the functions read", async () => {
    const { excel, source } = workbook(parameters(10), balances, notes);
    await source.parameters();
    await source.ledger();
    await excel.raise("changed", "{N}");
    await settle();
    expect(excel.calculations).toEqual([]);
    await excel.raise("changed", "{P}");
    await excel.raise("changed", "{B}");
    await settle();
    expect(excel.calculations).toEqual(["Recalculate"]);
    await excel.raise("changed", "{P}");
    await settle();
    // Nothing was cached since the last change, so nothing computed from it needs replacing.
    expect(excel.calculations).toEqual(["Recalculate"]);
  });

  it("leaves a workbook in manual calculation alone", async () => {
    const { excel, source } = workbook(parameters(10));
    excel.calculationMode = "Manual";
    await source.parameters();
    await excel.raise("added", "{X}");
    await settle();
    expect(excel.calculations).toEqual([]);
  });

  it("reads a recalculated sheet again and recalculates once when its formulas gave new values", async () => {
    const { excel, source } = workbook(parameters(10), balances);
    await source.ledger();
    const runs = excel.runs;
    // A formula on Customer balances now gives another balance: no edit, so no onChanged.
    excel.sheets[1] = { ...balances, cells: [["Customer account", "Currency", "Balance"], ["C001", "EUR", -175]] };
    await excel.raise("calculated", "{B}");
    await settle();
    expect(excel.calculations).toEqual(["Recalculate"]);
    expect((await source.ledger()).sheets[0].rows[1]).toEqual(["C001", "EUR", -175]);
    // The recalculation it asked for changes nothing: one read, no further recalculation.
    await excel.raise("calculated", "{B}");
    await settle();
    expect(excel.calculations).toEqual(["Recalculate"]);
    expect(excel.runs).toBe(runs + 3); // read, recalculate, read
  });
});

describe("worksheet events by requirement set", () => {
  it("registers only the events this Excel has, and caches for a TTL where edits are not reported", async () => {
    const excel = new LimitedExcel({ apiVersion: "1.8" });
    excel.addSheet("Parameters", [["Parameter", "Value"], ["Minimum reimbursement", 10]]);
    let now = 0;
    const source = new ExcelWorkbookSource({ run: excel.run, supports: (set, v) => excel.supports(set, v), ttlMs: 2000, now: () => now });
    await source.parameters();
    expect([...excel.handlers.keys()].sort()).toEqual(["onAdded", "onCalculated", "onDeleted"]);
    const syncs = excel.syncs;
    await source.parameters();
    expect(excel.syncs).toBe(syncs);
    now = 3000;
    excel.sheet("Parameters").set(1, 1, { value: 25 });
    const settings = await readSettings(source);
    expect(settings.minimum.ok && settings.minimum.value.toNumber()).toBe(25);
  });
});

describe("data types in the ledger", () => {
  it("reads a customer account held as a linked entity by its display text where Excel has valuesAsJson (ExcelApi 1.16)", async () => {
    const excel = new LimitedExcel({ apiVersion: "1.16" });
    const sheet = excel.addSheet("Customer balances", [["Customer account", "Currency", "Balance"], ["", "EUR", -150]]);
    sheet.setDataType("A2", { type: "LinkedEntity", text: "C001", basicType: "Error", basicValue: "#VALUE!", id: { entityId: "C001", domainId: "crm", serviceId: 268, culture: "en-US" } });
    const source = new ExcelWorkbookSource({ run: excel.run, supports: (set, v) => excel.supports(set, v), recalcDelayMs: 0 });
    expect((await source.ledger()).sheets[0].rows[1]).toEqual(["C001", "EUR", -150]);
  });
});
