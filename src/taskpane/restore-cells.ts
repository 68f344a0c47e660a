import { serialToIso } from "../workbook/cells";
import { CellBlock, CellValue, ColumnKind, SheetPatch, WorkbookPatch, WorkbookSnapshot, cellAddress, findSheet, isCellError } from "../workbook/grid";
import { dateCell } from "../workbook/render";
import { cellText } from "./settings";

/** A cell a patch wrote over while it held a value, with that value as the user saw it. */
export interface OverwrittenCell {
  sheet: string;
  address: string;
  text: string;
  /** False for an error value (#N/A …), which cannot be written back as it was. */
  restorable: boolean;
}

export interface Restore {
  /** Writes the earlier values back; empty when the patch overwrote nothing. */
  patch: WorkbookPatch;
  cells: OverwrittenCell[];
}

/**
 * What to write back after Excel's undo of a failed write. That undo clears every cell the
 * write touched on existing sheets, which is right for appended rows but loses a value the
 * patch overwrote, e.g. the Exported date an "export again" replaces: without it the invoice
 * would look never exported, and the next export would send it to accounts payable twice.
 * Error values (#N/A …) cannot be written back as they were; they are listed, not restored.
 */
export function restorePatch(snapshot: WorkbookSnapshot, patch: WorkbookPatch): Restore {
  const sheets: SheetPatch[] = [];
  const cells: OverwrittenCell[] = [];
  for (const sp of patch.sheets) {
    const grid = sp.create ? undefined : findSheet(snapshot, sp.sheet);
    if (!grid) continue;
    const blocks: CellBlock[] = [];
    for (const block of sp.blocks) {
      block.values.forEach((row, r) =>
        row.forEach((_, c) => {
          const value = grid.rows[block.row + r - grid.startRow]?.[block.col + c - grid.startCol] ?? null;
          if (value === null || value === "") return;
          const kind = sp.columnKinds[block.col + c - grid.startCol];
          const restorable = !isCellError(value);
          cells.push({ sheet: grid.name, address: cellAddress(block.row + r, block.col + c), text: cellText(value, kind === "date"), restorable });
          if (restorable) blocks.push({ row: block.row + r, col: block.col + c, values: [[asWritten(value, kind)]] });
        }),
      );
    }
    if (blocks.length) sheets.push({ ...sp, create: false, blocks });
  }
  return { patch: { sheets }, cells };
}

/** Excel reads dates back as serial numbers; written back as numbers they would lose their date format. */
function asWritten(value: CellValue, kind: ColumnKind | undefined): CellValue {
  if (kind !== "date" || typeof value !== "number") return value;
  const iso = serialToIso(value);
  return iso ? dateCell(iso) : value;
}
