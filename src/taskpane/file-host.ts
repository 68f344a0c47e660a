import { applyPatchToXlsxBuffer } from "../file/xlsx-patch";
import { readXlsxBuffer } from "../file/xlsx-read";
import { SHEETS } from "../workbook/contract";
import { WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { parameterPatch } from "./parameter-patch";
import { ParameterCellValues, Progress, SaveParametersOptions, WorkbookHost } from "./workbook-host";

/** How the pane shows what Excel would select: the file host has no grid of its own. */
export interface FileHostView {
  showCell(sheet: string, address: string): void;
  showSheet(name: string): void;
}

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * A workbook the user opened as an .xlsx file, held in the pane's memory. A run replaces the
 * held bytes only once the whole patch has been applied, so a failure leaves the file as it was;
 * nothing reaches the user's disk until they download.
 */
export class FileWorkbookHost implements WorkbookHost {
  readonly mode = "file";
  private bytes: Uint8Array;
  private snapshot: WorkbookSnapshot | null = null;
  /** True once a run or a settings save changed the workbook: there is something to download. */
  changed = false;

  constructor(
    bytes: ArrayBuffer | Uint8Array,
    readonly fileName: string,
    private readonly view: FileHostView,
  ) {
    this.bytes = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  }

  async readSnapshot(sheetNames?: readonly string[]): Promise<WorkbookSnapshot> {
    // Parsing a large .xlsx takes seconds; preview and run read the same bytes.
    this.snapshot ??= await readXlsxBuffer(this.bytes);
    if (!sheetNames) return this.snapshot;
    const wanted = new Set(sheetNames.map((n) => n.trim().toLowerCase()));
    return { sheets: this.snapshot.sheets.filter((s) => wanted.has(s.name.trim().toLowerCase())) };
  }

  async apply(patch: WorkbookPatch, onProgress?: Progress): Promise<void> {
    const rows = patch.sheets.reduce((n, sp) => n + sp.blocks.reduce((m, b) => m + b.values.length, 0), 0);
    onProgress?.(0, rows);
    this.bytes = await applyPatchToXlsxBuffer(this.bytes, patch);
    this.snapshot = null;
    this.changed = true;
    onProgress?.(rows, rows);
  }

  async selectCell(sheet: string, address: string): Promise<void> {
    this.view.showCell(sheet, address);
  }

  async activateSheet(name: string): Promise<void> {
    this.view.showSheet(name);
  }

  async saveParameters(values: ParameterCellValues, options?: SaveParametersOptions): Promise<void> {
    await this.apply(parameterPatch(await this.readSnapshot([SHEETS.parameters]), values, options));
  }

  /** The workbook as it is now, named after the opened file. */
  download(): { blob: Blob; name: string } {
    // slice(): a Blob wants bytes backed by a plain ArrayBuffer, and the copy is independent of later runs.
    return { blob: new Blob([this.bytes.slice()], { type: XLSX_TYPE }), name: downloadName(this.fileName) };
  }

  /** The current bytes (tests and the e2e harness read them back). */
  current(): Uint8Array {
    return this.bytes;
  }
}

/** "ledger.xlsx" -> "ledger.reimbursed.xlsx"; a second run keeps one suffix. */
export function downloadName(fileName: string): string {
  const base = fileName.replace(/\.xlsx$/i, "").replace(/\.reimbursed$/i, "") || "workbook";
  return `${base}.reimbursed.xlsx`;
}
