/**
 * A file an export produces. Text files are strings (the writer encodes them as UTF-8); packages
 * (zip) and UTF-16 files are bytes. `name` is the file's own name: inside a package, or the name a
 * host gives a file it writes beside the main one.
 */
export interface ExportFile {
  name: string;
  /** What the file holds, as a slug ("one-time-vendors"): a host names a companion file `<main>.<role>.csv`. */
  role: string;
  mediaType: string;
  content: string | Uint8Array;
}

export const MEDIA_TYPES = {
  csv: "text/csv;charset=utf-8",
  zip: "application/zip",
  xml: "application/xml;charset=utf-8",
} as const;
