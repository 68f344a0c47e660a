import { columnLetter } from "../workbook/grid";
import { tableGrowths } from "../workbook/table-growth";
import { WorkbookPackage, readRelationships } from "./package-parts";
import { colNumber, patchBox } from "./row-splicer";
import { RowShift } from "./row-shift";
import { Target, rowsExtent } from "./patch-rows";
import { escapeXml } from "./xml-text";
import { ZipArchive, ZipEntry } from "./zip-archive";

/**
 * Excel tables (ListObjects, ECMA-376 Part 1, 18.5) the patch touches. Rows appended right
 * below a table on the sheet join it: its range and its autofilter grow, as in Excel when a
 * row is typed under a table. Below a table with a totals row, the rows go above the totals
 * row, which moves down and stays last (as Excel's ListRows.Add does): the autofilter covers
 * the header and data rows, the table's range the totals row too. A new output sheet is
 * created as a table, as the Office.js host does, so that Excel and the file agree.
 */

export interface TableEdit {
  entry: ZipEntry;
  xml: string;
}

export interface CreatedTable {
  target: Target;
  path: string;
  id: number;
  name: string;
  ref: string;
  columns: string[];
}

interface Existing {
  entry: ZipEntry;
  xml: string;
  top: number;
  left: number;
  bottom: number;
  right: number;
  totals: number;
  headerRows: number;
}

const REF = /^\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)$/;

export interface TablePlan {
  created: CreatedTable[];
  edited: TableEdit[];
  /** Rows moved down on a sheet to keep a totals row last; the target's rows are renumbered to go above it. */
  shifts: Map<Target, RowShift>;
}

