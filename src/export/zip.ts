import { strToU8, zipSync, type Zippable } from "fflate";

/** A file inside a zip package. */
export interface ZipEntry {
  name: string;
  content: string | Uint8Array;
}

/**
 * A zip archive of the entries, in their order (a reader lists them that way). fflate runs the
 * same in Node and in the task pane's browser. Every entry carries the same timestamp, so the
 * same export gives the same bytes.
 */
export function zipFiles(entries: readonly ZipEntry[], modified: Date): Uint8Array {
  const zippable: Zippable = {};
  for (const entry of entries) {
    if (entry.name in zippable) throw new Error(`zip: two entries named ${entry.name}`);
    const data = typeof entry.content === "string" ? strToU8(entry.content) : entry.content;
    zippable[entry.name] = [data, { mtime: modified }];
  }
  return zipSync(zippable, { level: 6 });
}

/** UTF-16 little endian with a byte order mark: what a Data management "CSV-Unicode" source reads. */
export function utf16le(text: string): Uint8Array {
  // U+FEFF encodes as FF FE: a text that starts with it already carries its mark.
  const marked = text.startsWith("\ufeff") ? text : `\ufeff${text}`;
  const bytes = new Uint8Array(marked.length * 2);
  for (let i = 0; i < marked.length; i++) {
    const unit = marked.charCodeAt(i);
    bytes[i * 2] = unit & 0xff;
    bytes[i * 2 + 1] = unit >> 8;
  }
  return bytes;
}
