import ExcelJS from "exceljs";
import { headerKey } from "../workbook/contract";
import { CellValue, ColumnKind, SheetPatch, WorkbookPatch, columnLetter } from "../workbook/grid";
import { replaceFileAtomically } from "./atomic-file";
import { excelValueOf } from "./cell-values";
import { DATE_FORMAT, amountFormat } from "./xlsx-patch";
import { SheetPart, dateStyles, isDate1904, sheetParts } from "./xlsx-fast-read";
import { UnsupportedXlsx, escapeXml, isSpace, readTag, tagsNamed, xmlText } from "./xml-text";
import { UnsupportedZip, ZipEntry, ZipReader, ZipWriter, zipTuning } from "./zip";

/**
 * Applying a WorkbookPatch to a large .xlsx file without ExcelJS's in-memory model. The
 * archive is copied entry by entry, untouched entries byte for byte; the sheets the patch
 * writes to are streamed through, their rows copied as text and the patched rows merged in;
 * new sheets, styles, the workbook and its relationships get the few lines they need. So the
 * user's formatting, formulas, tables, names and everything ExcelJS would not round-trip stay
 * exactly as they were. The result reads back as the ExcelJS path's does: same values, same
 * number formats (currency decimals, yyyy-mm-dd), bold frozen headers and column widths on
 * new sheets. Strings are written inline (no shared-string table to rewrite).
 *
 * Returns false, having written nothing, when the file holds something this writer does not
 * handle (a patched cell with a formula or inside a merge, an unusual archive...): the caller
 * then uses ExcelJS as before.
 */
export async function applyPatchFast(inPath: string, patch: WorkbookPatch, outPath: string): Promise<boolean> {
  let zip: ZipReader;
  try {
    zip = await ZipReader.open(inPath);
  } catch (error) {
    if (error instanceof UnsupportedZip) return false;
    throw error;
  }
  try {
    const plan = await planPatch(zip, patch);
    await replaceFileAtomically(outPath, (temp) => writePatched(zip, plan, temp));
    return true;
  } catch (error) {
    if (isUnsupported(error) || isUnsupported((error as { cause?: unknown })?.cause)) return false;
    throw error;
  } finally {
    await zip.close();
  }
}

function isUnsupported(error: unknown): boolean {
  return error instanceof UnsupportedXlsx || error instanceof UnsupportedZip;
}

const WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const WIDTH_BY_KIND: Readonly<Record<ColumnKind, number>> = { text: 16, date: 12, amount: 15, integer: 10 };

/** One cell the patch writes: the value as ExcelJS would store it, and the number format to give it. */
interface PatchCell {
  col: number;
  value: ExcelJS.CellValue;
  numFmt: string | null;
}

interface Target {
  patch: SheetPatch;
  part: SheetPart | null;
  /** New sheets: their part name and relationship. */
  path: string;
  /** Patched cells by sheet row, columns ascending. */
  rows: Map<number, PatchCell[]>;
}

interface Plan {
  targets: Target[];
  date1904: boolean;
  styles: Styles;
  workbookXml: string;
  relsXml: string;
  contentTypesXml: string;
  /** Entries rewritten: name -> new text (known up front), or a target to stream. */
  rewritten: Map<string, string>;
  streamed: Map<string, Target>;
  stylesEntry: ZipEntry;
}

