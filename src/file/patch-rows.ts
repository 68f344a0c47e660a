import { CellBlock, CellValue, SheetPatch } from "../workbook/grid";
import { cellTags, writeCell } from "./cell-xml";
import type { SheetEntry } from "./package-parts";
import { StyleSheet } from "./style-sheet";
import { XmlBytes } from "./xml-bytes";

/**
 * The cells a sheet patch writes, as the writer places them: by row (collected only when a row
 * meets existing XML), or straight from the patch's blocks for a new sheet, and whole new rows
 * written into bytes with their number formats.
 */

export const DATE_FORMAT = "yyyy-mm-dd";

/** "#,##0.00" for 2 decimals, "#,##0" for 0, "#,##0.000" for 3: amounts show their currency's decimals. */
export function amountFormat(decimals: number): string {
  return decimals > 0 ? `#,##0.${"0".repeat(decimals)}` : "#,##0";
}

/** One cell the patch writes, and the number format to give it. */
export interface PatchCell {
  col: number;
  value: CellValue;
  numFmt: string | null;
}

export interface Target {
  patch: SheetPatch;
  sheet: SheetEntry | null;
  /** The worksheet part (existing or new). */
  path: string;
  /**
   * Patched cells by sheet row, columns ascending. Collected on first use: a new sheet is
   * written straight from its blocks (a million cells at 100,000 customers) and never needs them.
   */
  readonly rows: Map<number, PatchCell[]>;
}

export function newTarget(patch: SheetPatch, sheet: SheetEntry | null, path: string): Target {
  let rows: Map<number, PatchCell[]> | undefined;
  return {
    patch, sheet, path,
    get rows() {
      return (rows ??= collectCells(patch));
    },
  };
}

/** The column kinds' number formats: a cell's format follows from its value, its column's kind and its row's decimals. */
export class FormatsOf {
  private readonly amounts: string[] = [];
  private readonly firstCol: number;

  constructor(private readonly sp: SheetPatch) {
    this.firstCol = sp.create ? 1 : sp.headerCol ?? 1;
  }

  of(value: CellValue, col: number, decimals: number): string | null {
    const kind = this.sp.columnKinds[col - this.firstCol];
    if (typeof value === "number" && kind === "amount") return (this.amounts[decimals] ??= amountFormat(decimals));
    if (value instanceof Date || (typeof value === "number" && kind === "date")) return DATE_FORMAT;
    return null;
  }
}

/** The style a new sheet's cell starts from, before its number format: the workbook's default (cellXfs 0). */
export const NEW_CELL_STYLE = 0;

/**
 * The number formats a new sheet's rows (its header row left out) ask for, each once, in the
 * order their first cells come, row by row: the order NewRows asks the style sheet for them.
 * The walk stops once every format the columns can give has come (an amount column's, one per
 * row decimals, and a date column's); a sheet without a date column is walked to its end, as
 * a date may be in any column.
 */
export function formatsInOrder(sp: SheetPatch, blocks: readonly CellBlock[]): string[] {
  const formats = new FormatsOf(sp);
  const hasDate = sp.columnKinds.includes("date");
  let possible = hasDate ? 1 : Infinity;
  if (hasDate && sp.columnKinds.includes("amount")) {
    const decimals = new Set<number>();
    for (const block of blocks) for (let i = 0; i < block.values.length; i++) if (block.row + i !== sp.headerRow) decimals.add(block.rowDecimals?.[i] ?? 2);
    possible += decimals.size;
  }
  const order: string[] = [];
  const seen = new Set<string>();
  for (const block of blocks) {
    for (let i = 0; i < block.values.length; i++) {
      if (block.row + i === sp.headerRow) continue;
      const values = block.values[i];
      const decimals = block.rowDecimals?.[i] ?? 2;
      for (let j = 0; j < values.length; j++) {
        const format = formats.of(values[j], block.col + j, decimals);
        if (format === null || seen.has(format)) continue;
        seen.add(format);
        order.push(format);
        if (seen.size === possible) return order;
      }
    }
  }
  return order;
}

/** formatsInOrder of a new sheet, whether it is written from its blocks or (blocks that overlap: hand-made patches) from its rows. */
export function newSheetFormats(target: Target): string[] {
  const sp = target.patch;
  const blocks = disjointBlocks(sp);
  if (blocks) return formatsInOrder(sp, blocks);
  const order: string[] = [];
  for (const row of [...target.rows.keys()].sort((a, b) => a - b)) {
    if (row === sp.headerRow) continue;
    for (const c of target.rows.get(row) as PatchCell[]) if (c.numFmt !== null && !order.includes(c.numFmt)) order.push(c.numFmt);
  }
  return order;
}

