import { promises as fsp } from "fs";
import { StringDecoder } from "string_decoder";
import { CellValue, SheetGrid, WorkbookSnapshot } from "../workbook/grid";
import { cellValueFromExcel } from "./cell-values";
import { UnsupportedXlsx, isSpace, readTag, tagsNamed, xmlText } from "./xml-text";
import { UnsupportedZip, ZipEntry, ZipReader } from "./zip";

/**
 * Reading a large .xlsx file without ExcelJS's in-memory model: the ZIP entries are inflated
 * as streams and the sheet XML is scanned as text, so a million rows take seconds and the
 * memory of the WorkbookSnapshot only. The snapshot is the one ExcelJS's in-memory reader
 * gives (xlsx-read's gridOf): same sheets in the same order, shared and inline strings, rich
 * text joined, formulas as their cached result, date formats as dates (1900 and 1904
 * systems), merged cells' value at the top-left only, hyperlinked cells as their text.
 * Whatever this reader does not know returns null, and the caller reads the file with
 * ExcelJS as before; so an unusual file is slower, never read differently.
 */
/**
 * Files from this size on take the fast paths (reading and patching); smaller ones ExcelJS,
 * where its in-memory model costs little. REIMBURSE_FAST_XLSX=always|never overrides it
 * (tests and benchmarks run both paths through it).
 */
export const FAST_XLSX_BYTES = 1_000_000;

export async function useFastXlsx(path: string): Promise<boolean> {
  const mode = process.env.REIMBURSE_FAST_XLSX;
  if (mode === "always") return true;
  if (mode === "never") return false;
  try {
    return (await fsp.stat(path)).size >= FAST_XLSX_BYTES;
  } catch {
    return false; // ExcelJS reports the missing file as before
  }
}

export async function readXlsxFast(path: string): Promise<WorkbookSnapshot | null> {
  let zip: ZipReader;
  try {
    zip = await ZipReader.open(path);
  } catch (error) {
    if (error instanceof UnsupportedZip) return null;
    throw error;
  }
  try {
    return await readWorkbook(zip);
  } catch (error) {
    if (error instanceof UnsupportedXlsx || error instanceof UnsupportedZip) {
      if (process.env.REIMBURSE_FAST_XLSX_DEBUG) process.stderr.write(`fast read declined ${path}: ${error.message}\n`);
      return null;
    }
    throw error;
  } finally {
    await zip.close();
  }
}

/** The worksheet parts of a workbook, in the order ExcelJS lists them. */
export interface SheetPart {
  name: string;
  sheetId: number;
  rId: string;
  /** The ZIP entry, e.g. "xl/worksheets/sheet3.xml". */
  path: string;
}

/** Same rules as ExcelJS: xl/workbook.xml's sheets whose relationship names an xl/worksheets/sheetN.xml part. */
export function sheetParts(workbookXml: string, relsXml: string, entries: readonly ZipEntry[]): SheetPart[] {
  checkPrefixes(workbookXml, ["sheet", "sheets"]);
  const targets = new Map<string, string>();
  for (const rel of tagsNamed(relsXml, "Relationship")) {
    if (rel.attributes.Id !== undefined) targets.set(rel.attributes.Id, rel.attributes.Target ?? "");
  }
  const names = new Set(entries.map((e) => e.name));
  const parts: SheetPart[] = [];
  const ids = new Set<number>();
  for (const sheet of tagsNamed(workbookXml, "sheet")) {
    const rId = sheet.attributes["r:id"];
    const target = rId === undefined ? undefined : targets.get(rId);
    if (target === undefined) continue; // ExcelJS skips a sheet without a relationship
    const path = `xl/${target.replace(/^(\s|\/xl\/)+/, "")}`;
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(path) || !names.has(path)) {
      if (/^xl\/chartsheets\//.test(path)) continue; // not a worksheet: ExcelJS skips it too
      throw new UnsupportedXlsx(`sheet part ${path}`);
    }
    const sheetId = parseInt(sheet.attributes.sheetId ?? "", 10);
    if (!(sheetId >= 1) || ids.has(sheetId)) throw new UnsupportedXlsx("sheet ids");
    ids.add(sheetId);
    parts.push({ name: xmlDecodeAgain(sheet.attributes.name ?? ""), sheetId, rId, path });
  }
  return parts;
}

