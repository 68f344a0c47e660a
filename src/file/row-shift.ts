import { columnLetter } from "../workbook/grid";

/**
 * Rows moved down on one sheet, as when Excel inserts rows: rows appended to an Excel table
 * with a totals row go above it, and the totals row (with whatever lies below it) moves down.
 * References on the sheet are adjusted as Excel adjusts them on an insert: a reference to a
 * moved row moves; a range that spans the insertion point grows; and a range that ends on the
 * table's last data row, within the table, grows with the table (a totals formula such as
 * =SUM(B2:B4) keeps covering every data row). Structured references (SUBTOTAL(109,[Amount]))
 * name columns, not rows, and need no change.
 */
export interface RowShift {
  /** The first row that moves (the totals row). */
  from: number;
  /** How many rows it moves down (the rows inserted above it). */
  by: number;
  /** The table's first data row and last data row before the insert. */
  dataTop: number;
  dataBottom: number;
  /** The sheet's name, for references qualified with it. */
  sheet: string;
}

const CELL = /^(\$?)([A-Z]{1,3})(\$?)(\d+)$/;

function columnNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

function shiftRow(row: number, s: RowShift): number {
  return row >= s.from ? row + s.by : row;
}

/** "B5" -> "B7"; null when not a cell reference. */
function shiftCell(ref: string, s: RowShift, grow = false): string | null {
  const m = CELL.exec(ref);
  // Beyond XFD (or row 1,048,576) it is a name, not a cell (Excel allows no name that is a cell).
  if (!m || columnNumber(m[2]) > 16384 || Number(m[4]) > 1048576) return null;
  const row = Number(m[4]);
  const moved = grow && row === s.dataBottom ? row + s.by : shiftRow(row, s);
  return `${m[1]}${m[2]}${m[3]}${moved}`;
}

/** A cell or range ("A1", "A1:B5", "$A$1:$B$5") on the sheet, adjusted. */
export function shiftRange(ref: string, s: RowShift): string {
  const [a, b] = ref.split(":");
  if (b === undefined) return shiftCell(a, s) ?? ref;
  const top = CELL.exec(a);
  const bottom = CELL.exec(b);
  if (!top || !bottom || shiftCell(a, s) === null || shiftCell(b, s) === null) return ref;
  const first = Number(top[4]);
  const grows = first >= s.dataTop && first <= s.dataBottom && Number(bottom[4]) === s.dataBottom;
  return `${shiftCell(a, s)}:${shiftCell(b, s, grows)}`;
}

/** A space-separated list of ranges (sqref). */
export function shiftSqref(sqref: string, s: RowShift): string {
  return sqref.split(/\s+/).map((r) => (r ? shiftRange(r, s) : r)).join(" ");
}

/**
 * A formula's A1 references to this sheet, adjusted; text literals, structured references,
 * other sheets' references and function names (LOG10) are left as they are.
 */
const TOKENS = /"(?:[^"]|"")*"|\[[^\]]*\]|(?<![\w.$])((?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!)?(\$?[A-Z]{1,3}\$?\d+(?::\$?[A-Z]{1,3}\$?\d+)?)(?![\w(!.])/g;

export function shiftFormula(formula: string, s: RowShift): string {
  return formula.replace(TOKENS, (all: string, qualifier: string | undefined, ref: string | undefined) => {
    if (ref === undefined) return all;
    if (qualifier !== undefined) {
      const name = qualifier.slice(0, -1).replace(/^'(.*)'$/, "$1").replace(/''/g, "'");
      if (name.toLowerCase() !== s.sheet.toLowerCase()) return all;
    }
    return `${qualifier ?? ""}${shiftRange(ref, s)}`;
  });
}

/** A moved row's XML: its number, its cells' references, its formulas and their ranges. */
export function shiftRowXml(xml: string, prefix: string, s: RowShift): string {
  const p = prefix.replace(/[.]/g, "\\.");
  return xml
    .replace(new RegExp(`^(<${p}row\\b[^>]*?\\sr=")(\\d+)"`), (_m, head: string, r: string) => `${head}${shiftRow(Number(r), s)}"`)
    .replace(new RegExp(`(<${p}c\\b[^>]*?\\sr=")([A-Z]{1,3}\\d+)"`, "g"), (_m, head: string, r: string) => `${head}${shiftCell(r, s) ?? r}"`)
    .replace(new RegExp(`(<${p}f\\b)([^>]*)>([^<]*)<`, "g"), (_m, open: string, attrs: string, text: string) => {
      const shiftedAttrs = attrs.replace(/(\sref=")([^"]*)"/, (_a, h: string, ref: string) => `${h}${shiftRange(ref, s)}"`);
      return `${open}${shiftedAttrs}>${shiftFormula(text, s)}<`;
    })
    .replace(new RegExp(`(<${p}f\\b[^>]*?\\sref=")([^"]*)"([^>]*/>)`, "g"), (_m, head: string, ref: string, tail: string) => `${head}${shiftRange(ref, s)}"${tail}`);
}

/** The sheet's parts after <sheetData> that name cells: merged ranges, conditional formats, validations, hyperlinks. */
export function shiftTail(xml: string, prefix: string, s: RowShift): string {
  const p = prefix.replace(/[.]/g, "\\.");
  return xml
    .replace(new RegExp(`(<${p}(?:mergeCell|hyperlink)\\b[^>]*?\\sref=")([^"]*)"`, "g"), (_m, head: string, ref: string) => `${head}${shiftRange(ref, s)}"`)
    .replace(new RegExp(`(<${p}(?:conditionalFormatting|dataValidation)\\b[^>]*?\\ssqref=")([^"]*)"`, "g"), (_m, head: string, ref: string) => `${head}${shiftSqref(ref, s)}"`);
}

/** calcChain.xml's entries for the sheet (`i`, its sheetId, carries over to the entries after it). */
export function shiftCalcChain(xml: string, sheetId: number, s: RowShift): string {
  let current = 0;
  return xml.replace(/<([A-Za-z_][\w.-]*:)?c\b([^>]*)>/g, (all: string, _p: string | undefined, attrs: string) => {
    const i = /\si="(\d+)"/.exec(attrs);
    if (i) current = Number(i[1]);
    if (current !== sheetId) return all;
    return all.replace(/(\sr=")([A-Z]{1,3}\d+)"/, (_m, head: string, r: string) => `${head}${shiftCell(r, s) ?? r}"`);
  });
}

export function rangeText(left: number, top: number, right: number, bottom: number): string {
  return `${columnLetter(left)}${top}:${columnLetter(right)}${bottom}`;
}
