import { XlsxError, count, xlsxLimits } from "./limits";
import { Name } from "./xml-events";
import { ItemHandler, TextRun, scanXmlPart } from "./xml-scan";
import { allocate, latin1, sharedBytes, utf8Text } from "./byte-text";
import { decodeEntities } from "./xml-text";
import { ZipArchive, ZipEntry } from "./zip-archive";

/**
 * The shared-strings table (ECMA-376 Part 1, 18.4), each item as the text Excel shows: plain
 * <t>, or rich-text runs joined, phonetic runs (<rPh>, furigana) left out, _xHHHH_ escapes
 * resolved. An empty item is null, as an empty cell. Linear in the part's size.
 */

/** A table's items by index, as a cell of type "s" refers to them. */
export interface SharedStrings {
  readonly length: number;
  /** Item i (0 <= i < length): its text, null for an empty item. */
  get(i: number): string | null;
}

/**
 * The table as the workbook reader keeps it. A read of the whole workbook uses (nearly) every
 * string: each is decoded as it is read. A read of some of its sheets (a run on two threads,
 * transactions-offload.ts) uses a fraction (at 100,000 customers the main thread 300,000 of
 * 1.38 million strings, the rest are the transactions sheet's): then the table is `compact`,
 * a plain item kept as the bytes of its text and made a string when a cell first asks for it
 * (once: repeated accounts and currencies share it); items the scanner does not take whole
 * (rich text, a part read by saxes) are decoded as they are read. Either way every index gives
 * what readSharedStringsFrom's list holds there.
 */
export async function readSharedStrings(archive: ZipArchive, entry: ZipEntry, compact = false): Promise<SharedStrings> {
  if (compact) return readSharedStringTable(entry.name, archive.chunker(entry));
  return sharedStringsOf(await readSharedStringsFrom(entry.name, archive.chunker(entry)));
}

/** The compact table of the part `part`, whose bytes `chunks` gives (as often as asked). */
export async function readSharedStringTable(part: string, chunks: () => AsyncIterable<Uint8Array>): Promise<SharedStrings> {
  const builder = await scanXmlPart(part, chunks, () => new CompactTableReader(part));
  return builder.table();
}

/** Every item decoded, in order: the table's specification (and what small callers want). */
export async function readSharedStringsFrom(part: string, chunks: () => AsyncIterable<Uint8Array>): Promise<(string | null)[]> {
  const table = await scanXmlPart(part, chunks, () => new StringList(part));
  return table.out;
}

/** A list of strings seen as a table (tests, and tables made in memory). */
export function sharedStringsOf(list: readonly (string | null)[]): SharedStrings {
  return new ListStrings(list);
}

class ListStrings implements SharedStrings {
  constructor(private readonly list: readonly (string | null)[]) {}
  get length(): number {
    return this.list.length;
  }
  get(i: number): string | null {
    return this.list[i];
  }
}

/** The reading of items, tag by tag; what a finished item becomes is the subclass's. */
abstract class ItemReader implements ItemHandler {
  private inItem = false;
  private skip = 0;
  private capture = false;
  /** The item's text: most items are one <t>, rich text is several runs. */
  private first: string | null = null;
  private pieces: string[] | null = null;
  /**
   * The plain item last taken whole, until the next <si>: an <si> around it (not well-formed
   * SpreadsheetML, but well-formed XML) ends as that item again, as its text would have been
   * the item's, had it been read tag by tag.
   */
  private echo = -1;

  constructor(protected readonly part: string) {}

  /** Items so far. */
  protected abstract get size(): number;
  /** The next item, decoded. */
  protected abstract add(text: string | null): void;
  /** The next item, a plain one, as the bytes of its <t>'s text (start < end). */
  protected abstract addBytes(run: TextRun): void;
  /** The next item, the same as item k. */
  protected abstract addAgain(k: number): void;

  open(e: Name): void {
    if (e.ns !== "main") {
      if (this.inItem) this.skip++;
      return;
    }
    if (e.local === "si") {
      this.inItem = true;
      this.first = null;
      this.pieces = null;
      this.echo = -1;
    } else if (!this.inItem) return;
    else if (e.local === "rPh" || e.local === "phoneticPr" || this.skip) this.skip++;
    else if (e.local === "t") this.capture = true;
  }

