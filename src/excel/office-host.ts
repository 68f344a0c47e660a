import { SHEETS } from "../workbook/contract";
import { WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { parameterPatch } from "../taskpane/parameter-patch";
import { ParameterCellValues, Progress, WorkbookHost } from "../taskpane/workbook-host";
import { readSnapshot } from "./read-snapshot";
import { ExcelRunner, SupportsApi, excelRun, officeSupports, readOptions, writeOptions } from "./run-options";
import { applyPatch } from "./write-patch";

export type { ExcelRunner } from "./run-options";

/**
 * The workbook open in Excel. Each operation is one Excel.run, so no proxy outlives its batch;
 * every batch waits for a cell edit to end, and a write is one undo record where Excel can merge
 * its syncs (see run-options.ts).
 */
export class OfficeWorkbookHost implements WorkbookHost {
  readonly mode = "excel";

  constructor(
    private readonly run: ExcelRunner = excelRun,
    /** Office.context.requirements.isSetSupported; ExcelApi 1.6 lets a write pause recalculation. */
    private readonly supports: SupportsApi = officeSupports,
  ) {}

  private get canSuspendCalculation(): boolean {
    return this.supports("ExcelApi", "1.6");
  }

  readSnapshot(sheetNames: readonly string[] = Object.values(SHEETS)): Promise<WorkbookSnapshot> {
    // Only the contract's sheets: a workbook's other sheets can be large and are never read.
    return this.run(readOptions(), (context) => readSnapshot(context, sheetNames));
  }

  apply(patch: WorkbookPatch, onProgress?: Progress): Promise<void> {
    return this.run(writeOptions(this.supports), (context) => applyPatch(context, patch, onProgress, { suspendCalculation: this.canSuspendCalculation }));
  }

  selectCell(sheet: string, address: string): Promise<void> {
    return this.run(readOptions(), async (context) => {
      const worksheet = context.workbook.worksheets.getItem(sheet);
      worksheet.activate();
      if (address) worksheet.getRange(address).select();
      await context.sync();
    });
  }

  activateSheet(name: string): Promise<void> {
    return this.run(readOptions(), async (context) => {
      context.workbook.worksheets.getItem(name).activate();
      await context.sync();
    });
  }

  saveParameters(values: ParameterCellValues): Promise<void> {
    return this.run(writeOptions(this.supports), async (context) => {
      const snapshot = await readSnapshot(context, [SHEETS.parameters]);
      // These blocks overwrite the user's parameter cells: a failed save must not clear them.
      await applyPatch(context, parameterPatch(snapshot, values), undefined, { suspendCalculation: this.canSuspendCalculation, clearWrittenCellsOnFailure: false });
    });
  }
}
