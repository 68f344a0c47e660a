import { XlsxError } from "./limits";
import { Name, Scope, XmlHandler, XmlReader, initialScope, utf16 } from "./xml-events";
import { allocate, latin1, utf8Text } from "./byte-text";
import { decodeEntities } from "./xml-text";

/**
 * A byte-level scanner for the two large parts of a workbook, worksheets and the shared-strings
 * table, whose XML is a long run of small plain elements (`<c r="B2" s="2"><v>46287</v></c>`).
 * saxes (xml-events.ts) builds a string per character run and an object per attribute set; over
 * the hundreds of megabytes of a large ledger that was most of a run's time (docs/performance.md).
 *
 * The scanner reads only a plain subset of XML and checks it as strictly as saxes does:
 * elements and attributes with ASCII names (one optional prefix, resolved in scope as
 * xml-events.ts does), quoted attribute values, character data with the predefined entities and
 * character references, an XML declaration at the start. On anything else (a comment, a CDATA
 * section, a processing instruction, a DTD, a non-ASCII name, a literal tab or line end in an
 * attribute value, an entity it does not know, markup that is not well-formed, an item over
 * 4 MB) it stops with NotPlainXml, and the caller reads the whole part again through saxes:
 * one set of rules about what a cell holds, two tokenizers that agree on every part both read.
 */

/** The part holds XML the scanner leaves to saxes (not an error: the caller reads it again). */
export class NotPlainXml extends Error {
  override name = "NotPlainXml";
}

/** Attributes of the start tag being reported, read on demand. */
export interface TagAttributes {
  /** The value of the unprefixed attribute `name`, as XML gives it; undefined when absent. */
  get(name: string): string | undefined;
  /** Number(get(name)), without making the string when the value is plain digits; undefined when absent. */
  number(name: string): number | undefined;
  /**
   * The value's UTF-16 code units copied into `into`: their count, -1 when the attribute is
   * absent, into.length + 1 when the value is longer than `into`.
   */
  codes(name: string, into: Uint16Array): number;
}

/** Character data between two tags, as bytes of the scanner's current buffer. */
export interface TextRun {
  readonly bytes: Uint8Array;
  readonly start: number;
  readonly end: number;
  /** The run's text as XML gives it (line ends normalized, entities resolved). */
  text(): string;
  /** The number the run's digits spell (optional "-", digits, optional "." and digits, at most 15 digits), else NaN. */
  plainNumber(): number;
}

export interface ScanHandler {
  open(name: Name, attributes: TagAttributes): void;
  close(name: Name): void;
  text(run: TextRun): void;
}

/**
 * A plain cell as the scanner found it: its attributes (only r, s and t, each at most once) and
 * the text of its `<v>` (the TextRun, empty for `<v></v>`), all bytes that need no decoding.
 * Where each attribute's value lies in `bytes` is given, so that a reader can take the common
 * values (A1-style references, digits) without making strings.
 */
export interface PlainCell extends TagAttributes, TextRun {
  /** Start and end of the value of r, s and t in `bytes`; -1 and -1 when the attribute is absent. */
  readonly refStart: number;
  readonly refEnd: number;
  readonly styleStart: number;
  readonly styleEnd: number;
  readonly typeStart: number;
  readonly typeEnd: number;
  /** Whether the cell holds a `<v>`; the run is its text. */
  readonly hasV: boolean;
}

/**
 * A handler that reads worksheet cells may take a plain cell whole: `<c>` with only the
 * attributes r, s and t, holding nothing or one `<v>` of plain ASCII text (nearly every cell a
 * producer writes). `cell` must do exactly what open(c), open(v), text, close(v), close(c) would
 * (with no text call for an empty `<v></v>`, and neither open(v) nor close(v) without a `<v>`);
 * the scanner calls it only where `<c>` and `<v>` are SpreadsheetML's and only while
 * `takesCells` is true. Anything else in a cell (a formula, an inline string, an entity, another
 * attribute) takes the general path, tag by tag.
 */
export interface CellHandler extends ScanHandler {
  readonly takesCells: boolean;
  cell(cell: PlainCell): void;
}

function isCellHandler(handler: ScanHandler): handler is CellHandler {
  return typeof (handler as Partial<CellHandler>).cell === "function";
}

/**
 * A handler that reads the shared-strings table may take a plain item whole: `<si><t>text</t></si>`
 * (the `<t>` perhaps with xml:space="preserve"), the text as the general path checks it. `item`
 * must do exactly what open(si), open(t), text, close(t), close(si) would (no text call for an
 * empty run); the scanner calls it only where `<si>` and `<t>` are SpreadsheetML's and only while
 * `takesItems` is true. Rich text and phonetic runs take the general path.
 */
export interface ItemHandler extends ScanHandler {
  readonly takesItems: boolean;
  item(run: TextRun): void;
}

function isItemHandler(handler: ScanHandler): handler is ItemHandler {
  return typeof (handler as Partial<ItemHandler>).item === "function";
}

/** ` xml:space="preserve">`, the one attribute a plain item's <t> may have. */
const PRESERVE = Array.from(' xml:space="preserve">', (ch) => ch.charCodeAt(0));