/** A prefixed element (x:sheet) is invisible to ExcelJS's parser; such files are left to it. */
function checkPrefixes(xml: string, names: readonly string[]): void {
  for (const name of names) if (new RegExp(`<[A-Za-z0-9_.-]+:${name}[\\s/>]`).test(xml)) throw new UnsupportedXlsx(`prefixed <${name}>`);
}

/** ExcelJS decodes some texts a second time (sheet names, t="str" values); so do we. */
function xmlDecodeAgain(text: string): string {
  return text.replace(/&([a-z]*);/g, (c) => {
    switch (c) {
      case "&lt;":
        return "<";
      case "&gt;":
        return ">";
      case "&amp;":
        return "&";
      case "&apos;":
        return "'";
      case "&quot;":
        return '"';
      default:
        return c;
    }
  });
}

/** Number formats ExcelJS knows by id (its defaultnumformats with an `f`). */
const BUILTIN_FORMATS: Readonly<Record<number, string>> = {
  0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?",
  13: "# ??/??", 14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM", 19: "h:mm:ss AM/PM",
  20: "h:mm", 21: "h:mm:ss", 22: 'm/d/yy "h":mm', 37: "#,##0 ;(#,##0)", 38: "#,##0 ;[Red](#,##0)",
  39: "#,##0.00 ;(#,##0.00)", 40: "#,##0.00 ;[Red](#,##0.00)", 45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0",
  48: "##0.0E+0", 49: "@",
};

/** ExcelJS's utils.isDateFmt. */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return bare.match(/[ymdhMsb]+/) !== null;
}

