import { XlsxError } from "./limits";
import { escapeXml } from "./xml-text";

/**
 * The stylesheet as the writer extends it: number formats and cell formats the patch needs are
 * added once each at the end of their lists (existing indices never move, so every styled cell
 * keeps its look). A cell keeps its own (or its row's, or its column's) format with only the
 * number format changed. A workbook without styles gets a minimal stylesheet.
 */
const MINIMAL =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

const BUILTIN: Readonly<Record<string, number>> = { General: 0, "0": 1, "0.00": 2, "#,##0": 3, "#,##0.00": 4, "@": 49 };

export class StyleSheet {
  private readonly xml: string;
  private readonly prefix: string;
  private readonly numFmts = new Map<string, number>();
  private readonly added: string[] = [];
  private readonly addedFormats: string[] = [];
  private readonly xfs: string[];
  private readonly derived = new Map<string, number>();
  private boldFont = -1;
  private nextNumFmt = 164;
  private readonly fontCount: number;
  private readonly fontZero: string;

  constructor(xml: string | null) {
    // A stylesheet with neither fonts nor cell formats (an empty <styleSheet/> is valid) styles nothing: the minimal one replaces it.
    const empty = xml !== null && !/<([A-Za-z_][\w.-]*:)?(cellXfs|fonts)\b/.test(xml);
    this.xml = xml === null || empty ? MINIMAL : xml;
    const root = /<([A-Za-z_][\w.-]*:)?styleSheet\b/.exec(this.xml);
    if (!root) throw new XlsxError("the package is damaged: its styles part has no <styleSheet>");
    this.prefix = root[1] ?? "";
    const p = this.prefix;
    for (const f of this.xml.matchAll(new RegExp(`<${p}numFmt\\b[^>]*>`, "g"))) {
      const id = Number(/\snumFmtId="(\d+)"/.exec(f[0])?.[1]);
      const code = unescapeXml(/\sformatCode="([^"]*)"/.exec(f[0])?.[1] ?? "");
      if (id >= this.nextNumFmt) this.nextNumFmt = id + 1;
      if (!this.numFmts.has(code)) this.numFmts.set(code, id);
    }
    const cellXfs = this.section("cellXfs");
    this.xfs = cellXfs?.match(new RegExp(`<${p}xf\\b[^>]*/>|<${p}xf\\b[^>]*>[\\s\\S]*?</${p}xf>`, "g")) ?? [];
    if (!this.xfs.length) throw new XlsxError("the package is damaged: its styles part has no cell formats (cellXfs)");
    const fontList = this.section("fonts")?.match(new RegExp(`<${p}font\\b[^>]*/>|<${p}font\\b[^>]*>[\\s\\S]*?</${p}font>`, "g")) ?? [];
    if (!fontList.length) throw new XlsxError("the package is damaged: its styles part has no fonts");
    this.fontCount = fontList.length;
    this.fontZero = fontList[0] as string;
  }

  private section(local: string): string | undefined {
    const p = this.prefix;
    return new RegExp(`<${p}${local}(?:\\s[^>]*)?>([\\s\\S]*?)</${p}${local}>`).exec(this.xml)?.[1];
  }

  changed(): boolean {
    return this.added.length > 0;
  }

  private numFmtId(code: string): number {
    if (code in BUILTIN) return BUILTIN[code];
    const known = this.numFmts.get(code);
    if (known !== undefined) return known;
    const id = this.nextNumFmt++;
    this.numFmts.set(code, id);
    this.addedFormats.push(`<${this.prefix}numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`);
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
    const index = this.addXf(setAttributes(source, { numFmtId: String(id), applyNumberFormat: "1" }));
    this.derived.set(key, index);
    return index;
  }

  /** A format with a bold font, for the header of a new sheet. */
  bold(): number {
    const known = this.derived.get("bold");
    if (known !== undefined) return known;
    if (this.boldFont < 0) this.boldFont = this.fontCount;
    const p = this.prefix;
    const bare = this.xfs[0].replace(new RegExp(`<${p}xf\\b([^>]*?)\\s*/?>[\\s\\S]*$`), `<${p}xf$1/>`);
    const index = this.addXf(setAttributes(bare, { numFmtId: "0", fontId: String(this.boldFont), applyFont: "1" }));
    this.derived.set("bold", index);
    return index;
  }

  /** styles.xml with what was added; the original text when nothing was. */
  render(): string {
    let xml = this.xml;
    if (!this.added.length) return xml;
    const p = this.prefix;
    if (this.addedFormats.length) {
      if (new RegExp(`<${p}numFmts(\\s[^>]*)?>`).test(xml)) {
        xml = xml.replace(new RegExp(`<${p}numFmts(\\s[^>]*)?>([\\s\\S]*?)</${p}numFmts>`), (_m, attrs: string | undefined, inner: string) => {
          const list = `${inner}${this.addedFormats.join("")}`;
          return `<${p}numFmts${setCount(attrs ?? "", (list.match(new RegExp(`<${p}numFmt\\b`, "g")) ?? []).length)}>${list}</${p}numFmts>`;
        });
      } else {
        xml = xml.replace(new RegExp(`(<${p}styleSheet\\b[^>]*>)`), `$1<${p}numFmts count="${this.addedFormats.length}">${this.addedFormats.join("")}</${p}numFmts>`);
      }
    }
    if (this.boldFont >= 0) {
      const b = new RegExp(`<${p}b\\s*/>`);
      const font = b.test(this.fontZero)
        ? this.fontZero
        : this.fontZero.replace(new RegExp(`^<${p}font\\b([^>]*?)\\s*/>$`), `<${p}font$1></${p}font>`).replace(new RegExp(`^(<${p}font\\b[^>]*>)`), `$1<${p}b/>`);
      xml = xml.replace(new RegExp(`<${p}fonts(\\s[^>]*)?>([\\s\\S]*?)</${p}fonts>`), (_m, attrs: string | undefined, inner: string) => `<${p}fonts${setCount(attrs ?? "", this.fontCount + 1)}>${inner}${font}</${p}fonts>`);
    }
    xml = xml.replace(new RegExp(`<${p}cellXfs(\\s[^>]*)?>([\\s\\S]*?)</${p}cellXfs>`), (_m, attrs: string | undefined, inner: string) => `<${p}cellXfs${setCount(attrs ?? "", this.xfs.length + this.added.length)}>${inner}${this.added.join("")}</${p}cellXfs>`);
    return xml;
  }
}

function setCount(attrs: string, count: number): string {
  return /\scount="[^"]*"/.test(attrs) ? attrs.replace(/\scount="[^"]*"/, ` count="${count}"`) : `${attrs} count="${count}"`;
}

/** The element's start tag with these attributes set (added or replaced). */
export function setAttributes(element: string, values: Record<string, string>): string {
  const end = element.search(/\/?>/);
  let head = element.slice(0, end);
  for (const [name, value] of Object.entries(values)) {
    const re = new RegExp(`\\s${name}=("[^"]*"|'[^']*')`);
    head = re.test(head) ? head.replace(re, ` ${name}="${value}"`) : `${head} ${name}="${value}"`;
  }
  return head + element.slice(end);
}

function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (m) => ({ "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&apos;": "'" })[m] as string);
}
