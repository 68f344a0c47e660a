import { WorkbookPatch, WorkbookSnapshot } from "../../workbook/grid";
import { FileHostView, XLSX_TYPE, downloadName } from "../file-host";
import { Engine, StageProgress } from "../run-engine";
import { ParameterCellValues, Progress, WorkbookHost } from "../workbook-host";
import { JobArgs, JobName, JobValue } from "./jobs";
import { PreparedAnswer } from "./protocol";
import { WorkerClient, WorkerPort } from "./worker-client";

/**
 * File mode's WorkbookHost and Engine, backed by the engine worker: the .xlsx bytes live there,
 * every job runs there on them, and only plain results (a plan summary, a check's model, an
 * output file, a small sheet's grid) come back. A job's patch never crosses: it waits in the
 * worker until the pane confirms, and is written there.
 */
export class WorkerWorkbookHost implements WorkbookHost, Engine {
  readonly mode = "file";
  changed = false;
  private readonly client: WorkerClient;

  private constructor(
    worker: WorkerPort,
    readonly fileName: string,
    private readonly view: FileHostView,
  ) {
    this.client = new WorkerClient(worker);
  }

  get host(): WorkbookHost {
    return this;
  }

  /** Opens the file in the worker; rejects (and ends the worker) when it is not a workbook or the worker cannot start. */
  static async open(worker: WorkerPort, bytes: ArrayBuffer, fileName: string, view: FileHostView): Promise<WorkerWorkbookHost> {
    const host = new WorkerWorkbookHost(worker, fileName, view);
    try {
      await host.client.call({ op: "open", bytes, name: fileName }, undefined, [bytes]);
      return host;
    } catch (error) {
      host.close();
      throw error;
    }
  }

  close(): void {
    this.client.terminate();
  }

  readSnapshot(sheetNames?: readonly string[]): Promise<WorkbookSnapshot> {
    return this.client.call({ op: "read", sheets: sheetNames });
  }

  async apply(patch: WorkbookPatch, onProgress?: Progress): Promise<void> {
    await this.client.call({ op: "apply", patch }, (_stage, done, total) => onProgress?.(done, total));
    this.changed = true;
  }

  async saveParameters(values: ParameterCellValues): Promise<void> {
    await this.client.call({ op: "saveParameters", values });
    this.changed = true;
  }

  plan<K extends JobName>(job: K, args: JobArgs<K>, progress?: StageProgress): Promise<JobValue<K>> {
    return this.client.call({ op: "plan", job, args }, progress);
  }

  async write<K extends JobName>(job: K, args: JobArgs<K>, progress?: StageProgress, confirm?: (value: JobValue<K>) => Promise<void> | void): Promise<JobValue<K>> {
    const { value, ticket } = await this.client.call<PreparedAnswer>({ op: "prepare", job, args }, progress);
    try {
      await confirm?.(value as JobValue<K>);
    } catch (error) {
      await this.client.call({ op: "discard", ticket });
      throw error;
    }
    await this.client.call({ op: "commit", ticket }, progress);
    this.changed = true;
    return value as JobValue<K>;
  }

  async selectCell(sheet: string, address: string): Promise<void> {
    this.view.showCell(sheet, address);
  }

  async activateSheet(name: string): Promise<void> {
    this.view.showSheet(name);
  }

  /** The workbook as the worker holds it now, named after the opened file. */
  async download(): Promise<{ blob: Blob; name: string }> {
    const bytes = await this.client.call<Uint8Array<ArrayBuffer>>({ op: "bytes" });
    return { blob: new Blob([bytes], { type: XLSX_TYPE }), name: downloadName(this.fileName) };
  }
}