const LT = 60;
const GT = 62;
const AMP = 38;
const SLASH = 47;
const QUOT = 34;
const APOS = 39;
const EQ = 61;
const QM = 63;
const RBRACKET = 93;
const CR = 13;
const COLON = 58;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const LOWER_C = 99;
const LOWER_V = 118;
const LOWER_S = 115;
const LOWER_I = 105;
const LOWER_T = 116;
const LOWER_R = 114;
const LOWER_O = 111;
const LOWER_W = 119;
/** shortKey of "row". */
const ROW_KEY = (3 << 24) | LOWER_R | (LOWER_O << 8) | (LOWER_W << 16);

/** Items (a tag, a text run) longer than this are left to saxes, so that a part stays linear. */
const MAX_ITEM = 4 << 20;
const MAX_ATTRIBUTES = 64;

const TEXT_CR = 1;
const TEXT_ENTITY = 2;
const TEXT_NON_ASCII = 4;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** By byte: 1 may start a name (ASCII letter, "_"), 2 may continue one (also digits, "-", ".", ":"). */
const NAME_BYTES = new Uint8Array(256);
for (let c = 0; c < 128; c++) {
  const start = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
  const char = start || (c >= 48 && c <= 57) || c === 45 || c === 46 || c === COLON;
  NAME_BYTES[c] = (start ? 1 : 0) | (char ? 2 : 0);
}

/**
 * By byte, what a plain cell may hold without decoding: printable ASCII but for "<" and "&";
 * in an attribute value also not a quote (a value holding the other quote takes the general
 * path), in text also not "]" (so that "]]>" needs no check).
 */
const PLAIN_IN_VALUE = 1;
const PLAIN_IN_TEXT = 2;
const PLAIN_BYTES = new Uint8Array(256);
for (let c = 0x20; c < 0x7f; c++) {
  if (c === LT || c === AMP) continue;
  PLAIN_BYTES[c] = (c === QUOT || c === APOS ? 0 : PLAIN_IN_VALUE) | (c === RBRACKET ? 0 : PLAIN_IN_TEXT);
}

function isNameStart(c: number): boolean {
  return (NAME_BYTES[c] & 1) !== 0;
}

function isNameChar(c: number): boolean {
  return (NAME_BYTES[c] & 2) !== 0;
}

function isXmlChar(c: number): boolean {
  return c === 0x9 || c === 0xa || c === 0xd || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Short ASCII strings (names, attribute values such as "s" or "str") made once: a key of up to
 * three bytes and the length is a small integer, and a direct-mapped cache holds the strings
 * (a part that invents many names costs no memory, only time).
 */
const SHORT_KEYS = new Int32Array(4096).fill(-1);
const SHORT_STRINGS: string[] = new Array<string>(4096).fill("");

function shortKey(b: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n > 3) return -1;
  let key = n << 24;
  for (let i = 0; i < n; i++) key |= b[start + i] << (8 * i);
  return key;
}

function shortString(b: Uint8Array, start: number, end: number, key: number): string {
  const slot = (key ^ (key >>> 11) ^ (key >>> 19)) & 4095;
  if (SHORT_KEYS[slot] === key) return SHORT_STRINGS[slot];
  const s = latin1(b, start, end);
  SHORT_KEYS[slot] = key;
  SHORT_STRINGS[slot] = s;
  return s;
}

/** Checks the entity at b[at] ("&"); returns the index past its ";", or -1 when it is not one XML predefines. */
function entityEnd(b: Uint8Array, at: number, end: number): number {
  let semi = at + 1;
  const limit = Math.min(end, at + 12);
  while (semi < limit && b[semi] !== 59) semi++;
  if (semi >= limit) return -1;
  const len = semi - at - 1;
  if (len === 0) return -1;
  if (b[at + 1] === 35) {
    // &#123; or &#x7B;
    let code = 0;
    let i = at + 2;
    const hex = i < semi && b[i] === 120;
    if (hex) i++;
    if (i >= semi) return -1;
    for (; i < semi; i++) {
      const c = b[i];
      let d: number;
      if (c >= ZERO && c <= NINE) d = c - ZERO;
      else if (hex && c >= 97 && c <= 102) d = c - 87;
      else if (hex && c >= 65 && c <= 70) d = c - 55;
      else return -1;
      code = code * (hex ? 16 : 10) + d;
    }
    return isXmlChar(code) ? semi + 1 : -1;
  }
  const n = latin1(b, at + 1, semi);
  return n === "lt" || n === "gt" || n === "amp" || n === "quot" || n === "apos" ? semi + 1 : -1;
}

/**
 * Reads a part chunk by chunk (see the module comment). Handlers are called as saxes would call
 * them: a self-closing tag opens and closes, a run of character data is one text call.
 */
export class PlainXmlScanner implements PlainCell {
  bytes: Uint8Array = new Uint8Array(0);
  start = 0;
  end = 0;
  private flags = 0;
  // The plain cell being reported (PlainCell).
  refStart = -1;
  refEnd = -1;
  styleStart = -1;
  styleEnd = -1;
  typeStart = -1;
  typeEnd = -1;
  hasV = false;
  /** The plain cell being reported has its attributes only in refStart and the like (cellAttributes lays them out). */
  private lazyCell = false;

