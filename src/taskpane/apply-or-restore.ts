import { ExcelWriteError } from "../excel/write-error";
import { WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { OverwrittenCell, restorePatch } from "./restore-cells";
import { Progress, WorkbookHost } from "./workbook-host";

/** A failed write whose undo left cells the user must check: each is named with its earlier value. */
export class OverwrittenCellsError extends Error {
  constructor(
    message: string,
    readonly cells: readonly OverwrittenCell[],
  ) {
    super(message);
    this.name = "OverwrittenCellsError";
  }
}

const cellsText = (n: number): string => `${n.toLocaleString("en-US")} ${n === 1 ? "cell" : "cells"}`;

/**
 * host.apply, made whole again where Excel's undo is not: that undo clears every cell it wrote,
 * including those that held a value before (an earlier Exported date, a Status), so those are
 * written back from the snapshot the patch was prepared from. The file host needs none of this:
 * a failed write leaves its bytes as they were.
 */
export async function applyOrRestore(host: WorkbookHost, snapshot: WorkbookSnapshot, patch: WorkbookPatch, onProgress?: Progress): Promise<void> {
  try {
    await host.apply(patch, onProgress);
  } catch (error) {
    if (!(error instanceof ExcelWriteError)) throw error;
    const restore = restorePatch(snapshot, patch);
    if (!restore.cells.length) throw error;
    if (error.undo.failure !== undefined) {
      throw new OverwrittenCellsError(`${error.message} Of those, these ${cellsText(restore.cells.length)} held values before: give them back these values.`, restore.cells);
    }
    const restorable = restore.patch.sheets.reduce((n, sp) => n + sp.blocks.length, 0);
    try {
      if (restorable) await host.apply(restore.patch);
    } catch {
      throw new OverwrittenCellsError(`${error.message} Writing back the ${cellsText(restore.cells.length)} that held values before failed too: type these values back before trying again.`, restore.cells);
    }
    if (restorable < restore.cells.length) {
      const lost = restore.cells.filter((c) => !c.restorable);
      throw new OverwrittenCellsError(`${error.message} These ${cellsText(lost.length)} held error values that cannot be written back: check them.`, lost);
    }
    throw new Error(`${error.message} The ${cellsText(restorable)} that held values before (such as earlier Exported dates) were given those values back.`);
  }
}
