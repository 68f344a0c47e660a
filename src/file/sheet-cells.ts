import { CellValue, SheetGrid, cellAddress, padsRowsToWidth } from "../workbook/grid";
import { DAY_MS, DayCache } from "../workbook/day-cache";
import { EXCEL_COLUMNS, EXCEL_ROWS, XlsxError, count, xlsxLimits } from "./limits";
import { SharedStrings, excelText, sharedStringsOf } from "./shared-strings";
import { Name } from "./xml-events";
import { CellHandler, NotPlainXml, PlainCell, TagAttributes, TextRun, scanXmlPart } from "./xml-scan";
import { ZipArchive, ZipEntry } from "./zip-archive";

/**
 * One worksheet part read cell by cell (ECMA-376 Part 1, 18.3.1), each cell as Excel shows it:
 * shared and inline strings, numbers, booleans, errors, the cached result of a formula of any
 * type, dates where the cell's style has a date format (1900 or 1904 system). Cost and memory
 * follow the cells present: rows are kept as far as their last value, gaps share one empty row,
 * and merged ranges are applied to the cells inside them, never to the range's area.
 */

export interface WorkbookContext {
  /** The shared-strings table (a list will do where a table is made in memory). */
  strings: SharedStrings | readonly (string | null)[];
  dateStyles: readonly boolean[];
  date1904: boolean;
  /** Non-empty cells read so far in the workbook, against xlsxLimits.cells. */
  cells: { count: number };
}

/** Serial 25569 is 1970-01-01 in the 1900 system; 1904's serial 0 is 1462 days later. */
const EPOCH_1900 = 25569;
const EPOCH_1904 = 24107;
const EMPTY_ROW: CellValue[] = [];
/** The types of one letter (t="s", "n", "b", "e", "d"), by the letter's byte. */
const ONE_LETTER_TYPES: (string | undefined)[] = [];
for (const t of ["s", "n", "b", "e", "d"]) ONE_LETTER_TYPES[t.charCodeAt(0)] = t;
/** A cell reference's characters ("XFD1048576" is 10). */
const REF = new Uint16Array(16);

interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * Where SheetReader.stream hands a sheet's rows instead of building its grid (a sheet of a
 * million rows digested as it is read, see transactions-offload.ts).
 */
export interface RowSink {
  /** A row with a value, rows in ascending order: its number and its cells from column A to its last value (an array of its own). */
  row(row: number, cells: CellValue[]): void;
  /**
   * What the reader throws on meeting what only the whole grid gets right: rows out of order
   * (the grid sorts and joins them), merged cells (`<mergeCells>` follows the rows).
   */
  unstreamable(what: string): Error;
}

/** The Date of a Unix day (midnight UTC). */
function dateOfDay(day: number): Date {
  return new Date(day * DAY_MS);
}

export class SheetReader implements CellHandler {
  private rowNumbers: number[] = [];
  private rowCells: CellValue[][] = [];
  private readonly merges: Merge[] = [];
  /** One Date per day: a ledger's million dates hold a few hundred days. */
  private readonly days = new DayCache<Date>(1, new Date(NaN));
  /** Where the rows go instead of the grid (SheetReader.stream), set before the first byte is read. */
  private sink: RowSink | null = null;

  private row = 0;
  /** The current row's cells (scratch space reused per row; `used` of them belong to it). */
  private readonly cells: CellValue[] = [];
  private used = 0;
  /** The longest row so far, to its last value. */
  private widest = 0;
  private col = 0;
  private type = "";
  private style = 0;
  private formula = false;
  private capture = 0; // 1: <v>, 2: <t> of an inline string
  private inInline = false;
  private skip = 0;
  private value = "";
  /**
   * The <v> the scanner read as a number (numeric), else `value` holds its text. NaN (a double,
   * never read before it is set), not 0: the first fraction would widen a small-integer field,
   * and V8 would drop the whole scanner's optimized code mid-sheet (docs/performance.md, stop 30).
   */
  private number = NaN;
  private numeric = false;
  private hasValue = false;
  private inSheetData = false;
  private sorted = true;
  private readonly strings: SharedStrings;

  constructor(
    private readonly part: string,
    private readonly sheet: string,
    private readonly context: WorkbookContext,
  ) {
    const strings = context.strings;
    this.strings = "get" in strings ? strings : sharedStringsOf(strings);
  }

