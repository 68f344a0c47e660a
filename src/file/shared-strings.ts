import { XlsxError, count, xlsxLimits } from "./limits";
import { Name } from "./xml-events";
import { ItemHandler, TextRun, scanXmlPart } from "./xml-scan";
import { ZipArchive, ZipEntry } from "./zip-archive";

/**
 * The shared-strings table (ECMA-376 Part 1, 18.4), each item as the text Excel shows: plain
 * <t>, or rich-text runs joined, phonetic runs (<rPh>, furigana) left out, _xHHHH_ escapes
 * resolved. An empty item is null, as an empty cell. Linear in the part's size.
 */
export async function readSharedStrings(archive: ZipArchive, entry: ZipEntry): Promise<(string | null)[]> {
  return readSharedStringsFrom(entry.name, archive.chunker(entry));
}

/** The table of the part `part`, whose bytes `chunks` gives (as often as asked). */
export async function readSharedStringsFrom(part: string, chunks: () => AsyncIterable<Uint8Array>): Promise<(string | null)[]> {
  const table = await scanXmlPart(part, chunks, () => new StringTable(part));
  return table.out;
}

class StringTable implements ItemHandler {
  readonly out: (string | null)[] = [];
  private inItem = false;
  private skip = 0;
  private capture = false;
  /** The item's text: most items are one <t>, rich text is several runs. */
  private first: string | null = null;
  private pieces: string[] | null = null;

  constructor(private readonly part: string) {}

  open(e: Name): void {
    if (e.ns !== "main") {
      if (this.inItem) this.skip++;
      return;
    }
    if (e.local === "si") {
      this.inItem = true;
      this.first = null;
      this.pieces = null;
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

  /** A plain item whole: what open(si), open(t), text, close(t) and close(si) do. */
  item(run: TextRun): void {
    this.inItem = true;
    this.first = null;
    this.pieces = null;
    this.capture = true;
    if (run.end > run.start) this.text(run);
    this.capture = false;
    this.endItem();
  }

  private endItem(): void {
    if (this.out.length >= xlsxLimits.sharedStrings) throw new XlsxError(`${this.part} holds more than ${count(xlsxLimits.sharedStrings)} strings, more than this tool reads`);
    const text = excelText(this.pieces ? this.pieces.join("") : this.first ?? "");
    this.out.push(text === "" ? null : text);
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

/** Resolves _xHHHH_ (ECMA-376 Part 1, 22.9.2.19): characters XML cannot hold, and _x005F_ for "_". */
export function excelText(text: string): string {
  if (text.indexOf("_x") < 0) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