export function planTables(archive: ZipArchive, pkg: WorkbookPackage, targets: Target[]): TablePlan {
  const ids = new Set<number>();
  const names = new Set<string>();
  for (const entry of archive.entries) {
    if (!/(^|\/)tables\/[^/]+\.xml$/i.test(entry.name)) continue;
    const root = /<([A-Za-z_][\w.-]*:)?table\b[^>]*>/.exec(archive.text(entry))?.[0] ?? "";
    const id = Number(/\sid="(\d+)"/.exec(root)?.[1]);
    if (id) ids.add(id);
    for (const m of root.matchAll(/\s(?:name|displayName)="([^"]*)"/g)) names.add(m[1].toLowerCase());
  }
  const edited: TableEdit[] = [];
  const shifts = new Map<Target, RowShift>();
  for (const target of targets) {
    if (!target.sheet) continue;
    const box = patchBox(target);
    if (!box) continue;
    for (const rel of readRelationships(archive, target.path)) {
      if (rel.kind !== "table" || rel.external) continue;
      const entry = archive.find(rel.target);
      if (!entry) continue;
      const table = existingTable(archive, entry);
      if (!table || shifts.has(target)) continue;
      // The patch's rows start right below the table, within its columns: they are its new rows.
      // Or the run also adds header cells right of the table: it grows by those columns first.
      const widening = box.top === table.bottom + 1 ? null : wideningOf(target, table);
      if (!widening && (box.top !== table.bottom + 1 || box.left < table.left || box.right > table.right)) continue;
      const right = table.right + (widening?.names.length ?? 0);
      const added = (widening?.lastRow ?? box.bottom) - table.bottom;
      const bottom = table.bottom + added;
      const range = (last: number): string => `${columnLetter(table.left)}${table.top}:${columnLetter(right)}${last}`;
      if (table.totals) {
        const from = table.bottom - table.totals + 1;
        shifts.set(target, { from, by: added, dataTop: table.top + table.headerRows, dataBottom: from - 1, sheet: target.patch.sheet });
        // The rows written below the totals row go where it was; it follows them (the header row stays).
        const rows = [...target.rows].sort((a, b) => a[0] - b[0]);
        target.rows.clear();
        for (const [row, cells] of rows) target.rows.set(row > table.bottom ? row - table.totals : row, cells);
      }
      const xml = withColumns(table.xml, widening?.names ?? [])
        .replace(/(<(?:[A-Za-z_][\w.-]*:)?table\b[^>]*?\sref=")[^"]*"/, `$1${range(bottom)}"`)
        .replace(/(<(?:[A-Za-z_][\w.-]*:)?autoFilter\b[^>]*?\sref=")[^"]*"/, `$1${range(bottom - table.totals)}"`);
      edited.push({ entry, xml });
    }
  }
  const created: CreatedTable[] = [];
  let nextId = Math.max(0, ...ids) + 1;
  let nextPart = 1;
  const folder = `${pkg.workbookPath.replace(/[^/]*$/, "")}tables/`;
  for (const target of targets) {
    if (target.sheet) continue;
    const sp = target.patch;
    const rows = rowsExtent(target);
    const columns = sp.header.map((h, i) => h || `Column${i + 1}`);
    // A table needs a header row of unique texts over its columns, and at least that row.
    if (!rows.count || rows.headerCells !== sp.header.length || new Set(columns.map((c) => c.toLowerCase())).size !== columns.length) continue;
    while (archive.find(`${folder}table${nextPart}.xml`)) nextPart++;
    const path = `${folder}table${nextPart++}.xml`;
    const name = uniqueName(sp.sheet, names);
    const bottom = Math.max(sp.headerRow + 1, rows.bottom);
    created.push({ target, path, id: nextId++, name, ref: `A${sp.headerRow}:${columnLetter(columns.length)}${bottom}`, columns });
  }
  return { created, edited, shifts };
}

/**
 * Header cells the patch writes right of a table, on its header row, with rows below it:
 * the table gains those columns and the rows, as the Office.js host does with
 * table.columns.add then table.rows.add. The decision is the shared one
 * (workbook/table-growth), so both hosts end with the same table range; on top of it the
 * file host asks, as for plain appends, that the patch writes nothing else on the sheet
 * (the header cells and the rows, within the widened columns), since it moves rows below a
 * totals row wholesale.
 */
function wideningOf(target: Target, table: Existing): { names: string[]; lastRow: number } | null {
  if (table.headerRows !== 1) return null;
  const box = { row: table.top, col: table.left, rowCount: table.bottom - table.top + 1, columnCount: table.right - table.left + 1 };
  const growth = tableGrowths(target.patch, box).find((g) => g.newColumns);
  const columns = growth?.newColumns;
  if (!growth || !columns) return null;
  const right = table.right + columns.names.length;
  for (const [row, cells] of target.rows) {
    const inHeader = row === table.top && cells.every((c) => c.col >= columns.col && c.col <= right);
    const inRows = row >= growth.firstRow && row <= growth.lastRow && cells.every((c) => c.col >= table.left && c.col <= right);
    if (!inHeader && !inRows) return null;
  }
  // The names as the header cells hold them: a table column's name is its header cell's text.
  const header = [...(target.rows.get(table.top) ?? [])].sort((a, b) => a.col - b.col);
  return { names: header.map((c) => String(c.value)), lastRow: growth.lastRow };
}

/**
 * The table part with new <tableColumn>s at the end of <tableColumns> (its count updated), in
 * the part's own namespace prefix. Ids are unique within the table (18.5.1.3); each name is its
 * header cell's text, which the shared rule has checked is not one of the table's names. A
 * totals row shows nothing in a column without totalsRowFunction or totalsRowLabel.
 */
function withColumns(xml: string, names: string[]): string {
  if (!names.length) return xml;
  const open = /<([A-Za-z_][\w.-]*:)?tableColumns\b[^>]*>/.exec(xml);
  if (!open) return xml;
  const p = open[1] ?? "";
  const close = xml.indexOf(`</${p}tableColumns>`, open.index);
  if (close < 0) return xml;
  let id = Math.max(0, ...[...xml.slice(open.index, close).matchAll(/<(?:[A-Za-z_][\w.-]*:)?tableColumn\b[^>]*?\sid="(\d+)"/g)].map((m) => Number(m[1])));
  const count = (xml.slice(open.index, close).match(/<(?:[A-Za-z_][\w.-]*:)?tableColumn\b/g) ?? []).length + names.length;
  const added = names.map((n) => `<${p}tableColumn id="${++id}" name="${escapeXml(n)}"/>`).join("");
  const head = /\scount="\d+"/.test(open[0]) ? open[0].replace(/\scount="\d+"/, ` count="${count}"`) : open[0].replace(/(\/?>)$/, ` count="${count}"$1`);
  return xml.slice(0, open.index) + head + xml.slice(open.index + open[0].length, close) + added + xml.slice(close);
}

/**
 * The 1-based rows of the totals rows of the tables on a worksheet part (its table parts, by
 * its relationships), so that the reader can tell them from data rows.
 */
export function totalsRowsOf(archive: ZipArchive, sheetPath: string): number[] {
  const rows: number[] = [];
  for (const rel of readRelationships(archive, sheetPath)) {
    if (rel.kind !== "table" || rel.external) continue;
    const entry = archive.find(rel.target);
    const table = entry ? existingTable(archive, entry) : null;
    for (let r = table ? table.bottom - table.totals + 1 : 1; table && r <= table.bottom; r++) rows.push(r);
  }
  return rows;
}

function existingTable(archive: ZipArchive, entry: ZipEntry): Existing | null {
  const xml = archive.text(entry);
  const root = /<([A-Za-z_][\w.-]*:)?table\b[^>]*>/.exec(xml)?.[0];
  const m = root ? REF.exec(/\sref="([^"]*)"/.exec(root)?.[1] ?? "") : null;
  if (!root || !m) return null;
  return { entry, xml, top: Number(m[2]), left: colNumber(m[1]), bottom: Number(m[4]), right: colNumber(m[3]), totals: Number(/\stotalsRowCount="(\d+)"/.exec(root)?.[1] ?? 0), headerRows: Number(/\sheaderRowCount="(\d+)"/.exec(root)?.[1] ?? 1) };
}

/** A table name from the sheet's: letters, digits and underscores, unique in the workbook. */
function uniqueName(sheet: string, names: Set<string>): string {
  const base = sheet.replace(/[^\p{L}\p{N}_]+/gu, "_").replace(/^([^\p{L}_])/u, "_$1").replace(/_+$/, "") || "Table";
  let name = base;
  for (let n = 2; names.has(name.toLowerCase()); n++) name = `${base}${n}`;
  names.add(name.toLowerCase());
  return name;
}

export function tableXml(t: CreatedTable, ns: string): string {
  const cols = t.columns.map((c, i) => `<tableColumn id="${i + 1}" name="${escapeXml(c)}"/>`).join("");
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="${ns}" id="${t.id}" name="${escapeXml(t.name)}" displayName="${escapeXml(t.name)}" ref="${t.ref}" totalsRowShown="0">` +
    `<autoFilter ref="${t.ref}"/><tableColumns count="${t.columns.length}">${cols}</tableColumns>` +
    `<tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`
  );
}
