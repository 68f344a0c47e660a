import { columnLetter } from "../workbook/grid";
import { XlsxError } from "./limits";
import { StyleSheet } from "./style-sheet";
import { RowShift, shiftRange, shiftRowXml, shiftTail } from "./row-shift";
import { NewRows, PatchCell, Target } from "./patch-rows";
import { cellXml } from "./cell-xml";
import { XmlBytes } from "./xml-bytes";
import { bytesOf, concatBytes, indexOfByte, indexOfBytes, lastIndexOfByte, lastIndexOfBytes } from "./byte-search";
import { concat } from "./compression";
import { isSpace, readTag, tagsNamed } from "./xml-text";

const utf8 = new TextDecoder("utf-8");
const encoder = new TextEncoder();

interface RowStart {
  at: number;
  /** The r attribute as written. */
  r?: string;
  /** Index just past the start tag. */
  end: number;
  number: number | null;
  selfClosing: boolean;
}

/**
 * A worksheet's XML with the patch's rows merged in, as its bytes stream through. Rows the
 * patch does not touch are never decoded nor tokenized: the splicer looks for row start tags
 * with a byte search, and where the next patched row lies beyond the last row of a chunk, the
 * whole chunk passes through as it is (appending to a big sheet costs a search per chunk). A
 * patched row keeps its other cells and each replaced cell its style; new rows are placed in
 * order. Works on the sheet's own prefix (x:row from the Open XML SDK as well as row). Sheet
 * data holding comments, processing instructions or CDATA (which no spreadsheet writes) is
 * refused: a byte search could take markup inside them for rows.
 */
export class RowSplicer {
  private readonly pending: number[];
  private next = 0;
  private readonly colStyles: number[] = [];
  private phase: "head" | "data" | "tail" = "head";
  private carry: Uint8Array = new Uint8Array(0);
  /** The carry is bytes that pass (not a row still to read): a chunk after it need not be joined to it. */
  private carryPasses = false;
  private readonly tail: Uint8Array[] = [];
  private p = "";
  private rowOpen = bytesOf("<row");
  private endData = bytesOf("</sheetData>");
  private rowClose = bytesOf("</row>");
  /** The number of the last row start seen, for rows without one (ECMA-376 18.3.1.73: the previous row's plus one). */
  private lastRow = 0;

  constructor(
    private readonly target: Target,
    private readonly styles: StyleSheet,
    private readonly date1904: boolean,
    private readonly part: string,
    /** Rows that move down to make room (above an Excel table's totals row), or null. */
    private readonly shift: RowShift | null = null,
  ) {
    this.pending = [...target.rows.keys()].sort((a, b) => a - b);
  }

  private fail(what: string): XlsxError {
    return new XlsxError(`Cannot write to sheet '${this.target.patch.sheet}' (${this.part}): ${what}`);
  }


  private get nextPending(): number {
    return this.next < this.pending.length ? this.pending[this.next] : Infinity;
  }

  /** The new rows numbered below `before`, as bytes (none: no pieces). */
  private newRows(before: number): Uint8Array[] {
    if (this.nextPending >= before) return [];
    const out = new XmlBytes();
    // A new cell starts from its column's style, as mergeCells gives one in a row without a style.
    const rows = new NewRows(out, this.p, this.styles, this.date1904, null, (col) => this.colStyles[col] || 0);
    while (this.next < this.pending.length && this.pending[this.next] < before) {
      const row = this.pending[this.next++];
      rows.fromCells(row, this.target.rows.get(row) ?? []);
    }
    return out.finish();
  }

  /** The next pieces of the part, from its next inflated bytes; pieces may be views into `chunk`. */
  feed(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let buf: Uint8Array;
    if (this.carryPasses && !this.startsPattern(concatBytes(this.carry, chunk.subarray(0, 80)))) {
      // Bytes that pass whatever follows: no copy of the chunk to join them.
      if (this.carry.length) out.push(this.carry);
      buf = chunk;
    } else buf = concatBytes(this.carry, chunk);
    this.carry = new Uint8Array(0);
    this.carryPasses = false;
    if (this.phase === "head") {
      const rest = this.head(buf, out, false);
      if (rest === null) {
        this.carry = buf;
        return out;
      }
      buf = rest;
    }
    if (this.phase === "data") buf = this.data(buf, out, false);
    if (this.phase === "tail" && buf.length) {
      this.tail.push(buf);
      // With moved rows, the tail's references are adjusted once it is whole.
      if (!this.shift) out.push(buf);
    } else this.carry = buf;
    return out;
  }

