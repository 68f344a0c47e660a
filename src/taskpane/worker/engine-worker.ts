/**
 * The engine worker (its own webpack entry, engine-worker.js): holds the opened .xlsx in file
 * mode and does what takes seconds on a large book (unzip and parse, plan, render, write the
 * patch) off the pane's main thread, which only posts requests and paints the answers.
 */
import { SHEETS } from "../../workbook/contract";
import { FileWorkbookHost } from "../file-host";
import { planRun, sameSummary, changedSincePreview, Stage } from "../run-engine";
import { WorkerMessage, WorkerRequest, serializeError } from "./protocol";

interface WorkerScope {
  onmessage: ((event: MessageEvent<{ id: number; request: WorkerRequest }>) => void) | null;
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
}

const scope = self as unknown as WorkerScope;
let host: FileWorkbookHost | null = null;

const noView = { showCell: () => undefined, showSheet: () => undefined };

function opened(): FileWorkbookHost {
  if (!host) throw new Error("No workbook is open.");
  return host;
}

async function customersIn(h: FileWorkbookHost): Promise<number> {
  const sheet = (await h.readSnapshot([SHEETS.customers])).sheets[0];
  return sheet ? Math.max(0, sheet.rows.length - 1) : 0;
}

async function handle(id: number, request: WorkerRequest): Promise<unknown> {
  const progress = (stage: Stage, done: number, total: number): void => scope.postMessage({ id, progress: { stage, done, total } });
  switch (request.op) {
    case "open": {
      const next = new FileWorkbookHost(new Uint8Array(request.bytes), request.name, noView);
      await next.readSnapshot(); // a file that is not an .xlsx fails here, and the open one stays
      host = next;
      return null;
    }
    case "read":
      return opened().readSnapshot(request.sheets);
    case "apply":
      await opened().apply(request.patch, (d, t) => progress("write", d, t));
      return null;
    case "saveParameters":
      await opened().saveParameters(request.values);
      return null;
    case "preview": {
      const h = opened();
      progress("read", 0, 1);
      const snapshot = await h.readSnapshot();
      const customers = await customersIn(h);
      progress("plan", 0, customers);
      const { plan } = planRun(snapshot, request.selection, new Date(request.now));
      progress("plan", customers, customers);
      return plan;
    }
    case "run": {
      const h = opened();
      progress("read", 0, 1);
      const snapshot = await h.readSnapshot();
      const customers = await customersIn(h);
      progress("plan", 0, customers);
      const { plan, patch } = planRun(snapshot, request.selection, new Date(request.now), request.signOff);
      if (!sameSummary(plan.summary, request.previewed)) throw changedSincePreview();
      await h.apply(patch, (d, t) => progress("write", d, t));
      return plan;
    }
    case "bytes":
      return opened().current().slice();
  }
}

scope.onmessage = (event) => {
  const { id, request } = event.data;
  handle(id, request).then(
    (value) => scope.postMessage({ id, ok: true, value }),
    (error: unknown) => scope.postMessage({ id, ok: false, error: serializeError(error) }),
  );
};
