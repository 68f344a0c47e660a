import { WorkbookSnapshot } from "../../workbook/grid";
import { INLINE_RUNNER, JobRunner, StageProgress } from "../run-engine";
import { JobArgs, JobName, JobOutput, JobValue } from "./jobs";
import { WorkerClient, WorkerPort, WorkerStartError } from "./worker-client";

/**
 * Excel mode's JobRunner: the pane reads the snapshot through Office.js, posts it here, and the
 * engine worker parses, plans and renders it; the value and the patch come back for Office.js
 * to write. A worker that never starts (its script blocked or missing) is given up once, and
 * the jobs run on the pane's thread instead: they are pure, so running one again is safe.
 */
export class WorkerJobRunner implements JobRunner {
  private client: WorkerClient | null;

  constructor(worker: WorkerPort) {
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
      return await client.call<JobOutput<JobValue<K>>>({ op: "job", job, args, snapshot }, progress);
    } catch (error) {
      if (!(error instanceof WorkerStartError)) throw error;
      client.terminate();
      this.client = null;
      return INLINE_RUNNER.run(job, args, snapshot, progress);
    }
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