  /** Reads the part through the byte scanner (saxes for what it leaves); a second attempt starts afresh. */
  static async read(archive: ZipArchive, entry: ZipEntry, sheet: string, context: WorkbookContext): Promise<SheetGrid> {
    const before = context.cells.count;
    const reader = await scanXmlPart(entry.name, archive.chunker(entry), () => {
      context.cells.count = before;
      return new SheetReader(entry.name, sheet, context);
    });
    return reader.grid();
  }

  /**
   * The part's rows handed to a sink as they are read, no grid kept; `sink` is called for a
   * fresh sink on each attempt (a scan started again from the part's first byte). `chunks`, when
   * given, gives the part's bytes instead of the archive (a part read in two pieces at once).
   */
  static async stream(archive: ZipArchive, entry: ZipEntry, sheet: string, context: WorkbookContext, sink: () => RowSink, chunks?: () => AsyncIterable<Uint8Array>): Promise<void> {
    const before = context.cells.count;
    await scanXmlPart(entry.name, chunks ?? archive.chunker(entry), () => {
      context.cells.count = before;
      const reader = new SheetReader(entry.name, sheet, context);
      reader.sink = sink();
      return reader;
    });
  }

  open(e: Name, attributes: TagAttributes): void {
    // Other vocabularies (extensions, markup compatibility) hold nothing a cell shows.
    if (e.ns !== "main" || this.skip) {
      this.skip++;
      return;
    }
    switch (e.local) {
      case "c":
        this.openCell(attributes);
        return;
      case "v":
        if (this.col) {
          this.capture = 1;
          this.value = "";
          this.numeric = false;
        }
        return;
      case "f":
        this.formula = true;
        return;
      case "is":
        this.inInline = true;
        this.value = "";
        this.numeric = false;
        this.hasValue = true;
        return;
      case "t":
        if (this.inInline) this.capture = 2;
        return;
      case "rPh":
      case "phoneticPr":
        if (this.inInline) this.skip++;
        return;
      case "row":
        if (this.inSheetData) this.openRow(attributes);
        return;
      case "sheetData":
        this.inSheetData = true;
        return;
      case "mergeCell":
        this.addMerge(attributes.get("ref"));
        return;
    }
  }

  /** Outside other vocabularies' elements, a cell is read wherever it stands, as open() reads it. */
  get takesCells(): boolean {
    return this.skip === 0;
  }

  /** A plain cell whole: what open(c), open(v), text, close(v) and close(c) do, in that order. */
  cell(c: PlainCell): void {
    if (!this.openPlainCell(c)) this.openCell(c);
    if (c.hasV) {
      this.capture = 1;
      this.value = "";
      this.numeric = false;
      if (c.end > c.start) this.text(c);
      this.capture = 0;
      this.hasValue = true;
    }
    this.closeCell();
  }

  /**
   * openCell for the common attribute values, read from the bytes: an A1 reference in the
   * current row (or none), a style of digits, a type of one to three letters. Returns false,
   * having changed nothing, for anything else, which openCell then reads (and refuses).
   */
  private openPlainCell(c: PlainCell): boolean {
    const b = c.bytes;
    let col = this.col + 1;
    if (c.refStart >= 0) {
      const end = c.refEnd;
      let i = c.refStart;
      col = 0;
      for (; i < end && i - c.refStart < 3; i++) {
        const x = b[i] | 32;
        if (x < 97 || x > 122) break;
        col = col * 26 + x - 96;
      }
      if (i === c.refStart || i - c.refStart > 3 || end - i > 7) return false;
      if (i < end) {
        let row = 0;
        for (; i < end; i++) {
          const x = b[i];
          if (x < 48 || x > 57) return false;
          row = row * 10 + x - 48;
        }
        if (row !== this.row) return false;
      }
    }
    if (col > EXCEL_COLUMNS || this.row === 0) return false;
    let type = "";
    if (c.typeStart >= 0) {
      const t = c.typeEnd - c.typeStart === 1 ? ONE_LETTER_TYPES[b[c.typeStart]] : undefined;
      type = t ?? (c.get("t") as string);
    }
    let style = 0;
    if (c.styleStart >= 0) {
      const end = c.styleEnd;
      if (end === c.styleStart || end - c.styleStart > 9) style = c.number("s") as number;
      else
        for (let i = c.styleStart; i < end; i++) {
          const x = b[i];
          if (x < 48 || x > 57) {
            style = c.number("s") as number;
            break;
          }
          style = style * 10 + x - 48;
        }
    }
    this.col = col;
    this.type = type;
    this.style = style;
    this.formula = false;
    this.hasValue = false;
    this.numeric = false;
    this.value = "";
    return true;
  }

