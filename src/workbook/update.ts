import { ColumnSpec, headerKey } from "./contract";
import { CellValue, SheetPatch, WorkbookSnapshot } from "./grid";
import { readTable, sheetNamed } from "./table";

/** One cell of an existing data row to change, by its sheet row and contract header. */
export interface CellUpdate {
  row: number;
  header: string;
  value: CellValue;
}

/**
 * Changes cells of rows already on a sheet (a status, an export date). Columns the sheet lacks
 * are added at the right end of its header, as appendRows does, so the user's columns stay put.
 */
export function updateCells(snapshot: WorkbookSnapshot, sheet: string, specs: readonly ColumnSpec[], updates: readonly CellUpdate[]): SheetPatch | null {
  if (!updates.length) return null;
  const grid = sheetNamed(snapshot, sheet);
  if (!grid) throw new Error(`cannot update sheet '${sheet}': it does not exist`);
  const table = readTable(grid, specs, false);
  const header = [...table.header];
  const index = new Map(table.index);
  const blocks: SheetPatch["blocks"] = [];
  for (const u of updates) {
    const key = headerKey(u.header);
    if (!index.has(key)) {
      index.set(key, header.length);
      blocks.push({ row: table.headerRow, col: grid.startCol + header.length, values: [[u.header]] });
      header.push(u.header);
    }
  }
  const sorted = [...updates].sort((a, b) => a.row - b.row);
  for (const u of sorted) {
    blocks.push({ row: u.row, col: grid.startCol + (index.get(headerKey(u.header)) ?? 0), values: [[u.value]] });
  }
  const specByKey = new Map(specs.map((s) => [headerKey(s.header), s.kind]));
  return {
    sheet: grid.name,
    create: false,
    headerRow: table.headerRow,
    headerCol: grid.startCol,
    header,
    columnKinds: header.map((h) => specByKey.get(headerKey(h)) ?? "text"),
    blocks,
  };
}

/** Merges patches for the same sheet into one, so a host creates each sheet once. */
export function mergePatches(...patches: (SheetPatch | null)[]): SheetPatch[] {
  const out: SheetPatch[] = [];
  for (const p of patches) {
    if (!p) continue;
    const same = out.find((o) => o.sheet.toLowerCase() === p.sheet.toLowerCase());
    if (!same) {
      out.push({ ...p, blocks: [...p.blocks] });
      continue;
    }
    same.blocks.push(...p.blocks);
    if (p.header.length > same.header.length) {
      same.header = p.header;
      same.columnKinds = p.columnKinds;
    }
  }
  return out;
}