  /** Open elements: a short name's key (-1 for a longer one), its qualified name and its resolved name. */
  private keys = new Int32Array(64);
  private readonly qnames: string[] = [];
  private readonly names: Name[] = [];
  private depth = 0;
  private rootSeen = false;
  private atStart = true;
  private carry: Uint8Array | null = null;

  private scope: Scope = initialScope();
  private readonly scopes: Scope[] = [];
  private readonly scopeDepths: number[] = [];

  // The current start tag's attributes: name start/end, value start/end, value flags.
  private readonly attrs = new Int32Array(MAX_ATTRIBUTES * 5);
  private attrCount = 0;
  /** Per tag, attributes with a one-letter name (r, s, t) by their letter: index + 1 when stamped with the tag's serial. */
  private readonly oneLetter = new Int32Array(128);
  private readonly oneLetterTag = new Int32Array(128);
  private tagSerial = 0;

  /** Short names resolved in the current scope, by key (a direct-mapped cache). */
  private readonly cachedKeys = new Int32Array(256).fill(-1);
  private readonly cachedNames: Name[] = new Array<Name>(256);

  /** The handler when it takes plain cells whole, and whether `<c>` and `<v>` are SpreadsheetML's in the current scope. */
  private readonly cells: CellHandler | null;
  private cellsInScope = false;
  /** Likewise for plain shared-string items, `<si>` and `<t>`. */
  private readonly items: ItemHandler | null;
  private itemsInScope = false;
  /** `<row>` start tags through plainRow, and the name "row" has in the current scope. */
  private readonly fastRows: boolean;
  private rowName: Name = { ns: "none", local: "row" };

  constructor(
    readonly part: string,
    private readonly handler: ScanHandler,
  ) {
    this.cells = xmlScanTuning.fastPaths && isCellHandler(handler) ? handler : null;
    this.items = xmlScanTuning.fastPaths && isItemHandler(handler) ? handler : null;
    this.fastRows = xmlScanTuning.fastPaths;
    this.scopeChanged();
  }

  /** Feeds the next chunk of the part's bytes. */
  write(chunk: Uint8Array): void {
    let from = 0;
    if (this.carry) {
      // The item cut by the last chunk's end is finished with as few of this chunk's bytes as
      // it needs (a tag, a short value), not by copying the whole chunk behind it.
      let carry = this.carry;
      this.carry = null;
      let take = Math.min(chunk.length, 4096);
      for (;;) {
        const b = allocate(carry.length + take);
        b.set(carry);
        b.set(chunk.subarray(0, take), carry.length);
        const done = this.scan(b, false, 0);
        if (done >= carry.length) {
          from = done - carry.length;
          break;
        }
        if (take === chunk.length) {
          if (b.length - done > MAX_ITEM) throw new NotPlainXml("an item over 4 MB");
          this.carry = b.slice(done);
          return;
        }
        carry = carry.subarray(done);
        take = Math.min(chunk.length, take * 8);
      }
    }
    const done = this.scan(chunk, false, from);
    if (done < chunk.length) {
      if (chunk.length - done > MAX_ITEM) throw new NotPlainXml("an item over 4 MB");
      this.carry = chunk.slice(done);
    }
  }

  finish(): void {
    const rest = this.carry ?? new Uint8Array(0);
    this.carry = null;
    this.scan(rest, true, 0);
    if (this.depth !== 0 || !this.rootSeen) throw new NotPlainXml("unfinished document");
  }

  // ---- TagAttributes ----

  private find(name: string): number {
    if (this.lazyCell) this.cellAttributes();
    if (name.length === 1) {
      const c = name.charCodeAt(0);
      return c < 128 && this.oneLetterTag[c] === this.tagSerial ? this.oneLetter[c] - 1 : -1;
    }
    const b = this.bytes;
    const a = this.attrs;
    const len = name.length;
    for (let k = 0; k < this.attrCount; k++) {
      const s = a[k * 5];
      if (a[k * 5 + 1] - s !== len) continue;
      let i = 0;
      while (i < len && b[s + i] === name.charCodeAt(i)) i++;
      if (i === len) return k;
    }
    return -1;
  }

  get(name: string): string | undefined {
    const k = this.find(name);
    if (k < 0) return undefined;
    const a = this.attrs;
    const s = a[k * 5 + 2];
    const e = a[k * 5 + 3];
    const flags = a[k * 5 + 4];
    if (flags === 0) {
      const key = shortKey(this.bytes, s, e);
      return key >= 0 ? shortString(this.bytes, s, e, key) : latin1(this.bytes, s, e);
    }
    const raw = flags & TEXT_NON_ASCII ? utf8Text(this.bytes, s, e) : latin1(this.bytes, s, e);
    return flags & TEXT_ENTITY ? decodeEntities(raw) : raw;
  }

  number(name: string): number | undefined {
    const k = this.find(name);
    if (k < 0) return undefined;
    const a = this.attrs;
    const s = a[k * 5 + 2];
    const e = a[k * 5 + 3];
    const b = this.bytes;
    if (e > s && e - s <= 15) {
      let n = 0;
      let i = s;
      for (; i < e; i++) {
        const c = b[i];
        if (c < ZERO || c > NINE) break;
        n = n * 10 + (c - ZERO);
      }
      if (i === e) return n;
    }
    return Number(this.get(name));
  }