/** ExcelJS's utils.excelToDate. */
function excelToDate(v: unknown, date1904: boolean): Date {
  return new Date(Math.round(((v as number) - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
}

/**
 * Per cellXfs index: whether ExcelJS reads a number in that style as a date. null when the
 * workbook has no cellXfs (ExcelJS then fails on any styled cell).
 */
export function dateStyles(stylesXml: string | null): boolean[] | null {
  if (stylesXml === null) return [];
  checkPrefixes(stylesXml, ["cellXfs", "numFmt", "xf"]);
  const custom = new Map<number, string>();
  for (const f of tagsNamed(stylesXml, "numFmt")) {
    if (f.attributes.formatCode === undefined) throw new UnsupportedXlsx("numFmt without formatCode");
    custom.set(parseInt(f.attributes.numFmtId ?? "", 10), f.attributes.formatCode.replace(/[\\](.)/g, "$1"));
  }
  const open = stylesXml.search(/<cellXfs[\s>]/);
  if (open < 0) return null;
  // ExcelJS looks up every styled cell's font, fill and border: a stylesheet without them fails there.
  for (const part of ["font", "fill", "border"]) if (!tagsNamed(stylesXml, part).length) throw new UnsupportedXlsx(`a stylesheet without ${part}s`);
  const close = stylesXml.indexOf("</cellXfs>", open);
  if (close < 0) return null;
  const xfs = tagsNamed(stylesXml.slice(open, close), "xf");
  if (!xfs.length) return null;
  return xfs.map((xf) => {
    const id = parseInt(xf.attributes.numFmtId ?? "", 10);
    if (!id) return false;
    return isDateFormat(custom.get(id) || BUILTIN_FORMATS[id]);
  });
}

export function isDate1904(workbookXml: string): boolean {
  const pr = tagsNamed(workbookXml, "workbookPr")[0];
  return pr?.attributes.date1904 === "1";
}

async function readWorkbook(zip: ZipReader): Promise<WorkbookSnapshot> {
  const workbookEntry = zip.find("xl/workbook.xml");
  const relsEntry = zip.find("xl/_rels/workbook.xml.rels");
  if (!workbookEntry || !relsEntry) throw new UnsupportedXlsx("no xl/workbook.xml");
  const workbookXml = await zip.text(workbookEntry);
  const parts = sheetParts(workbookXml, await zip.text(relsEntry), zip.entries);
  const stylesEntry = zip.find("xl/styles.xml");
  const styles = dateStyles(stylesEntry ? await zip.text(stylesEntry) : null);
  const date1904 = isDate1904(workbookXml);
  const stringsEntry = zip.find("xl/sharedStrings.xml");
  const strings = stringsEntry ? await readSharedStrings(zip, stringsEntry) : null;
  const sheets: SheetGrid[] = [];
  for (const part of parts) {
    const entry = zip.find(part.path) as ZipEntry;
    const relsPath = part.path.replace(/^xl\/worksheets\//, "xl/worksheets/_rels/") + ".rels";
    const rels = zip.find(relsPath);
    const scanner = new SheetScanner(strings, styles, date1904);
    for await (const text of decodeUtf8(zip.stream(entry))) scanner.feed(text);
    scanner.end();
    sheets.push(scanner.grid(part.name, rels ? await zip.text(rels) : null));
  }
  return { sheets };
}

async function* decodeUtf8(chunks: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  let first = true;
  for await (const chunk of chunks) {
    let text = decoder.write(chunk);
    // A byte-order mark is not part of the document, as the XML parser sees it.
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** xl/sharedStrings.xml as the CellValue each string reads as (rich text joined; "" is null). */
async function readSharedStrings(zip: ZipReader, entry: ZipEntry): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  let buf = "";
  let started = false;
  const take = (final: boolean): void => {
    let pos = 0;
    if (!started) {
      const sst = buf.search(/<sst[\s>]/);
      if (sst < 0) {
        if (final) throw new UnsupportedXlsx("no <sst>");
        return;
      }
      checkNoDoctype(buf.slice(0, sst));
      started = true;
      pos = buf.indexOf(">", sst) + 1;
      if (pos === 0) {
        started = false;
        return;
      }
    }
    for (;;) {
      const at = buf.indexOf("<", pos);
      if (at < 0) break;
      if (buf.length - at < 6 && !final) {
        pos = at;
        break;
      }
      if (buf.startsWith("</sst>", at)) {
        pos = buf.length;
        break;
      }
      if (buf.startsWith("<si><t>", at)) {
        // The common <si><t>text</t></si>, without a tag reader.
        const close = buf.indexOf("</si>", at + 7);
        if (close < 0) break;
        const textEnd = close - 4;
        if (buf.startsWith("</t>", textEnd) && buf.lastIndexOf("<", textEnd - 1) < at + 7) {
          const text = textOf(buf.slice(at + 7, textEnd));
          out.push(text === "" ? null : text);
        } else out.push(sharedString(buf.slice(at + 4, close)));
        pos = close + 5;
        continue;
      }
      if (!buf.startsWith("<si", at)) throw new UnsupportedXlsx("unexpected element in sharedStrings");
      const tag = readTag(buf, at);
      if (!tag) break;
      if (tag.name !== "si") throw new UnsupportedXlsx(`<${tag.name}> in sharedStrings`);
      if (tag.selfClosing) {
        out.push(null);
        pos = tag.end;
        continue;
      }
      const close = buf.indexOf("</si>", tag.end);
      if (close < 0) break;
      out.push(sharedString(buf.slice(tag.end, close)));
      pos = close + 5;
    }
    buf = buf.slice(pos);
  };
  for await (const text of decodeUtf8(zip.stream(entry))) {
    buf += text;
    take(false);
  }
  take(true);
  if (!started) throw new UnsupportedXlsx("no <sst>");
  return out;
}

function checkNoDoctype(prolog: string): void {
  if (/<!DOCTYPE/i.test(prolog)) throw new UnsupportedXlsx("a DTD");
}

const X_ESCAPE = /_x([0-9A-F]{4})_/g;

/** ExcelJS's TextXform: entity-decoded text with _xHHHH_ escapes resolved. */
function textOf(raw: string): string {
  const text = xmlText(raw);
  return text.indexOf("_x") >= 0 ? text.replace(X_ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

/** One <si>: a <t>, or runs <r><rPr/><t/></r>; phonetic runs are not part of the value. */
function sharedString(body: string): string | null {
  // Fast path: <t>text</t> or <t xml:space="preserve">text</t> and nothing else.
  if (body.startsWith("<t")) {
    const tag = readTag(body, 0);
    if (tag && tag.name === "t") {
      if (tag.selfClosing && tag.end === body.length) return null;
      const close = body.indexOf("</t>", tag.end);
      if (close >= 0 && close + 4 === body.length) {
        const text = textOf(body.slice(tag.end, close));
        return text === "" ? null : text;
      }
    }
  }
  const stripped = body.replace(/<rPh[\s>][\s\S]*?<\/rPh>|<rPh[^>]*\/>|<phoneticPr[^>]*\/>/g, "");
  const runs = stripped.match(/<r>[\s\S]*?<\/r>/g);
  const rest = runs ? stripped.replace(/<r>[\s\S]*?<\/r>/g, "") : stripped;
  if (runs) {
    if (rest.trim() !== "") throw new UnsupportedXlsx("a shared string with text and runs");
    let joined = "";
    for (const run of runs) {
      const inner = run.slice(3, -4).replace(/<rPr>[\s\S]*?<\/rPr>|<rPr\/>/, "");
      joined += tOnly(inner) ?? "";
    }
    return joined === "" ? null : joined;
  }
  const text = tOnly(rest);
  return text ? text : null;
}

/** The text of a lone <t> element (surrounded by whitespace at most); undefined when there is none. */
function tOnly(body: string): string | undefined {
  const trimmed = body.trim();
  if (trimmed === "") return undefined;
  const tag = readTag(trimmed, 0);
  if (!tag || tag.name !== "t") throw new UnsupportedXlsx("unexpected shared string content");
  if (tag.selfClosing) {
    if (tag.end !== trimmed.length) throw new UnsupportedXlsx("unexpected shared string content");
    return "";
  }
  const close = trimmed.indexOf("</t>", tag.end);
  if (close < 0 || close + 4 !== trimmed.length) throw new UnsupportedXlsx("unexpected shared string content");
  return textOf(trimmed.slice(tag.end, close));
}

interface FoundRow {
  row: number;
  /** Values by column: cells[c - 1] is column c. */
  cells: CellValue[];
}

const A = 65;
const DAY_MS = 86400000;

/**
 * Scans one worksheet part. Rows are cut at "</row>" as the text arrives; everything after
 * </sheetData> (merges, hyperlinks) is kept for the end.
 */
class SheetScanner {
  private buf = "";
  private phase: "head" | "data" | "tail" = "head";
  private tail = "";
  private readonly rows: FoundRow[] = [];
  private lastRow = 0;

  constructor(
    private readonly strings: (string | null)[] | null,
    private readonly styles: boolean[] | null,
    private readonly date1904: boolean,
  ) {}

  feed(text: string): void {
    this.buf += text;
    this.run(false);
  }

  end(): void {
    this.run(true);
    if (this.phase !== "tail") throw new UnsupportedXlsx("a worksheet without </sheetData>");
  }

  private run(final: boolean): void {
    let buf = this.buf;
    let pos = 0;
    if (this.phase === "head") {
      const at = buf.search(/<sheetData[\s/>]/);
      if (at < 0) {
        if (final) throw new UnsupportedXlsx("a worksheet without <sheetData>");
        return;
      }
      const head = buf.slice(0, at);
      checkNoDoctype(head);
      if (/<[A-Za-z0-9_.-]+:(worksheet|sheetData|row|c)[\s/>]/.test(head)) throw new UnsupportedXlsx("prefixed worksheet elements");
      const tag = readTag(buf, at);
      if (!tag) return;
      pos = tag.end;
      this.phase = tag.selfClosing ? "tail" : "data";
    }
    if (this.phase === "data") {
      for (;;) {
        while (pos < buf.length && isSpace(buf.charCodeAt(pos))) pos++;
        if (pos >= buf.length) break;
        if (buf.charCodeAt(pos) !== 60) throw new UnsupportedXlsx("text in sheetData");
        if (buf.startsWith("</sheetData>", pos)) {
          pos += 12;
          this.phase = "tail";
          break;
        }
        if (!buf.startsWith("<row", pos)) {
          if (pos + 12 > buf.length && !final) break;
          throw new UnsupportedXlsx(`unexpected element in sheetData at ${buf.slice(pos, pos + 20)}`);
        }
        // <row r="12" spans="1:7" ...>: only r matters; the general tag reader is the fallback.
        if (pos + 5 > buf.length) break;
        const after = buf.charCodeAt(pos + 4);
        if (!(isSpace(after) || after === 62 || after === 47)) throw new UnsupportedXlsx("unexpected element in sheetData");
        const gt = buf.indexOf(">", pos);
        if (gt < 0) break;
        const selfClosing = buf.charCodeAt(gt - 1) === 47;
        let number = 0;
        const rAt = buf.indexOf(' r="', pos);
        if (rAt > 0 && rAt < gt) {
          const quote = buf.indexOf('"', rAt + 4);
          number = quote > 0 && quote < gt ? digits(buf, rAt + 4, quote) : 0;
          if (!(number >= 1 && number <= 1048576) || quote - rAt - 4 !== String(number).length) number = 0;
        }
        if (number === 0) {
          const tag = readTag(buf, pos);
          if (!tag) break;
          number = rowNumber(tag.attributes.r);
        }
        const start = gt + 1;
        if (selfClosing) {
          this.row(number, buf, start, start);
          pos = start;
          continue;
        }
        const close = buf.indexOf("</row>", start);
        if (close < 0) break;
        this.row(number, buf, start, close);
        pos = close + 6;
      }
    }
    if (this.phase === "tail") {
      this.tail += buf.slice(pos);
      buf = "";
      pos = 0;
    }
    this.buf = buf.slice(pos);
  }

  /** The cells of one <row> (its content between start and end). */
  private row(number: number, s: string, start: number, end: number): void {
    if (number <= this.lastRow) throw new UnsupportedXlsx("rows out of order");
    this.lastRow = number;
    const scratch = this.scratch;
    let last = 0;
    let lastCol = 0;
    let pos = start;
    for (;;) {
      while (pos < end && isSpace(s.charCodeAt(pos))) pos++;
      if (pos >= end) break;
      if (!(s.charCodeAt(pos) === 60 && s.charCodeAt(pos + 1) === 99 && (isSpace(s.charCodeAt(pos + 2)) || s.charCodeAt(pos + 2) === 62 || s.charCodeAt(pos + 2) === 47))) {
        throw new UnsupportedXlsx(`unexpected element in a row at ${s.slice(pos, pos + 20)}`);
      }
      // <c r="B7" s="2" t="s">: attributes read by hand, without a string per name; this runs for every cell.
      let i = pos + 2;
      let col = 0;
      let style = 0;
      let type: string | undefined;
      let selfClosing = false;
      for (;;) {
        while (isSpace(s.charCodeAt(i))) i++;
        const c = s.charCodeAt(i);
        if (c === 62) {
          i++;
          break;
        }
        if (c === 47 && s.charCodeAt(i + 1) === 62) {
          selfClosing = true;
          i += 2;
          break;
        }
        const nameStart = i;
        while (i < end && s.charCodeAt(i) !== 61 && !isSpace(s.charCodeAt(i))) i++;
        const nameLength = i - nameStart;
        while (isSpace(s.charCodeAt(i))) i++;
        if (s.charCodeAt(i) !== 61 || nameLength === 0) throw new UnsupportedXlsx("a malformed cell");
        let q = i + 1;
        while (isSpace(s.charCodeAt(q))) q++;
        const quote = s.charCodeAt(q);
        if (quote !== 34 && quote !== 39) throw new UnsupportedXlsx("a malformed cell");
        const close = s.indexOf(quote === 34 ? '"' : "'", q + 1);
        if (close < 0 || close >= end) throw new UnsupportedXlsx("a malformed cell");
        if (nameLength === 1) {
          const name = s.charCodeAt(nameStart);
          if (name === 114) col = columnOf(s, q + 1, close, number);
          else if (name === 115) style = digits(s, q + 1, close);
          else if (name === 116) type = s.slice(q + 1, close);
        }
        i = close + 1;
      }
      if (col === 0) throw new UnsupportedXlsx("a cell without an address");
      if (style && this.styles === null) throw new UnsupportedXlsx("a styled cell in a workbook without cellXfs");
      if (col <= lastCol) throw new UnsupportedXlsx("cells out of order");
      lastCol = col;
      let value: CellValue = null;
      if (selfClosing) {
        pos = i;
      } else {
        pos = this.cellContent(s, i, end, type, style);
        value = this.value;
      }
      if (value !== null) {
        scratch[col - 1] = value;
        last = col;
      }
    }
    if (!last) return;
    // Rows are allocated at their final size (a grown array keeps room to spare, 80 bytes a row).
    if (last > this.width) this.width = last;
    const cells: CellValue[] = new Array(this.width);
    for (let c = 0; c < this.width; c++) {
      const v = scratch[c];
      if (v === undefined) cells[c] = null;
      else {
        cells[c] = v;
        scratch[c] = undefined;
      }
    }
    this.rows.push({ row: number, cells });
  }

  private readonly scratch: (CellValue | undefined)[] = [];
  /** The widest row so far: most rows of a sheet have the width of its header. */
  private width = 0;

  private value: CellValue = null;

  /** Parses <v>, <f>, <is> up to </c>; leaves the cell's value in this.value; returns the index past </c>. */
  private cellContent(s: string, i: number, end: number, type: string | undefined, style: number): number {
    let v: string | undefined;
    let formula = false;
    for (;;) {
      while (isSpace(s.charCodeAt(i))) i++;
      if (s.charCodeAt(i) !== 60 || i >= end) throw new UnsupportedXlsx("a malformed cell");
      const next = s.charCodeAt(i + 1);
      if (next === 47) {
        if (!s.startsWith("</c>", i)) throw new UnsupportedXlsx("a malformed cell");
        i += 4;
        break;
      }
      if (next === 118 /* v */ && s.charCodeAt(i + 2) === 62) {
        const close = s.indexOf("</v>", i + 3);
        if (close < 0 || close > end) throw new UnsupportedXlsx("a malformed <v>");
        const raw = s.slice(i + 3, close);
        if (raw !== "") v = (v ?? "") + raw;
        i = close + 4;
        continue;
      }
      const tag = readTag(s, i);
      if (!tag || tag.end > end) throw new UnsupportedXlsx("a malformed cell");
      if (tag.name === "v") {
        if (!tag.selfClosing) {
          const close = s.indexOf("</v>", tag.end);
          if (close < 0 || close > end) throw new UnsupportedXlsx("a malformed <v>");
          const raw = s.slice(tag.end, close);
          if (raw !== "") v = (v ?? "") + raw;
          i = close + 4;
        } else i = tag.end;
      } else if (tag.name === "f") {
        if (tag.attributes.t !== undefined) formula = true;
        if (!tag.selfClosing) {
          const close = s.indexOf("</f>", tag.end);
          if (close < 0 || close > end) throw new UnsupportedXlsx("a malformed <f>");
          if (close > tag.end) formula = true;
          i = close + 4;
        } else i = tag.end;
      } else if (tag.name === "is") {
        if (tag.selfClosing) {
          i = tag.end;
          continue;
        }
        const close = s.indexOf("</is>", tag.end);
        if (close < 0 || close > end) throw new UnsupportedXlsx("a malformed <is>");
        const body = s.slice(tag.end, close).trim();
        if (body !== "") {
          const t = readTag(body, 0);
          if (!t || t.name !== "t") throw new UnsupportedXlsx("an inline string that is not one <t>");
          if (!t.selfClosing) {
            const tClose = body.indexOf("</t>", t.end);
            if (tClose < 0 || tClose + 4 !== body.length) throw new UnsupportedXlsx("an inline string that is not one <t>");
            const raw = body.slice(t.end, tClose);
            if (raw !== "") v = (v ?? "") + raw;
          } else if (t.end !== body.length) throw new UnsupportedXlsx("an inline string that is not one <t>");
        }
        i = close + 5;
      } else {
        throw new UnsupportedXlsx(`<${tag.name}> in a cell`);
      }
    }
    this.value = this.cellValue(v === undefined ? undefined : xmlText(v), type, style, formula);
    return i;
  }

  /**
   * One Date per day: a ledger's million date cells hold a few hundred days, and a Date takes
   * over 100 bytes. Nothing in Reimburse mutates a CellValue, so sharing is safe.
   */
  private day(ms: number): Date {
    const known = this.days.get(ms);
    if (known) return known;
    const date = new Date(ms);
    if (this.days.size >= 4096) this.days.clear();
    this.days.set(ms, date);
    return date;
  }

  private readonly days = new Map<number, Date>();

  private isDateStyle(style: number): boolean {
    if (!style) return false;
    if (this.styles === null) throw new UnsupportedXlsx("a styled cell in a workbook without cellXfs");
    return this.styles[style] === true;
  }

  /** ExcelJS's CellXform.parseClose + reconcile, then cellValueOf's conversion. */
  private cellValue(text: string | undefined, type: string | undefined, style: number, formula: boolean): CellValue {
    if (formula) {
      if (type === "s" || type === "inlineStr") throw new UnsupportedXlsx("a formula cell of type " + type);
      if (!text) return null; // no cached result
      let result: unknown;
      if (type === "str") result = xmlDecodeAgain(text);
      else if (type === "b") result = parseInt(text, 10) !== 0;
      else if (type === "e") result = { error: text };
      else result = parseFloat(text);
      if (this.isDateStyle(style)) result = excelToDate(result, this.date1904);
      return cellValueFromExcel(result as never);
    }
    if (text === undefined) return null;
    switch (type) {
      case "s": {
        const index = parseInt(text, 10);
        const strings = this.strings;
        if (strings === null || !(index >= 0 && index < strings.length)) throw new UnsupportedXlsx("a shared string index out of range");
        return strings[index];
      }
      case "str": {
        const decoded = xmlDecodeAgain(text);
        return decoded === "" ? null : decoded;
      }
      case "inlineStr":
        return text === "" ? null : text;
      case "b":
        return parseInt(text, 10) !== 0;
      case "e":
        return { error: text };
      default: {
        const n = parseFloat(text);
        if (!this.isDateStyle(style)) return n;
        // excelToDate then cellValueOf's day at UTC midnight, with one Date instead of two.
        const ms = Math.round((n - 25569 + (this.date1904 ? 1462 : 0)) * DAY_MS);
        return this.day(Number.isNaN(ms) ? NaN : Math.floor(ms / DAY_MS) * DAY_MS);
      }
    }
  }

  /** The grid gridOf would give, after merges and hyperlinks in the sheet's tail. */
  grid(name: string, relsXml: string | null): SheetGrid {
    this.applyMerges();
    this.applyHyperlinks(relsXml);
    let minCol = Infinity;
    let maxCol = 0;
    const rows: FoundRow[] = [];
    for (const r of this.rows) {
      const cells = r.cells;
      let first = -1;
      let last = -1;
      for (let c = 0; c < cells.length; c++) {
        const v = cells[c];
        if (v === undefined || v === null) continue;
        if (first < 0) first = c;
        last = c;
      }
      if (first < 0) continue;
      if (first + 1 < minCol) minCol = first + 1;
      if (last + 1 > maxCol) maxCol = last + 1;
      rows.push(r);
    }
    this.rows.length = 0;
    if (!rows.length) return { name, startRow: 1, startCol: 1, rows: [] };
    const startRow = rows[0].row;
    const width = maxCol - minCol + 1;
    const out: CellValue[][] = [];
    const offset = minCol - 1;
    for (let r = startRow, k = 0; k < rows.length; r++) {
      if (rows[k].row !== r) {
        out.push(new Array(width).fill(null));
        continue;
      }
      const cells = rows[k++].cells;
      if (offset === 0 && cells.length >= width) {
        // The row's own array becomes the grid row.
        cells.length = width;
        out.push(cells);
        continue;
      }
      const row: CellValue[] = new Array(width);
      for (let c = 0; c < width; c++) {
        const v = cells[offset + c];
        row[c] = v === undefined ? null : v;
      }
      out.push(row);
    }
    return { name, startRow, startCol: minCol, rows: out };
  }

  private findRow(number: number): FoundRow | undefined {
    const rows = this.rows;
    let lo = 0;
    let hi = rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = rows[mid].row;
      if (r === number) return rows[mid];
      if (r < number) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  private applyMerges(): void {
    const open = this.tail.search(/<mergeCells[\s>]/);
    if (open < 0) return;
    const close = this.tail.indexOf("</mergeCells>", open);
    const section = this.tail.slice(open, close < 0 ? undefined : close);
    const boxes: { top: number; left: number; bottom: number; right: number }[] = [];
    for (const merge of tagsNamed(section, "mergeCell")) {
      const m = /^([A-Z]{1,3})([1-9]\d*):([A-Z]{1,3})([1-9]\d*)$/.exec(merge.attributes.ref ?? "");
      if (!m) throw new UnsupportedXlsx("a merge that is not A1:B2");
      const a = { row: Number(m[2]), col: letters(m[1]) };
      const b = { row: Number(m[4]), col: letters(m[3]) };
      const box = { top: Math.min(a.row, b.row), left: Math.min(a.col, b.col), bottom: Math.max(a.row, b.row), right: Math.max(a.col, b.col) };
      if ((box.bottom - box.top + 1) * (box.right - box.left + 1) > 1_000_000) throw new UnsupportedXlsx("a huge merge");
      // ExcelJS refuses overlapping merges; so does it, via the fallback.
      if (boxes.some((o) => o.left <= box.right && box.left <= o.right && o.top <= box.bottom && box.top <= o.bottom)) throw new UnsupportedXlsx("overlapping merges");
      boxes.push(box);
      for (let r = box.top; r <= box.bottom; r++) {
        const row = this.findRow(r);
        if (!row) continue;
        for (let c = box.left; c <= box.right; c++) if ((r > box.top || c > box.left) && c <= row.cells.length) row.cells[c - 1] = null;
      }
    }
  }

  /**
   * ExcelJS replaces a hyperlinked cell's value with {text, hyperlink}; cellValueOf keeps the
   * text only when it is a string, so anything else reads as empty.
   */
  private applyHyperlinks(relsXml: string | null): void {
    const open = this.tail.search(/<hyperlinks[\s>]/);
    if (open < 0) return;
    const close = this.tail.indexOf("</hyperlinks>", open);
    const section = this.tail.slice(open, close < 0 ? undefined : close);
    const links = tagsNamed(section, "hyperlink").filter((h) => h.attributes["r:id"] !== undefined);
    if (!links.length) return;
    const ids = new Set(relsXml ? tagsNamed(relsXml, "Relationship").map((r) => r.attributes.Id) : []);
    for (const link of links) {
      // A link to a missing relationship makes ExcelJS throw; the fallback reproduces that.
      if (!ids.has(link.attributes["r:id"])) throw new UnsupportedXlsx("a hyperlink without its relationship");
      const m = /^([A-Z]{1,3})([1-9]\d*)$/.exec(link.attributes.ref ?? "");
      if (!m) continue; // a range ref matches no cell address in ExcelJS either
      const row = this.findRow(Number(m[2]));
      const col = letters(m[1]);
      if (row && col <= row.cells.length && typeof row.cells[col - 1] !== "string") row.cells[col - 1] = null;
    }
  }
}

function rowNumber(r: string | undefined): number {
  if (r === undefined || !/^[1-9]\d{0,6}$/.test(r)) throw new UnsupportedXlsx("a row without a plain number");
  return Number(r);
}

function letters(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) n = n * 26 + (text.charCodeAt(i) - 64);
  return n;
}

/** Column number of the address s[start, end) ("AB12"), which must be in row `row`; 0 when it is not plain A1 form. */
function columnOf(s: string, start: number, end: number, row: number): number {
  let col = 0;
  let i = start;
  for (; i < end && i < start + 4; i++) {
    const c = s.charCodeAt(i);
    if (c < A || c > 90) break;
    col = col * 26 + (c - 64);
  }
  if (i === start || i > start + 3) throw new UnsupportedXlsx("a cell address");
  let n = 0;
  for (let j = i; j < end; j++) {
    const c = s.charCodeAt(j);
    if (c < 48 || c > 57 || (j === i && c === 48)) throw new UnsupportedXlsx("a cell address");
    n = n * 10 + (c - 48);
  }
  if (n !== row) throw new UnsupportedXlsx("a cell outside its row");
  return col;
}

/** parseInt of s[start, end) as ExcelJS reads a style id: NaN (here 0) for anything but digits first. */
function digits(s: string, start: number, end: number): number {
  let n = 0;
  let i = start;
  for (; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) break;
    n = n * 10 + (c - 48);
  }
  if (i === start || i - start > 9) return parseInt(s.slice(start, end), 10) || 0;
  return n;
}
