/**
 * The engine worker (its own webpack entry, engine-worker.js): does what takes seconds on a large
 * book off the pane's main thread, which only posts requests, makes the Office.js calls and paints
 * the answers. File mode: it holds the opened .xlsx (unzip and parse, plan, render, write the
 * patch). Excel mode: it parses, plans and renders the snapshot the pane read through Office.js.
 */
import { EngineService } from "./engine-service";
import { WorkerEnvelope, WorkerMessage } from "./protocol";

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerEnvelope>) => void) | null;
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
const service = new EngineService((message, transfer) => scope.postMessage(message, transfer ?? []));

scope.onmessage = (event) => void service.receive(event.data);
