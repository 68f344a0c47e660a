import { setLanguage, t } from "../../i18n/i18n";
import { SheetGrid } from "../../workbook/grid";
import { FileWorkbookHost } from "../file-host";
import { HostEngine, INLINE_RUNNER, PreparedJob } from "../run-engine";
import { StageProgress } from "../run-plan";
import { isJobName, JobArgs, JobName, runJob } from "./jobs";
import { PreparedAnswer, WorkerEnvelope, WorkerMessage, WorkerRequest, serializeError } from "./protocol";

export type Post = (message: WorkerMessage, transfer?: Transferable[]) => void;

const noView = { showCell: () => undefined, showSheet: () => undefined };

function jobOf(name: unknown): JobName {
  if (!isJobName(name)) throw new Error(`The engine has no job '${String(name)}'.`);
  return name;
}

/**
 * The engine worker's side of the protocol (protocol.ts), apart from the worker global so Node
 * tests drive it directly. In file mode it holds the opened workbook and runs every job on it
 * through the same HostEngine the pane uses with Excel; in Excel mode it runs a job on the
 * snapshot the pane posted and gives back the patch for Office.js to write.
 */
export class EngineService {
  private host: FileWorkbookHost | null = null;
  private engine: HostEngine | null = null;
  private tickets = 0;
  /** Patches planned and not yet written; any write drops them, since they were planned on what it changed. */
  private readonly prepared = new Map<number, PreparedJob<unknown>>();
  /** Snapshots the pane is posting in parts, by upload. */
  private readonly uploads = new Map<number, SheetGrid[]>();

  constructor(private readonly post: Post) {}

  receive(envelope: WorkerEnvelope): Promise<void> {
    const { id, request, language, locale } = envelope;
    if (language) setLanguage(language, locale);
    const progress: StageProgress = (stage, done, total, unit) => this.post({ id, progress: { stage, done, total, ...(unit ? { unit } : {}) } });
    return this.handle(request, progress).then(
      ({ value, transfer }) => this.post({ id, ok: true, value }, transfer),
      (error: unknown) => this.post({ id, ok: false, error: serializeError(error) }),
    );
  }

  private opened(): { host: FileWorkbookHost; engine: HostEngine } {
    if (!this.host || !this.engine) throw new Error("No workbook is open.");
    return { host: this.host, engine: this.engine };
  }

  private written(): void {
    this.prepared.clear();
  }

  private async handle(request: WorkerRequest, progress: StageProgress): Promise<{ value: unknown; transfer?: Transferable[] }> {
    switch (request.op) {
      case "open": {
        const host = new FileWorkbookHost(new Uint8Array(request.bytes), request.name, noView);
        await host.readSnapshot(); // a file that is not an .xlsx fails here, and the open one stays
        this.host = host;
        this.engine = new HostEngine(host, INLINE_RUNNER);
        this.written();
        return { value: null };
      }
      case "read":
        return { value: await this.opened().host.readSnapshot(request.sheets) };
      case "apply":
        this.written();
        await this.opened().host.apply(request.patch, (done, total) => progress("write", done, total));
        return { value: null };
      case "saveParameters":
        this.written();
        await this.opened().host.saveParameters(request.values);
        return { value: null };
      case "bytes": {
        const bytes = this.opened().host.current().slice();
        return { value: bytes, transfer: [bytes.buffer] };
      }
      case "plan": {
        const job = jobOf(request.job);
        return { value: await this.opened().engine.plan(job, request.args as JobArgs<typeof job>, progress) };
      }
      case "prepare": {
        const job = jobOf(request.job);
        const prepared = await this.opened().engine.prepare(job, request.args as JobArgs<typeof job>, progress);
        const ticket = ++this.tickets;
        this.prepared.set(ticket, prepared);
        const answer: PreparedAnswer = { value: prepared.value, ticket };
        return { value: answer };
      }
      case "commit": {
        const prepared = this.prepared.get(request.ticket);
        if (!prepared) throw new Error(t("engine.stale"));
        this.written();
        await prepared.commit(progress);
        return { value: null };
      }
      case "discard":
        this.prepared.delete(request.ticket);
        return { value: null };
      case "part": {
        const sheets = this.uploads.get(request.upload) ?? [];
        this.uploads.set(request.upload, sheets);
        const grid = (sheets[request.sheet] ??= { name: request.name, startRow: request.startRow, startCol: request.startCol, rows: [] });
        request.rows.forEach((row, i) => (grid.rows[request.offset + i] = row));
        return { value: null };
      }
      case "job": {
        const job = jobOf(request.job);
        const snapshot = request.snapshot ?? { sheets: this.uploads.get(request.upload ?? -1) ?? [] };
        if (request.upload !== undefined) this.uploads.delete(request.upload);
        return { value: await runJob(job, request.args as JobArgs<typeof job>, snapshot, progress) };
      }
    }
  }
}
