import { parseCell } from "../../src/excel/address";
import { ExcelWriteError } from "../../src/excel/write-error";
import { HostEngine } from "../../src/taskpane/run-engine";
import { ParameterCellValues, Progress, WorkbookHost } from "../../src/taskpane/workbook-host";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { prepareRun } from "../../src/workbook/run";
import { sampleWorkbook } from "../../src/workbook/sample";
import { CellValue, WorkbookPatch, WorkbookSnapshot, findSheet } from "../../src/workbook/grid";

/**
 * A WorkbookHost over an in-memory snapshot. `failNext` makes the next apply fail as Excel's
 * does: the undo clears every cell the write touched on existing sheets, then it throws.
 */
export class MemoryHost implements WorkbookHost {
  readonly mode = "excel";
  readonly applied: WorkbookPatch[] = [];
  failNext = 0;

  constructor(public book: WorkbookSnapshot) {}

  async readSnapshot(sheetNames?: readonly string[]): Promise<WorkbookSnapshot> {
    if (!sheetNames) return this.book;
    const wanted = new Set(sheetNames.map((n) => n.toLowerCase()));
    return { sheets: this.book.sheets.filter((s) => wanted.has(s.name.toLowerCase())) };
  }

  async apply(patch: WorkbookPatch, onProgress?: Progress): Promise<void> {
    if (this.failNext > 0) {
      this.failNext--;
      const cleared: WorkbookPatch = {
        sheets: patch.sheets.filter((sp) => !sp.create).map((sp) => ({ ...sp, blocks: sp.blocks.map((b) => ({ ...b, values: b.values.map((r) => r.map((): CellValue => null)) })) })),
      };
      this.book = applyPatchToSnapshot(this.book, cleared);
      throw new ExcelWriteError(Object.assign(new Error("Busy"), { code: "ServiceBusy" }), { removedSheets: [], clearedRanges: ["'Vendor invoices'!K2:K31"] });
    }
    onProgress?.(1, 1);
    this.applied.push(patch);
    this.book = applyPatchToSnapshot(this.book, patch);
  }

  async selectCell(): Promise<void> {}
  async activateSheet(): Promise<void> {}
  async saveParameters(_values: ParameterCellValues): Promise<void> {}

  /** Types a value into a cell, as a user editing the workbook would. */
  setCell(sheet: string, address: string, value: CellValue): void {
    const pos = parseCell(address);
    if (!pos || !findSheet(this.book, sheet)) throw new Error(`no cell ${sheet}!${address}`);
    this.book = applyPatchToSnapshot(this.book, {
      sheets: [{ sheet, create: false, headerRow: 1, header: [], columnKinds: [], blocks: [{ row: pos.row, col: pos.col, values: [[value]] }] }],
    });
  }
}

export const NOW = new Date("2026-11-24T09:30:00Z");

/** The pane's engine over a host, its jobs on this thread (the worker runs the same jobs). */
export const engineOn = (host: WorkbookHost): HostEngine => new HostEngine(host);

/** The sample workbook after one run: invoices to export and pay, a run to reverse. */
export function ranBook(): { book: WorkbookSnapshot; runId: string; reimbursed: number } {
  const sample = sampleWorkbook({ customers: 150, seed: 7 });
  const { plan, patch } = prepareRun(sample, { now: NOW, selection: {} });
  return { book: applyPatchToSnapshot(sample, patch), runId: plan.runId, reimbursed: plan.reimbursements.length };
}