async function planPatch(zip: ZipReader, patch: WorkbookPatch): Promise<Plan> {
  const entry = (name: string): ZipEntry => {
    const found = zip.find(name);
    if (!found) throw new UnsupportedXlsx(`no ${name}`);
    return found;
  };
  const workbookXml = await zip.text(entry("xl/workbook.xml"));
  const relsXml = await zip.text(entry("xl/_rels/workbook.xml.rels"));
  const contentTypesXml = await zip.text(entry("[Content_Types].xml"));
  const stylesEntry = entry("xl/styles.xml");
  const styles = new Styles(await zip.text(stylesEntry));
  const parts = sheetParts(workbookXml, relsXml, zip.entries);
  const allNames = tagsNamed(workbookXml, "sheet").map((s) => (s.attributes.name ?? "").trim().toLowerCase());

  // Checked before anything is written, with the ExcelJS path's messages.
  const found = patch.sheets.map((sp) => {
    const wanted = sp.sheet.trim().toLowerCase();
    const part = parts.find((p) => p.name.trim().toLowerCase() === wanted) ?? null;
    if (sp.create && part) throw new Error(`Cannot add sheet '${sp.sheet}': the workbook already has it`);
    if (!sp.create && !part) throw new Error(`Cannot write to sheet '${sp.sheet}': the workbook has no such sheet`);
    if (sp.create && allNames.includes(wanted)) throw new UnsupportedXlsx("a new sheet named like a chart sheet");
    return { sp, part };
  });
  if (new Set(found.map((f) => f.sp.sheet.trim().toLowerCase())).size !== found.length) throw new UnsupportedXlsx("a sheet patched twice");

  const date1904 = isDate1904(workbookXml);
  const rewritten = new Map<string, string>();
  const streamed = new Map<string, Target>();
  const targets: Target[] = [];
  let nextSheet = Math.max(0, ...zip.entries.map((e) => /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(e.name)?.[1] ?? "0").map(Number)) + 1;
  let nextSheetId = Math.max(0, ...tagsNamed(workbookXml, "sheet").map((s) => parseInt(s.attributes.sheetId ?? "0", 10) || 0)) + 1;
  const relIds = new Set(tagsNamed(relsXml, "Relationship").map((r) => r.attributes.Id));
  let nextRel = 1;
  const newSheets: string[] = [];
  const newRels: string[] = [];
  const newTypes: string[] = [];
  for (const { sp, part } of found) {
    const target: Target = { patch: sp, part, path: part?.path ?? `xl/worksheets/sheet${nextSheet++}.xml`, rows: new Map() };
    targets.push(target);
    if (part) {
      streamed.set(part.path, target);
      continue;
    }
    while (relIds.has(`rId${nextRel}`)) nextRel++;
    const rId = `rId${nextRel}`;
    relIds.add(rId);
    const file = target.path.slice("xl/".length);
    newSheets.push(`<sheet name="${escapeXml(sp.sheet)}" sheetId="${nextSheetId++}" r:id="${rId}"/>`);
    newRels.push(`<Relationship Id="${rId}" Type="${WORKSHEET_TYPE}" Target="${file}"/>`);
    newTypes.push(`<Override PartName="/${target.path}" ContentType="${WORKSHEET_CONTENT}"/>`);
  }
  if (newSheets.length) {
    if (!/<sheets>[\s\S]*<\/sheets>/.test(workbookXml) || !/\sxmlns:r="http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships"/.test(workbookXml)) {
      throw new UnsupportedXlsx("a workbook.xml without the usual <sheets> and r: namespace");
    }
    rewritten.set("xl/workbook.xml", workbookXml.replace("</sheets>", `${newSheets.join("")}</sheets>`));
    if (!relsXml.includes("</Relationships>")) throw new UnsupportedXlsx("workbook relationships");
    rewritten.set("xl/_rels/workbook.xml.rels", relsXml.replace("</Relationships>", `${newRels.join("")}</Relationships>`));
    if (!contentTypesXml.includes("</Types>")) throw new UnsupportedXlsx("content types");
    rewritten.set("[Content_Types].xml", contentTypesXml.replace("</Types>", `${newTypes.join("")}</Types>`));
  }
  const plan: Plan = { targets, date1904, styles, workbookXml, relsXml, contentTypesXml, rewritten, streamed, stylesEntry };
  for (const target of targets) {
    const firstCol = target.part ? await headerStartColumn(zip, target, needsKinds(target.patch)) : 1;
    collectCells(target, firstCol);
  }
  return plan;
}

/** Kinds (hence the header's first column) matter only for numbers. */
function needsKinds(sp: SheetPatch): boolean {
  return sp.blocks.some((b) => b.values.some((r) => r.some((v) => typeof v === "number")));
}

