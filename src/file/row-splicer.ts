import { columnLetter } from "../workbook/grid";
import { XlsxError } from "./limits";
import { StyleSheet } from "./style-sheet";
import { TableEdit } from "./tables";
import type { PatchCell, Target } from "./xlsx-patch";
import { cellXml } from "./xlsx-patch";
import { isSpace, readTag, tagsNamed } from "./xml-text";

/**
 * A worksheet's XML with the patch's rows merged in, as the text streams through: rows the
 * patch does not touch are copied as they are (text, not re-serialized), a patched row keeps its
 * other cells and each replaced cell its style, new rows are placed in order. Works on the
 * sheet's own prefix (x:row from the Open XML SDK as well as row).
 */
export class RowSplicer {
  private readonly pending: number[];
  private next = 0;
  private readonly colStyles: number[] = [];
  private phase: "head" | "data" | "tail" = "head";
  private buf = "";
  private tail = "";
  private p = "";

  constructor(
    private readonly target: Target,
    private readonly styles: StyleSheet,
    private readonly date1904: boolean,
    private readonly part: string,
    private readonly tables: TableEdit[],
  ) {
    this.pending = [...target.rows.keys()].sort((a, b) => a - b);
    void this.tables;
  }

  private fail(what: string): XlsxError {
    return new XlsxError(`Cannot write to sheet '${this.target.patch.sheet}' (${this.part}): ${what}`);
  }

  private cell(ref: string, c: PatchCell, s: number): string {
    const xml = cellXml(ref, c.value, s, this.date1904);
    return this.p ? xml.replace(/<(\/?)(c|v|is|t)\b/g, `<$1${this.p}$2`) : xml;
  }

  private emitNew(before: number): string {
    let xml = "";
    while (this.next < this.pending.length && this.pending[this.next] < before) {
      const row = this.pending[this.next++];
      xml += `<${this.p}row r="${row}">${this.mergeCells([], row, 0)}</${this.p}row>`;
    }
    return xml;
  }

  /** Text in, text out; `final` once the part has ended. */
  feed(text: string, final: boolean): string {
    this.buf += text;
    let buf = this.buf;
    let out = "";
    let pos = 0;
    if (this.phase === "head") {
      const m = /<([A-Za-z_][\w.-]*:)?sheetData[\s/>]/.exec(buf);
      if (!m) {
        if (final) throw this.fail("its XML has no <sheetData>");
        return "";
      }
      const at = m.index;
      const tag = readTag(buf, at);
      if (!tag) return "";
      this.p = m[1] ?? "";
      let head = buf.slice(0, at);
      for (const col of tagsNamed(head, `${this.p}col`)) {
        const style = Number(col.attributes.style ?? 0) || 0;
        const min = Number(col.attributes.min);
        const max = Number(col.attributes.max);
        if (style && min >= 1 && max >= min) for (let c = min; c <= Math.min(max, 16384); c++) this.colStyles[c] = style;
      }
      head = head.replace(new RegExp(`<${this.p}dimension\\s+ref="([^"]*)"\\s*/>`), (_m, ref: string) => `<${this.p}dimension ref="${widenRef(ref, patchBox(this.target))}"/>`);
      out += head;
      if (tag.selfClosing) {
        out += `<${this.p}sheetData>${this.emitNew(Infinity)}</${this.p}sheetData>`;
        this.phase = "tail";
      } else {
        out += buf.slice(at, tag.end);
        this.phase = "data";
      }
      pos = tag.end;
    }
    if (this.phase === "data") {
      const p = this.p;
      const endData = `</${p}sheetData>`;
      const rowOpen = `<${p}row`;
      const rowClose = `</${p}row>`;
      for (;;) {
        let ws = pos;
        while (ws < buf.length && isSpace(buf.charCodeAt(ws))) ws++;
        if (ws >= buf.length) break;
        if (buf.startsWith(endData, ws)) {
          out += buf.slice(pos, ws) + this.emitNew(Infinity) + endData;
          pos = ws + endData.length;
          this.phase = "tail";
          break;
        }
        if (!buf.startsWith(rowOpen, ws)) {
          if (ws + 64 > buf.length && !final) break;
          throw this.fail(`unexpected content in its sheet data at '${buf.slice(ws, ws + 30)}'`);
        }
        const tag = readTag(buf, ws);
        if (!tag) break;
        let close = tag.end;
        if (!tag.selfClosing) {
          const at = buf.indexOf(rowClose, tag.end);
          if (at < 0) break;
          close = at + rowClose.length;
        }
        const r = tag.attributes.r;
        if (r === undefined || !/^[1-9]\d*$/.test(r)) throw this.fail("a row without a number, which this writer cannot place rows among");
        const number = Number(r);
        out += buf.slice(pos, ws) + this.emitNew(number);
        if (this.next < this.pending.length && this.pending[this.next] === number) {
          this.next++;
          const rowStyle = Number(tag.attributes.s ?? 0) || 0;
          const cells = tag.selfClosing ? [] : this.cellsOf(buf, tag.end, close - rowClose.length);
          const open = buf.slice(ws, tag.end - (tag.selfClosing ? 2 : 1)).replace(/\sspans="[^"]*"/, "");
          out += `${open}>${this.mergeCells(cells, number, rowStyle)}${rowClose}`;
        } else out += buf.slice(ws, close);
        pos = close;
      }
    }
    if (this.phase === "tail") {
      this.tail += buf.slice(pos);
      pos = buf.length;
    }
    this.buf = buf = buf.slice(pos);
    if (final) {
      if (this.phase !== "tail") throw this.fail("its XML ends inside the sheet data");
      this.checkMerges();
      return out + this.tail;
    }
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
      xml += this.cell(`${columnLetter(c.col)}${row}`, c, this.styles.withNumFmt(base, c.numFmt));
    }
    while (i < existing.length) xml += existing[i++].xml;
    return xml;
  }

  /** A patched cell inside a merged range would be hidden by it. */
  private checkMerges(): void {
    for (const merge of tagsNamed(this.tail, `${this.p}mergeCell`)) {
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
  let box: Box | null = null;
  for (const [row, cells] of target.rows) {
    for (const c of cells) {
      if (!box) box = { top: row, left: c.col, bottom: row, right: c.col };
      else {
        box.top = Math.min(box.top, row);
        box.bottom = Math.max(box.bottom, row);
        box.left = Math.min(box.left, c.col);
        box.right = Math.max(box.right, c.col);
      }
    }
  }
  return box;
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