/** The cells of the patch by row, with the number formats of their columns' kinds. */
function collectCells(sp: SheetPatch): Map<number, PatchCell[]> {
  const byRow = new Map<number, PatchCell[]>();
  const formats = new FormatsOf(sp);
  /** Rows that more than one block writes to: only these need sorting out. */
  const shared = new Set<number>();
  for (const block of sp.blocks) {
    for (let i = 0; i < block.values.length; i++) {
      const values = block.values[i];
      const rowNumber = block.row + i;
      const decimals = block.rowDecimals?.[i] ?? 2;
      let cells = byRow.get(rowNumber);
      if (cells) shared.add(rowNumber);
      else byRow.set(rowNumber, (cells = []));
      for (let j = 0; j < values.length; j++) {
        const value = values[j];
        const col = block.col + j;
        cells.push({ col, value, numFmt: formats.of(value, col, decimals) });
      }
    }
  }
  for (const row of shared) {
    // A later block wins a cell written twice; then columns ascending.
    const last = new Map<number, PatchCell>();
    for (const c of byRow.get(row) as PatchCell[]) last.set(c.col, c);
    byRow.set(row, [...last.values()].sort((a, b) => a.col - b.col));
  }
  return byRow;
}

/** What a new sheet's table needs of its rows: how many, the last, and the header row's cell count; its cells are not collected for it. */
export function rowsExtent(target: Target): { count: number; bottom: number; headerCells: number } {
  const sp = target.patch;
  const blocks = disjointBlocks(sp);
  if (!blocks) {
    let bottom = 0;
    for (const row of target.rows.keys()) bottom = Math.max(bottom, row);
    return { count: target.rows.size, bottom, headerCells: target.rows.get(sp.headerRow)?.length ?? 0 };
  }
  let count = 0;
  let bottom = 0;
  let headerCells = 0;
  for (const block of blocks) {
    if (!block.values.length) continue;
    count += block.values.length;
    bottom = Math.max(bottom, block.row + block.values.length - 1);
    const header = sp.headerRow - block.row;
    if (header >= 0 && header < block.values.length) headerCells = block.values[header].length;
  }
  return { count, bottom, headerCells };
}

/** The patch's blocks by first row when no two write to the same row (a rendered sheet's header and data); else null. */
export function disjointBlocks(sp: SheetPatch): CellBlock[] | null {
  const blocks = [...sp.blocks].sort((a, b) => a.row - b.row);
  for (let i = 1; i < blocks.length; i++) if (blocks[i].row < blocks[i - 1].row + blocks[i - 1].values.length) return null;
  return blocks;
}

/**
 * Whole new rows written into bytes: `<row r="N">` and its cells, each with the number format
 * of its kind (a header row: bold). Shared by new sheets and rows appended to a sheet.
 */
export class NewRows {
  /** withNumFmt(base, format), by base style and format. */
  private readonly styleOf: Map<string, number>[] = [];
  private readonly tags;
  private readonly rowOpen: string;
  private readonly rowClose: string;

  constructor(
    private readonly out: XmlBytes,
    prefix: string,
    private readonly styles: StyleSheet,
    private readonly date1904: boolean,
    /** The row whose cells all have one style (a new sheet's bold header), if any. */
    private readonly header: { row: number; style: number } | null,
    /** The style a new cell of a column starts from (the sheet's column style), before its number format. */
    private readonly baseStyle: (col: number) => number = () => NEW_CELL_STYLE,
  ) {
    this.tags = cellTags(prefix);
    this.rowOpen = `<${prefix}row r="`;
    this.rowClose = `</${prefix}row>`;
  }

  private style(col: number, numFmt: string | null, row: number): number {
    if (this.header && row === this.header.row) return this.header.style;
    const base = this.baseStyle(col);
    if (numFmt === null) return base;
    // withNumFmt gives a pair the style it gave it first: asked once per base and format, in the same order.
    let formats = this.styleOf[base];
    if (formats === undefined) this.styleOf[base] = formats = new Map<string, number>();
    let s = formats.get(numFmt);
    if (s === undefined) formats.set(numFmt, (s = this.styles.withNumFmt(base, numFmt)));
    return s;
  }

  private open(row: number): void {
    this.out.ascii(this.rowOpen);
    this.out.uint(row);
    this.out.ascii('">');
  }

  fromCells(row: number, cells: readonly PatchCell[]): void {
    this.open(row);
    for (const c of cells) writeCell(this.out, this.tags, c.col, row, c.value, this.style(c.col, c.numFmt, row), this.date1904);
    this.out.ascii(this.rowClose);
  }

  fromValues(row: number, firstCol: number, values: readonly CellValue[], formats: FormatsOf, decimals: number): void {
    this.open(row);
    for (let j = 0; j < values.length; j++) {
      const col = firstCol + j;
      const value = values[j];
      writeCell(this.out, this.tags, col, row, value, this.style(col, formats.of(value, col, decimals), row), this.date1904);
    }
    this.out.ascii(this.rowClose);
  }
}