/** The cells of the patch by row, with formatBlock's number formats. */
function collectCells(target: Target, firstCol: number): void {
  const sp = target.patch;
  const byRow = target.rows;
  for (const block of sp.blocks) {
    block.values.forEach((values, i) => {
      const rowNumber = block.row + i;
      const decimals = block.rowDecimals?.[i] ?? 2;
      let cells = byRow.get(rowNumber);
      if (!cells) byRow.set(rowNumber, (cells = []));
      values.forEach((value, j) => {
        const col = block.col + j;
        const kind = sp.columnKinds[col - firstCol];
        let numFmt: string | null = null;
        if (typeof value === "number" && kind === "amount") numFmt = amountFormat(decimals);
        else if (value instanceof Date || (typeof value === "number" && kind === "date")) numFmt = DATE_FORMAT;
        (cells as PatchCell[]).push({ col, value: excelValueOf(value), numFmt });
      });
    });
  }
  for (const [row, cells] of byRow) {
    // A later block wins a cell written twice, as in ExcelJS; then columns ascending.
    const last = new Map<number, PatchCell>();
    for (const c of cells) {
      const before = last.get(c.col);
      last.set(c.col, before && !c.numFmt && before.numFmt && typeof c.value === "number" ? { ...c, numFmt: before.numFmt } : c);
    }
    byRow.set(row, [...last.values()].sort((a, b) => a.col - b.col));
  }
}

/**
 * xlsx-patch's headerStartColumn: the first column of the header row whose value is a string
 * with the key of the patch's first header, the patch's own header cells included; else 1.
 */
async function headerStartColumn(zip: ZipReader, target: Target, needed: boolean): Promise<number> {
  const sp = target.patch;
  if (!needed || !sp.header.length) return 1;
  const wanted = headerKey(sp.header[0]);
  const written = new Map<number, CellValue>();
  for (const block of sp.blocks) {
    const i = sp.headerRow - block.row;
    if (i >= 0 && i < block.values.length) block.values[i].forEach((v, j) => written.set(block.col + j, v));
  }
  const cells = await headerRowCells(zip, (target.part as SheetPart).path, sp.headerRow);
  const cols = new Set([...cells.keys(), ...written.keys()]);
  const indices = [...cells.values()].filter((c) => c.type === "s").map((c) => parseInt(c.text, 10));
  const strings = indices.length ? await someSharedStrings(zip, new Set(indices)) : new Map<number, string | null>();
  for (const col of [...cols].sort((a, b) => a - b)) {
    let value: unknown;
    if (written.has(col)) value = excelValueOf(written.get(col) ?? null);
    else {
      const c = cells.get(col);
      if (!c || c.formula) continue;
      if (c.type === "s") value = strings.get(parseInt(c.text, 10));
      else if (c.type === "inlineStr" || c.type === "str") value = c.text;
    }
    if (typeof value === "string" && headerKey(value) === wanted) return col;
  }
  return 1;
}

interface RawCell {
  type: string | undefined;
  text: string;
  formula: boolean;
}

/** The cells of one row of a sheet part, read from the start of the part up to that row. */
async function headerRowCells(zip: ZipReader, path: string, rowNumber: number): Promise<Map<number, RawCell>> {
  const entry = zip.find(path) as ZipEntry;
  const decoder = new TextDecoder("utf-8");
  let buf = "";
  const out = new Map<number, RawCell>();
  for await (const chunk of zip.stream(entry, Math.min(zipTuning.chunkSize, 1 << 16))) {
    buf += decoder.decode(chunk, { stream: true });
    const rowAt = findRowStart(buf, rowNumber);
    if (rowAt === "past") return out;
    if (rowAt < 0) {
      buf = buf.slice(Math.max(0, buf.length - 64));
      continue;
    }
    const tag = readTag(buf, rowAt);
    if (!tag) continue;
    if (tag.selfClosing) return out;
    const close = buf.indexOf("</row>", tag.end);
    if (close < 0) continue;
    for (const cell of cellsOf(buf, tag.end, close)) {
      if (/\s[a-z]+='/.test(cell.xml)) throw new UnsupportedXlsx("single-quoted attributes in the header row");
      const v = /<v>([\s\S]*?)<\/v>|<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/.exec(cell.xml);
      const raw = v ? v[1] ?? v[2] ?? "" : "";
      const type = /^<c\s[^>]*?\bt="([^"]*)"/.exec(cell.xml)?.[1];
      const text = type === "str" ? xmlText(raw).replace(/&(lt|gt|amp|apos|quot);/g, (m) => ({ "&lt;": "<", "&gt;": ">", "&amp;": "&", "&apos;": "'", "&quot;": '"' })[m] as string) : xmlText(raw);
      if (raw !== "") out.set(cell.col, { type, text, formula: /<f[\s>/]/.test(cell.xml) });
    }
    return out;
  }
  return out;
}

