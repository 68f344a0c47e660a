import { CellBlock, ColumnKind, WorkbookPatch, columnLetter } from "../workbook/grid";
import { FormatsOf, NEW_CELL_STYLE, NewRows, PatchCell, Target, disjointBlocks, newSheetFormats, newTarget } from "./patch-rows";
import { XlsxError } from "./limits";
import { withSheetsListed } from "./app-properties";
import { WorkbookPackage, openWorkbookPackage, readRelationships, relsPathOf } from "./package-parts";
import { StyleSheet } from "./style-sheet";
import { RowShift, shiftCalcChain } from "./row-shift";
import { planTables, tableXml } from "./tables";
import { XmlBytes } from "./xml-bytes";
import { escapeXml } from "./xml-text";
import { ZipArchive, ZipEntry } from "./zip-archive";
import { BlockDeflater, Deflated, PieceSink, ZipBuilder, asyncZlib, growingPartDeflater, joinDeflated, partDeflater } from "./zip-write";
import { PreparedAppend, WINDOW, prepareAppend } from "./prepared-append";
import { concat } from "./compression";

/**
 * Applying a WorkbookPatch to an .xlsx held in memory: the one writer, for the CLI and the task
 * pane (no Node built-in). Only what the patch changes is rewritten: the rows it writes (merged
 * into the sheet's XML as it streams through), new sheets (as Excel tables with currency and
 * date formats, as the Office.js host makes them), the workbook's sheet list, relationships and
 * content types, the styles it needs, and the Excel tables its rows join. Every other entry of
 * the package is copied as its stored bytes: pivot tables, charts, macros, links, calcChain,
 * printer settings stay exactly as they were.
 */

const NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const STRICT_MAIN = "http://purl.oclc.org/ooxml/spreadsheetml/main";
const NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const STRICT_REL = "http://purl.oclc.org/ooxml/officeDocument/relationships";
const REL_TYPE = (strict: boolean, kind: string): string => `${strict ? STRICT_REL : NS_REL}/${kind}`;
const WORKSHEET_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const STYLES_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
const TABLE_CONTENT = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml";
const WIDTH_BY_KIND: Readonly<Record<ColumnKind, number>> = { text: 16, date: 12, amount: 15, integer: 10 };

export { cellXml } from "./cell-xml";
export { DATE_FORMAT, amountFormat, rowsExtent } from "./patch-rows";
export type { PatchCell, Target } from "./patch-rows";
export type { PreparedAppend } from "./prepared-append";
export type { PieceSink } from "./zip-write";

/** The workbook after the patch, as bytes; the input bytes are not modified. */
export async function applyPatchToXlsxBuffer(input: ArrayBuffer | Uint8Array, patch: WorkbookPatch, prepared: readonly PreparedAppend[] = []): Promise<Uint8Array> {
  return concat(await applyPatchToXlsxPieces(input, patch, prepared));
}

/**
 * The big sheets of `input` named in `sheets` that a patch will probably append to, prepared
 * for it while the caller reads and plans (prepared-append.ts); none where that does not pay.
 */
export function prepareAppends(
  input: ArrayBuffer | Uint8Array,
  sheets: readonly string[],
  start: (archive: ZipArchive, entry: ZipEntry) => PreparedAppend | null = prepareAppend,
): PreparedAppend[] {
  try {
    const pkg = openWorkbookPackage(input);
    const out: PreparedAppend[] = [];
    for (const name of sheets) {
      const sheet = pkg.sheets.find((s) => s.kind === "worksheet" && s.path && sameName(s.name, name));
      const entry = sheet ? pkg.archive.find(sheet.path) : undefined;
      const prepared = entry ? start(pkg.archive, entry) : null;
      if (prepared) out.push(prepared);
    }
    return out;
  } catch {
    // The read that follows says what is wrong with the file.
    return [];
  }
}

/**
 * applyPatchToXlsxBuffer's bytes as the pieces they were made in (their concatenation), for a
 * host that writes them to a file. `prepared`: parts prepareAppends started on these bytes.
 * With a `sink`, the pieces go there in order as each part's turn comes (the file is written
 * while the later parts are still being made) and what is returned is only what it did not get: none.
 */