  close(e: Name): void {
    if (this.skip) {
      this.skip--;
      return;
    }
    if (e.ns !== "main") return;
    switch (e.local) {
      case "c":
        this.closeCell();
        return;
      case "v":
        if (this.capture === 1) {
          this.capture = 0;
          this.hasValue = true;
        }
        return;
      case "t":
        if (this.capture === 2) this.capture = 0;
        return;
      case "is":
        this.inInline = false;
        return;
      case "row":
        this.closeRow();
        return;
      case "sheetData":
        this.inSheetData = false;
        return;
    }
  }

  text(run: TextRun): void {
    if (!this.capture) return;
    if (this.capture === 1 && (this.type === "" || this.type === "n" || this.type === "s")) {
      // The scanner reads plain digits as the number Number(text) gives, without the string.
      if (this.numeric) throw new NotPlainXml("a value in pieces");
      if (this.value === "") {
        const n = run.plainNumber();
        if (n === n) {
          this.number = n;
          this.numeric = true;
          return;
        }
      }
    }
    this.value += run.text();
  }

  private openRow(attributes: TagAttributes): void {
    const given = attributes.number("r");
    const n = given === undefined ? this.row + 1 : given;
    if (!Number.isInteger(n) || n < 1 || n > EXCEL_ROWS) throw this.problem(`a row numbered '${attributes.get("r")}', outside Excel's rows 1 to ${count(EXCEL_ROWS)}`);
    if (n <= this.row) {
      if (this.sink) throw this.sink.unstreamable(`row ${n} after row ${this.row}`);
      this.sorted = false;
    }
    this.row = n;
    this.col = 0;
    this.used = 0;
  }

  private closeRow(): void {
    const cells = this.cells;
    let last = this.used - 1;
    while (last >= 0 && cells[last] === null) last--;
    if (last < 0) return;
    if (this.sink) {
      this.sink.row(this.row, cells.slice(0, last + 1));
      return;
    }
    this.rowNumbers.push(this.row);
    // A copy of exactly the row's length (an array grown by push keeps room for 17 or more);
    // a row a few cells shorter than the widest so far (a table's row without its last, empty
    // column) is kept at that width, so that padding the grid to its width copies nothing.
    const length = last + 1;
    const keep = this.widest > length && this.widest - length <= 8 ? this.widest : length;
    while (this.used < keep) cells[this.used++] = null;
    this.rowCells.push(cells.slice(0, keep));
    if (length > this.widest) this.widest = length;
  }

  /** The column of a cell reference such as "AB12" in the current row, or -1 when it is not one. */
  private columnOf(ref: Uint16Array, length = ref.length): number {
    let col = 0;
    let i = 0;
    for (; i < length; i++) {
      const c = ref[i];
      if (c >= 65 && c <= 90) col = col * 26 + c - 64;
      else if (c >= 97 && c <= 122) col = col * 26 + c - 96;
      else break;
    }
    if (i === 0 || i > 3) return -1;
    if (i < length) {
      let row = 0;
      let j = i;
      for (; j < length; j++) {
        const c = ref[j];
        if (c < 48 || c > 57) break;
        row = row * 10 + c - 48;
      }
      // Anything but digits: the number Number() reads from the rest, as for the text.
      if (j < length || length - i > 15) row = Number(String.fromCharCode(...ref.subarray(i, length)));
      if (row !== this.row) return -1;
    }
    return col;
  }

  private openCell(attributes: TagAttributes): void {
    let col = this.col + 1;
    const length = attributes.codes("r", REF);
    if (length >= 0) {
      col = length > REF.length ? this.columnOf(Uint16Array.from(attributes.get("r") as string, (ch) => ch.charCodeAt(0))) : this.columnOf(REF, length);
      if (col < 0) throw this.problem(`a cell addressed '${attributes.get("r")}' inside row ${this.row}`);
    }
    if (col > EXCEL_COLUMNS) throw this.problem(`a cell beyond column XFD, Excel's last`);
    if (this.row === 0) throw this.problem("a cell outside any row");
    this.col = col;
    this.type = attributes.get("t") ?? "";
    const s = attributes.number("s");
    this.style = s === undefined ? 0 : s;
    this.formula = false;
    this.hasValue = false;
    this.numeric = false;
    this.value = "";
  }