/** Index of `<row r="n"`, -1 when not yet seen, "past" when a later row shows it has no element. */
function findRowStart(buf: string, n: number): number | "past" {
  for (const tag of buf.match(/<row[\s/>][^>]*>/g) ?? []) {
    if (!tag.startsWith('<row r="')) throw new UnsupportedXlsx("rows whose number is not their first attribute");
  }
  const at = buf.indexOf(`<row r="${n}"`);
  if (at >= 0) return at;
  const re = /<row r="(\d+)"/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(buf))) if (Number(m[1]) > n) return "past";
  if (buf.includes("</sheetData>") || /<sheetData\s*\/>/.test(buf)) return "past";
  return -1;
}

/** Only the shared strings at `wanted`, reading the table no further than the last of them. */
async function someSharedStrings(zip: ZipReader, wanted: Set<number>): Promise<Map<number, string | null>> {
  const out = new Map<number, string | null>();
  const entry = zip.find("xl/sharedStrings.xml");
  if (!entry) return out;
  const last = Math.max(...wanted);
  const decoder = new TextDecoder("utf-8");
  let buf = "";
  let index = 0;
  for await (const chunk of zip.stream(entry, Math.min(zipTuning.chunkSize, 1 << 16))) {
    buf += decoder.decode(chunk, { stream: true });
    let pos = 0;
    for (;;) {
      const at = buf.indexOf("<si", pos);
      if (at < 0) break;
      const tag = readTag(buf, at);
      if (!tag) break;
      if (tag.name !== "si") {
        pos = tag.end;
        continue;
      }
      let body = "";
      if (!tag.selfClosing) {
        const close = buf.indexOf("</si>", tag.end);
        if (close < 0) break;
        body = buf.slice(tag.end, close);
        pos = close + 5;
      } else pos = tag.end;
      if (wanted.has(index)) {
        // A plain <t> reads as a string; rich text is an object to ExcelJS, never a header match.
        const m = /^<t(?:\s[^>]*)?>([\s\S]*)<\/t>$/.exec(body);
        out.set(index, m && !m[1].includes("<") ? xmlText(m[1]).replace(/_x([0-9A-F]{4})_/g, (_s, h: string) => String.fromCharCode(parseInt(h, 16))) : null);
      }
      if (index++ >= last) return out;
    }
    buf = buf.slice(pos);
  }
  return out;
}

/** The <c> elements between start and end, with their columns. */
function cellsOf(s: string, start: number, end: number): { col: number; xml: string; s: number }[] {
  const out: { col: number; xml: string; s: number }[] = [];
  let pos = start;
  for (;;) {
    while (pos < end && isSpace(s.charCodeAt(pos))) pos++;
    if (pos >= end) break;
    const tag = readTag(s, pos);
    if (!tag || tag.name !== "c" || tag.end > end) throw new UnsupportedXlsx("unexpected content in a row");
    let close = tag.end;
    if (!tag.selfClosing) {
      const at = s.indexOf("</c>", tag.end);
      if (at < 0 || at > end) throw new UnsupportedXlsx("a malformed cell");
      close = at + 4;
    }
    const m = /^([A-Z]{1,3})\d+$/.exec(tag.attributes.r ?? "");
    if (!m) throw new UnsupportedXlsx("a cell without an address");
    out.push({ col: colNumber(m[1]), xml: s.slice(pos, close), s: parseInt(tag.attributes.s ?? "0", 10) || 0 });
    pos = close;
  }
  return out;
}

function colNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n;
}

/**
 * The stylesheet: number formats and cell formats the patch needs are added once each.
 * A cell keeps its own (or its row's, or its column's) format, with only the number format
 * changed, as setting ExcelJS's cell.numFmt does.
 */
