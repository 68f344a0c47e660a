import { promises as fs } from "fs";
import os from "os";
import path from "path";
import { OfficeWorkbookHost } from "../../src/excel/office-host";
import { writeSnapshotXlsx } from "../../src/file/xlsx-write";
import { readXlsxBuffer } from "../../src/file/xlsx-read";
import { setLanguage } from "../../src/i18n/i18n";
import { exportInvoices } from "../../src/taskpane/export-action";
import { checkPayment, payInvoices } from "../../src/taskpane/payment-action";
import { checkReversal, reverseRun } from "../../src/taskpane/reversal-action";
import { EngineRuns, HostEngine, PlanUnit, Stage } from "../../src/taskpane/run-engine";
import { EngineService } from "../../src/taskpane/worker/engine-service";
import { WorkerEnvelope, WorkerMessage } from "../../src/taskpane/worker/protocol";
import { WorkerPort } from "../../src/taskpane/worker/worker-client";
import { WorkerWorkbookHost } from "../../src/taskpane/worker/worker-host";
import { WorkerJobRunner } from "../../src/taskpane/worker/worker-runner";
import { SHEETS } from "../../src/workbook/contract";
import { WorkbookError } from "../../src/workbook/errors";
import { CellValue, WorkbookSnapshot, findSheet } from "../../src/workbook/grid";
import { readInvoiceRows, readReimbursementRows } from "../../src/workbook/read-outputs";
import { sampleWorkbook } from "../../src/workbook/sample";
import { LimitedExcel } from "../excel/fake-excel-limits";
import { NOW } from "./memory-host";

/**
 * Node's structuredClone makes its Dates and typed arrays in Node's own realm, not in the one
 * Jest runs this test in (where `instanceof Date` would then fail): bring them over, as a
 * browser's postMessage gives the receiving side its own.
 */
function local<T>(value: T): T {
  const tag = Object.prototype.toString.call(value);
  if (tag === "[object Date]") return new Date((value as unknown as Date).getTime()) as T;
  if (tag === "[object Uint8Array]") return new Uint8Array(value as unknown as Uint8Array) as T;
  if (Array.isArray(value)) return value.map(local) as T;
  if (value && typeof value === "object" && tag === "[object Object]") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, local(v)])) as T;
  return value;
}

/** What postMessage does to a message: a copy (a function, a symbol cannot cross), class instances as plain objects. */
const posted = <T>(message: T, transfer: Transferable[] = []): T => local(structuredClone(message, { transfer }));

/**
 * The engine worker in this process: every message is structured-cloned both ways, as
 * postMessage does (a function or a class instance that cannot cross fails here too), and
 * answered on a later turn. It records what the pane posted.
 */
class LoopbackWorker implements WorkerPort {
  onmessage: ((event: MessageEvent<WorkerMessage>) => void) | null = null;
  onerror: ((event: ErrorEvent | Event) => void) | null = null;
  readonly posted: WorkerEnvelope[] = [];
  readonly answers: WorkerMessage[] = [];
  private readonly service = new EngineService((message, transfer) => {
    const copy = posted(message, transfer);
    this.answers.push(copy);
    setImmediate(() => this.onmessage?.({ data: copy } as MessageEvent<WorkerMessage>));
  });

  /** The most requests posted and not yet answered at once. */
  maxInFlight = 0;

  postMessage(envelope: WorkerEnvelope, transfer: Transferable[]): void {
    const copy = posted(envelope, transfer);
    this.posted.push(copy);
    this.maxInFlight = Math.max(this.maxInFlight, this.posted.length - this.answers.filter((a) => "ok" in a).length);
    setImmediate(() => void this.service.receive(copy));
  }

  terminate(): void {}

  /** The requests, a snapshot's parts left out. */
  ops(): string[] {
    return this.posted.filter((e) => e.request.op !== "part").map((e) => ("job" in e.request ? `${e.request.op}:${e.request.job}` : e.request.op));
  }

  parts(): number {
    return this.posted.filter((e) => e.request.op === "part").length;
  }
}