  close(e: Name): void {
    if (e.ns === "main" && e.local === "si") this.endItem();
    else if (this.skip) this.skip--;
    else if (e.local === "t") this.capture = false;
  }

  /** Outside other vocabularies' and phonetic elements. */
  get takesItems(): boolean {
    return this.skip === 0;
  }

  /**
   * A plain item whole: what open(si), open(t), text, close(t) and close(si) do (the text kept
   * as bytes when the subclass keeps bytes; an empty run is an empty item).
   */
  item(run: TextRun): void {
    this.first = null;
    this.pieces = null;
    this.capture = false;
    this.checkSize();
    this.echo = this.size;
    if (run.end > run.start) this.addBytes(run);
    else this.add(null);
    this.inItem = false;
    this.skip = 0;
  }

  private checkSize(): void {
    if (this.size >= xlsxLimits.sharedStrings) throw new XlsxError(`${this.part} holds more than ${count(xlsxLimits.sharedStrings)} strings, more than this tool reads`);
  }

  private endItem(): void {
    this.checkSize();
    if (this.echo >= 0) this.addAgain(this.echo);
    else {
      const text = excelText(this.pieces ? this.pieces.join("") : this.first ?? "");
      this.add(text === "" ? null : text);
    }
    this.inItem = false;
    this.skip = 0;
  }

  text(run: TextRun): void {
    if (!this.capture || this.skip) return;
    const text = run.text();
    if (this.first === null) this.first = text;
    else (this.pieces ??= [this.first]).push(text);
  }
}

/** Every item decoded as it is read. */
class StringList extends ItemReader {
  readonly out: (string | null)[] = [];

  protected get size(): number {
    return this.out.length;
  }

  protected add(text: string | null): void {
    this.out.push(text);
  }

  protected addBytes(run: TextRun): void {
    const text = excelText(run.text());
    this.out.push(text === "" ? null : text);
  }

  protected addAgain(k: number): void {
    this.out.push(this.out[k]);
  }
}

const CR = 13;
const AMP = 38;
const UNDERSCORE = 95;

/** Plain items' text bytes one after another, each item's range, and the items decoded as read. */
class CompactTableReader extends ItemReader {
  private bytes: Uint8Array = allocate(1 << 16);
  private used = 0;
  private items = 0;
  /** Item i's bytes are bytes[starts[i]..starts[i + 1]]; an item decoded as read has none. */
  private starts = new Int32Array(1 << 12);
  /** The items decoded as read (rich text, a part read by saxes), but for empty ones. */
  private readonly decoded = new Map<number, string>();

  protected get size(): number {
    return this.items;
  }

  protected add(text: string | null): void {
    if (text !== null) this.decoded.set(this.items, text);
    this.endRange();
  }

  protected addBytes(run: TextRun): void {
    this.copy(run.bytes, run.start, run.end);
  }

  protected addAgain(k: number): void {
    const s = this.starts[k];
    const e = this.starts[k + 1];
    if (s === e) this.add(this.decoded.get(k) ?? null);
    else this.copy(this.bytes, s, e);
  }

  private copy(from: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (this.used + n > this.bytes.length) {
      const before = this.bytes;
      this.bytes = grown(before, this.used, this.used + n);
      if (from === before) from = this.bytes;
    }
    const to = this.bytes;
    const at = this.used;
    if (n <= 32) for (let k = 0; k < n; k++) to[at + k] = from[start + k];
    else to.set(from.subarray(start, end), at);
    this.used = at + n;
    this.endRange();
  }

  private endRange(): void {
    const i = ++this.items;
    if (i >= this.starts.length) {
      const more = new Int32Array(this.starts.length * 2);
      more.set(this.starts);
      this.starts = more;
    }
    this.starts[i] = this.used;
  }

  table(): SharedStrings {
    // The part's slack is not kept: the bytes and ranges are trimmed when much is left unused.
    const bytes = this.used < this.bytes.length * 0.875 ? grown(this.bytes, this.used, this.used) : this.bytes;
    const starts = this.starts.length > (this.items + 1) * 1.125 ? this.starts.slice(0, this.items + 1) : this.starts;
    return new CompactStrings(this.items, bytes, starts, this.decoded);
  }
}