class Styles {
  private readonly numFmts = new Map<string, number>();
  private readonly added: string[] = [];
  private readonly addedFormats: string[] = [];
  private readonly xfs: string[];
  private readonly derived = new Map<string, number>();
  private boldFont = -1;
  private nextNumFmt = 164;
  private readonly fontCount: number;
  private readonly fontZero: string;

  constructor(private readonly xml: string) {
    if (/<[A-Za-z0-9_.-]+:(styleSheet|cellXfs|xf|fonts|numFmts)[\s/>]/.test(xml)) throw new UnsupportedXlsx("prefixed styles");
    for (const f of tagsNamed(xml, "numFmt")) {
      const id = parseInt(f.attributes.numFmtId ?? "", 10);
      const code = (f.attributes.formatCode ?? "").replace(/[\\](.)/g, "$1");
      if (id >= this.nextNumFmt) this.nextNumFmt = id + 1;
      if (!this.numFmts.has(code)) this.numFmts.set(code, id);
    }
    const cellXfs = /<cellXfs(?:\s[^>]*)?>([\s\S]*?)<\/cellXfs>/.exec(xml);
    if (!cellXfs) throw new UnsupportedXlsx("no cellXfs");
    this.xfs = cellXfs[1].match(/<xf\b[^>]*\/>|<xf\b[^>]*>[\s\S]*?<\/xf>/g) ?? [];
    if (!this.xfs.length) throw new UnsupportedXlsx("no cellXfs");
    const fonts = /<fonts(?:\s[^>]*)?>([\s\S]*?)<\/fonts>/.exec(xml);
    const fontList = fonts?.[1].match(/<font\b[^>]*\/>|<font\b[^>]*>[\s\S]*?<\/font>/g) ?? [];
    if (!fontList.length) throw new UnsupportedXlsx("no fonts");
    this.fontCount = fontList.length;
    this.fontZero = fontList[0] as string;
  }

  /** Built-in ids for the formats ExcelJS maps to them; others added once. */
  private numFmtId(code: string): number {
    const builtin: Record<string, number> = { General: 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "mm-dd-yy": 14, "@": 49 };
    if (code in builtin) return builtin[code];
    const known = this.numFmts.get(code);
    if (known !== undefined) return known;
    const id = this.nextNumFmt++;
    this.numFmts.set(code, id);
    this.addedFormats.push(`<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`);
    return id;
  }

  private addXf(xf: string): number {
    this.added.push(xf);
    return this.xfs.length + this.added.length - 1;
  }

  /** The cell format: `base` (0 for none) with number format `code` (null: unchanged). */
  withNumFmt(base: number, code: string | null): number {
    if (code === null) return base;
    const key = `${base}\u0000${code}`;
    const known = this.derived.get(key);
    if (known !== undefined) return known;
    const id = this.numFmtId(code);
    const source = base > 0 && base < this.xfs.length ? this.xfs[base] : this.xfs[0];
    const xf = setAttributes(source, { numFmtId: String(id), applyNumberFormat: "1" });
    const index = this.addXf(xf);
    this.derived.set(key, index);
    return index;
  }

  /** A format with a bold font, for the header of a new sheet. */
  bold(): number {
    const key = "bold";
    const known = this.derived.get(key);
    if (known !== undefined) return known;
    if (this.boldFont < 0) this.boldFont = this.fontCount;
    const index = this.addXf(setAttributes(this.xfs[0].replace(/<xf\b([^>]*?)\s*\/?>[\s\S]*$/, "<xf$1/>"), { numFmtId: "0", fontId: String(this.boldFont), applyFont: "1" }));
    this.derived.set(key, index);
    return index;
  }

