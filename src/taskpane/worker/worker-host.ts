import { Selection } from "../../core/types";
import { WorkbookPatch, WorkbookSnapshot } from "../../workbook/grid";
import { SignOff } from "../../workbook/approval";
import { PlanSummary } from "../../workbook/summary";
import { FileHostView, XLSX_TYPE, downloadName } from "../file-host";
import { RunEngine, RunPlan, StageProgress } from "../run-engine";
import { ParameterCellValues, Progress, WorkbookHost } from "../workbook-host";
import { WorkerMessage, WorkerRequest, deserializeError } from "./protocol";

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  progress?: StageProgress;
}

/**
 * File mode's WorkbookHost and RunEngine, backed by the engine worker: the .xlsx bytes live
 * there, and only plain results (a plan summary, a small sheet's grid) come back.
 */
export class WorkerWorkbookHost implements WorkbookHost, RunEngine {
  readonly mode = "file";
  changed = false;
  private next = 1;
  private readonly pending = new Map<number, Pending>();

  private constructor(
    private readonly worker: Worker,
    readonly fileName: string,
    private readonly view: FileHostView,
  ) {
    worker.onmessage = (event: MessageEvent<WorkerMessage>) => this.receive(event.data);
    worker.onerror = (event) => {
      for (const p of this.pending.values()) p.reject(new Error(event.message || "The engine worker stopped."));
      this.pending.clear();
    };
  }

  /** Starts a worker and opens the file in it; rejects (and ends the worker) when it is not a workbook. */
  static async open(workerUrl: URL, bytes: ArrayBuffer, fileName: string, view: FileHostView): Promise<WorkerWorkbookHost> {
    const host = new WorkerWorkbookHost(new Worker(workerUrl), fileName, view);
    try {
      await host.call({ op: "open", bytes, name: fileName }, undefined, [bytes]);
      return host;
    } catch (error) {
      host.close();
      throw error;
    }
  }

  close(): void {
    this.worker.terminate();
  }

  private receive(message: WorkerMessage): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if ("progress" in message) {
      pending.progress?.(message.progress.stage, message.progress.done, message.progress.total);
      return;
    }
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(deserializeError(message.error));
  }

  private call<T>(request: WorkerRequest, progress?: StageProgress, transfer: Transferable[] = []): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (v) => resolve(v as T), reject, progress });
      this.worker.postMessage({ id, request }, transfer);
    });
  }

  readSnapshot(sheetNames?: readonly string[]): Promise<WorkbookSnapshot> {
    return this.call({ op: "read", sheets: sheetNames });
  }

  async apply(patch: WorkbookPatch, onProgress?: Progress): Promise<void> {
    await this.call({ op: "apply", patch }, (_stage, done, total) => onProgress?.(done, total));
    this.changed = true;
  }

  async saveParameters(values: ParameterCellValues): Promise<void> {
    await this.call({ op: "saveParameters", values });
    this.changed = true;
  }

  preview(selection: Selection, now: Date, progress: StageProgress): Promise<RunPlan> {
    return this.call({ op: "preview", selection, now: now.getTime() }, progress);
  }

  async run(selection: Selection, now: Date, previewed: PlanSummary, progress: StageProgress, signOff?: SignOff): Promise<RunPlan> {
    const plan = await this.call<RunPlan>({ op: "run", selection, now: now.getTime(), previewed, signOff }, progress);
    this.changed = true;
    return plan;
  }

  async selectCell(sheet: string, address: string): Promise<void> {
    this.view.showCell(sheet, address);
  }

  async activateSheet(name: string): Promise<void> {
    this.view.showSheet(name);
  }

  /** The workbook as the worker holds it now, named after the opened file. */
  async download(): Promise<{ blob: Blob; name: string }> {
    const bytes = await this.call<Uint8Array<ArrayBuffer>>({ op: "bytes" });
    return { blob: new Blob([bytes], { type: XLSX_TYPE }), name: downloadName(this.fileName) };
  }
}