/** A copy of the first `used` bytes of `bytes` with room for at least `needed`. */
function grown(bytes: Uint8Array, used: number, needed: number): Uint8Array {
  const size = needed === used ? used : Math.max(needed, bytes.length * 2);
  const out = allocate(size);
  out.set(bytes.subarray(0, used));
  return out;
}

/**
 * Strings made lately, by index modulo the cache's size: a sheet's rows refer to nearby items
 * (a customer's transactions, one after another) and to a few items again and again (currencies),
 * which then share one string; no slot per item of the table is kept.
 */
export const compactStringsTuning = {
  /** 2^18 slots, 3 MB: at 100k customers the main thread's 2.1M lookups of 343k items then make few twice. Tests lower it. */
  cacheBits: 18,
};

/**
 * A compact table as another thread takes it (postMessage) without reading the part again: the
 * items' bytes and ranges in shared memory, the few items decoded as read beside them. Both
 * threads then read the one copy, each with its own cache of strings made.
 */
export interface SharedTable {
  length: number;
  bytes: SharedArrayBuffer;
  starts: SharedArrayBuffer;
  decoded: [number, string][];
}

/**
 * `table` in shared memory, for this thread to use in its place (the same items) and another
 * to take (tableFromShared); null for a table not kept compact (its strings would be copied one
 * by one: the other thread reads the part itself then).
 */
export function shareTable(table: SharedStrings): { table: SharedStrings; shared: SharedTable } | null {
  if (!(table instanceof CompactStrings)) return null;
  const shared = table.shared();
  return { table: tableFromShared(shared), shared };
}

/** The table shareTable shared. */
export function tableFromShared(shared: SharedTable): SharedStrings {
  return new CompactStrings(shared.length, sharedBytes(shared.bytes), new Int32Array(shared.starts), new Map(shared.decoded));
}

class CompactStrings implements SharedStrings {
  private readonly mask = (1 << compactStringsTuning.cacheBits) - 1;
  private readonly cachedIndex = new Int32Array(this.mask + 1).fill(-1);
  private readonly cached: (string | null)[] = new Array<string | null>(this.mask + 1).fill(null);

  constructor(
    readonly length: number,
    private readonly bytes: Uint8Array,
    private readonly starts: Int32Array,
    private readonly decoded: ReadonlyMap<number, string>,
  ) {}

  /** The items' bytes and ranges copied into shared memory (those in use only), for shareTable. */
  shared(): SharedTable {
    const used = this.starts[this.length];
    const bytes = new SharedArrayBuffer(used);
    new Uint8Array(bytes).set(this.bytes.subarray(0, used));
    const starts = new SharedArrayBuffer((this.length + 1) * 4);
    new Int32Array(starts).set(this.starts.subarray(0, this.length + 1));
    return { length: this.length, bytes, starts, decoded: [...this.decoded] };
  }

  get(i: number): string | null {
    const slot = i & this.mask;
    if (this.cachedIndex[slot] === i) return this.cached[slot];
    const s = this.starts[i];
    const e = this.starts[i + 1];
    const value = s === e ? this.decoded.get(i) ?? null : this.decode(s, e);
    this.cachedIndex[slot] = i;
    this.cached[slot] = value;
    return value;
  }

  /** What the scanner's run.text() then excelText give for a plain item's bytes. */
  private decode(s: number, e: number): string | null {
    const b = this.bytes;
    let simple = true;
    for (let k = s; k < e; k++) {
      const c = b[k];
      if (c >= 0x80 || c === CR || c === AMP || c === UNDERSCORE) {
        simple = false;
        break;
      }
    }
    if (simple) return latin1(b, s, e);
    let text = utf8Text(b, s, e);
    if (text.indexOf("\r") >= 0) text = text.replace(/\r\n?/g, "\n");
    text = excelText(decodeEntities(text));
    return text === "" ? null : text;
  }
}

/** Resolves _xHHHH_ (ECMA-376 Part 1, 22.9.2.19): characters XML cannot hold, and _x005F_ for "_". */
export function excelText(text: string): string {
  if (text.indexOf("_x") < 0) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