  private closeCell(): void {
    const value = !this.hasValue ? null : this.numeric ? this.numberValue(this.number, null) : this.cellValue(this.value);
    const col = this.col;
    const cells = this.cells;
    if (value !== null) {
      if (++this.context.cells.count > xlsxLimits.cells) throw new XlsxError(`the workbook holds more than ${count(xlsxLimits.cells)} cells with values, more than this tool reads`);
      while (this.used < col - 1) cells[this.used++] = null;
      cells[col - 1] = value;
      if (col > this.used) this.used = col;
    } else if (col <= this.used) cells[col - 1] = null;
    this.capture = 0;
  }

  /**
   * A shared string's index or a number, read from `text` (null when the scanner read the
   * digits itself): the cell types whose <v> is a number.
   */
  private numberValue(n: number, text: string | null): CellValue {
    if (this.type === "s") {
      const strings = this.strings;
      // The index as the number read ("007" is 7), so that both tokenizers name it alike.
      if (!Number.isInteger(n) || n < 0 || n >= strings.length) throw this.problem(`a reference to shared string ${Number.isFinite(n) ? n : text ?? n}, which the workbook does not have`, true);
      return strings.get(n);
    }
    return this.context.dateStyles[this.style] === true ? this.serialDate(n) : n;
  }

  private cellValue(text: string): CellValue {
    switch (this.type) {
      case "s":
        return text === "" ? null : this.numberValue(Number(text), text);
      case "str":
      case "inlineStr": {
        const decoded = excelText(text);
        return decoded === "" ? null : decoded;
      }
      case "b":
        if (text === "1" || text === "true") return true;
        if (text === "0" || text === "false") return false;
        if (text === "" && this.formula) return null;
        throw this.problem(`the logical value '${text}'`, true);
      case "e":
        return text === "" ? null : { error: text };
      case "d":
        return this.isoDate(text);
      case "":
      case "n": {
        if (text === "") return null;
        const n = Number(text);
        if (!Number.isFinite(n) || /^\s|\s$|^0x/i.test(text)) throw this.problem(`'${text.slice(0, 40)}' where a number belongs`, true);
        return this.numberValue(n, text);
      }
      default:
        throw this.problem(`a cell of unknown type '${this.type}'`, true);
    }
  }

  /**
   * The day a serial shows, at UTC midnight (ledger dates have no time of day). Excel's 1900
   * system counts a 29 February 1900 that never was: serials before it are a day later.
   */
  private serialDate(serial: number): CellValue {
    if (serial < 0 || serial >= 2958466) return serial; // Excel shows ##### , not a date
    const epoch = this.context.date1904 ? EPOCH_1904 : serial < 61 ? EPOCH_1900 - 1 : EPOCH_1900;
    const day = Math.floor(serial) - epoch;
    return this.days.get(day, dateOfDay);
  }