  codes(name: string, into: Uint16Array): number {
    const k = this.find(name);
    if (k < 0) return -1;
    const a = this.attrs;
    const s = a[k * 5 + 2];
    const e = a[k * 5 + 3];
    if (a[k * 5 + 4] !== 0) {
      const text = this.get(name) as string;
      if (text.length > into.length) return into.length + 1;
      for (let i = 0; i < text.length; i++) into[i] = text.charCodeAt(i);
      return text.length;
    }
    if (e - s > into.length) return into.length + 1;
    const b = this.bytes;
    for (let i = s; i < e; i++) into[i - s] = b[i];
    return e - s;
  }

  // ---- TextRun ----

  text(): string {
    const b = this.bytes;
    const flags = this.flags;
    if (flags === 0) return latin1(b, this.start, this.end);
    let raw = flags & TEXT_NON_ASCII ? utf8Text(b, this.start, this.end) : latin1(b, this.start, this.end);
    if (flags & TEXT_CR) raw = raw.replace(/\r\n?/g, "\n");
    return flags & TEXT_ENTITY ? decodeEntities(raw) : raw;
  }

  plainNumber(): number {
    if (this.flags !== 0) return NaN;
    const b = this.bytes;
    let i = this.start;
    const e = this.end;
    const negative = i < e && b[i] === MINUS;
    if (negative) i++;
    let m = 0;
    let digits = 0;
    let decimals = -1;
    for (; i < e; i++) {
      const c = b[i];
      if (c >= ZERO && c <= NINE) {
        m = m * 10 + (c - ZERO);
        digits++;
        if (decimals >= 0) decimals++;
      } else if (c === DOT && decimals < 0) decimals = 0;
      else return NaN;
    }
    // At most 15 digits: the integer is exact and so is the power of ten, and one IEEE
    // division rounds correctly, which is the double Number(text) gives (Clinger's fast path).
    if (digits === 0 || digits > 15 || decimals === 0) return NaN;
    const n = decimals > 0 ? m / POW10[decimals] : m;
    return negative ? -n : n;
  }

  // ---- scanning ----

  /** Reads b from `from` (where an item starts); returns where the first item it could not finish starts. */
  private scan(b: Uint8Array, final: boolean, from: number): number {
    this.bytes = b;
    const n = b.length;
    let i = from;
    if (this.atStart) {
      if (n < 6 && !final) return 0;
      this.atStart = false;
      if (utf16(b)) throw new XlsxError(`part ${this.part} is encoded as UTF-16, which this tool does not read; save the workbook again in Excel`);
      if (n >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) i = 3;
      if (b[i] === LT && b[i + 1] === QM) {
        const end = this.declaration(b, i, n);
        if (end < 0) {
          if (final || n - i > 4096) throw new NotPlainXml("an XML declaration");
          this.atStart = true;
          return 0;
        }
        i = end;
      }
    }
    while (i < n) {
      if (b[i] !== LT) {
        const j = this.textRun(b, i, n);
        if (j === n && !final) return i;
        if (j === n && this.depth > 0) throw new NotPlainXml("an unfinished document");
        this.deliverText(i, j);
        i = j;
        continue;
      }
      const next = i + 1 < n ? b[i + 1] : -1;
      if (next === LOWER_C && this.cellsInScope && this.depth > 0 && (this.cells as CellHandler).takesCells) {
        const k = this.plainCell(b, i, n);
        if (k > 0) {
          i = k;
          continue;
        }
      }
      if (next === LOWER_R && this.fastRows && this.depth > 0) {
        const k = this.plainRow(b, i, n);
        if (k > 0) {
          i = k;
          continue;
        }
      }
      if (next === LOWER_S && this.itemsInScope && this.depth > 0 && (this.items as ItemHandler).takesItems) {
        const k = this.plainItem(b, i, n);
        if (k > 0) {
          i = k;
          continue;
        }
      }
      const j = next === SLASH ? this.closeTag(b, i, n) : next === -1 ? -1 : this.openTag(b, i, n);
      if (j < 0) {
        if (final) throw new NotPlainXml("an unfinished tag");
        return i;
      }
      i = j;
    }
    return n;
  }

  /** Index past the run of character data at i (the next "<" or n); sets this.flags. */
  private textRun(b: Uint8Array, i: number, n: number): number {
    let flags = 0;
    for (; i < n; i++) {
      const c = b[i];
      if (c >= 0x20 && c < 0x7f) {
        if (c === LT) break;
        if (c === AMP) {
          const e = entityEnd(b, i, n);
          if (e < 0) {
            // Perhaps cut by the chunk's end: the run is then read again with more bytes.
            if (n - i < 12) return n;
            throw new NotPlainXml("an entity");
          }
          flags |= TEXT_ENTITY;
          i = e - 1;
        } else if (c === RBRACKET && i + 2 < n && b[i + 1] === RBRACKET && b[i + 2] === GT) throw new NotPlainXml("]]> in text");
        continue;
      }
      if (c >= 0x80) {
        flags |= TEXT_NON_ASCII;
        // U+FFFE and U+FFFF are not XML characters.
        if (c === 0xef && i + 2 < n && b[i + 1] === 0xbf && (b[i + 2] === 0xbe || b[i + 2] === 0xbf)) throw new NotPlainXml("a non-character");
        continue;
      }
      if (c === CR) flags |= TEXT_CR;
      else if (c !== 10 && c !== 9 && c !== 0x7f) throw new NotPlainXml("a control character");
    }
    this.flags = flags;
    return i;
  }

