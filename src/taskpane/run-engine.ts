import { Selection } from "../core/types";
import { SignOff } from "../workbook/approval";
import { WorkbookSnapshot } from "../workbook/grid";
import { PlanSummary } from "../workbook/summary";
import { applyOrRestore } from "./apply-or-restore";
import { RunPlan, StageProgress } from "./run-plan";
import { JobArgs, JobName, JobOutput, JobValue, jobSheets, runJob } from "./worker/jobs";
import { WorkbookHost } from "./workbook-host";

export type { PlanUnit, RunPlan, Stage, StageProgress } from "./run-plan";
export { changedSincePreview, planRun, sameSummary } from "./run-plan";

const quiet: StageProgress = () => undefined;

/** Where a job runs on a snapshot: the engine worker, or (where none can start) this thread. */
export interface JobRunner {
  run<K extends JobName>(job: K, args: JobArgs<K>, snapshot: WorkbookSnapshot, progress: StageProgress): Promise<JobOutput<JobValue<K>>>;
}

/** The fallback: the same jobs, on the calling thread. */
export const INLINE_RUNNER: JobRunner = { run: (job, args, snapshot, progress) => runJob(job, args, snapshot, progress) };

/**
 * The pane's one way into the engine: read, parse, plan, render, then write. Every action of the
 * pane (preview, run, export, pay, reverse, a status report) goes through it, whether the
 * workbook is in Excel or in a file the pane opened.
 */
export interface Engine {
  readonly host: WorkbookHost;
  /** What the job would do; nothing is written. */
  plan<K extends JobName>(job: K, args: JobArgs<K>, progress?: StageProgress): Promise<JobValue<K>>;
  /**
   * Plans the job and writes its patch all or nothing. `confirm` sees the planned value before
   * anything is written; when it throws, nothing is.
   */
  write<K extends JobName>(job: K, args: JobArgs<K>, progress?: StageProgress, confirm?: (value: JobValue<K>) => Promise<void> | void): Promise<JobValue<K>>;
}

/** A planned job whose patch waits to be written. */
export interface PreparedJob<V> {
  value: V;
  commit(progress?: StageProgress): Promise<void>;
}

/**
 * The engine over a host whose reads and writes run here: Excel (only Office.js calls stay on
 * the pane's thread; the jobs run in the worker the runner posts to), and the file host inside
 * the engine worker itself (there, the runner is inline).
 */
export class HostEngine implements Engine {
  constructor(
    readonly host: WorkbookHost,
    private readonly runner: JobRunner = INLINE_RUNNER,
  ) {}

  async prepare<K extends JobName>(job: K, args: JobArgs<K>, progress: StageProgress = quiet): Promise<PreparedJob<JobValue<K>>> {
    progress("read", 0, 1);
    const snapshot = await this.host.readSnapshot(jobSheets(job, args), (done, total) => progress("read", done, total));
    const { value, patch } = await this.runner.run(job, args, snapshot, progress);
    const commit = async (write: StageProgress = quiet): Promise<void> => {
      // Excel's undo clears what a failed write touched; applyOrRestore gives back what those cells held.
      if (patch?.sheets.length) await applyOrRestore(this.host, snapshot, patch, (done, total) => write("write", done, total));
    };
    return { value, commit };
  }

  async plan<K extends JobName>(job: K, args: JobArgs<K>, progress?: StageProgress): Promise<JobValue<K>> {
    return (await this.prepare(job, args, progress)).value;
  }

  async write<K extends JobName>(job: K, args: JobArgs<K>, progress: StageProgress = quiet, confirm?: (value: JobValue<K>) => Promise<void> | void): Promise<JobValue<K>> {
    const prepared = await this.prepare(job, args, progress);
    await confirm?.(prepared.value);
    await prepared.commit(progress);
    return prepared.value;
  }
}

/** Preview and run, as the pane's Run step calls them. */
export interface RunEngine {
  preview(selection: Selection, now: Date, progress: StageProgress): Promise<RunPlan>;
  /** Plans again with the preview's clock and writes only if the plan is the one previewed. */
  run(selection: Selection, now: Date, previewed: PlanSummary, progress: StageProgress, signOff?: SignOff): Promise<RunPlan>;
}

/** Preview and run through an engine, wherever its jobs run. */
export class EngineRuns implements RunEngine {
  constructor(private readonly engine: Engine) {}

  preview(selection: Selection, now: Date, progress: StageProgress): Promise<RunPlan> {
    return this.engine.plan("preview", { selection, now }, progress);
  }

  run(selection: Selection, now: Date, previewed: PlanSummary, progress: StageProgress, signOff?: SignOff): Promise<RunPlan> {
    return this.engine.write("run", { selection, now, previewed, signOff }, progress);
  }
}
