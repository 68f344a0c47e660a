import { CellValue, columnLetter } from "../workbook/grid";
import { XmlBytes } from "./xml-bytes";
import { escapeXml } from "./xml-text";

/**
 * How the writer stores a cell's value in sheet XML: writeCell, straight into bytes (the million
 * cells of a big run's new rows and sheets). cellXml is the same cell as a string, for the rare
 * row rewritten among its other cells: one rule, two ways to take its output.
 */

const decoder = new TextDecoder();

/** A value as the cell XML that stores it (in the sheet's prefix); a string is always text, never a formula. */
export function cellXml(col: number, row: number, value: CellValue, s: number, date1904: boolean, prefix = ""): string {
  const out = new XmlBytes(256);
  writeCell(out, cellTags(prefix), col, row, value, s, date1904);
  const pieces = out.finish();
  return pieces.length === 1 ? decoder.decode(pieces[0]) : pieces.map((p) => decoder.decode(p, { stream: true })).join("") + decoder.decode();
}

/** The start of each element of a cell, in a sheet's namespace prefix ("" or "x:"). */
export interface CellTags {
  readonly c: string;
  readonly v: string;
  readonly vEnd: string;
  readonly inline: string;
  readonly tEnd: string;
}

const TAGS = new Map<string, CellTags>();

export function cellTags(prefix: string): CellTags {
  let tags = TAGS.get(prefix);
  if (!tags) {
    const p = prefix;
    tags = { c: `<${p}c r="`, v: `><${p}v>`, vEnd: `</${p}v></${p}c>`, inline: ` t="inlineStr"><${p}is><${p}t`, tEnd: `</${p}t></${p}is></${p}c>` };
    TAGS.set(prefix, tags);
  }
  return tags;
}

/** The cell at (col, row) written into `out`, in the sheet's prefix. */
export function writeCell(out: XmlBytes, tags: CellTags, col: number, row: number, value: CellValue, s: number, date1904: boolean): void {
  if (value === null || value === "") {
    if (!s) return;
    start(out, tags, col, row, s);
    out.ascii("/>");
    return;
  }
  start(out, tags, col, row, s);
  // Text first: most cells a run writes are text.
  if (typeof value === "string") {
    out.ascii(tags.inline);
    // Text without spaces at its ends and without anything to escape is written as it is, in one pass.
    if (isSpaceCode(value.charCodeAt(0)) || isSpaceCode(value.charCodeAt(value.length - 1)) || !out.plainText(62, value)) {
      out.ascii(spaceAttribute(value));
      out.ascii(">");
      out.text(escapeXml(escapeExcelText(value)));
    }
    out.ascii(tags.tEnd);
  } else if (typeof value === "number") {
    if (!Number.isFinite(value)) return errorCell(out, tags, "#NUM!");
    out.ascii(tags.v);
    if (Number.isInteger(value) && value >= 0) out.uint(value);
    else out.ascii(String(value));
    out.ascii(tags.vEnd);
  } else if (typeof value === "boolean") {
    out.ascii(' t="b"');
    out.ascii(tags.v);
    out.ascii(value ? "1" : "0");
    out.ascii(tags.vEnd);
  } else if (value instanceof Date) {
    const time = value.getTime();
    if (Number.isNaN(time)) return errorCell(out, tags, "#VALUE!");
    out.ascii(tags.v);
    out.ascii(serialText(time, date1904));
    out.ascii(tags.vEnd);
  } else errorCell(out, tags, errorText(value.error));
}

/** The last date's serial as text: a run's dates are a handful of days, each written thousands of times. */
let lastSerial = { time: NaN, date1904: false, text: "" };

function serialText(time: number, date1904: boolean): string {
  if (time !== lastSerial.time || date1904 !== lastSerial.date1904) lastSerial = { time, date1904, text: String(dateSerial(time, date1904)) };
  return lastSerial.text;
}

function start(out: XmlBytes, tags: CellTags, col: number, row: number, s: number): void {
  out.ascii(tags.c);
  out.ascii(columnLetter(col));
  out.uint(row);
  if (s) {
    out.ascii('" s="');
    out.uint(s);
  }
  out.ascii('"');
}

function errorCell(out: XmlBytes, tags: CellTags, error: string): void {
  out.ascii(' t="e"');
  out.ascii(tags.v);
  out.ascii(error);
  out.ascii(tags.vEnd);
}

/** Error values a cell may hold in a file (ST_CellError); a newer one (#SPILL!) only as a formula result. */
const FILE_ERRORS: ReadonlySet<string> = new Set(["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"]);

function errorText(error: string): string {
  return FILE_ERRORS.has(error) ? error : "#N/A";
}

/** Text that starts or ends with a space, or holds a line break, keeps them (xml:space). */
function spaceAttribute(value: string): string {
  return isSpaceCode(value.charCodeAt(0)) || isSpaceCode(value.charCodeAt(value.length - 1)) || value.indexOf("\n") >= 0 ? ' xml:space="preserve"' : "";
}

/** The characters \\s matches that a cell's text can hold (the XML whitespace and the Unicode spaces). */
function isSpaceCode(c: number): boolean {
  return c <= 32 ? c === 32 || (c >= 9 && c <= 13) : c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** A literal "_x0041_" in the text would read back as "A": its underscore is escaped as _x005F_. */
function escapeExcelText(text: string): string {
  return text.indexOf("_x") < 0 ? text : text.replace(/_(x[0-9A-Fa-f]{4}_)/g, "_x005F_$1");
}

function dateSerial(time: number, date1904: boolean): number {
  const days = time / 86_400_000;
  return date1904 ? days + 24107 : days + (days < -25508 ? 25568 : 25569);
}
