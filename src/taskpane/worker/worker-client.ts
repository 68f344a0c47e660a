import { currentFormatLocale, currentLanguage } from "../../i18n/i18n";
import { StageProgress } from "../run-plan";
import { WorkerEnvelope, WorkerMessage, WorkerRequest, deserializeError } from "./protocol";

/** What the client needs of a Worker (tests pass an in-process stand-in). */
export interface WorkerPort {
  onmessage: ((event: MessageEvent<WorkerMessage>) => void) | null;
  onerror: ((event: ErrorEvent | Event) => void) | null;
  postMessage(message: WorkerEnvelope, transfer: Transferable[]): void;
  terminate(): void;
}

/** The worker never answered: its script did not load or could not start here. */
export class WorkerStartError extends Error {
  override name = "WorkerStartError";
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  progress?: StageProgress;
}

/** Requests to the engine worker, each answered by id, with the stage reports in between. */
export class WorkerClient {
  private next = 1;
  private readonly pending = new Map<number, Pending>();
  /** Set by the first answer: from then on an error is the worker's, not a failed start. */
  private started = false;

  constructor(private readonly worker: WorkerPort) {
    worker.onmessage = (event) => this.receive(event.data);
    worker.onerror = (event) => {
      const message = "message" in event && event.message ? event.message : "";
      const error = this.started ? new Error(message || "The engine worker stopped.") : new WorkerStartError(message || "The engine worker could not start.");
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
  }

  terminate(): void {
    this.worker.terminate();
  }

  private receive(message: WorkerMessage): void {
    this.started = true;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if ("progress" in message) {
      const { stage, done, total, unit } = message.progress;
      pending.progress?.(stage, done, total, unit);
      return;
    }
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.value);
    else pending.reject(deserializeError(message.error));
  }

  call<T>(request: WorkerRequest, progress?: StageProgress, transfer: Transferable[] = []): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: (v) => resolve(v as T), reject, progress });
      // The worker words its models and messages in the pane's language, as the pane would.
      this.worker.postMessage({ id, request, language: currentLanguage(), locale: currentFormatLocale() }, transfer);
    });
  }
}
