import { XlsxError } from "./limits";
import { XmlElement, XmlReader, parseXml } from "./xml-events";
import { ZipArchive, ZipEntry } from "./zip-archive";

/**
 * The parts of an .xlsx package (ECMA-376 Part 2, Open Packaging Conventions) the file host
 * needs: the workbook part found through the package relationships, its sheets, styles and
 * shared strings found through the workbook's relationships by type, in both the transitional
 * and the Strict namespaces, wherever the producer put them.
 */

export interface Relationship {
  id: string;
  /** The type's last segment: "worksheet", "styles", "officeDocument"... (same in Strict). */
  kind: string;
  /** The part it points to, resolved to a package path without a leading "/". */
  target: string;
  external: boolean;
}

export type SheetKind = "worksheet" | "chartsheet" | "dialogsheet" | "macrosheet" | "unknown";

export interface SheetEntry {
  name: string;
  sheetId: number;
  rId: string;
  kind: SheetKind;
  /** The part's path; "" when the relationship is missing. */
  path: string;
}

export interface WorkbookPackage {
  archive: ZipArchive;
  workbookPath: string;
  workbookRelsPath: string;
  rels: Relationship[];
  sheets: SheetEntry[];
  date1904: boolean;
  strict: boolean;
}

const STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main";

/** "xl/worksheets/_rels/sheet1.xml.rels" for "xl/worksheets/sheet1.xml". */
export function relsPathOf(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** A relationship target resolved against its source part (RFC 3986 reference resolution). */
export function resolveTarget(source: string, target: string): string {
  const clean = target.replace(/\\/g, "/").split(/[?#]/)[0];
  const base = clean.startsWith("/") ? [] : source.split("/").slice(0, -1);
  for (const segment of clean.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") base.pop();
    else base.push(decodeURIComponentSafe(segment));
  }
  return base.join("/");
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function readRelationships(archive: ZipArchive, source: string): Relationship[] {
  const relsPath = source === "" ? "_rels/.rels" : relsPathOf(source);
  const entry = archive.find(relsPath);
  if (!entry) return [];
  const out: Relationship[] = [];
  parseXml(entry.name, archive.bytesOf(entry), {
    open(e) {
      if (e.local !== "Relationship" || e.ns !== "pkg") return;
      const { Id: id, Type: type, Target: target, TargetMode: mode } = e.attributes;
      if (id === undefined || type === undefined || target === undefined) return;
      const external = mode === "External";
      out.push({ id, kind: type.slice(type.lastIndexOf("/") + 1), target: external ? target : resolveTarget(source, target), external });
    },
    close() {},
    text() {},
  });
  return out;
}

export function requirePart(archive: ZipArchive, path: string, what: string): ZipEntry {
  const entry = archive.find(path);
  if (!entry) throw new XlsxError(`the package is damaged: its ${what} (${path}) is missing`);
  return entry;
}

const SHEET_KINDS: ReadonlySet<string> = new Set(["worksheet", "chartsheet", "dialogsheet", "macrosheet"]);

export function openWorkbookPackage(bytes: ArrayBuffer | Uint8Array): WorkbookPackage {
  const archive = ZipArchive.open(bytes);
  const main = readRelationships(archive, "").find((r) => r.kind === "officeDocument" && !r.external);
  const workbookPath = main?.target ?? (archive.find("xl/workbook.xml") ? "xl/workbook.xml" : "");
  const workbookEntry = workbookPath ? archive.find(workbookPath) : undefined;
  if (!workbookEntry) {
    const what = archive.find("word/document.xml") ? "a Word document" : archive.find("ppt/presentation.xml") ? "a PowerPoint presentation" : archive.find("content.xml") ? "an OpenDocument file (save it as .xlsx)" : "a zip package without a workbook part";
    throw new XlsxError(`This file is not an .xlsx workbook (it is ${what})`);
  }
  const rels = readRelationships(archive, workbookEntry.name);
  const byId = new Map(rels.map((r) => [r.id, r]));
  const sheets: SheetEntry[] = [];
  let date1904 = false;
  let depth = 0;
  let inSheets = false;
  const workbookBytes = archive.bytesOf(workbookEntry);
  parseXml(workbookEntry.name, workbookBytes, {
    open(e: XmlElement, reader: XmlReader) {
      depth++;
      if (e.ns !== "main") return;
      if (e.local === "workbookPr" && depth === 2) {
        const v = e.attributes.date1904;
        date1904 = v === "1" || v === "true";
      } else if (e.local === "sheets" && depth === 2) inSheets = true;
      else if (e.local === "sheet" && inSheets && depth === 3) sheets.push(sheetEntry(e, reader.attribute(e, "rel", "id"), byId, workbookEntry.name));
    },
    close(e: XmlElement) {
      depth--;
      if (e.ns === "main" && e.local === "sheets") inSheets = false;
    },
    text() {},
  });
  // Strict OOXML keeps its own namespace on the root; the writer names new parts the same way.
  const strict = new TextDecoder().decode(workbookBytes.subarray(0, 4096)).includes(STRICT_MAIN);
  if (!sheets.length) throw new XlsxError(`the package is damaged: ${workbookEntry.name} lists no sheets`);
  return { archive, workbookPath: workbookEntry.name, workbookRelsPath: relsPathOf(workbookEntry.name), rels, sheets, date1904, strict };
}

function sheetEntry(e: XmlElement, rId: string | undefined, byId: Map<string, Relationship>, where: string): SheetEntry {
  const name = e.attributes.name;
  if (name === undefined) throw new XlsxError(`the package is damaged: a sheet in ${where} has no name`);
  const rel = rId === undefined ? undefined : byId.get(rId);
  const kind = rel && SHEET_KINDS.has(rel.kind) ? (rel.kind as SheetKind) : "unknown";
  return { name, sheetId: Number(e.attributes.sheetId ?? 0), rId: rId ?? "", kind, path: rel && !rel.external ? rel.target : "" };
}
