import { SHEETS } from "../workbook/contract";
import { WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { parameterPatch } from "../taskpane/parameter-patch";
import { ParameterCellValues, Progress, WorkbookHost } from "../taskpane/workbook-host";
import { readSnapshot } from "./read-snapshot";
import { applyPatch } from "./write-patch";

export type ExcelRunner = <T>(batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** The workbook open in Excel. Each operation is one Excel.run, so no proxy outlives its batch. */
export class OfficeWorkbookHost implements WorkbookHost {
  readonly mode = "excel";

  constructor(
    private readonly run: ExcelRunner = (batch) => Excel.run(batch),
    /** ExcelApi 1.8 (suspendApiCalculationUntilNextSync); Office.context tells at run time. */
    private readonly canSuspendCalculation = supportsApi("1.8"),
  ) {}

  readSnapshot(sheetNames: readonly string[] = Object.values(SHEETS)): Promise<WorkbookSnapshot> {
    // Only the contract's sheets: a workbook's other sheets can be large and are never read.
    return this.run((context) => readSnapshot(context, sheetNames));
  }

  apply(patch: WorkbookPatch, onProgress?: Progress): Promise<void> {
    return this.run((context) => applyPatch(context, patch, onProgress, { suspendCalculation: this.canSuspendCalculation }));
  }

  selectCell(sheet: string, address: string): Promise<void> {
    return this.run(async (context) => {
      const worksheet = context.workbook.worksheets.getItem(sheet);
      worksheet.activate();
      if (address) worksheet.getRange(address).select();
      await context.sync();
    });
  }

  activateSheet(name: string): Promise<void> {
    return this.run(async (context) => {
      context.workbook.worksheets.getItem(name).activate();
      await context.sync();
    });
  }

  saveParameters(values: ParameterCellValues): Promise<void> {
    return this.run(async (context) => {
      const snapshot = await readSnapshot(context, [SHEETS.parameters]);
      // These blocks overwrite the user's parameter cells: a failed save must not clear them.
      await applyPatch(context, parameterPatch(snapshot, values), undefined, { suspendCalculation: this.canSuspendCalculation, clearWrittenCellsOnFailure: false });
    });
  }
}

function supportsApi(version: string): boolean {
  return typeof Office !== "undefined" && Office.context?.requirements?.isSetSupported("ExcelApi", version) === true;
}