  private isoDate(text: string): CellValue {
    if (text === "") return null;
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
    // A time of day alone is serial 0.x: the day Excel's 1900 system shows for it.
    if (!m && /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text)) return this.serialDate(0);
    if (!m) throw this.problem(`the date '${text.slice(0, 40)}'`, true);
    return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  }

  private addMerge(ref: string | undefined): void {
    const m = /^\$?([A-Za-z]{1,3})\$?(\d{1,7}):\$?([A-Za-z]{1,3})\$?(\d{1,7})$/.exec(ref ?? "");
    if (!m) return; // a one-cell "merge" changes nothing shown
    if (this.merges.length >= xlsxLimits.merges) throw this.problem(`more than ${count(xlsxLimits.merges)} merged ranges`);
    if (this.sink) throw this.sink.unstreamable(`merged cells ${ref}`);
    const a = { row: Number(m[2]), col: letters(m[1]) };
    const b = { row: Number(m[4]), col: letters(m[3]) };
    this.merges.push({ top: Math.min(a.row, b.row), left: Math.min(a.col, b.col), bottom: Math.max(a.row, b.row), right: Math.max(a.col, b.col) });
  }

  private problem(what: string, inCell = false): XlsxError {
    const where = inCell && this.col ? `, cell ${cellAddress(this.row, this.col)}` : this.row ? `, row ${this.row}` : "";
    return new XlsxError(`Sheet '${this.sheet}'${where}: the file holds ${what}, which is not valid SpreadsheetML (part ${this.part}); open and save it in Excel, or correct the producer`);
  }

  /** A merged range shows its top-left value only: the others are emptied, visiting only rows present. */
  private applyMerges(): void {
    const numbers = this.rowNumbers;
    for (const m of this.merges) {
      let lo = 0;
      let hi = numbers.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (numbers[mid] < m.top) lo = mid + 1;
        else hi = mid;
      }
      for (let k = lo; k < numbers.length && numbers[k] <= m.bottom; k++) {
        const cells = this.rowCells[k];
        const from = numbers[k] === m.top ? m.left : m.left - 1;
        for (let c = from; c < m.right && c < cells.length; c++) cells[c] = null;
      }
    }
  }

  grid(): SheetGrid {
    if (!this.sorted) this.sortRows();
    this.applyMerges();
    const numbers = this.rowNumbers;
    const all = this.rowCells;
    let minCol = Infinity;
    let firstKept = -1;
    let dropped = 0;
    for (let k = 0; k < all.length; k++) {
      const cells = all[k];
      let first = 0;
      while (first < cells.length && cells[first] === null) first++;
      if (first === cells.length) {
        dropped++;
        continue;
      }
      if (first < minCol) minCol = first;
      if (firstKept < 0) firstKept = k;
    }
    if (firstKept < 0) return { name: this.sheet, startRow: 1, startCol: 1, rows: [] };
    const startRow = numbers[firstKept];
    // A table's rows one after another from column A (nearly every sheet) are the grid's rows as
    // they are: no second array of a million rows.
    const asRead = minCol === 0 && dropped === 0 && numbers[all.length - 1] - startRow === all.length - 1;
    const rows: CellValue[][] = asRead ? all : [];
    let width = 0;
    let present = 0;
    for (let k = firstKept; k < all.length; k++) {
      const cells = all[k];
      let last = cells.length;
      while (last > 0 && cells[last - 1] === null) last--;
      if (last === 0) continue; // a row of empty cells (a merge emptied it) is no row
      const length = last - minCol;
      if (length > width) width = length;
      present += length;
      if (asRead) continue;
      while (startRow + rows.length < numbers[k]) rows.push(EMPTY_ROW);
      rows.push(minCol === 0 ? cells : cells.slice(minCol));
    }
    // Rows end at their last value, padded to the grid's width where padsRowsToWidth says so.
    const padded = padsRowsToWidth(rows.length, width, present);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      if (padded) {
        // concat makes an array of exactly the width; pushing would leave room for more.
        if (row.length < width) rows[i] = row.concat(nulls(width - row.length));
        else if (row.length > width) row.length = width;
      } else {
        let last = row.length;
        while (last > 0 && row[last - 1] === null) last--;
        row.length = last;
      }
    }
    return { name: this.sheet, startRow, startCol: minCol + 1, rows };
  }

  /** Rows written out of order (some producers do): sorted, a row given twice joined. */
  private sortRows(): void {
    const order = this.rowNumbers.map((n, k) => k).sort((a, b) => this.rowNumbers[a] - this.rowNumbers[b] || a - b);
    const numbers: number[] = [];
    const cells: CellValue[][] = [];
    for (const k of order) {
      const n = this.rowNumbers[k];
      if (numbers.length && numbers[numbers.length - 1] === n) {
        const into = cells[cells.length - 1];
        this.rowCells[k].forEach((v, c) => {
          if (v !== null) {
            while (into.length < c) into.push(null);
            into[c] = v;
          }
        });
      } else {
        numbers.push(n);
        cells.push(this.rowCells[k]);
      }
    }
    this.rowNumbers = numbers;
    this.rowCells = cells;
  }
}

const NULLS: CellValue[][] = [];

/** An array of n nulls (shared: only ever copied from). */
function nulls(n: number): readonly CellValue[] {
  if (n > 256) return new Array<CellValue>(n).fill(null);
  return (NULLS[n] ??= new Array<CellValue>(n).fill(null));
}

function letters(text: string): number {
  let n = 0;
  for (const ch of text.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}
