import { ColumnSpec, headerKey } from "./contract";
import { CellValue, ColumnKind, SheetPatch, WorkbookSnapshot } from "./grid";
import { lastTableRow, readTableHeader, sheetNamed } from "./table";

/** One output row, keyed by the contract's header text. */
export type OutputRow = Readonly<Record<string, CellValue>>;

/**
 * Appends rows to an output sheet, creating it with the contract's header on first use. An
 * existing sheet keeps its column order and extra columns; contract columns it lacks are added
 * at the right end of its header, so nothing the user put there is moved or overwritten.
 */
export function appendRows(
  snapshot: WorkbookSnapshot,
  sheet: string,
  specs: readonly ColumnSpec[],
  rows: readonly OutputRow[],
  rowDecimals?: number[],
): SheetPatch | null {
  if (!rows.length) return null;
  const grid = sheetNamed(snapshot, sheet);
  if (!grid) {
    const header = specs.map((s) => s.header);
    return {
      sheet,
      create: true,
      headerRow: 1,
      headerCol: 1,
      header,
      columnKinds: specs.map((s) => s.kind),
      blocks: [
        { row: 1, col: 1, values: [header] },
        { row: 2, col: 1, values: rows.map((r) => specs.map((s) => r[s.header] ?? null)), rowDecimals },
      ],
    };
  }
  // Only the header and the last row count: no row objects for a sheet of a million rows.
  const table = readTableHeader(grid, specs, false);
  const header = [...table.header];
  const blocks: SheetPatch["blocks"] = [];
  const added: string[] = [];
  for (const spec of specs) {
    if (!table.index.has(headerKey(spec.header))) added.push(spec.header);
  }
  if (added.length) {
    blocks.push({ row: table.headerRow, col: grid.startCol + header.length, values: [added] });
    header.push(...added);
  }
  const specByKey = new Map(specs.map((s) => [headerKey(s.header), s]));
  const columnSpecs = header.map((h) => specByKey.get(headerKey(h)));
  const columnKinds: ColumnKind[] = columnSpecs.map((s) => s?.kind ?? "text");
  const values = rows.map((r) => columnSpecs.map((s) => (s ? r[s.header] ?? null : null)));
  const lastRow = lastTableRow(table);
  blocks.push({ row: lastRow + 1, col: grid.startCol, values, rowDecimals });
  return { sheet: grid.name, create: false, headerRow: table.headerRow, headerCol: grid.startCol, header, columnKinds, blocks };
}
