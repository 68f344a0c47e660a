import { writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

/**
 * REIMBURSE_STATS=<file>: when the process exits, its CPU time (all threads: zlib works on the
 * thread pool), peak RSS and the milliseconds of each stage the command reported (wall, and
 * CPU of all threads: stageCpuMs), as JSON.
 * `npm run bench` reads it to time `reimburse run` as a user runs it; nothing else uses it.
 */
const stages: { name: string; at: number; cpu: number }[] = [];

/** CPU time of the process so far (all threads), in milliseconds. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** A stage begins ("reading", "planning", "writing"); the one before it ends. */
export function markStage(label: string): void {
  if (process.env.REIMBURSE_STATS) stages.push({ name: label.split(" ")[0], at: performance.now(), cpu: cpuMs() });
}

export function endStages(): void {
  markStage("end");
}

export function writeStatsAtExit(): void {
  const file = process.env.REIMBURSE_STATS;
  if (!file) return;
  process.on("exit", () => {
    const usage = process.resourceUsage();
    const byStage: Record<string, number> = {};
    // CPU of every thread during the stage: on a shared machine, steadier than its wall time.
    const cpuByStage: Record<string, number> = {};
    for (let i = 0; i + 1 < stages.length; i++) {
      byStage[stages[i].name] = stages[i + 1].at - stages[i].at;
      cpuByStage[stages[i].name] = stages[i + 1].cpu - stages[i].cpu;
    }
    writeFileSync(file, JSON.stringify({ userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000, maxRssBytes: usage.maxRSS * 1024, stages: byStage, stageCpuMs: cpuByStage }));
  });
}
