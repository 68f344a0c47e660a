/**
 * One measurement, in its own process so that its peak RSS is its own:
 *   node dist/bench/bench/measure.js <kind> <customers> [xlsx] [outDir]
 * Prints one JSON line (a Result) on stdout. Every kind runs the product's code paths.
 */
import { spawn } from "node:child_process";
import { promises as fs, readFileSync } from "node:fs";
import path from "node:path";
import { runCli } from "../src/cli/program";
import { planReimbursement } from "../src/core/plan";
import { READ_BYTES_PER_CELL, WRITE_BYTES_PER_CELL, rowsPerChunk } from "../src/excel/chunks";
import { applyPatch } from "../src/excel/write-patch";
import { readSnapshot } from "../src/excel/read-snapshot";
import { readXlsx } from "../src/file/xlsx-read";
import { applyPatchToXlsx, writeSnapshotXlsx } from "../src/file/xlsx-write";
import { SHEETS } from "../src/workbook/contract";
import { WorkbookPatch, WorkbookSnapshot } from "../src/workbook/grid";
import { readReimbursementInput } from "../src/workbook/read";
import { prepareRun } from "../src/workbook/run";
import { sampleWorkbook } from "../src/workbook/sample";
import { CountingExcel } from "./counting-excel";

export const TRANSACTIONS_PER_CUSTOMER = 10;
export const SEED = 1;
const NOW = new Date("2026-11-24T09:30:00Z");

export interface Result {
  kind: string;
  customers: number;
  /** Milliseconds of each timed step. */
  ms: Record<string, number>;
  /** Peak resident set size of this process, bytes. */
  maxRssBytes: number;
  facts: Record<string, number | string>;
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

function time<T>(ms: Record<string, number>, name: string, f: () => T): T {
  gc();
  const t0 = process.hrtime.bigint();
  const out = f();
  ms[name] = Number(process.hrtime.bigint() - t0) / 1e6;
  return out;
}

async function timeAsync<T>(ms: Record<string, number>, name: string, f: () => Promise<T>): Promise<T> {
  gc();
  const t0 = process.hrtime.bigint();
  const out = await f();
  ms[name] = Number(process.hrtime.bigint() - t0) / 1e6;
  return out;
}

const sample = (customers: number): WorkbookSnapshot =>
  sampleWorkbook({ customers, transactionsPerCustomer: TRANSACTIONS_PER_CUSTOMER, seed: SEED, messy: true });

async function measure(kind: string, customers: number, xlsx: string | undefined, outDir: string | undefined): Promise<Result> {
  const ms: Record<string, number> = {};
  const facts: Record<string, number | string> = {};
  switch (kind) {
    case "gen": {
      // Not a measurement: the .xlsx the CLI rows read, written once per size.
      if (!xlsx) throw new Error("gen needs the .xlsx path");
      const snapshot = time(ms, "sample", () => sample(customers));
      await timeAsync(ms, "write", () => writeSnapshotXlsx(snapshot, xlsx));
      facts.bytes = (await fs.stat(xlsx)).size;
      break;
    }
    case "engine": {
      const snapshot = time(ms, "sample", () => sample(customers));
      const input = time(ms, "parse", () => readReimbursementInput(snapshot, { now: NOW }));
      const plan = time(ms, "engine", () => planReimbursement(input));
      facts.balances = input.balances.length;
      facts.transactions = input.transactions.length;
      facts.reimbursements = plan.reimbursements.length;
      facts.exceptions = plan.exceptions.length;
      break;
    }
    case "baseline": {
      // The same amounts the engine sums, as plain numbers in rows like the parsed ones, summed
      // per customer and currency.
      const snapshot = sample(customers);
      const input = readReimbursementInput(snapshot, { now: NOW });
      const rows = [...input.balances, ...input.transactions].map((r) => ({ account: r.account, currency: r.currency, amount: r.amount.toNumber() }));
      const totals = time(ms, "baseline", () => {
        const sums = new Map<string, number>();
        for (const r of rows) {
          const key = `${r.account}\u0000${r.currency}`;
          sums.set(key, (sums.get(key) ?? 0) + r.amount);
        }
        return sums;
      });
      let credits = 0;
      for (const v of totals.values()) if (v < 0) credits++;
      facts.amounts = rows.length;
      facts.credits = credits;
      break;
    }
    case "cli": {
      if (!xlsx || !outDir) throw new Error("cli needs the .xlsx and an output folder");
      const out = path.join(outDir, `out-${process.pid}.xlsx`);
      let stdout = "";
      let stderr = "";
      const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), interactive: false, now: () => NOW };
      const code = await timeAsync(ms, "cli", () => runCli(["run", xlsx, "-o", out, "--json"], io));
      if (code !== 0) throw new Error(`reimburse run exited ${code}: ${stderr}`);
      const summary = JSON.parse(stdout) as { reimbursed?: number; written?: boolean };
      facts.reimbursed = summary.reimbursed ?? -1;
      facts.outBytes = (await fs.stat(out)).size;
      await fs.rm(out);
      break;
    }
    case "floor": {
      // The floor: unzip merely inflating the file's XML.
      if (!xlsx) throw new Error("floor needs the .xlsx");
      const before = childCpuMs();
      try {
        ms.floor = await timeProcess("unzip", ["-p", xlsx]);
      } catch (error) {
        // A machine without unzip (CI need not have it) has no floor: the table says so.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        facts.floor = "unzip not found";
        break;
      }
      const after = childCpuMs();
      if (before !== null && after !== null) ms.floorCpu = after - before;
      break;
    }
    case "process": {
      // \`reimburse run\` as a user runs it: its own process, from start to exit.
      if (!xlsx || !outDir) throw new Error("process needs the .xlsx and an output folder");
      const out = path.join(outDir, `process-${process.pid}.xlsx`);
      const statsFile = path.join(outDir, `process-${process.pid}.json`);
      // dist/cli/main.js, the bin as npm installs it (npm run bench builds it first).
      const cli = path.join(__dirname, "..", "..", "cli", "main.js");
      ms.wall = await timeProcess(process.execPath, [cli, "run", xlsx, "-o", out, "--json", "--force"], { ...process.env, REIMBURSE_STATS: statsFile });
      const stats = JSON.parse(readFileSync(statsFile, "utf8")) as ProcessStats;
      ms.user = stats.userMs;
      ms.system = stats.systemMs;
      for (const [stage, t] of Object.entries(stats.stages)) ms[stage] = t;
      facts.maxRssBytes = stats.maxRssBytes;
      facts.outBytes = (await fs.stat(out)).size;
      await fs.rm(out);
      await fs.rm(statsFile);
      // The result's RSS is the CLI's, not this process's.
      return { kind, customers, ms, maxRssBytes: stats.maxRssBytes, facts };
    }
    case "stages": {
      // The CLI's three stages, one by one, as src/cli/commands/reimburse.ts runs them.
      if (!xlsx || !outDir) throw new Error("stages needs the .xlsx and an output folder");
      const out = path.join(outDir, `stages-${process.pid}.xlsx`);
      const mb = (n: number): number => Math.round(n / 1e6);
      const snapshot = await timeAsync(ms, "read", () => readXlsx(xlsx));
      facts.heapAfterReadMB = mb(process.memoryUsage().heapUsed);
      facts.rssAfterReadMB = mb(process.memoryUsage().rss);
      const { patch } = time(ms, "prepare", () => prepareRun(snapshot, { now: NOW }));
      facts.heapAfterPrepareMB = mb(process.memoryUsage().heapUsed);
      facts.rssAfterPrepareMB = mb(process.memoryUsage().rss);
      await timeAsync(ms, "write", () => applyPatchToXlsx(xlsx, patch, out));
      facts.rssAfterWriteMB = mb(process.memoryUsage().rss);
      await fs.rm(out);
      break;
    }
    case "office": {
      let snapshot: WorkbookSnapshot | null = sample(customers);
      const excel = CountingExcel.holding(snapshot);
      snapshot = null;
      const read = await timeAsync(ms, "read", () => readSnapshot(excel.context, Object.values(SHEETS)));
      const readSyncs = excel.syncs.length;
      const { patch } = time(ms, "prepare", () => prepareRun(read, { now: NOW }));
      await timeAsync(ms, "write", () => applyPatch(excel.context, patch, undefined, { suspendCalculation: true }));
      const reads = excel.syncs.slice(0, readSyncs);
      const writes = excel.syncs.slice(readSyncs);
      facts.readSyncs = reads.length;
      facts.writeSyncs = writes.length;
      facts.maxRequestBytes = Math.max(0, ...excel.syncs.map((s) => s.requestBytes));
      facts.maxResponseBytes = Math.max(0, ...excel.syncs.map((s) => s.responseBytes));
      facts.cellsRead = reads.reduce((n, s) => n + s.cellsRead, 0);
      facts.cellsWritten = writes.reduce((n, s) => n + s.cellsWritten, 0);
      facts.rowsWritten = patch.sheets.reduce((n, s) => n + s.blocks.reduce((m, b) => m + b.values.length, 0), 0);
      facts.readChunkBound = readChunkBound(read);
      facts.writeChunkBound = writeChunkBound(patch);
      break;
    }
    default:
      throw new Error(`unknown measurement '${kind}'`);
  }
  return { kind, customers, ms, maxRssBytes: process.resourceUsage().maxRSS * 1024, facts };
}

