import { PARAMETER_NAMES } from "../workbook/contract";
import { CellValue, WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";

export type ParameterKey = keyof typeof PARAMETER_NAMES;

/** Typed values for the Parameters sheet; null clears the cell (the run then uses its default). */
export type ParameterCellValues = Record<ParameterKey, CellValue>;

/** How a save treats the sheet as it is now (see parameter-patch.ts). */
export interface SaveParametersOptions {
  /**
   * The form as it was loaded from the sheet: only the fields the user changed since are
   * written, and a changed field whose cell was also edited in the sheet since is refused.
   * Absent: every field is written (a sheet the pane created, tests).
   */
  loaded?: Record<ParameterKey, string>;
  /** Write over value cells that hold formulas; without it such a save is refused. */
  overwriteFormulas?: boolean;
}

export type Progress = (doneRows: number, totalRows: number) => void;

/**
 * What the pane needs from a workbook, whether Excel holds it (OfficeWorkbookHost) or the pane
 * holds an .xlsx file the user opened (FileWorkbookHost). No Office type crosses it.
 */
export interface WorkbookHost {
  readonly mode: "excel" | "file";
  /** The workbook's sheets, or only those named (case-insensitive); Excel reports the rows read as it goes. */
  readSnapshot(sheetNames?: readonly string[], onProgress?: Progress): Promise<WorkbookSnapshot>;
  /** Writes a run's patch all or nothing. */
  apply(patch: WorkbookPatch, onProgress?: Progress): Promise<void>;
  /** Shows the user a cell a message is about; an empty address means the sheet as a whole. */
  selectCell(sheet: string, address: string): Promise<void>;
  activateSheet(name: string): Promise<void>;
  saveParameters(values: ParameterCellValues, options?: SaveParametersOptions): Promise<void>;
  /**
   * Saves the workbook where it lives (Excel only): true when saved, false when this Excel cannot
   * save from an add-in and the user must. Absent: the pane holds the file (file mode downloads it).
   */
  save?(): Promise<boolean>;
}