  /** styles.xml with what was added. */
  render(): string {
    let xml = this.xml;
    if (!this.added.length) return xml;
    if (this.addedFormats.length) {
      if (/<numFmts(?:\s[^>]*)?>/.test(xml)) {
        xml = xml.replace(/<numFmts(\s[^>]*)?>([\s\S]*?)<\/numFmts>/, (_m, _a, inner: string) => {
          const list = `${inner}${this.addedFormats.join("")}`;
          return `<numFmts count="${(list.match(/<numFmt\b/g) ?? []).length}">${list}</numFmts>`;
        });
      } else {
        xml = xml.replace(/(<styleSheet\b[^>]*>)/, `$1<numFmts count="${this.addedFormats.length}">${this.addedFormats.join("")}</numFmts>`);
      }
    }
    if (this.boldFont >= 0) {
      const font = /<b\s*\/>/.test(this.fontZero) ? this.fontZero : this.fontZero.replace(/^<font\b([^>]*?)\s*\/>$/, "<font$1></font>").replace(/^(<font\b[^>]*>)/, "$1<b/>");
      xml = xml.replace(/<fonts(\s[^>]*)?>([\s\S]*?)<\/fonts>/, (_m, attrs: string | undefined, inner: string) => `<fonts${setCount(attrs ?? "", this.fontCount + 1)}>${inner}${font}</fonts>`);
    }
    xml = xml.replace(/<cellXfs(\s[^>]*)?>([\s\S]*?)<\/cellXfs>/, (_m, attrs: string | undefined, inner: string) => `<cellXfs${setCount(attrs ?? "", this.xfs.length + this.added.length)}>${inner}${this.added.join("")}</cellXfs>`);
    return xml;
  }
}

function setCount(attrs: string, count: number): string {
  return /\scount="[^"]*"/.test(attrs) ? attrs.replace(/\scount="[^"]*"/, ` count="${count}"`) : `${attrs} count="${count}"`;
}

/** The element's start tag with these attributes set (added or replaced). */
function setAttributes(element: string, values: Record<string, string>): string {
  const end = element.search(/\/?>/);
  let head = element.slice(0, end);
  for (const [name, value] of Object.entries(values)) {
    const re = new RegExp(`\\s${name}="[^"]*"`);
    head = re.test(head) ? head.replace(re, ` ${name}="${value}"`) : `${head} ${name}="${value}"`;
  }
  return head + element.slice(end);
}

function dateToExcel(d: Date, date1904: boolean): number {
  return 25569 + d.getTime() / (24 * 3600 * 1000) - (date1904 ? 1462 : 0);
}

/** A cell as ExcelJS writes the value, with style index `s` (0: none); "" for an empty unstyled cell. */
function cellXml(ref: string, value: ExcelJS.CellValue, s: number, date1904: boolean): string {
  const style = s ? ` s="${s}"` : "";
  if (value === null || value === undefined) return s ? `<c r="${ref}"${style}/>` : "";
  if (typeof value === "number") return `<c r="${ref}"${style}><v>${value}</v></c>`;
  if (typeof value === "boolean") return `<c r="${ref}"${style} t="b"><v>${value ? 1 : 0}</v></c>`;
  if (value instanceof Date) return `<c r="${ref}"${style}><v>${dateToExcel(value, date1904)}</v></c>`;
  if (typeof value === "string") {
    if (value === "") return s ? `<c r="${ref}"${style}/>` : "";
    const space = /^\s|\n|\s$/.test(value) ? ' xml:space="preserve"' : "";
    return `<c r="${ref}"${style} t="inlineStr"><is><t${space}>${escapeXml(value)}</t></is></c>`;
  }
  if (typeof value === "object" && "error" in value) return `<c r="${ref}"${style} t="e"><v>${escapeXml(String(value.error))}</v></c>`;
  throw new UnsupportedXlsx("a value the fast writer does not write");
}

async function writePatched(zip: ZipReader, plan: Plan, temp: string): Promise<void> {
  const out = await ZipWriter.create(temp);
  try {
    for (const entry of zip.entries) {
      if (entry.name === plan.stylesEntry.name) continue; // written last, once the formats are known
      const text = plan.rewritten.get(entry.name);
      const target = plan.streamed.get(entry.name);
      if (text !== undefined) await out.add(entry.name, [text]);
      else if (target) await out.add(entry.name, patchSheet(zip, entry, target, plan), entry.size > 1 << 24 ? 1 : 6);
      else await out.copy(zip, entry);
    }
    for (const target of plan.targets) if (!target.part) await out.add(target.path, newSheet(target, plan));
    await out.add(plan.stylesEntry.name, [plan.styles.render()]);
    await out.finish();
  } catch (error) {
    await out.abort();
    throw error;
  }
}