/** What the CLI writes at exit under REIMBURSE_STATS (src/cli/run-stats.ts). */
interface ProcessStats {
  userMs: number;
  systemMs: number;
  maxRssBytes: number;
  stages: Record<string, number>;
}

/** Wall milliseconds of a process, its output discarded; it must exit 0. */
function timeProcess(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`${command} ${args.join(" ")} exited ${code}: ${stderr}`));
    });
  });
}

/** User + system CPU of this process's finished children (Linux /proc), ms; null elsewhere. */
function childCpuMs(): number | null {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").replace(/^.*\) /, "").split(" ");
    // cutime and cstime are fields 16 and 17 of stat(5), in clock ticks (100 a second on Linux).
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return null;
  }
}

/** 2 + sum over sheets of ceil(r / R_read(c)): the read's sync count when no batch packs two chunks. */
function readChunkBound(snapshot: WorkbookSnapshot): number {
  let n = 2;
  for (const g of snapshot.sheets) {
    if (!g.rows.length) continue;
    const cols = Math.max(...g.rows.slice(0, 1).map((r) => r.length), g.rows[g.rows.length - 1].length);
    n += Math.ceil(g.rows.length / rowsPerChunk(cols, READ_BYTES_PER_CELL));
  }
  return n;
}

/** 1 + sum over blocks of ceil(rows / R_write(c)): the write's sync count when no batch packs two chunks. */
function writeChunkBound(patch: WorkbookPatch): number {
  let n = 1;
  for (const s of patch.sheets) {
    for (const b of s.blocks) {
      const cols = Math.max(0, ...b.values.map((r) => r.length));
      if (cols && b.values.length) n += Math.ceil(b.values.length / rowsPerChunk(cols, WRITE_BYTES_PER_CELL));
    }
  }
  return n;
}

async function main(): Promise<void> {
  const [kind, n, xlsx, outDir] = process.argv.slice(2);
  const result = await measure(kind, Number(n), xlsx, outDir);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  });
}