/** A worker whose script never loads: the browser fires `error` and nothing ever answers. */
class MissingWorker implements WorkerPort {
  onmessage: ((event: MessageEvent<WorkerMessage>) => void) | null = null;
  onerror: ((event: ErrorEvent | Event) => void) | null = null;
  terminated = false;
  postMessage(): void {
    setImmediate(() => this.onerror?.({ type: "error" } as Event));
  }
  terminate(): void {
    this.terminated = true;
  }
}

/** The sample as Excel holds it: dates as 1900 serials, blanks empty. */
function excelWith(snapshot: WorkbookSnapshot): LimitedExcel {
  const excel = new LimitedExcel();
  const scalar = (v: CellValue): string | number | boolean => (v === null ? "" : v instanceof Date ? v.getTime() / 86_400_000 + 25_569 : typeof v === "object" ? "" : v);
  for (const sheet of snapshot.sheets) excel.addSheet(sheet.name, sheet.rows.map((r) => r.map(scalar)));
  return excel;
}

const officeHost = (excel: LimitedExcel): OfficeWorkbookHost => new OfficeWorkbookHost(excel.run, (set, version) => excel.supports(set, version));

async function xlsxOf(snapshot: WorkbookSnapshot): Promise<ArrayBuffer> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "reimburse-worker-"));
  try {
    const file = path.join(dir, "book.xlsx");
    await writeSnapshotXlsx(snapshot, file);
    const bytes = await fs.readFile(file);
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

const noView = { showCell: () => undefined, showSheet: () => undefined };
const sample = sampleWorkbook({ customers: 60, seed: 11 });
let drawn = 0;
const hex = (): string => (0x30e0f0 + drawn++).toString(16);

afterEach(() => setLanguage("en"));

describe("Excel mode: Office.js reads and writes on the pane's thread, the worker parses, plans and renders", () => {
  it("previews and runs in the worker what the main thread would, and Office.js writes the returned patch", async () => {
    const excel = excelWith(sample);
    const worker = new LoopbackWorker();
    const runs = new EngineRuns(new HostEngine(officeHost(excel), new WorkerJobRunner(worker)));
    const stages: [Stage, number, number, PlanUnit | undefined][] = [];
    const preview = await runs.preview({}, NOW, (stage, done, total, unit) => stages.push([stage, done, total, unit]));
    // The same job on the pane's thread, for comparison: one engine, wherever it runs.
    const inline = await new EngineRuns(new HostEngine(officeHost(excelWith(sample)))).preview({}, NOW, () => undefined);
    expect(preview).toEqual(inline);
    expect(preview.summary.reimbursed).toBeGreaterThan(0);
    // Office.js reads in batches and counts the rows (every row of the sample's sheets); the worker counts the customers.
    const rows = sample.sheets.reduce((n, sheet) => n + sheet.rows.length, 0);
    expect(stages[0]).toEqual(["read", 0, 1, undefined]);
    expect(stages.slice(1, -1).every(([stage, , total]) => stage === "read" && total === rows)).toBe(true);
    expect(stages.slice(-2)).toEqual([["read", rows, rows, undefined], ["plan", 0, 60, "customers"]]);
    expect(worker.ops()).toEqual(["job:preview"]);
    expect(worker.posted.map((e) => e.request.op === "part" && e.request.name)).toEqual([...sample.sheets.map((sh) => sh.name), false]);

    const written = await runs.run({}, NOW, preview.summary, (stage, done, total, unit) => stages.push([stage, done, total, unit]));
    expect(written.summary).toEqual(preview.summary);
    expect(worker.ops()).toEqual(["job:preview", "job:run"]);
    expect(stages.filter(([stage]) => stage === "write").length).toBeGreaterThan(0);
    // Written by Office.js into the fake Excel, which enforces Excel's documented limits.
    const after = await officeHost(excel).readSnapshot();
    expect(readReimbursementRows(after)).toHaveLength(preview.summary.reimbursed);
  });

  it("posts a large snapshot in parts, each after the last one's answer, and plans on it whole", async () => {
    const worker = new LoopbackWorker();
    const engine = new HostEngine(officeHost(excelWith(sample)), new WorkerJobRunner(worker, 100));
    const preview = await new EngineRuns(engine).preview({}, NOW, () => undefined);
    const inline = await new EngineRuns(new HostEngine(officeHost(excelWith(sample)))).preview({}, NOW, () => undefined);
    expect(preview).toEqual(inline);
    const cells = sample.sheets.reduce((n, sheet) => n + sheet.rows.reduce((m, r) => m + r.length, 0), 0);
    expect(worker.parts()).toBeGreaterThanOrEqual(Math.floor(cells / 100));
    const sizes = worker.posted.flatMap((e) => (e.request.op === "part" ? [e.request.rows.reduce((n, r) => n + r.length, 0)] : []));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    // Each part waited for the last one's answer: one message in flight at a time.
    expect(worker.maxInFlight).toBe(1);
  });

  it("exports, checks and pays, and reverses through the worker, writing the marks in Excel", async () => {
    const excel = excelWith(sample);
    const worker = new LoopbackWorker();
    const engine = new HostEngine(officeHost(excel), new WorkerJobRunner(worker));
    const preview = await new EngineRuns(engine).preview({}, NOW, () => undefined);
    const { summary } = await new EngineRuns(engine).run({}, NOW, preview.summary, () => undefined);

    const units: (PlanUnit | undefined)[] = [];
    const exported = await exportInvoices(engine, { format: "csv", runId: null, again: false }, NOW, (stage, _d, _t, unit) => stage === "plan" && units.push(unit));
    if (exported.kind !== "exported") throw new Error("expected an export");
    expect(exported.file.text.replace(/^\uFEFF/, "").split("\r\n").filter(Boolean)).toHaveLength(summary.reimbursed + 1);
    expect(readInvoiceRows(await officeHost(excel).readSnapshot()).every((i) => i.exported === "2026-11-24")).toBe(true);

    const check = await checkPayment(engine, NOW, hex, undefined, undefined, (stage, _d, _t, unit) => stage === "plan" && units.push(unit));
    expect(check.model.canPay).toBe(true);
    const paid = await payInvoices(engine, check, NOW, undefined, hex);
    expect(paid.file.name).toMatch(/^payments-RBP-20261124-/);
    // Encoded in the worker, so the download copies bytes: the same text, as UTF-8.
    expect(new TextDecoder().decode(paid.file.utf8)).toBe(paid.file.text);
    const sent = readInvoiceRows(await officeHost(excel).readSnapshot()).filter((i) => i.status === "Sent");
    expect(sent.length).toBe(check.model.payees.length);

    const reversal = await checkReversal(engine, summary.runId, NOW, (stage, _d, _t, unit) => stage === "plan" && units.push(unit));
    expect(reversal.model.refused).toHaveLength(sent.length); // sent to the bank: refused
    expect(units).toEqual(["invoices", "invoices", "reimbursements"]);
    if (reversal.model.canReverse) await reverseRun(engine, reversal, NOW);
    expect(worker.ops()).toEqual(["job:preview", "job:run", "job:export", "job:payCheck", "job:pay", "job:reverseCheck", ...(reversal.model.canReverse ? ["job:reverse"] : [])]);
  });

  it("hands back a workbook's problem with its sheet and cell, and words answers in the pane's language", async () => {
    const broken = { sheets: sample.sheets.map((s) => (s.name === SHEETS.parameters ? { ...s, rows: s.rows.map((r) => (r[0] === "Minimum reimbursement" ? [r[0], "ten"] : r)) } : s)) };
    const worker = new LoopbackWorker();
    const engine = new HostEngine(officeHost(excelWith(broken)), new WorkerJobRunner(worker));
    setLanguage("nl-NL", "nl-NL");
    const error = await new EngineRuns(engine).preview({}, NOW, () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookError);
    expect((error as WorkbookError).problems[0]).toMatchObject({ sheet: SHEETS.parameters, address: expect.stringMatching(/^B\d+$/) });
    expect(worker.posted[0]).toMatchObject({ language: "nl-NL", locale: "nl-NL" });
  });

  it("runs the jobs on the pane's thread when the worker never starts, and says so", async () => {
    const missing = new MissingWorker();
    const runner = new WorkerJobRunner(missing);
    const engine = new HostEngine(officeHost(excelWith(sample)), runner);
    const preview = await new EngineRuns(engine).preview({}, NOW, () => undefined);
    expect(preview.summary.reimbursed).toBeGreaterThan(0);
    expect(runner.inline).toBe(true);
    expect(missing.terminated).toBe(true);
  });
});

describe("file mode: the worker holds the file and writes every patch itself", () => {
  it("previews, runs, exports, pays and reverses with no patch crossing to the pane", async () => {
    const worker = new LoopbackWorker();
    const host = await WorkerWorkbookHost.open(worker, await xlsxOf(sample), "ledger.xlsx", noView);
    const runs = new EngineRuns(host);
    const preview = await runs.preview({}, NOW, () => undefined);
    const { summary } = await runs.run({}, NOW, preview.summary, () => undefined);
    expect(host.changed).toBe(true);
    // History's run list and table come from the worker too, as text.
    expect(await host.plan("runs", {})).toEqual([summary.runId]);
    const review = await host.plan("review", { runId: summary.runId.toLowerCase() });
    expect([review.total, review.rows.length]).toEqual([summary.reimbursed, summary.reimbursed]);
    // A cell a message names, described where the sheet is.
    const customers = findSheet(sample, SHEETS.customers)?.rows ?? [];
    expect(await host.plan("cell", { sheet: SHEETS.customers, address: "A3" })).toBe(`Sheet 'Customers', cell A3 holds: ${customers[2][0]}`);
    const exported = await exportInvoices(host, { format: "d365", runId: null, again: false }, NOW);
    expect(exported.kind).toBe("exported");
    const check = await checkPayment(host, NOW, hex);
    await payInvoices(host, check, NOW, undefined, hex);
    const reversal = await checkReversal(host, summary.runId, NOW);
    expect(reversal.model.refused.length).toBeGreaterThan(0);

    expect(worker.ops()).toEqual(["open", "plan:preview", "prepare:run", "commit", "plan:runs", "plan:review", "plan:cell", "prepare:export", "commit", "plan:payCheck", "prepare:pay", "commit", "plan:reverseCheck"]);
    // What came back is what the pane shows: no answer carries a patch.
    expect(JSON.stringify(worker.answers)).not.toContain('"blocks"');
    const after = await readXlsxBuffer(new Uint8Array(await (await host.download()).blob.arrayBuffer()));
    expect(readReimbursementRows(after)).toHaveLength(summary.reimbursed);
    expect(readInvoiceRows(after).filter((i) => i.status === "Sent")).toHaveLength(check.model.payees.length);
    expect(findSheet(after, SHEETS.exceptions)).toBeDefined();
  });

  it("writes nothing when the pane refuses between plan and write, or the workbook changed meanwhile", async () => {
    const worker = new LoopbackWorker();
    const host = await WorkerWorkbookHost.open(worker, await xlsxOf(sample), "ledger.xlsx", noView);
    const preview = await new EngineRuns(host).preview({}, NOW, () => undefined);
    const args = { selection: {}, now: NOW, previewed: preview.summary };
    await expect(host.write("run", args, undefined, () => Promise.reject(new Error("not approved")))).rejects.toThrow("not approved");
    expect(worker.ops().slice(-2)).toEqual(["prepare:run", "discard"]);
    expect(host.changed).toBe(false);

    const values = { minimum: 10, accountingCurrency: "EUR", date: null, paymentTermsDays: null, invoicePrefix: null, oneTimeVendorPrefix: null };
    await expect(host.write("run", args, undefined, () => host.saveParameters(values))).rejects.toThrow("The workbook changed while this was being prepared. Nothing was written");
    const after = await readXlsxBuffer(new Uint8Array(await (await host.download()).blob.arrayBuffer()));
    expect(findSheet(after, SHEETS.reimbursements)).toBeUndefined();
  });
});
