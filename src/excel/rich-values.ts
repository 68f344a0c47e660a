import { CellValue, isCellError } from "../workbook/grid";
import { REQUEST_BUDGET_BYTES, packBatches } from "./chunks";
import { halvesOfBatch, syncInHalves } from "./sync-in-halves";
import { MAX_RANGES_PER_SYNC, RANGE_OVERHEAD_BYTES } from "./request-size";

/**
 * Cells holding Excel data types (entities, linked data types such as Stocks or Geography,
 * pictures in cells). `Range.values` gives such a cell as its basic value, the error text
 * "#VALUE!" (Excel.EntityCellValue: basicType "Error", basicValue "#VALUE!"), so a customer
 * account typed as a linked entity would read as an error. `Range.valuesAsJson` (ExcelApi 1.16,
 * Excel.CellValue) gives the value itself: an entity's `text` is what the cell shows, and that
 * is what the add-in reads. Other data types (a picture) are refused by the parsers with a
 * message naming the cell and what was expected.
 */

export const RICH_VALUES_API = { set: "ExcelApi", version: "1.16" } as const;

/** An Excel.CellValue as valuesAsJson gives it; only the fields read here. */
export interface CellValueJson {
  type?: string;
  basicType?: string;
  basicValue?: unknown;
  text?: string;
  numberFormat?: string;
}

export const DATA_TYPE_UNREADABLE = "a data type (such as a linked Stocks or Geography value) that this version of Excel does not give add-ins as a value; type the value itself";
const PICTURE = "a picture in the cell";
const NO_TEXT = "a data type without display text";
const FUNCTION = "a function value";

/**
 * One cell from valuesAsJson as the contract reads it: the four basic types as `values` gives
 * them, an entity or linked entity as its display text, a formatted number as its number.
 */
export function fromCellValueJson(json: unknown): CellValue {
  if (typeof json !== "object" || json === null) return { error: "#VALUE!", dataType: NO_TEXT };
  const cell = json as CellValueJson;
  switch (cell.type) {
    case "Empty":
      return null;
    case "String":
    case "Double":
    case "Boolean":
    case "FormattedNumber":
      return basic(cell);
    case "Error":
      return { error: typeof cell.basicValue === "string" ? cell.basicValue : "#VALUE!" };
    case "Entity":
    case "LinkedEntity":
      return typeof cell.text === "string" && cell.text.trim() !== "" ? cell.text : { error: errorText(cell), dataType: NO_TEXT };
    case "WebImage":
    case "LocalImage":
      return { error: errorText(cell), dataType: PICTURE };
    case "Function":
      return { error: errorText(cell), dataType: FUNCTION };
    default:
      // NotAvailable and types newer than this code: their basic value is what `values` gives.
      return cell.basicType && cell.basicType !== "Error" ? basic(cell) : { error: errorText(cell), dataType: NO_TEXT };
  }
}

function basic(cell: CellValueJson): CellValue {
  const v = cell.basicValue;
  if (typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "string") return v === "" && cell.type !== "String" ? null : v;
  return null;
}

const errorText = (cell: CellValueJson): string => (typeof cell.basicValue === "string" && cell.basicValue.startsWith("#") ? cell.basicValue : "#VALUE!");

/** A cell `values` gave as "#VALUE!" (or typed RichValue) may be a data type: valuesAsJson says. */
export function mayBeDataType(value: CellValue): boolean {
  return isCellError(value) && value.error === "#VALUE!" && value.malformedNumber === undefined;
}

/** A cell to look up: its sheet, its 0-based sheet position, and where its reading goes. */
export interface RichCell {
  sheet: Excel.Worksheet;
  /** Groups cells of one sheet; a worksheet proxy's identity is not enough across batches. */
  sheetKey: string;
  row: number;
  col: number;
  set: (value: CellValue) => void;
}

interface Run {
  cells: RichCell[];
}

/** An entity's JSON carries its properties: a generous guess so batches stay far below 5 MB. */
const RICH_BYTES_PER_CELL = 4_000;
/** A range of data types whose guessed size fits one request. */
const MAX_CELLS_PER_RUN = Math.floor((REQUEST_BUDGET_BYTES - RANGE_OVERHEAD_BYTES) / RICH_BYTES_PER_CELL);

/**
 * Reads valuesAsJson for the given cells only (data types are rare: the rest of a sheet is read
 * once, through values and valueTypes). Cells in consecutive rows of a column are one range;
 * ranges are packed under the byte budget and the per-sync cap, and a batch Excel finds too
 * large is retried in halves.
 */
export async function readRichValues(context: Excel.RequestContext, cells: readonly RichCell[]): Promise<void> {
  const runs = columnRuns(cells);
  const cost = (run: Run): number => run.cells.length * RICH_BYTES_PER_CELL + RANGE_OVERHEAD_BYTES;
  for (const batch of packBatches(runs, cost, REQUEST_BUDGET_BYTES, MAX_RANGES_PER_SYNC)) await readRuns(context, batch);
}

async function readRuns(context: Excel.RequestContext, batch: Run[]): Promise<void> {
  await syncInHalves(context, batch, queueRuns, splitRuns);
}

function queueRuns(batch: Run[]): () => void {
  const loaded = batch.map((run) => {
    const [first] = run.cells;
    const range = first.sheet.getRangeByIndexes(first.row, first.col, run.cells.length, 1).load("valuesAsJson");
    return { run, range };
  });
  return () => {
    for (const { run, range } of loaded) {
      const json = range.valuesAsJson as unknown[][];
      run.cells.forEach((cell, i) => cell.set(fromCellValueJson(json[i]?.[0])));
    }
  };
}

function columnRuns(cells: readonly RichCell[]): Run[] {
  const sorted = [...cells].sort((a, b) => (a.sheetKey < b.sheetKey ? -1 : a.sheetKey > b.sheetKey ? 1 : a.col - b.col || a.row - b.row));
  const runs: Run[] = [];
  for (const cell of sorted) {
    const run = runs[runs.length - 1];
    const last = run?.cells[run.cells.length - 1];
    const joins = last && last.sheetKey === cell.sheetKey && last.col === cell.col && last.row + 1 === cell.row && run.cells.length < MAX_CELLS_PER_RUN;
    if (joins) run.cells.push(cell);
    else runs.push({ cells: [cell] });
  }
  return runs;
}

function splitRuns(batch: Run[]): Run[][] | null {
  const split = halvesOfBatch(batch);
  if (split) return split;
  const [run] = batch;
  if (run.cells.length < 2) return null;
  const mid = Math.ceil(run.cells.length / 2);
  return [[{ cells: run.cells.slice(0, mid) }], [{ cells: run.cells.slice(mid) }]];
}
