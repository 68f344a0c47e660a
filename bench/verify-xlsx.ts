/**
 * Checks the fast .xlsx paths of src/file against ExcelJS's in-memory model, which they must
 * agree with: on sample workbooks, on workbooks full of what real files hold (rich text,
 * formulas, merges, hyperlinks, 1904 dates, odd starts), and on any .xlsx named on the
 * command line (e.g. files saved by Excel or LibreOffice):
 *   node dist/bench/bench/verify-xlsx.js [more.xlsx ...]
 * Exits 1 on any difference. Run by `npm run bench` (quick, before measuring).
 */
import ExcelJS from "exceljs";
import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { applyPatchFast } from "../src/file/xlsx-fast-patch";
import { readXlsxFast } from "../src/file/xlsx-fast-read";
import { snapshotOf } from "../src/file/xlsx-read";
import { applyPatchToXlsxBuffer } from "../src/file/xlsx-patch";
import { writeSnapshotXlsx } from "../src/file/xlsx-write";
import { zipTuning } from "../src/file/zip";
import { WorkbookPatch, WorkbookSnapshot } from "../src/workbook/grid";
import { prepareRun } from "../src/workbook/run";
import { sampleWorkbook } from "../src/workbook/sample";

const NOW = new Date("2026-11-24T09:30:00Z");

async function excelJsRead(file: string): Promise<WorkbookSnapshot> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return snapshotOf(wb);
}

function firstDifference(a: WorkbookSnapshot, b: WorkbookSnapshot): string {
  if (a.sheets.length !== b.sheets.length) return `sheets ${a.sheets.map((s) => s.name)} vs ${b.sheets.map((s) => s.name)}`;
  for (let i = 0; i < a.sheets.length; i++) {
    const x = a.sheets[i];
    const y = b.sheets[i];
    if (isDeepStrictEqual(x, y)) continue;
    if (x.name !== y.name || x.startRow !== y.startRow || x.startCol !== y.startCol || x.rows.length !== y.rows.length) {
      return `sheet ${x.name}/${y.name}: origin ${x.startRow},${x.startCol} vs ${y.startRow},${y.startCol}, ${x.rows.length} vs ${y.rows.length} rows`;
    }
    for (let r = 0; r < x.rows.length; r++) {
      if (!isDeepStrictEqual(x.rows[r], y.rows[r])) return `sheet ${x.name} row ${x.startRow + r}: ${JSON.stringify(x.rows[r])} vs ${JSON.stringify(y.rows[r])}`;
    }
  }
  return "equal";
}

/** Workbooks with the cells real ledgers hold, written by ExcelJS's in-memory writer. */
async function oddWorkbooks(dir: string): Promise<string[]> {
  const files: string[] = [];
  const save = async (name: string, build: (wb: ExcelJS.Workbook) => void): Promise<void> => {
    const wb = new ExcelJS.Workbook();
    build(wb);
    const file = path.join(dir, name);
    await wb.xlsx.writeFile(file);
    files.push(file);
  };
  await save("odd-cells.xlsx", (wb) => {
    wb.addWorksheet("Empty");
    const ws = wb.addWorksheet("Ledger & <co> \"q\"");
    ws.getCell("C3").value = "Customer account";
    ws.getCell("D3").value = "Amount";
    ws.getCell("E3").value = "Date";
    ws.getCell("C4").value = { richText: [{ text: "C00" }, { font: { bold: true }, text: "0001" }] };
    ws.getCell("D4").value = { formula: "10+2.5", result: 12.5 };
    ws.getCell("E4").value = new Date("2026-03-04T15:30:00Z");
    ws.getCell("E4").numFmt = "yyyy-mm-dd hh:mm";
    ws.getCell("C5").value = { text: "C000002", hyperlink: "https://example.com/c2" };
    ws.getCell("D5").value = { formula: "1/0", result: { error: "#DIV/0!" } };
    ws.getCell("E5").value = 46000;
    ws.getCell("D6").value = { sharedFormula: "D4", result: 7 };
    ws.getCell("C7").value = true;
    ws.getCell("D7").value = { formula: "NOW()" };
    ws.getCell("E7").value = { formula: "\"a&b\"", result: "a&amp;b <x>" };
    ws.getCell("C8").value = "Merged";
    ws.mergeCells("C8:E8");
    ws.getCell("C9").value = { text: "42", hyperlink: "https://example.com/42" };
    ws.getCell("D9").value = 42;
    ws.getCell("D9").numFmt = "[$-409]d-mmm-yy;@";
    ws.getCell("E9").value = 0.5;
    ws.getCell("E9").numFmt = '"Total" 0.00';
    ws.getCell("C10").value = "  spaced\ttext\nwith lines & <tags> _x0041_ ü € 𝄞";
    ws.getCell("D10").value = "";
    ws.getCell("E10").value = -0;
    ws.getCell("C11").value = { error: "#N/A" };
    ws.getCell("D11").value = 1e21;
    ws.getCell("E11").value = 1 / 3;
    ws.getCell("C12").style = { fill: { type: "pattern", pattern: "solid", fgColor: { argb: "FFFFFF00" } } };
    ws.getCell("F20").value = "far";
    const links = wb.addWorksheet("Numbers as links");
    links.getCell("A1").value = { text: "x", hyperlink: "#'Empty'!A1" };
    links.getCell("B2").value = 5;
  });
  await save("date1904.xlsx", (wb) => {
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet("D");
    ws.getCell("A1").value = new Date("2026-11-24T00:00:00Z");
    ws.getCell("A2").value = 1;
    ws.getCell("A2").numFmt = "d/m/yyyy";
  });
  return files;
}