  /** Whether bytes kept from the last chunk start a row, the end of the sheet data or odd markup. */
  private startsPattern(bridge: Uint8Array): boolean {
    const at = (p: Uint8Array): boolean => indexOfBytes(bridge.subarray(0, p.length), p, 0) === 0;
    if (bridge.length < 2) return bridge.length > 0;
    return at(this.rowOpen) || at(this.endData) || bridge[1] === 33 || bridge[1] === 63 || bridge.length < this.endData.length;
  }

  /** The last pieces, once the part has ended. */
  end(): Uint8Array[] {
    const out: Uint8Array[] = [];
    let buf = this.carry;
    this.carry = new Uint8Array(0);
    if (this.phase === "head") buf = this.head(buf, out, true) ?? buf;
    if (this.phase === "data") buf = this.data(buf, out, true);
    if (this.phase !== "tail") throw this.fail("its XML ends inside the sheet data");
    if (buf.length) {
      this.tail.push(buf);
      if (!this.shift) out.push(buf);
    }
    const tail = utf8.decode(concat(this.tail));
    this.checkMerges(tail);
    if (this.shift) out.push(encoder.encode(shiftTail(tail, this.p, this.shift)));
    return out;
  }

  /**
   * Finds <sheetData> (with whatever prefix the sheet uses), passes the part before it with its
   * <dimension> widened, and returns the bytes after its start tag; null while not yet found.
   */
  private head(buf: Uint8Array, out: Uint8Array[], final: boolean): Uint8Array | null {
    const found = findSheetData(buf);
    if (found === null) {
      if (final) throw this.fail("its XML has no <sheetData>");
      return null;
    }
    const { at, prefix } = found;
    const windowText = utf8.decode(buf.subarray(at, Math.min(buf.length, at + 4096)));
    const tag = readTag(windowText, 0);
    if (!tag) {
      if (final) throw this.fail("its XML ends inside the <sheetData> tag");
      return null;
    }
    this.p = prefix;
    this.rowOpen = bytesOf(`<${prefix}row`);
    this.endData = bytesOf(`</${prefix}sheetData>`);
    this.rowClose = bytesOf(`</${prefix}row>`);
    let head = utf8.decode(buf.subarray(0, at));
    for (const col of tagsNamed(head, `${prefix}col`)) {
      const style = Number(col.attributes.style ?? 0) || 0;
      const min = Number(col.attributes.min);
      const max = Number(col.attributes.max);
      if (style && min >= 1 && max >= min) for (let c = min; c <= Math.min(max, 16384); c++) this.colStyles[c] = style;
    }
    head = head.replace(new RegExp(`<${prefix}dimension\\s+ref="([^"]*)"\\s*/>`), (_m, ref: string) => `<${prefix}dimension ref="${widenRef(this.shift ? shiftRange(ref, this.shift) : ref, patchBox(this.target))}"/>`);
    out.push(encoder.encode(head));
    const tagEnd = at + encoder.encode(windowText.slice(0, tag.end)).length;
    if (tag.selfClosing) {
      out.push(encoder.encode(`<${prefix}sheetData>`), ...this.newRows(Infinity), this.endData);
      this.phase = "tail";
    } else {
      out.push(buf.subarray(at, tagEnd));
      this.phase = "data";
    }
    return buf.subarray(tagEnd);
  }

