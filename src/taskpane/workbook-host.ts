import { PARAMETER_NAMES } from "../workbook/contract";
import { CellValue, WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";

export type ParameterKey = keyof typeof PARAMETER_NAMES;

/** Typed values for the Parameters sheet; null clears the cell (the run then uses its default). */
export type ParameterCellValues = Record<ParameterKey, CellValue>;

export type Progress = (doneRows: number, totalRows: number) => void;

/**
 * What the pane needs from a workbook, whether Excel holds it (OfficeWorkbookHost) or the pane
 * holds an .xlsx file the user opened (FileWorkbookHost). No Office type crosses it.
 */
export interface WorkbookHost {
  readonly mode: "excel" | "file";
  /** The workbook's sheets, or only those named (case-insensitive). */
  readSnapshot(sheetNames?: readonly string[]): Promise<WorkbookSnapshot>;
  /** Writes a run's patch all or nothing. */
  apply(patch: WorkbookPatch, onProgress?: Progress): Promise<void>;
  /** Shows the user a cell a message is about; an empty address means the sheet as a whole. */
  selectCell(sheet: string, address: string): Promise<void>;
  activateSheet(name: string): Promise<void>;
  saveParameters(values: ParameterCellValues): Promise<void>;
}
