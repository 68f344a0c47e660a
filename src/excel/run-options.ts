/**
 * How the add-in starts its Excel batches. Two documented behaviours matter to every batch:
 *
 * - While the user is editing a cell, a batch fails with InvalidOperationInCellEditMode unless
 *   it is started with `delayForCellEdit: true`, which makes Excel wait until the edit ends.
 * - Each context.sync() is one undo record, so Ctrl+Z after a run that took five syncs would
 *   undo only its last fifth. `mergeUndoGroup: true` (ExcelApi 1.20) makes one Excel.run one
 *   undo record; older Excel ignores the option and the run stays several records.
 */

/** Excel.run with its options; injectable so tests can run batches against a fake Excel. */
export type ExcelRunner = <T>(options: Excel.RunOptions, batch: (context: Excel.RequestContext) => Promise<T>) => Promise<T>;

/** Office.context.requirements.isSetSupported, as a plain function. */
export type SupportsApi = (set: string, version: string) => boolean;

export const excelRun: ExcelRunner = (options, batch) => Excel.run(options, batch);

/** The host's requirement-set check; false outside Office or where it throws. */
export const officeSupports: SupportsApi = (set, version) => {
  try {
    return typeof Office !== "undefined" && Office.context?.requirements?.isSetSupported(set, version) === true;
  } catch {
    return false;
  }
};

/** Options for a batch that only reads. */
export function readOptions(): Excel.RunOptions {
  return { delayForCellEdit: true };
}

/** Options for a batch that writes: one undo record where this Excel can merge them. */
export function writeOptions(supports: SupportsApi): Excel.RunOptions {
  return supports("ExcelApi", "1.20") ? { delayForCellEdit: true, mergeUndoGroup: true } : { delayForCellEdit: true };
}
