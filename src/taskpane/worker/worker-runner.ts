import { WorkbookSnapshot } from "../../workbook/grid";
import { INLINE_RUNNER, JobRunner, StageProgress } from "../run-engine";
import { JobArgs, JobName, JobOutput, JobValue } from "./jobs";
import { WorkerClient, WorkerPort, WorkerStartError } from "./worker-client";

/** Cells per posted part. Copying a message costs the pane's thread about 1 ms per 5,000 cells (0.4 s to copy the 20,000-customer sample's 950,000 cells there and back on a loaded 2-core machine). */
const CELLS_PER_PART = 40_000;

/**
 * Excel mode's JobRunner: the pane reads the snapshot through Office.js, posts it here, and the
 * engine worker parses, plans and renders it; the value and the patch come back for Office.js
 * to write. A worker that never starts (its script blocked or missing) is given up once, and
 * the jobs run on the pane's thread instead: they are pure, so running one again is safe.
 */
export class WorkerJobRunner implements JobRunner {
  private client: WorkerClient | null;
  private uploads = 0;

  constructor(
    worker: WorkerPort,
    private readonly cellsPerPart = CELLS_PER_PART,
  ) {
    this.client = new WorkerClient(worker);
  }

  /** True once the worker failed to start and the jobs run on this thread. */
  get inline(): boolean {
    return this.client === null;
  }

  async run<K extends JobName>(job: K, args: JobArgs<K>, snapshot: WorkbookSnapshot, progress: StageProgress): Promise<JobOutput<JobValue<K>>> {
    const client = this.client;
    if (!client) return INLINE_RUNNER.run(job, args, snapshot, progress);
    try {
      const upload = await this.upload(client, snapshot);
      return await client.call<JobOutput<JobValue<K>>>({ op: "job", job, args, upload }, progress);
    } catch (error) {
      if (!(error instanceof WorkerStartError)) throw error;
      client.terminate();
      this.client = null;
      return INLINE_RUNNER.run(job, args, snapshot, progress);
    }
  }

  /**
   * Posts the snapshot in parts, each after the last one's answer: copying 20,000 customers' sheets
   * (about a million cells) in one message would block the pane for hundreds of milliseconds.
   */
  private async upload(client: WorkerClient, snapshot: WorkbookSnapshot): Promise<number> {
    const upload = ++this.uploads;
    for (const [sheet, grid] of snapshot.sheets.entries()) {
      const width = Math.max(1, ...grid.rows.slice(0, 50).map((r) => r.length));
      const rowsPerPart = Math.max(1, Math.floor(this.cellsPerPart / width));
      for (let offset = 0; offset === 0 || offset < grid.rows.length; offset += rowsPerPart) {
        const rows = grid.rows.slice(offset, offset + rowsPerPart);
        await client.call({ op: "part", upload, sheet, name: grid.name, startRow: grid.startRow, startCol: grid.startCol, offset, rows });
      }
    }
    return upload;
  }

  close(): void {
    this.client?.terminate();
  }
}

/** The engine worker at `url`, or null where this browser cannot create one (then jobs run inline). */
export function startWorker(url: URL | null | undefined): WorkerPort | null {
  if (!url || typeof Worker === "undefined") return null;
  try {
    return new Worker(url) as unknown as WorkerPort;
  } catch {
    return null; // a CSP or a sandbox that forbids workers: the pane still works, on its own thread
  }
}

/** Where Excel mode runs its jobs: the engine worker when one can be created, else this thread. */
export function jobRunner(url: URL | null | undefined): JobRunner {
  const worker = startWorker(url);
  return worker ? new WorkerJobRunner(worker) : INLINE_RUNNER;
}
