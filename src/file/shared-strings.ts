import { XlsxError, count, xlsxLimits } from "./limits";
import { XmlElement, parseXmlChunks } from "./xml-events";
import { ZipArchive, ZipEntry } from "./zip-archive";

/**
 * The shared-strings table (ECMA-376 Part 1, 18.4), each item as the text Excel shows: plain
 * <t>, or rich-text runs joined, phonetic runs (<rPh>, furigana) left out, _xHHHH_ escapes
 * resolved. An empty item is null, as an empty cell. Linear in the part's size.
 */
export async function readSharedStrings(archive: ZipArchive, entry: ZipEntry): Promise<(string | null)[]> {
  const out: (string | null)[] = [];
  let inItem = false;
  let skip = 0;
  let capture = false;
  let pieces: string[] = [];
  await parseXmlChunks(entry.name, archive.chunksOf(entry), {
    open(e: XmlElement) {
      if (e.ns !== "main") {
        if (inItem) skip++;
        return;
      }
      if (e.local === "si") {
        inItem = true;
        pieces = [];
      } else if (!inItem) return;
      else if (e.local === "rPh" || e.local === "phoneticPr" || skip) skip++;
      else if (e.local === "t") capture = true;
    },
    close(e: XmlElement) {
      if (e.ns === "main" && e.local === "si") {
        if (out.length >= xlsxLimits.sharedStrings) throw new XlsxError(`${entry.name} holds more than ${count(xlsxLimits.sharedStrings)} strings, more than this tool reads`);
        const text = excelText(pieces.length === 1 ? pieces[0] : pieces.join(""));
        out.push(text === "" ? null : text);
        inItem = false;
        skip = 0;
      } else if (skip) skip--;
      else if (e.local === "t") capture = false;
    },
    text(text: string) {
      if (capture && !skip) pieces.push(text);
    },
  });
  return out;
}

/** Resolves _xHHHH_ (ECMA-376 Part 1, 22.9.2.19): characters XML cannot hold, and _x005F_ for "_". */
export function excelText(text: string): string {
  if (text.indexOf("_x") < 0) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