  /** Rows up to </sheetData>: returns the bytes not yet passed (the tail once the data ended). */
  private data(buf: Uint8Array, out: Uint8Array[], final: boolean): Uint8Array {
    // Where the next patched row lies beyond this chunk's last row, the rows before that one are
    // not looked at; </sheetData> can only follow that row (no element after the sheet data is a row).
    let last = this.lastRowStart(buf, buf.length);
    const endAt = indexOfBytes(buf, this.endData, last?.at ?? 0);
    const limit = endAt >= 0 ? endAt : buf.length;
    if (last && last.at >= limit) last = null;
    const odd = oddMarkup(buf, limit);
    if (odd) throw this.fail(`its sheet data holds ${odd}, which this writer does not place rows among`);
    // Untouched bytes from `pass` on go out as one piece, when something new is put after them.
    let pass = 0;
    let pos = 0;
    const emit = (upTo: number, pieces: readonly Uint8Array[] = []): void => {
      if (upTo > pass) out.push(buf.subarray(pass, upTo));
      out.push(...pieces);
      pass = upTo;
    };
    for (;;) {
      if (last && last.at > pos && (last.number as number) < this.nextPending && (last.number as number) < (this.shift?.from ?? Infinity)) pos = last.at;
      const start = this.rowStartAt(buf, pos, limit);
      if (start === "more") {
        if (final) throw this.fail("its XML ends inside a row");
        emit(pos);
        break;
      }
      if (start === null) {
        if (endAt < 0) {
          // All passes, but for the last "<", where a pattern may be cut by the chunk boundary
          // (each pattern holds one "<", its first byte).
          const lt = final ? -1 : lastIndexOfByte(buf, 60, buf.length - 1);
          emit(lt >= pos ? lt : buf.length);
          this.carryPasses = true;
          break;
        }
        emit(endAt, this.newRows(Infinity));
        out.push(this.endData);
        this.phase = "tail";
        return buf.subarray(endAt + this.endData.length);
      }
      const read = start.number ?? this.lastRow + 1;
      this.lastRow = read;
      const moves = this.shift !== null && read >= this.shift.from;
      // A moved row's new number: the patch's rows go before it.
      const number = moves ? read + (this.shift as RowShift).by : read;
      if (this.nextPending < number) emit(start.at, this.newRows(number));
      if (number !== this.nextPending && !moves) {
        pos = start.end;
        continue;
      }
      let close = start.end;
      if (!start.selfClosing) {
        const at = indexOfBytes(buf, this.rowClose, start.end);
        if (at < 0 || at > limit) {
          if (final || endAt >= 0) throw this.fail(`row ${number} is not closed before the end of the sheet data`);
          // The whole row is needed: it is taken up again with the next bytes.
          this.lastRow = read - 1;
          emit(start.at);
          break;
        }
        close = at + this.rowClose.length;
      }
      const xml = utf8.decode(buf.subarray(start.at, close));
      if (moves) emit(start.at, [encoder.encode(shiftRowXml(xml, this.p, this.shift as RowShift))]);
      else {
        this.next++;
        emit(start.at, [encoder.encode(this.rewriteRow(xml, number))]);
      }
      pass = pos = close;
    }
    return buf.subarray(pass);
  }

  /** A patched existing row, its other cells kept. */
  private rewriteRow(xml: string, number: number): string {
    const tag = readTag(xml, 0);
    if (!tag) throw this.fail(`a damaged row ${number}`);
    const rowStyle = Number(tag.attributes.s ?? 0) || 0;
    const closeTag = `</${this.p}row>`;
    const cells = tag.selfClosing ? [] : this.cellsOf(xml, tag.end, xml.length - closeTag.length);
    const open = xml.slice(0, tag.end - (tag.selfClosing ? 2 : 1)).replace(/\sspans="[^"]*"/, "");
    return `${open}>${this.mergeCells(cells, number, rowStyle)}${closeTag}`;
  }

  /** The first row start tag at or after `from` and before `limit`; "more" when its tag is cut by the buffer's end. */
  private rowStartAt(buf: Uint8Array, from: number, limit: number): RowStart | null | "more" {
    const start = rowStartIn(buf, this.rowOpen, from, limit);
    if (start !== null && start !== "more" && Number.isNaN(start.number)) throw this.fail(`a row numbered '${start.r}'`);
    return start;
  }

  /** The last complete row start tag in buf before limit, if it has a number. */
  private lastRowStart(buf: Uint8Array, limit: number): RowStart | null {
    const start = lastRowStartIn(buf, this.rowOpen, limit);
    if (start !== null && Number.isNaN(start.number)) throw this.fail(`a row numbered '${start.r}'`);
    return start;
  }

  /**
   * For bytes known to pass unchanged after those fed so far (a prepared part's middle, see
   * prepared-append.ts): the bytes kept back from the last feed (a cut row, a last "<") pass
   * too, and reading resumes on the bytes after them. Only while in the sheet data.
   */
  passKept(): Uint8Array[] {
    if (this.phase !== "data") throw new Error("internal error: bytes passed outside the sheet data");
    const out = this.carry.length ? [this.carry] : [];
    this.carry = new Uint8Array(0);
    this.carryPasses = false;
    return out;
  }