function* newSheet(target: Target, plan: Plan): Generator<string> {
  const sp = target.patch;
  const ySplit = sp.headerRow;
  const pane = ySplit > 0 ? `<pane ySplit="${ySplit}" topLeftCell="A${ySplit + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>` : "";
  const cols = sp.header
    .map((title, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.min(40, Math.max(WIDTH_BY_KIND[sp.columnKinds[i] ?? "text"], title.length + 3))}" customWidth="1"/>`)
    .join("");
  yield '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">';
  yield `<sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>`;
  if (cols) yield `<cols>${cols}</cols>`;
  yield "<sheetData>";
  const bold = plan.styles.bold();
  const headerCols = new Set(sp.header.map((_, i) => i + 1));
  let chunk = "";
  for (const row of [...target.rows.keys()].sort((a, b) => a - b)) {
    const cells = target.rows.get(row) as PatchCell[];
    let xml = "";
    for (const c of cells) {
      const s = row === sp.headerRow && headerCols.has(c.col) ? bold : plan.styles.withNumFmt(0, c.numFmt);
      xml += cellXml(`${columnLetter(c.col)}${row}`, c.value, s, plan.date1904);
    }
    chunk += `<row r="${row}">${xml}</row>`;
    if (chunk.length > 1 << 20) {
      yield chunk;
      chunk = "";
    }
  }
  yield chunk;
  yield '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>';
}

/** The sheet part with the patch's rows merged in, streamed. */
async function* patchSheet(zip: ZipReader, entry: ZipEntry, target: Target, plan: Plan): AsyncGenerator<string> {
  const pending = [...target.rows.keys()].sort((a, b) => a - b);
  let next = 0;
  const colStyles: number[] = [];
  let phase: "head" | "data" | "tail" = "head";
  let buf = "";
  let tail = "";
  const decoder = new TextDecoder("utf-8");
  const box = patchBox(target);
  const emitNew = (before: number): string => {
    let xml = "";
    while (next < pending.length && pending[next] < before) {
      const row = pending[next++];
      xml += `<row r="${row}">${mergeCells([], row, 0, target, plan, colStyles)}</row>`;
    }
    return xml;
  };
  const process = (final: boolean): string => {
    let out = "";
    let pos = 0;
    if (phase === "head") {
      const at = buf.search(/<sheetData[\s/>]/);
      if (at < 0) {
        if (final) throw new UnsupportedXlsx("a worksheet without <sheetData>");
        return "";
      }
      const tag = readTag(buf, at);
      if (!tag) return "";
      let head = buf.slice(0, at);
      if (/<!DOCTYPE/i.test(head) || /<[A-Za-z0-9_.-]+:(worksheet|sheetData|row|c|cols|col|dimension)[\s/>]/.test(head)) throw new UnsupportedXlsx("an unusual worksheet");
      for (const col of tagsNamed(head, "col")) {
        const style = parseInt(col.attributes.style ?? "0", 10) || 0;
        const min = parseInt(col.attributes.min ?? "", 10);
        const max = parseInt(col.attributes.max ?? "", 10);
        if (style && min >= 1 && max >= min) for (let c = min; c <= Math.min(max, 16384); c++) colStyles[c] = style;
      }
      head = head.replace(/<dimension\s+ref="([^"]*)"\s*\/>/, (_m, ref: string) => `<dimension ref="${widenRef(ref, box)}"/>`);
      out += head;
      if (tag.selfClosing) {
        out += `<sheetData>${emitNew(Infinity)}</sheetData>`;
        phase = "tail";
      } else {
        out += buf.slice(at, tag.end);
        phase = "data";
      }
      pos = tag.end;
    }
    if (phase === "data") {
      for (;;) {
        let ws = pos;
        while (ws < buf.length && isSpace(buf.charCodeAt(ws))) ws++;
        if (ws >= buf.length) break;
        if (buf.startsWith("</sheetData>", ws)) {
          out += buf.slice(pos, ws) + emitNew(Infinity) + "</sheetData>";
          pos = ws + 12;
          phase = "tail";
          break;
        }
        if (!buf.startsWith("<row", ws)) {
          if (ws + 12 > buf.length && !final) break;
          throw new UnsupportedXlsx("unexpected element in sheetData");
        }
        const tag = readTag(buf, ws);
        if (!tag) break;
        let close = tag.end;
        if (!tag.selfClosing) {
          const at = buf.indexOf("</row>", tag.end);
          if (at < 0) break;
          close = at + 6;
        }
        const r = tag.attributes.r;
        if (r === undefined || !/^[1-9]\d*$/.test(r)) throw new UnsupportedXlsx("a row without a number");
        const number = Number(r);
        out += buf.slice(pos, ws) + emitNew(number);
        if (next < pending.length && pending[next] === number) {
          next++;
          const rowStyle = parseInt(tag.attributes.s ?? "0", 10) || 0;
          const cells = tag.selfClosing ? [] : cellsOf(buf, tag.end, close - 6);
          const open = buf.slice(ws, tag.end - (tag.selfClosing ? 2 : 1)).replace(/\sspans="[^"]*"/, "");
          out += `${open}>${mergeCells(cells, number, rowStyle, target, plan, colStyles)}</row>`;
        } else {
          out += buf.slice(ws, close);
        }
        pos = close;
      }
    }
    if (phase === "tail") {
      tail += buf.slice(pos);
      pos = buf.length;
    }
    buf = buf.slice(pos);
    return out;
  };
  for await (const chunk of zip.stream(entry)) {
    buf += decoder.decode(chunk, { stream: true });
    const out = process(false);
    if (out) yield out;
  }
  buf += decoder.decode();
  const out = process(true);
  if (out) yield out;
  if ((phase as string) !== "tail") throw new UnsupportedXlsx("a worksheet without </sheetData>");
  checkMerges(tail, target);
  yield tail;
}