  private deliverText(i: number, j: number): void {
    if (this.depth === 0) {
      // Outside the root only white space may stand.
      for (let k = i; k < j; k++) if (!isSpace(this.bytes[k])) throw new NotPlainXml("text outside the root");
      return;
    }
    this.start = i;
    this.end = j;
    this.handler.text(this);
  }

  /** Index past the XML declaration at i, -1 when it is not all there yet. */
  private declaration(b: Uint8Array, i: number, n: number): number {
    let e = i + 2;
    while (e + 1 < n && !(b[e] === QM && b[e + 1] === GT)) e++;
    if (e + 1 >= n) return -1;
    const text = latin1(b, i, e + 2);
    if (!/^<\?xml\s+version\s*=\s*(["'])1\.[0-9]+\1(\s+encoding\s*=\s*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone\s*=\s*(["'])(yes|no)\5)?\s*\?>$/.test(text)) {
      throw new NotPlainXml("an XML declaration");
    }
    return e + 2;
  }

  /** Reads a name at i; returns its end, or -1 at the buffer's end. */
  private nameEnd(b: Uint8Array, i: number, n: number): number {
    if (i >= n) return -1;
    if (!isNameStart(b[i])) throw new NotPlainXml("a name");
    let colons = 0;
    let j = i + 1;
    for (; j < n; j++) {
      const c = b[j];
      if (!isNameChar(c)) break;
      if (c === COLON) colons++;
    }
    if (j >= n) return -1;
    if (colons > 1 || b[j - 1] === COLON) throw new NotPlainXml("a name");
    return j;
  }

  private closeTag(b: Uint8Array, at: number, n: number): number {
    const s = at + 2;
    const d = this.depth - 1;
    const open = d >= 0 ? this.keys[d] : -1;
    if (open >= 0) {
      // The common case: the open element's short name, then ">" (checked byte by byte).
      const len = open >>> 24;
      const end = s + len;
      if (end < n && b[end] === GT && b[s] === (open & 255) && (len < 2 || b[s + 1] === ((open >>> 8) & 255)) && (len < 3 || b[s + 2] === ((open >>> 16) & 255))) {
        this.nextSerial();
        this.attrCount = 0;
        this.closeElement();
        return end + 1;
      }
    }
    const e = this.nameEnd(b, s, n);
    if (e < 0) return -1;
    let i = e;
    while (i < n && isSpace(b[i])) i++;
    if (i >= n) return -1;
    if (b[i] !== GT) throw new NotPlainXml("a malformed end tag");
    if (d < 0) throw new NotPlainXml("an end tag without a start");
    const key = shortKey(b, s, e);
    if (key !== open || (key < 0 && this.qnames[d] !== latin1(b, s, e))) throw new NotPlainXml("mismatched tags");
    // Attributes belong to the start tag: none is found after it.
    this.nextSerial();
    this.attrCount = 0;
    this.closeElement();
    return i + 1;
  }

  private openTag(b: Uint8Array, at: number, n: number): number {
    const s = at + 1;
    const c = b[s];
    if (c === 33 || c === QM) throw new NotPlainXml("markup other than elements");
    if (this.rootSeen && this.depth === 0) throw new NotPlainXml("a second root");
    const e = this.nameEnd(b, s, n);
    if (e < 0) return -1;
    const a = this.attrs;
    let count = 0;
    let declares = false;
    let i = e;
    let selfClosing = false;
    // A new serial per attempt: a tag read again after more bytes came starts afresh.
    const serial = this.nextSerial();
    for (;;) {
      const spaced = i < n && isSpace(b[i]);
      while (i < n && isSpace(b[i])) i++;
      if (i >= n) return -1;
      const c0 = b[i];
      if (c0 === GT) {
        i++;
        break;
      }
      if (c0 === SLASH) {
        if (i + 1 >= n) return -1;
        if (b[i + 1] !== GT) throw new NotPlainXml("a malformed tag");
        selfClosing = true;
        i += 2;
        break;
      }
      if (!spaced) throw new NotPlainXml("attributes without space between them");
      const ns = i;
      const ne = this.nameEnd(b, i, n);
      if (ne < 0) return -1;
      i = ne;
      while (i < n && isSpace(b[i])) i++;
      if (i >= n) return -1;
      if (b[i] !== EQ) throw new NotPlainXml("an attribute without a value");
      i++;
      while (i < n && isSpace(b[i])) i++;
      if (i >= n) return -1;
      const quote = b[i];
      if (quote !== QUOT && quote !== APOS) throw new NotPlainXml("an unquoted attribute");
      const vs = ++i;
      let flags = 0;
      for (; i < n; i++) {
        const c = b[i];
        if (c === quote) break;
        if (c >= 0x20 && c < 0x80 && c !== LT && c !== AMP) continue;
        if (c < 0x20 || c === LT) throw new NotPlainXml("an attribute value");
        if (c === AMP) {
          const x = entityEnd(b, i, n);
          if (x < 0) {
            if (n - i < 12) return -1;
            throw new NotPlainXml("an entity");
          }
          flags |= TEXT_ENTITY;
          i = x - 1;
        } else {
          flags |= TEXT_NON_ASCII;
          if (c === 0xef && i + 2 < n && b[i + 1] === 0xbf && (b[i + 2] === 0xbe || b[i + 2] === 0xbf)) throw new NotPlainXml("a non-character");
        }
      }
      if (i >= n) return -1;
      if (count >= MAX_ATTRIBUTES) throw new NotPlainXml("many attributes");
      const k = count * 5;
      a[k] = ns;
      a[k + 1] = ne;
      a[k + 2] = vs;
      a[k + 3] = i;
      a[k + 4] = flags;
      if (ne - ns === 1) {
        const letter = b[ns];
        if (this.oneLetterTag[letter] === serial) throw new NotPlainXml("an attribute twice");
        this.oneLetterTag[letter] = serial;
        this.oneLetter[letter] = count + 1;
      } else {
        for (let p = 0; p < count; p++) if (sameBytes(b, a[p * 5], a[p * 5 + 1], ns, ne)) throw new NotPlainXml("an attribute twice");
        if (ne - ns >= 5 && b[ns] === 120 && b[ns + 1] === 109 && b[ns + 2] === 108 && b[ns + 3] === 110 && b[ns + 4] === 115 && (ne - ns === 5 || b[ns + 5] === COLON)) declares = true;
      }
      count++;
      i++;
    }
    this.attrCount = count;
    this.bytes = b;
    if (declares) this.declare(b);
    const key = shortKey(b, s, e);
    let qname: string;
    let name: Name;
    const slot = key >= 0 ? (key ^ (key >>> 8) ^ (key >>> 16)) & 255 : -1;
    if (slot >= 0 && this.cachedKeys[slot] === key) {
      name = this.cachedNames[slot];
      qname = "";
    } else {
      qname = key >= 0 ? shortString(b, s, e, key) : latin1(b, s, e);
      name = this.scope.resolve(qname, this.part);
      if (slot >= 0) {
        this.cachedKeys[slot] = key;
        this.cachedNames[slot] = name;
      }
    }
    this.pushElement(key, qname, name, selfClosing);
    return i;
  }

  /** The start tag just read (its attributes in attrs) opens its element and is reported. */
  private pushElement(key: number, qname: string, name: Name, selfClosing: boolean): void {
    const d = this.depth;
    if (d === this.keys.length) {
      const grown = new Int32Array(d * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys[d] = key;
    this.qnames[d] = qname;
    this.names[d] = name;
    this.depth = d + 1;
    this.rootSeen = true;
    this.handler.open(name, this);
    if (selfClosing) this.closeElement();
  }

  /**
   * A `<row ...>` start tag (a worksheet's most common tag after its cells) with less to check:
   * one space before each attribute, names of name characters with at most one prefix, `="` or
   * `='` right after the name, values of printable ASCII without `<`, `&` or a quote, no
   * namespace declaration, no attribute twice. Returns -1 for anything else, which openTag then
   * reads (and refuses what is malformed).
   */
  private plainRow(b: Uint8Array, at: number, n: number): number {
    if (at + 5 > n || b[at + 2] !== LOWER_O || b[at + 3] !== LOWER_W) return -1;
    const a = this.attrs;
    const serial = this.nextSerial();
    let count = 0;
    let i = at + 4;
    for (;;) {
      if (i >= n) return -1;
      if (b[i] === GT) {
        i++;
        break;
      }
      if (b[i] !== 32 || ++i >= n || !(NAME_BYTES[b[i]] & 1)) return -1;
      const ns = i;
      let colon = -1;
      for (i++; i < n; i++) {
        const x = b[i];
        if (!(NAME_BYTES[x] & 2)) break;
        if (x === COLON) {
          if (colon >= 0) return -1;
          colon = i;
        }
      }
      const ne = i;
      if (i + 1 >= n || b[i] !== EQ || colon === ne - 1 || count >= MAX_ATTRIBUTES) return -1;
      const quote = b[i + 1];
      if (quote !== QUOT && quote !== APOS) return -1;
      const vs = i + 2;
      let j = vs;
      while (j < n && PLAIN_BYTES[b[j]] & PLAIN_IN_VALUE) j++;
      if (j >= n || b[j] !== quote) return -1;
      if (ne - ns >= 5 && b[ns] === 120 && b[ns + 1] === 109 && b[ns + 2] === 108 && b[ns + 3] === 110 && b[ns + 4] === 115) return -1;
      if (ne - ns === 1) {
        const letter = b[ns];
        if (this.oneLetterTag[letter] === serial) return -1;
        this.oneLetterTag[letter] = serial;
        this.oneLetter[letter] = count + 1;
      } else for (let p = 0; p < count; p++) if (sameBytes(b, a[p * 5], a[p * 5 + 1], ns, ne)) return -1;
      const k = count * 5;
      a[k] = ns;
      a[k + 1] = ne;
      a[k + 2] = vs;
      a[k + 3] = j;
      a[k + 4] = 0;
      count++;
      i = j + 1;
    }
    this.attrCount = count;
    this.bytes = b;
    this.pushElement(ROW_KEY, "row", this.rowName, false);
    return i;
  }

  /**
   * The plain cell at b[at] ("<c") given whole to the cell handler; returns the index past its
   * end, or -1 when it is not plain or not all in the buffer (the general path then reads it,
   * and refuses what is malformed). Only bytes that need no decoding are taken, so what the
   * handler sees is what the general path would give it.
   */
  private plainCell(b: Uint8Array, at: number, n: number): number {
    // The attributes seen (bits r 1, s 2, t 4): each at most once.
    let seen = 0;
    let i = at + 2;
    let spaced = false;
    let empty = false;
    let r0 = -1;
    let r1 = -1;
    let s0 = -1;
    let s1 = -1;
    let t0 = -1;
    let t1 = -1;
    for (;;) {
      if (i >= n) return -1;
      const c = b[i];
      if (c === GT) {
        i++;
        break;
      }
      if (c === 32 || c === 10 || c === 9 || c === 13) {
        spaced = true;
        i++;
        continue;
      }
      if (c === SLASH) {
        if (i + 1 >= n || b[i + 1] !== GT) return -1;
        empty = true;
        i += 2;
        break;
      }
      // r, s or t, each once, then ="value" or 'value' of printable ASCII without < or &.
      const bit = c === 114 ? 1 : c === 115 ? 2 : c === 116 ? 4 : 0;
      if (!spaced || bit === 0 || i + 2 >= n || b[i + 1] !== EQ || seen & bit) return -1;
      const quote = b[i + 2];
      if (quote !== QUOT && quote !== APOS) return -1;
      const vs = i + 3;
      let j = vs;
      while (j < n && PLAIN_BYTES[b[j]] & PLAIN_IN_VALUE) j++;
      if (j >= n || b[j] !== quote) return -1;
      seen |= bit;
      if (c === 114) (r0 = vs), (r1 = j);
      else if (c === 115) (s0 = vs), (s1 = j);
      else (t0 = vs), (t1 = j);
      spaced = false;
      i = j + 1;
    }
    let value = false;
    let vs = 0;
    let ve = 0;
    if (!empty) {
      if (i + 3 >= n || b[i] !== LT) return -1;
      if (b[i + 1] === LOWER_V && b[i + 2] === GT) {
        vs = i + 3;
        let j = vs;
        while (j < n && PLAIN_BYTES[b[j]] & PLAIN_IN_TEXT) j++;
        if (j + 8 > n || b[j] !== LT) return -1;
        if (b[j + 1] !== SLASH || b[j + 2] !== LOWER_V || b[j + 3] !== GT || b[j + 4] !== LT || b[j + 5] !== SLASH || b[j + 6] !== LOWER_C || b[j + 7] !== GT) return -1;
        ve = j;
        value = true;
        i = j + 8;
      } else if (b[i + 1] === SLASH && b[i + 2] === LOWER_C && b[i + 3] === GT) i += 4;
      else return -1;
    }
    // The attributes are laid out for find() only when the handler asks for one (cellAttributes).
    this.attrCount = 0;
    this.lazyCell = true;
    this.bytes = b;
    this.start = vs;
    this.end = ve;
    this.flags = 0;
    this.refStart = r0;
    this.refEnd = r1;
    this.styleStart = s0;
    this.styleEnd = s1;
    this.typeStart = t0;
    this.typeEnd = t1;
    this.hasV = value;
    (this.cells as CellHandler).cell(this);
    // As after an end tag: the cell's attributes are no longer found.
    this.lazyCell = false;
    this.nextSerial();
    this.attrCount = 0;
    return i;
  }

  /**
   * The plain cell's attributes (r, s, t where present) laid out in attrs as openTag lays them
   * out, for find(): most cells are read from refStart and the like and never ask.
   */
  private cellAttributes(): void {
    this.lazyCell = false;
    const serial = this.nextSerial();
    const a = this.attrs;
    let count = 0;
    for (let letter = 114; letter <= 116; letter++) {
      const vs = letter === 114 ? this.refStart : letter === 115 ? this.styleStart : this.typeStart;
      if (vs < 0) continue;
      const k = count * 5;
      // letter="value": the name 3 bytes before the value.
      a[k] = vs - 3;
      a[k + 1] = vs - 2;
      a[k + 2] = vs;
      a[k + 3] = letter === 114 ? this.refEnd : letter === 115 ? this.styleEnd : this.typeEnd;
      a[k + 4] = 0;
      this.oneLetterTag[letter] = serial;
      this.oneLetter[letter] = ++count;
    }
    this.attrCount = count;
  }

  /**
   * The plain shared-string item at b[at] ("<s") given whole to the item handler; returns the
   * index past its end, or -1 when it is not plain or not all in the buffer. Its text is checked
   * by textRun, as the general path checks it (and refused alike).
   */
  private plainItem(b: Uint8Array, at: number, n: number): number {
    if (at + 8 > n || b[at + 2] !== LOWER_I || b[at + 3] !== GT || b[at + 4] !== LT || b[at + 5] !== LOWER_T) return -1;
    let vs = at + 7;
    if (b[at + 6] !== GT) {
      if (at + 6 + PRESERVE.length > n) return -1;
      for (let k = 0; k < PRESERVE.length; k++) if (b[at + 6 + k] !== PRESERVE[k]) return -1;
      vs = at + 6 + PRESERVE.length;
    }
    const j = this.textRun(b, vs, n);
    if (j + 9 > n) return -1;
    if (b[j + 1] !== SLASH || b[j + 2] !== LOWER_T || b[j + 3] !== GT || b[j + 4] !== LT || b[j + 5] !== SLASH || b[j + 6] !== LOWER_S || b[j + 7] !== LOWER_I || b[j + 8] !== GT) return -1;
    this.bytes = b;
    this.start = vs;
    this.end = j;
    (this.items as ItemHandler).item(this);
    return j + 9;
  }

  /** Whether `<c>` and `<v>`, `<si>` and `<t>` are SpreadsheetML's where the scope now stands. */
  private scopeChanged(): void {
    const main = (local: string): boolean => this.scope.resolve(local, this.part).ns === "main";
    this.cellsInScope = this.cells !== null && main("c") && main("v");
    this.itemsInScope = this.items !== null && main("si") && main("t");
    this.rowName = this.scope.resolve("row", this.part);
  }

  private nextSerial(): number {
    if (++this.tagSerial > 0x3fffffff) {
      this.tagSerial = 1;
      this.oneLetterTag.fill(0);
    }
    return this.tagSerial;
  }

  private declare(b: Uint8Array): void {
    const declared = new Map(this.scope.prefixes);
    const a = this.attrs;
    for (let k = 0; k < this.attrCount; k++) {
      const ns = a[k * 5];
      const ne = a[k * 5 + 1];
      if (!(b[ns] === 120 && ne - ns >= 5 && latin1(b, ns, ns + 5) === "xmlns" && (ne - ns === 5 || b[ns + 5] === COLON))) continue;
      const qname = latin1(b, ns, ne);
      declared.set(ne - ns === 5 ? "" : qname.slice(6), this.get(qname) as string);
    }
    this.scopes.push(this.scope);
    this.scopeDepths.push(this.depth);
    this.scope = new Scope(this.scope, declared);
    this.cachedKeys.fill(-1);
    this.scopeChanged();
  }

  private closeElement(): void {
    const name = this.names[--this.depth];
    this.handler.close(name);
    const depths = this.scopeDepths;
    if (depths.length && depths[depths.length - 1] === this.depth) {
      depths.pop();
      this.scope = this.scopes.pop() as Scope;
      this.cachedKeys.fill(-1);
      this.scopeChanged();
    }
  }
}

function sameBytes(b: Uint8Array, s1: number, e1: number, s2: number, e2: number): boolean {
  if (e1 - s1 !== e2 - s2) return false;
  for (let i = 0; i < e1 - s1; i++) if (b[s1 + i] !== b[s2 + i]) return false;
  return true;
}

/** One handler, two tokenizers: what a handler needs of saxes' elements, made from them. */
class RecordAttributes implements TagAttributes {
  record: Readonly<Record<string, string>> = {};
  get(name: string): string | undefined {
    return this.record[name];
  }
  number(name: string): number | undefined {
    const v = this.record[name];
    return v === undefined ? undefined : Number(v);
  }
  codes(name: string, into: Uint16Array): number {
    const v = this.record[name];
    if (v === undefined) return -1;
    if (v.length > into.length) return into.length + 1;
    for (let i = 0; i < v.length; i++) into[i] = v.charCodeAt(i);
    return v.length;
  }
}

class StringRun implements TextRun {
  readonly bytes = new Uint8Array(0);
  readonly start = 0;
  readonly end = 0;
  value = "";
  text(): string {
    return this.value;
  }
  plainNumber(): number {
    return NaN;
  }
}

/** The same handler fed by saxes, for a part the scanner leaves to it. */
export function saxesAdapter(handler: ScanHandler): XmlHandler {
  const attributes = new RecordAttributes();
  const run = new StringRun();
  return {
    open(e) {
      attributes.record = e.attributes;
      handler.open(e, attributes);
    },
    close(e) {
      handler.close(e);
    },
    text(text) {
      run.value = text;
      handler.text(run);
    },
  };
}

/**
 * Tests read parts through saxes alone (useScanner false), or through the scanner without its
 * fast paths (fastPaths false), and count the parts left to saxes.
 */
export const xmlScanTuning = { useScanner: true, fastPaths: true, partsLeftToSaxes: 0 };

/**
 * Reads a part through the scanner, or through saxes when the scanner stops: `make` gives a
 * fresh handler for each attempt (what the first one gathered is dropped).
 */
export async function scanXmlPart<H extends ScanHandler>(part: string, chunks: () => AsyncIterable<Uint8Array>, make: () => H): Promise<H> {
  if (xmlScanTuning.useScanner) {
    const handler = make();
    const scanner = new PlainXmlScanner(part, handler);
    try {
      for await (const chunk of chunks()) scanner.write(chunk);
      scanner.finish();
      return handler;
    } catch (error) {
      if (!(error instanceof NotPlainXml)) throw error;
    }
    xmlScanTuning.partsLeftToSaxes++;
  }
  const again = make();
  const reader = new XmlReader(part, saxesAdapter(again));
  const decoder = new TextDecoder("utf-8");
  for await (const chunk of chunks()) reader.write(decoder.decode(chunk, { stream: true }));
  reader.write(decoder.decode());
  reader.end();
  return again;
}