async function verifyRead(file: string): Promise<boolean> {
  const fast = await readXlsxFast(file);
  const expected = await excelJsRead(file);
  if (fast === null) {
    report(`  read  ${path.basename(file)}: not supported by the fast reader (ExcelJS reads it)`, true);
    return true;
  }
  const verdict = firstDifference(fast, expected);
  report(`  read  ${path.basename(file)}: ${verdict}`, verdict === "equal");
  return verdict === "equal";
}

/** The same patch through the fast writer and through ExcelJS, read back both ways. */
async function verifyPatch(file: string, patch: WorkbookPatch, dir: string): Promise<boolean> {
  const out = path.join(dir, `fast-${path.basename(file)}`);
  const done = await applyPatchFast(file, patch, out);
  if (!done) {
    report(`  patch ${path.basename(file)}: not supported by the fast writer (ExcelJS writes it)`, true);
    return true;
  }
  const viaExcelJs = path.join(dir, `exceljs-${path.basename(file)}`);
  await fs.writeFile(viaExcelJs, await applyPatchToXlsxBuffer(await fs.readFile(file), patch));
  const a = await excelJsRead(out);
  const b = await excelJsRead(viaExcelJs);
  let verdict = firstDifference(a, b);
  if (verdict === "equal") {
    const fastBack = await readXlsxFast(out);
    if (fastBack) verdict = firstDifference(fastBack, b);
  }
  if (verdict === "equal") verdict = await compareFormats(out, viaExcelJs, patch);
  report(`  patch ${path.basename(file)}: ${verdict}`, verdict === "equal");
  return verdict === "equal";
}

/** Number formats, bold headers and frozen panes of the cells the patch wrote, as ExcelJS sees them. */
async function compareFormats(fastFile: string, excelJsFile: string, patch: WorkbookPatch): Promise<string> {
  const a = new ExcelJS.Workbook();
  await a.xlsx.readFile(fastFile);
  const b = new ExcelJS.Workbook();
  await b.xlsx.readFile(excelJsFile);
  for (const sp of patch.sheets) {
    const wa = a.worksheets.find((w) => w.name.toLowerCase() === sp.sheet.toLowerCase());
    const wb = b.worksheets.find((w) => w.name.toLowerCase() === sp.sheet.toLowerCase());
    if (!wa || !wb) return `sheet ${sp.sheet} missing`;
    if (sp.create && !isDeepStrictEqual(pick(wa.views[0]), pick(wb.views[0]))) return `views of ${sp.sheet}: ${JSON.stringify(wa.views[0])} vs ${JSON.stringify(wb.views[0])}`;
    let checked = 0;
    for (const block of sp.blocks) {
      for (let i = 0; i < block.values.length && checked < 2000; i++, checked++) {
        for (let j = 0; j < block.values[i].length; j++) {
          const ca = wa.getCell(block.row + i, block.col + j);
          const cb = wb.getCell(block.row + i, block.col + j);
          if (ca.numFmt !== cb.numFmt) return `numFmt of ${sp.sheet}!${cb.address}: ${ca.numFmt} vs ${cb.numFmt}`;
          if (Boolean(ca.font?.bold) !== Boolean(cb.font?.bold)) return `bold of ${sp.sheet}!${cb.address}`;
        }
      }
    }
    if (sp.create) {
      for (let c = 1; c <= sp.header.length; c++) {
        if (wa.getColumn(c).width !== wb.getColumn(c).width) return `width of ${sp.sheet} column ${c}: ${wa.getColumn(c).width} vs ${wb.getColumn(c).width}`;
      }
    }
  }
  return "equal";
}