export async function applyPatchToXlsxPieces(
  input: ArrayBuffer | Uint8Array,
  patch: WorkbookPatch,
  prepared: readonly PreparedAppend[] = [],
  sink: PieceSink | null = null,
): Promise<Uint8Array[]> {
  const pkg = openWorkbookPackage(input);
  const { archive } = pkg;
  const targets = targetsOf(pkg, patch);
  const stylesRel = pkg.rels.find((r) => r.kind === "styles" && !r.external);
  const stylesEntry = stylesRel ? archive.find(stylesRel.target) : undefined;
  const styles = new StyleSheet(stylesEntry ? archive.text(stylesEntry) : null);
  const rewritten = new Map<string, string>();

  const newSheets = targets.filter((t) => !t.sheet);
  const tables = planTables(archive, pkg, targets);
  const contentTypes = requireEntry(archive, "[Content_Types].xml", "content types");
  const overrides: string[] = [];
  // A package without a stylesheet (allowed, and some producers write none) gets one: new sheets and formats need it.
  const newStyles = stylesEntry ? null : `${pkg.workbookPath.replace(/[^/]*$/, "")}styles.xml`;
  if (newStyles) overrides.push(`<Override PartName="/${newStyles}" ContentType="${STYLES_CONTENT}"/>`);
  const newRels = newSheets.length ? addSheets(pkg, newSheets, rewritten) : [];
  if (newStyles) newRels.push(`<Relationship Id="${freeRelId(pkg, newRels)}" Type="${REL_TYPE(pkg.strict, "styles")}" Target="${relativeTarget(pkg.workbookPath, newStyles)}"/>`);
  if (newRels.length) {
    const relsEntry = archive.find(pkg.workbookRelsPath);
    rewritten.set(relsEntry?.name ?? pkg.workbookRelsPath, relsEntry ? insertBefore(archive.text(relsEntry), "Relationships", newRels.join(""), relsEntry.name) : relationshipsXml(newRels));
  }
  for (const t of newSheets) overrides.push(`<Override PartName="/${t.path}" ContentType="${WORKSHEET_CONTENT}"/>`);
  for (const table of tables.created) overrides.push(`<Override PartName="/${table.path}" ContentType="${TABLE_CONTENT}"/>`);
  if (overrides.length) rewritten.set(contentTypes.name, insertBefore(archive.text(contentTypes), "Types", overrides.join(""), contentTypes.name));
  for (const edit of tables.edited) rewritten.set(edit.entry.name, edit.xml);
  listSheets(pkg, newSheets, rewritten);
  if (tables.shifts.size) calculateOnLoad(pkg, rewritten);
  // Formula cells of moved rows (a totals row) keep their place in the calculation chain.
  const calcChainRel = pkg.rels.find((r) => r.kind === "calcChain" && !r.external);
  const calcChain = calcChainRel ? archive.find(calcChainRel.target) : undefined;
  if (calcChain && tables.shifts.size) {
    let xml = archive.text(calcChain);
    for (const [target, shift] of tables.shifts) if (target.sheet) xml = shiftCalcChain(xml, target.sheet.sheetId, shift);
    rewritten.set(calcChain.name, xml);
  }

  const out = new ZipBuilder(sink);
  const streamed = new Map(targets.filter((t) => t.sheet).map((t) => [t.path.toLowerCase(), t]));
  // The new sheets' styles first, in the order their rows ask for them: the patched sheets,
  // spliced one after the other, then add theirs while the new sheets are written (the same
  // styles, in the same order, whatever the timing). So the splices start now, each in its
  // place in the package: their inflating, deflating, a prepared sheet (prepared-append.ts)
  // still in its worker, and the package's bytes on their way to a sink's file go on while the
  // new sheets' XML is made on this thread.
  for (const t of newSheets) reserveNewSheetStyles(t, styles);
  let spliced: Promise<unknown> = Promise.resolve();
  for (const entry of archive.entries) {
    if (stylesEntry && entry === stylesEntry) continue; // written last, once the formats are known
    const text = rewritten.get(entry.name);
    const target = streamed.get(entry.name.toLowerCase());
    if (text !== undefined) out.add(entry.storedName, text);
    else if (target) {
      const ready = prepared.find((p) => p.entryName === entry.name) ?? null;
      const splice = spliced.then(() => patchSheet(archive, entry, target, styles, pkg.date1904, tables.shifts.get(target) ?? null, ready));
      out.addLater(entry.storedName, splice.then((s) => s.deflated));
      spliced = splice;
    } else out.copy(archive, entry);
  }
  for (const t of newSheets) {
    const table = tables.created.find((c) => c.target === t);
    // One sheet after the other (the styles their cells need are added in that order), each
    // deflating as it is written; its last blocks still deflate while the next one is written.
    const deflater = growingPartDeflater();
    await newSheetXml(t, styles, pkg.date1904, table ? "rId1" : null, pkg.strict, (piece) => deflater.push(piece));
    out.addLater(t.path, deflater.finish());
    if (table) {
      out.add(relsPathOf(t.path), relationshipsXml([`<Relationship Id="rId1" Type="${REL_TYPE(pkg.strict, "table")}" Target="${relativeTarget(t.path, table.path)}"/>`]));
      out.add(table.path, tableXml(table, pkg.strict ? STRICT_MAIN : NS_MAIN));
    }
  }
  await spliced;
  if (!archive.find(pkg.workbookRelsPath) && newRels.length) out.add(pkg.workbookRelsPath, rewritten.get(pkg.workbookRelsPath) as string);
  if (stylesEntry) out.add(stylesEntry.storedName, styles.render());
  else if (newStyles) out.add(newStyles, styles.render());
  return out.finishPieces();
}