  /** The <c> elements between start and end, with their columns and styles. */
  private cellsOf(s: string, start: number, end: number): { col: number; xml: string; s: number }[] {
    const out: { col: number; xml: string; s: number }[] = [];
    const cellName = `${this.p}c`;
    const cellClose = `</${cellName}>`;
    let pos = start;
    let col = 0;
    for (;;) {
      while (pos < end && isSpace(s.charCodeAt(pos))) pos++;
      if (pos >= end) break;
      const tag = readTag(s, pos);
      if (!tag || tag.end > end) throw this.fail("a damaged row");
      let close = tag.end;
      if (!tag.selfClosing) {
        const at = s.indexOf(`</${tag.name}>`, tag.end);
        if (at < 0 || at > end) throw this.fail("a damaged cell");
        close = at + tag.name.length + 3;
      }
      if (tag.name === cellName) {
        const m = /^([A-Z]{1,3})\d+$/.exec(tag.attributes.r ?? "");
        col = m ? colNumber(m[1]) : col + 1;
        out.push({ col, xml: s.slice(pos, close), s: Number(tag.attributes.s ?? 0) || 0 });
      } else if (tag.name !== cellClose) {
        // Extension content in a row (<extLst>) stays after the cells.
        out.push({ col: 16385, xml: s.slice(pos, close), s: 0 });
      }
      pos = close;
    }
    return out;
  }

  /** A row's cells with the patch's cells put in, existing ones replaced keeping their style. */
  private mergeCells(existing: { col: number; xml: string; s: number }[], row: number, rowStyle: number): string {
    const patched = this.target.rows.get(row) ?? [];
    let xml = "";
    let i = 0;
    for (const c of patched) {
      while (i < existing.length && existing[i].col < c.col) xml += existing[i++].xml;
      let base = rowStyle || this.colStyles[c.col] || 0;
      if (i < existing.length && existing[i].col === c.col) {
        const old = existing[i++];
        if (new RegExp(`<${this.p}f[\\s>/]`).test(old.xml)) throw this.fail(`cell ${columnLetter(c.col)}${row} holds a formula, which a run never overwrites`);
        base = old.s;
      }
      xml += cellXml(c.col, row, c.value, this.styles.withNumFmt(base, c.numFmt), this.date1904, this.p);
    }
    while (i < existing.length) xml += existing[i++].xml;
    return xml;
  }