/** A row's cells with the patch's cells put in, existing ones replaced keeping their style. */
function mergeCells(existing: { col: number; xml: string; s: number }[], row: number, rowStyle: number, target: Target, plan: Plan, colStyles: number[]): string {
  const patched = target.rows.get(row) ?? [];
  let xml = "";
  let i = 0;
  for (const p of patched) {
    while (i < existing.length && existing[i].col < p.col) xml += existing[i++].xml;
    let base = rowStyle || colStyles[p.col] || 0;
    if (i < existing.length && existing[i].col === p.col) {
      const old = existing[i++];
      if (/<f[\s>/]/.test(old.xml)) throw new UnsupportedXlsx("a patched cell holds a formula");
      base = old.s;
    }
    xml += cellXml(`${columnLetter(p.col)}${row}`, p.value, plan.styles.withNumFmt(base, p.numFmt), plan.date1904);
  }
  while (i < existing.length) xml += existing[i++].xml;
  return xml;
}

interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function patchBox(target: Target): Box | null {
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

function widenRef(ref: string, box: Box | null): string {
  if (!box) return ref;
  const m = /^([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?$/.exec(ref);
  if (!m) return ref;
  const top = Math.min(Number(m[2]), box.top);
  const left = Math.min(colNumber(m[1]), box.left);
  const bottom = Math.max(Number(m[4] ?? m[2]), box.bottom);
  const right = Math.max(colNumber(m[3] ?? m[1]), box.right);
  return `${columnLetter(left)}${top}:${columnLetter(right)}${bottom}`;
}

/** A patched cell inside a merged range is left to ExcelJS. */
function checkMerges(tail: string, target: Target): void {
  for (const merge of tagsNamed(tail, "mergeCell")) {
    const m = /^([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)$/.exec(merge.attributes.ref ?? "");
    if (!m) throw new UnsupportedXlsx("a merge that is not A1:B2");
    const top = Math.min(Number(m[2]), Number(m[4]));
    const bottom = Math.max(Number(m[2]), Number(m[4]));
    const left = Math.min(colNumber(m[1]), colNumber(m[3]));
    const right = Math.max(colNumber(m[1]), colNumber(m[3]));
    for (let r = top; r <= bottom; r++) {
      const cells = target.rows.get(r);
      if (cells?.some((c) => c.col >= left && c.col <= right)) throw new UnsupportedXlsx("a patched cell inside a merge");
    }
  }
}