/** Workbook elements that follow <calcPr> (ECMA-376 Part 1, 18.2.28 CT_Workbook), where a new one goes before. */
const AFTER_CALC_PR = ["oleSize", "customWorkbookViews", "pivotCaches", "smartTagPr", "smartTagTypes", "webPublishing", "fileRecoveryPr", "webPublishObjects", "extLst"];

/**
 * A moved totals row holds the totals of the rows before the new ones: the workbook asks for a
 * full calculation when it is opened (calcPr fullCalcOnLoad), as openpyxl and xlsxwriter do.
 */
function calculateOnLoad(pkg: WorkbookPackage, rewritten: Map<string, string>): void {
  const entry = requireEntry(pkg.archive, pkg.workbookPath, "workbook");
  const xml = rewritten.get(entry.name) ?? pkg.archive.text(entry);
  const root = /<([A-Za-z_][\w.-]*:)?workbook\b/.exec(xml);
  const p = root?.[1] ?? "";
  const existing = new RegExp(`<${p}calcPr\\b[^>]*?(/?)>`).exec(xml);
  let out: string;
  if (existing) {
    const tag = existing[0].replace(/\sfullCalcOnLoad="[^"]*"/, "").replace(/\s*(\/?)>$/, ' fullCalcOnLoad="1"$1>');
    out = xml.slice(0, existing.index) + tag + xml.slice(existing.index + existing[0].length);
  } else {
    const next = AFTER_CALC_PR.map((name) => new RegExp(`<${p}${name}\\b`).exec(xml)).filter((m): m is RegExpExecArray => m !== null).sort((a, b) => a.index - b.index)[0];
    const at = next ? next.index : xml.lastIndexOf(`</${p}workbook`);
    if (at < 0) return;
    out = `${xml.slice(0, at)}<${p}calcPr fullCalcOnLoad="1"/>${xml.slice(at)}`;
  }
  rewritten.set(entry.name, out);
}

/** docProps/app.xml's sheet list (Excel's document properties) with the new sheets, where it lists the workbook's. */
function listSheets(pkg: WorkbookPackage, newSheets: Target[], rewritten: Map<string, string>): void {
  if (!newSheets.length) return;
  const rel = readRelationships(pkg.archive, "").find((r) => (r.kind === "extended-properties" || r.kind === "extendedProperties") && !r.external);
  const entry = rel ? pkg.archive.find(rel.target) : undefined;
  if (!entry) return;
  const worksheets = pkg.sheets.filter((s) => s.kind === "worksheet").map((s) => s.name);
  const listed = withSheetsListed(pkg.archive.text(entry), worksheets, newSheets.map((t) => t.patch.sheet));
  if (listed !== null) rewritten.set(entry.name, listed);
}

