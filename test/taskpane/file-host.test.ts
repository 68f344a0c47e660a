import { promises as fs } from "fs";
import os from "os";
import path from "path";
import { FileWorkbookHost, downloadName } from "../../src/taskpane/file-host";
import { parameterPatch } from "../../src/taskpane/parameter-patch";
import { writeSnapshotXlsx } from "../../src/file/xlsx-write";
import { readXlsxBuffer } from "../../src/file/xlsx-read";
import { SHEETS } from "../../src/workbook/contract";
import { WorkbookSnapshot, findSheet } from "../../src/workbook/grid";
import { prepareRun } from "../../src/workbook/run";
import { buildBook } from "../support/workbook-builder";

const now = new Date("2026-11-24T09:30:00Z");
const book = buildBook({ customers: [{ account: "C001" }], balances: [["C001", "EUR", -50]] });

async function xlsxOf(snapshot: WorkbookSnapshot): Promise<Uint8Array> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "reimburse-pane-"));
  try {
    const file = path.join(dir, "book.xlsx");
    await writeSnapshotXlsx(snapshot, file);
    return new Uint8Array(await fs.readFile(file));
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe("a workbook opened as a file in the pane", () => {
  const shown: string[] = [];
  const view = { showCell: (s: string, a: string) => shown.push(`${s}!${a}`), showSheet: (s: string) => shown.push(s) };

  it("runs on the file's bytes and offers the result for download under a new name", async () => {
    const host = new FileWorkbookHost(await xlsxOf(book), "ledger.xlsx", view);
    expect(host.changed).toBe(false);
    const { plan, patch } = prepareRun(await host.readSnapshot(), { now });
    const progress: number[][] = [];
    await host.apply(patch, (done, total) => progress.push([done, total]));
    expect(progress[progress.length - 1][0]).toBe(progress[progress.length - 1][1]);
    expect(host.changed).toBe(true);
    const { blob, name } = host.download();
    expect(name).toBe("ledger.reimbursed.xlsx");
    const after = await readXlsxBuffer(new Uint8Array(await blob.arrayBuffer()));
    expect(findSheet(after, SHEETS.reimbursements)?.rows[1][0]).toBe(plan.runId);
    expect((await host.readSnapshot([SHEETS.reimbursements])).sheets).toHaveLength(1);
  });

  it("keeps the file as it was when a patch cannot be applied", async () => {
    const bytes = await xlsxOf(book);
    const host = new FileWorkbookHost(bytes, "ledger.xlsx", view);
    const bad = { sheets: [{ sheet: SHEETS.customers, create: true, headerRow: 1, header: ["x"], columnKinds: ["text" as const], blocks: [] }] };
    await expect(host.apply(bad)).rejects.toThrow();
    expect(host.changed).toBe(false);
    expect(host.current()).toBe(bytes);
  });

  it("saves settings to the file's Parameters sheet", async () => {
    const host = new FileWorkbookHost(await xlsxOf(book), "ledger.xlsx", view);
    await host.saveParameters({ minimum: 25, accountingCurrency: "EUR", date: null, paymentTermsDays: null, invoicePrefix: "INV-", oneTimeVendorPrefix: null });
    const params = findSheet(await host.readSnapshot(), SHEETS.parameters);
    expect(params?.rows).toContainEqual(["Minimum reimbursement", 25]);
    expect(params?.rows).toContainEqual(["Invoice prefix", "INV-"]);
  });

  it("shows the cell a message is about in the pane, having no grid of its own", async () => {
    const host = new FileWorkbookHost(new Uint8Array(), "x.xlsx", view);
    await host.selectCell("Parameters", "B2");
    await host.activateSheet("Reimbursements");
    expect(shown).toEqual(["Parameters!B2", "Reimbursements"]);
  });

  it("names the download after the opened file, once", () => {
    expect(downloadName("Q4 ledger.XLSX")).toBe("Q4 ledger.reimbursed.xlsx");
    expect(downloadName("ledger.reimbursed.xlsx")).toBe("ledger.reimbursed.xlsx");
    expect(downloadName(".xlsx")).toBe("workbook.reimbursed.xlsx");
  });
});

describe("writing settings back to the Parameters sheet", () => {
  const values = { minimum: 5, accountingCurrency: "USD", date: null, paymentTermsDays: 30, invoicePrefix: null, oneTimeVendorPrefix: null };

  it("overwrites the value cells in place, wherever the table starts, and appends missing parameters", () => {
    const snapshot: WorkbookSnapshot = {
      sheets: [{ name: "parameters", startRow: 4, startCol: 2, rows: [["Value", "Parameter", "Note"], [10, "Minimum reimbursement", "keep"], ["EUR", "Accounting currency", null]] }],
    };
    const [sheet] = parameterPatch(snapshot, values).sheets;
    expect(sheet).toMatchObject({ sheet: "parameters", create: false, headerRow: 4 });
    expect(sheet.blocks).toEqual([
      // A number keeps the cell's number format; text is written as text, so "=INV" stays text.
      { row: 5, col: 2, values: [[5]], numberFormats: [[null]] },
      { row: 6, col: 2, values: [["USD"]], numberFormats: [["@"]] },
      { row: 7, col: 2, values: [[30, "Payment terms days", null]] },
    ]);
  });

  it("creates the sheet when the workbook has none", () => {
    const [sheet] = parameterPatch({ sheets: [] }, values).sheets;
    expect(sheet.create).toBe(true);
    expect(sheet.blocks[1].values).toEqual([["Minimum reimbursement", 5], ["Accounting currency", "USD"], ["Payment terms days", 30]]);
  });
});