  /** A patched cell inside a merged range would be hidden by it. */
  private checkMerges(tail: string): void {
    for (const merge of tagsNamed(tail, `${this.p}mergeCell`)) {
      const m = /^([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)$/.exec(merge.attributes.ref ?? "");
      if (!m) continue;
      const top = Math.min(Number(m[2]), Number(m[4]));
      const bottom = Math.max(Number(m[2]), Number(m[4]));
      const left = Math.min(colNumber(m[1]), colNumber(m[3]));
      const right = Math.max(colNumber(m[1]), colNumber(m[3]));
      for (const [row, cells] of this.target.rows) {
        if (row < top || row > bottom) continue;
        const hit = cells.find((c) => c.col >= left && c.col <= right);
        if (hit) throw this.fail(`cell ${columnLetter(hit.col)}${row} lies inside the merged range ${merge.attributes.ref}; unmerge it first`);
      }
    }
  }
}

export interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export function patchBox(target: Target): Box | null {
  // A row's cells are in ascending columns (Target.rows), so its first and last cell are its
  // extent: one step per row, where one per cell (280,000 appended at 100k customers) took ~0.1 s.
  let top = Infinity;
  let bottom = -Infinity;
  let left = Infinity;
  let right = -Infinity;
  for (const [row, cells] of target.rows) {
    if (cells.length === 0) continue;
    if (row < top) top = row;
    if (row > bottom) bottom = row;
    const first = cells[0].col;
    const last = cells[cells.length - 1].col;
    if (first < left) left = first;
    if (last > right) right = last;
  }
  return top === Infinity ? null : { top, left, bottom, right };
}

export function widenRef(ref: string, box: Box | null): string {
  if (!box) return ref;
  const m = /^([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?$/.exec(ref);
  if (!m) return ref;
  const top = Math.min(Number(m[2]), box.top);
  const left = Math.min(colNumber(m[1]), box.left);
  const bottom = Math.max(Number(m[4] ?? m[2]), box.bottom);
  const right = Math.max(colNumber(m[3] ?? m[1]), box.right);
  return `${columnLetter(left)}${top}:${columnLetter(right)}${bottom}`;
}

export function colNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

/**
 * rowStartAt without the row's number checked: the first `rowOpen` start tag at or after `from`
 * (and before `limit`), its number null without an r and NaN where r is not a row number;
 * "more" when the tag may go on past the end of `buf`.
 */
export function rowStartIn(buf: Uint8Array, rowOpen: Uint8Array, from: number, limit: number): RowStart | null | "more" {
  for (let at = indexOfBytes(buf, rowOpen, from); at >= 0 && at < limit; at = indexOfBytes(buf, rowOpen, at + 1)) {
    const after = at + rowOpen.length;
    if (after >= buf.length) return "more";
    const c = buf[after];
    if (!(isSpace(c) || c === 47 || c === 62)) continue;
    const gt = indexOfByte(buf, 62, after);
    if (gt < 0) return "more";
    // Latin-1 is enough for a row's start tag: its attributes are numbers and flags.
    const text = latin1(buf.subarray(at, gt + 1));
    const tag = readTag(text, 0);
    if (!tag) return "more";
    const r = tag.attributes.r;
    const number = r !== undefined && /^[1-9]\d*$/.test(r) ? Number(r) : r === undefined ? null : NaN;
    return { at, r, end: at + tag.end, number, selfClosing: tag.selfClosing };
  }
  return null;
}

/** lastRowStart without the row's number checked (NaN where its r is not a row number). */
function lastRowStartIn(buf: Uint8Array, rowOpen: Uint8Array, limit: number): RowStart | null {
  for (let at = lastIndexOfBytes(buf, rowOpen, limit - 1); at >= 0; at = at > 0 ? lastIndexOfBytes(buf, rowOpen, at - 1) : -1) {
    const start = rowStartIn(buf, rowOpen, at, limit);
    if (start !== null && start !== "more" && start.at === at) return start.number !== null ? start : null;
  }
  return null;
}

/**
 * What the splicer needs to know of bytes it is not given (prepared-append.ts): the number of
 * the last complete row start before `limit` ("none" without one, null when that row has no
 * number or an unreadable one), whether `</sheetData>` starts before `limit`, and any markup
 * that would make the splicer refuse the sheet.
 */
export function passingFacts(buf: Uint8Array, prefix: string, limit = buf.length): { lastRow: number | null | "none"; endsData: boolean; odd: boolean } {
  const rowOpen = bytesOf(`<${prefix}row`);
  let lastRow: number | null | "none" = "none";
  for (let at = lastIndexOfBytes(buf, rowOpen, limit - 1); at >= 0; at = at > 0 ? lastIndexOfBytes(buf, rowOpen, at - 1) : -1) {
    const start = rowStartIn(buf, rowOpen, at, limit);
    if (start === null || start === "more" || start.at !== at) continue;
    lastRow = start.number === null || Number.isNaN(start.number) ? null : start.number;
    break;
  }
  const end = indexOfBytes(buf, bytesOf(`</${prefix}sheetData>`), 0);
  return { lastRow, endsData: end >= 0 && end < limit, odd: oddMarkup(buf, limit) !== null };
}

/**
 * Markup in which a byte search could take text for a row: "<!--", "<![CDATA[" (both "<!") and
 * "<?", found through their rarer second byte. Its name, or null.
 */
function oddMarkup(buf: Uint8Array, limit: number): string | null {
  for (const [byte, what] of [[33, "an XML comment or a CDATA section"], [63, "a processing instruction"]] as const) {
    for (let at = indexOfByte(buf, byte, 1); at >= 0 && at < limit; at = indexOfByte(buf, byte, at + 1)) if (buf[at - 1] === 60) return what;
  }
  return null;
}

function latin1(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

/** The <sheetData> start tag (any prefix): where its "<" is; null when not (yet) in the bytes. */
export function findSheetData(buf: Uint8Array): { at: number; prefix: string } | null {
  const name = SHEET_DATA;
  for (let i = indexOfBytes(buf, name, 0); i >= 0; i = indexOfBytes(buf, name, i + 1)) {
    const after = i + name.length;
    if (after >= buf.length) return null;
    const c = buf[after];
    if (!(isSpace(c) || c === 47 || c === 62)) continue;
    let j = i - 1;
    if (j >= 0 && buf[j] === 58) {
      // A prefix: name characters back to "<".
      j--;
      while (j >= 0 && isNameByte(buf[j])) j--;
      if (j < 0 || buf[j] !== 60 || j === i - 2) continue;
      return { at: j, prefix: latin1(buf.subarray(j + 1, i)) };
    }
    if (j >= 0 && buf[j] === 60) return { at: j, prefix: "" };
  }
  return null;
}

const SHEET_DATA = bytesOf("sheetData");

function isNameByte(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 45 || c === 46 || c >= 128;
}