function requireEntry(archive: ZipArchive, path: string, what: string): ZipEntry {
  const entry = archive.find(path);
  if (!entry) throw new XlsxError(`the package is damaged: its ${what} part (${path}) is missing`);
  return entry;
}

function sameName(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/** Checked before anything is written, so a patch that names a missing sheet (or adds one that exists) changes nothing. */
function targetsOf(pkg: WorkbookPackage, patch: WorkbookPatch): Target[] {
  const targets: Target[] = [];
  let next = Math.max(0, ...pkg.archive.entries.map((e) => Number(/(?:^|\/)sheet(\d+)\.xml$/i.exec(e.name)?.[1] ?? 0))) + 1;
  const folder = (pkg.sheets.find((s) => s.kind === "worksheet" && s.path)?.path ?? `${pkg.workbookPath.replace(/[^/]*$/, "")}worksheets/x`).replace(/[^/]*$/, "");
  for (const sp of patch.sheets) {
    const existing = pkg.sheets.find((s) => sameName(s.name, sp.sheet));
    if (sp.create && existing) throw new Error(`Cannot add sheet '${sp.sheet}': the workbook already has it`);
    if (!sp.create && !existing) throw new Error(`Cannot write to sheet '${sp.sheet}': the workbook has no such sheet`);
    if (existing && existing.kind !== "worksheet") throw new Error(`Cannot write to sheet '${sp.sheet}': it is a ${existing.kind}, not a worksheet`);
    if (targets.some((t) => sameName(t.patch.sheet, sp.sheet))) throw new Error(`Cannot write to sheet '${sp.sheet}' twice in one patch`);
    let path = existing?.path ?? "";
    if (!existing) {
      while (pkg.archive.find(`${folder}sheet${next}.xml`)) next++;
      path = `${folder}sheet${next++}.xml`;
    }
    targets.push(newTarget(sp, existing ?? null, path));
  }
  return targets;
}

/** Inserts `xml` before the closing tag of the root element `local` (whatever its prefix). */
export function insertBefore(doc: string, local: string, xml: string, part: string): string {
  const re = new RegExp(`</([A-Za-z_][\\w.-]*:)?${local}\\s*>`, "g");
  let last: RegExpExecArray | null = null;
  for (let m = re.exec(doc); m; m = re.exec(doc)) last = m;
  if (!last) {
    const empty = new RegExp(`<([A-Za-z_][\\w.-]*:)?${local}(\\s[^>]*)?/>`).exec(doc);
    if (!empty) throw new XlsxError(`the package is damaged: ${part} has no <${local}> element`);
    const open = empty[0].replace(/\s*\/>$/, ">");
    return doc.slice(0, empty.index) + open + xml + `</${empty[1] ?? ""}${local}>` + doc.slice(empty.index + empty[0].length);
  }
  return doc.slice(0, last.index) + xml + doc.slice(last.index);
}

function relationshipsXml(rels: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join("")}</Relationships>`;
}

/** The target of a relationship from `source` to `path`, relative as Excel writes it. */
export function relativeTarget(source: string, path: string): string {
  const from = source.split("/").slice(0, -1);
  const to = path.split("/");
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...Array(from.length - common).fill(".."), ...to.slice(common)].join("/");
}

/**
 * New sheets in the workbook's sheet list, with a relationship each. The r:id attribute uses the
 * prefix the workbook declares for relationships on its root; where it declares none (openpyxl
 * declares xmlns:r on each <sheet>), the new <sheet> declares its own.
 */
function freeRelId(pkg: WorkbookPackage, added: string[]): string {
  const used = new Set([...pkg.rels.map((r) => r.id), ...added.map((x) => /Id="([^"]*)"/.exec(x)?.[1])]);
  let n = 1;
  while (used.has(`rId${n}`)) n++;
  return `rId${n}`;
}

/** The workbook's sheet list with the new sheets (rewritten); returns their relationships. */
function addSheets(pkg: WorkbookPackage, targets: Target[], rewritten: Map<string, string>): string[] {
  const { archive } = pkg;
  const workbookEntry = requireEntry(archive, pkg.workbookPath, "workbook");
  const workbookXml = archive.text(workbookEntry);
  const relIds = new Set(pkg.rels.map((r) => r.id));
  let nextId = Math.max(0, ...pkg.sheets.map((s) => s.sheetId)) + 1;
  let nextRel = 1;
  const root = /<([A-Za-z_][\w.-]*:)?workbook\b[^>]*>/.exec(workbookXml);
  if (!root) throw new XlsxError(`the package is damaged: ${workbookEntry.name} has no <workbook> element`);
  const mainPrefix = root[1] ?? "";
  const relUri = pkg.strict ? STRICT_REL : NS_REL;
  const declared = new RegExp(`\\sxmlns:([A-Za-z_][\\w.-]*)=["']${relUri.replace(/[.]/g, "\\.")}["']`).exec(root[0]);
  const sheets: string[] = [];
  const rels: string[] = [];
  for (const t of targets) {
    while (relIds.has(`rId${nextRel}`)) nextRel++;
    const rId = `rId${nextRel}`;
    relIds.add(rId);
    const attr = declared ? `${declared[1]}:id="${rId}"` : `r:id="${rId}" xmlns:r="${relUri}"`;
    sheets.push(`<${mainPrefix}sheet name="${escapeXml(t.patch.sheet)}" sheetId="${nextId++}" ${attr}/>`);
    rels.push(`<Relationship Id="${rId}" Type="${REL_TYPE(pkg.strict, "worksheet")}" Target="${relativeTarget(workbookEntry.name, t.path)}"/>`);
  }
  rewritten.set(workbookEntry.name, insertBefore(workbookXml, "sheets", sheets.join(""), workbookEntry.name));
  return rels;
}

/** Rows written between hand-overs of a new sheet's finished pieces to its deflater. */
const ROWS_PER_HANDOVER = 512;

/**
 * A new worksheet part, in the conformance class of the workbook (Strict OOXML namespaces in a
 * Strict one), handed to `put` piece by piece as it is written (each ~1 MB, as XmlBytes makes them).
 */
async function newSheetXml(target: Target, styles: StyleSheet, date1904: boolean, tableRel: string | null, strict: boolean, put: (piece: Uint8Array) => Promise<void>): Promise<void> {
  const sp = target.patch;
  const ySplit = sp.headerRow;
  const pane = ySplit > 0 ? `<pane ySplit="${ySplit}" topLeftCell="A${ySplit + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/>` : "";
  const cols = sp.header
    .map((title, i) => `<col min="${i + 1}" max="${i + 1}" width="${Math.min(40, Math.max(WIDTH_BY_KIND[sp.columnKinds[i] ?? "text"], title.length + 3))}" customWidth="1"/>`)
    .join("");
  const out = new XmlBytes();
  const blocks = disjointBlocks(sp);
  out.text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${strict ? STRICT_MAIN : NS_MAIN}" xmlns:r="${strict ? STRICT_REL : NS_REL}">`);
  out.ascii(`<dimension ref="${blocks ? blocksDimension(blocks) : dimension(target)}"/><sheetViews><sheetView workbookViewId="0">${pane}</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>`);
  if (cols) out.ascii(`<cols>${cols}</cols>`);
  out.ascii("<sheetData>");
  // The header's bold style first, as a new sheet's styles have always been added.
  const rows = new NewRows(out, "", styles, date1904, { row: sp.headerRow, style: styles.bold() });
  if (blocks) {
    // Straight from the blocks, in the order (and so with the style ids) the collected rows give.
    const formats = new FormatsOf(sp);
    for (const block of blocks) {
      for (let i = 0; i < block.values.length; i++) {
        rows.fromValues(block.row + i, block.col, block.values[i], formats, block.rowDecimals?.[i] ?? 2);
        if (i % ROWS_PER_HANDOVER === ROWS_PER_HANDOVER - 1) for (const piece of out.take()) await put(piece);
      }
    }
  } else for (const row of [...target.rows.keys()].sort((a, b) => a - b)) rows.fromCells(row, target.rows.get(row) as PatchCell[]);
  out.ascii('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>');
  if (tableRel) out.ascii(`<tableParts count="1"><tablePart r:id="${tableRel}"/></tableParts>`);
  out.ascii("</worksheet>");
  for (const piece of out.finish()) await put(piece);
}

/**
 * The styles newSheetXml will give the sheet's cells, made in the order it asks for them (the
 * header's bold, then each number format with the new cells' base style as its first cell
 * comes), so that a splice adding its own meanwhile cannot change them.
 */
function reserveNewSheetStyles(target: Target, styles: StyleSheet): void {
  styles.bold();
  for (const format of newSheetFormats(target)) styles.withNumFmt(NEW_CELL_STYLE, format);
}

function dimension(target: Target): string {
  if (!target.rows.size) return "A1";
  let top = Infinity;
  let bottom = 0;
  let right = 1;
  for (const [row, cells] of target.rows) {
    top = Math.min(top, row);
    bottom = Math.max(bottom, row);
    for (const c of cells) right = Math.max(right, c.col);
  }
  return `A${top}:${columnLetter(right)}${bottom}`;
}

/** dimension(target) of a sheet written from its disjoint blocks. */
function blocksDimension(blocks: readonly CellBlock[]): string {
  let top = Infinity;
  let bottom = 0;
  let right = 1;
  for (const block of blocks) {
    if (!block.values.length) continue;
    top = Math.min(top, block.row);
    bottom = Math.max(bottom, block.row + block.values.length - 1);
    for (const values of block.values) if (values.length) right = Math.max(right, block.col + values.length - 1);
  }
  return bottom ? `A${top}:${columnLetter(right)}${bottom}` : "A1";
}

export type { CellBlock };

/**
 * The patched sheet part, its inflated bytes streamed through the row splicer into a deflater.
 * Resolves once every byte went through the splicer (so the styles it needed exist, in the
 * order they always had); its last blocks are still deflating on the thread pool meanwhile.
 */
async function patchSheet(
  archive: ZipArchive,
  entry: ZipEntry,
  target: Target,
  styles: StyleSheet,
  date1904: boolean,
  shift: RowShift | null,
  prepared: PreparedAppend | null,
): Promise<{ deflated: Promise<Deflated> }> {
  const { RowSplicer } = await import("./row-splicer");
  const blocks = prepared && !shift ? await prepared.blocks : null;
  if (blocks && asyncZlib && firstRow(target) > Math.max(blocks.lastRowBefore, blocks.tailLastRow)) {
    // Every patched row comes after the rows of the part: its middle passes as it was stored.
    const splicer = new RowSplicer(target, styles, date1904, entry.name, shift);
    const head = [...splicer.feed(blocks.head), ...splicer.passKept()];
    // The copied blocks may refer back into the head's last 32 KiB, which the splice must have
    // left as it was (it changes only what comes before <sheetData>); else the plain way.
    if (endsWith(head, blocks.head.subarray(blocks.head.length - WINDOW))) {
      const before = new BlockDeflater(asyncZlib, blocks.level);
      for (const piece of head) await before.push(piece);
      const after = new BlockDeflater(asyncZlib, blocks.level);
      for (const piece of [...splicer.feed(blocks.tail), ...splicer.end()]) await after.push(piece);
      return { deflated: Promise.all([before.finish(false), after.finish()]).then(([h, t]) => joinDeflated([h, blocks.middle, t])) };
    }
  }
  const splicer = new RowSplicer(target, styles, date1904, entry.name, shift);
  const out = partDeflater(entry.size);
  for await (const chunk of archive.chunksOf(entry)) for (const piece of splicer.feed(chunk)) await out.push(piece);
  for (const piece of splicer.end()) await out.push(piece);
  return { deflated: out.finish() };
}

/** Whether the pieces, one after the other, end with `end`. */
function endsWith(pieces: readonly Uint8Array[], end: Uint8Array): boolean {
  let k = end.length;
  for (let i = pieces.length - 1; i >= 0 && k > 0; i--) {
    const p = pieces[i];
    const n = Math.min(k, p.length);
    for (let j = 1; j <= n; j++) if (p[p.length - j] !== end[k - j]) return false;
    k -= n;
  }
  return k === 0;
}

/** The first row the patch writes to (Infinity: none). */
function firstRow(target: Target): number {
  let first = Infinity;
  for (const row of target.rows.keys()) if (row < first) first = row;
  return first;
}
