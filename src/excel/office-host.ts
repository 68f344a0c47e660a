import { SHEETS } from "../workbook/contract";
import { WorkbookPatch, WorkbookSnapshot, findSheet } from "../workbook/grid";
import { CellDetails, parameterPatch } from "../taskpane/parameter-patch";
import { ParameterCellValues, Progress, SaveParametersOptions, WorkbookHost } from "../taskpane/workbook-host";
import { readSnapshot } from "./read-snapshot";
import { ExcelRunner, SupportsApi, excelRun, officeSupports, readOptions, writeOptions } from "./run-options";
import { SAVE_API, saveWorkbook } from "./save-workbook";
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

  readSnapshot(sheetNames: readonly string[] = Object.values(SHEETS), onProgress?: Progress): Promise<WorkbookSnapshot> {
    // Only the contract's sheets: a workbook's other sheets can be large and are never read.
    return this.run(readOptions(), (context) => readSnapshot(context, sheetNames, { supports: this.supports, onProgress }));
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

  /** Saves the workbook where Excel can (ExcelApi 1.11); false: the user must save it. */
  async save(): Promise<boolean> {
    if (!this.supports(SAVE_API.set, SAVE_API.version)) return false;
    await this.run(readOptions(), saveWorkbook);
    return true;
  }

  activateSheet(name: string): Promise<void> {
    return this.run(readOptions(), async (context) => {
      context.workbook.worksheets.getItem(name).activate();
      await context.sync();
    });
  }

  /**
   * Re-reads the Parameters sheet, with its value cells' formulas and number formats, in the
   * batch that writes it: only the fields the user changed are written, never over a formula
   * unless the caller says so, keeping each cell's number format where the value fits it.
   */
  saveParameters(values: ParameterCellValues, options: SaveParametersOptions = {}): Promise<void> {
    return this.run(writeOptions(this.supports), async (context) => {
      const snapshot = await readSnapshot(context, [SHEETS.parameters], { supports: this.supports });
      const details = await readCellDetails(context, snapshot);
      const patch = parameterPatch(snapshot, values, { ...options, details });
      if (!patch.sheets.every((sp) => sp.blocks.length)) return;
      // These blocks overwrite the user's parameter cells: a failed save must not clear them.
      await applyPatch(context, patch, undefined, { suspendCalculation: this.canSuspendCalculation, clearWrittenCellsOnFailure: false });
    });
  }
}

/** Formulas and number formats of the Parameters sheet's used range (a small sheet: one read). */
async function readCellDetails(context: Excel.RequestContext, snapshot: WorkbookSnapshot): Promise<(row: number, col: number) => CellDetails | undefined> {
  const grid = findSheet(snapshot, SHEETS.parameters);
  if (!grid || !grid.rows.length) return () => undefined;
  const cols = Math.max(1, ...grid.rows.map((r) => r.length));
  const range = context.workbook.worksheets.getItem(grid.name).getRangeByIndexes(grid.startRow - 1, grid.startCol - 1, grid.rows.length, cols);
  range.load("formulas,numberFormat");
  await context.sync();
  const formulas = range.formulas as unknown[][];
  const formats = range.numberFormat as unknown[][];
  return (row, col) => {
    const formula = formulas[row - grid.startRow]?.[col - grid.startCol];
    const format = formats[row - grid.startRow]?.[col - grid.startCol];
    return {
      formula: typeof formula === "string" && formula.startsWith("=") ? formula : undefined,
      numberFormat: typeof format === "string" ? format : undefined,
    };
  };
}