function pick(view: Partial<ExcelJS.WorksheetView> | undefined): unknown {
  return view && { state: view.state, xSplit: (view as { xSplit?: number }).xSplit ?? 0, ySplit: (view as { ySplit?: number }).ySplit ?? 0 };
}

let quiet = false;
const report = (line: string, ok: boolean): void => {
  if (!quiet || !ok) console.log(line);
};

export async function verifyXlsx(extra: readonly string[] = [], keepOdd?: string): Promise<boolean> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "reimburse-verify-"));
  let ok = true;
  try {
    const samples: string[] = [];
    for (const [name, options] of [
      ["sample-messy.xlsx", { customers: 300, transactionsPerCustomer: 4, seed: 3 }],
      ["sample-clean.xlsx", { customers: 200, transactionsPerCustomer: 2, seed: 5, messy: false }],
    ] as const) {
      const file = path.join(dir, name);
      await writeSnapshotXlsx(sampleWorkbook(options), file);
      samples.push(file);
    }
    const odd = await oddWorkbooks(dir);
    if (keepOdd) for (const file of odd) await fs.copyFile(file, path.join(keepOdd, path.basename(file)));
    for (const file of [...samples, ...odd, ...extra]) ok = (await verifyRead(file)) && ok;
    for (const file of extra) {
      // A reimbursement workbook from elsewhere (Excel, LibreOffice) is patched too.
      let patch: WorkbookPatch | null = null;
      try {
        patch = prepareRun(await excelJsRead(file), { now: NOW }).patch;
      } catch {
        patch = null;
      }
      if (patch?.sheets.length) ok = (await verifyPatch(file, patch, dir)) && ok;
    }
    for (const file of samples) {
      const snapshot = await excelJsRead(file);
      const { patch } = prepareRun(snapshot, { now: NOW });
      ok = (await verifyPatch(file, patch, dir)) && ok;
      // A second run appends under the first one's sheets.
      const once = path.join(dir, `fast-${path.basename(file)}`);
      const again = path.join(dir, `again-${path.basename(file)}`);
      await fs.copyFile(once, again);
      const second = prepareRun(await excelJsRead(again), { now: new Date(NOW.getTime() + 1000) });
      ok = (await verifyPatch(again, second.patch, dir)) && ok;
    }
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
  return ok;
}

/** Both passes: the usual chunk size, then entries streamed a few bytes at a time so every token meets a chunk edge. */
export async function verifyXlsxAll(extra: readonly string[] = [], silent = false): Promise<boolean> {
  quiet = silent;
  const usual = zipTuning.chunkSize;
  const ok = await verifyXlsx(extra);
  report("  (again, streaming 61 bytes at a time)", true);
  zipTuning.chunkSize = 61;
  try {
    return (await verifyXlsx(extra)) && ok;
  } finally {
    zipTuning.chunkSize = usual;
  }
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const keep = args.indexOf("--keep-odd");
  if (keep >= 0) {
    // Writes the odd workbooks to a folder (to open or convert them elsewhere) and stops.
    verifyXlsx([], args[keep + 1]).then(() => undefined, (error) => console.error(error));
  } else verifyXlsxAll(args).then(
    (ok) => {
      console.log(ok ? "fast .xlsx paths agree with ExcelJS" : "DIFFERENCES between the fast .xlsx paths and ExcelJS");
      process.exitCode = ok ? 0 : 1;
    },
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
