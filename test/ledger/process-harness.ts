import { ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { readXlsx } from "../../src/file/xlsx-read";
import { VENDOR_PAYMENTS_SHEET } from "../../src/payments/vendor-payments-sheet";
import { SHEETS } from "../../src/workbook/contract";
import { sheetRows } from "../support/sheet-rows";

/**
 * The built CLI as real processes: what an accountant's terminal (or two of them, or a
 * `kill -9`) does to the files, rather than calls inside one Node process.
 */

const ROOT = path.join(__dirname, "..", "..");
export const CLI = path.join(ROOT, "dist", "cli", "main.js");
const SOURCES = ["core", "workbook", "file", "cli", "export", "payments"].map((d) => path.join(ROOT, "src", d));

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** `npm run build:cli` when dist/ is missing or older than the sources (CI builds it in `npm ci`). */
export function ensureBuiltCli(): void {
  const built = fs.existsSync(CLI) ? fs.statSync(CLI).mtimeMs : 0;
  if (built >= Math.max(...SOURCES.map(newestSource))) return;
  execFileSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(ROOT, "tsconfig.cli.json")], { stdio: "inherit", timeout: 300_000 });
}

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Running {
  child: ChildProcess;
  done: Promise<Finished>;
}

/** Starts `reimburse ARGS` in `cwd` with the given extra environment. */
export function start(args: string[], cwd: string, env: Record<string, string> = {}): Running {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<Finished>((resolve) => child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

export const run = (args: string[], cwd: string, env: Record<string, string> = {}): Promise<Finished> => start(args, cwd, env).done;

export async function waitForFile(file: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${file}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Every file under `dir` (not in .reimburse), relative. */
export function filesIn(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => f !== ".reimburse").sort();
}

export const isUnfinished = (name: string): boolean => name.includes(".reimburse-partial-");

/** What a pain.001 file pays: its message id and the invoices (EndToEndId) of its transfers. */
export function paymentFile(file: string): { messageId: string; invoices: string[] } {
  const xml = fs.readFileSync(file, "utf8");
  const messageId = /<MsgId>([^<]+)<\/MsgId>/.exec(xml)?.[1] ?? "";
  const invoices = [...xml.matchAll(/<EndToEndId>([^<]+)<\/EndToEndId>/g)].map((m) => m[1]);
  return { messageId, invoices };
}

export interface LedgerState {
  /** [invoice, message id] per Vendor payments row. */
  payments: [string, string][];
  /** Invoices the workbook shows as paid out: Sent to the bank, or Paid once its status report came back. */
  paid: string[];
  cancelled: string[];
  exported: string[];
  reversedReimbursementInvoices: string[];
}

export async function ledgerState(workbook: string): Promise<LedgerState> {
  const book = await readXlsx(workbook);
  const text = (v: unknown): string => (v === null || v === undefined ? "" : String(v));
  const invoices = sheetRows(book, SHEETS.invoices);
  const hasPayments = book.sheets.some((s) => s.name === VENDOR_PAYMENTS_SHEET);
  return {
    payments: hasPayments ? sheetRows(book, VENDOR_PAYMENTS_SHEET).map((r) => [text(r.Invoice), text(r["Message id"])]) : [],
    paid: invoices.filter((r) => ["Sent", "Paid"].includes(text(r.Status))).map((r) => text(r.Invoice)),
    cancelled: invoices.filter((r) => text(r.Status) === "Cancelled").map((r) => text(r.Invoice)),
    exported: invoices.filter((r) => r.Exported !== null && r.Exported !== undefined).map((r) => text(r.Invoice)),
    reversedReimbursementInvoices: sheetRows(book, SHEETS.reimbursements).filter((r) => text(r.Status) === "Reversed").map((r) => text(r.Invoice)),
  };
}

/**
 * The money invariant over a folder of finished payment files and the workbooks that are the
 * ledgers: no invoice is in two payment files, every payment a workbook records is in a
 * finished file with its message id, and every finished file's transfers are recorded.
 * Returns the problems found (empty when the invariant holds).
 */
export async function paymentProblems(dir: string, workbooks: string[]): Promise<string[]> {
  const problems: string[] = [];
  const files = filesIn(dir).filter((f) => f.endsWith(".xml") && !isUnfinished(f));
  const byInvoice = new Map<string, string[]>();
  const inFiles = new Set<string>();
  for (const f of files) {
    const { messageId, invoices } = paymentFile(path.join(dir, f));
    for (const invoice of invoices) {
      byInvoice.set(invoice, [...(byInvoice.get(invoice) ?? []), f]);
      inFiles.add(`${invoice} ${messageId}`);
    }
  }
  for (const [invoice, where] of byInvoice) if (where.length > 1) problems.push(`invoice ${invoice} is paid by ${where.join(" and ")}`);
  const recorded = new Set<string>();
  for (const w of workbooks) {
    const state = await ledgerState(w);
    for (const [invoice, messageId] of state.payments) {
      recorded.add(`${invoice} ${messageId}`);
      if (!inFiles.has(`${invoice} ${messageId}`)) problems.push(`${path.basename(w)} says ${invoice} was paid by ${messageId}, but no payment file carries it`);
    }
    const onSheet = new Set(state.payments.map(([i]) => i));
    for (const invoice of state.paid) if (!onSheet.has(invoice)) problems.push(`${path.basename(w)} marks ${invoice} Sent or Paid without a Vendor payments row`);
    for (const invoice of state.paid) if (state.cancelled.includes(invoice) || state.reversedReimbursementInvoices.includes(invoice)) problems.push(`${invoice} is both paid and reversed`);
  }
  for (const key of inFiles) if (!recorded.has(key)) problems.push(`a payment file pays ${key} but no workbook records it`);
  return problems;
}
