import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * One full garbage collection once a large read is done, and a tighter heap growth until the
 * command ends: the command's peak memory.
 *
 * Why: V8 sets the old generation's next limit at each full collection, from what survived it
 * times a factor of up to 4 while the program allocates fast. A 100,000-customer read's last full
 * collection left ~110 MB live, so the next came only at ~360 MB, at the start of the write: the
 * read's grids (dead once planned), the plan's garbage and the write's, all held at once. That
 * was the run's peak RSS (640-690 MB). A collection alone does not lower it (the limit it sets is
 * as generous); a growth of 100% of what survives does: the plan's collection comes at ~280 MB,
 * and the peak is ~565 MB, for ~0.2-0.3 s more (docs/performance.md, "Stop 17"). Tighter growth
 * from the start cost 0.4-0.6 s: the read's heap is live, each extra collection of it wasted.
 * Since the write starts with a collection of its own (collectBeforeWrite), the peak is the
 * plan's end: 50% lowers it by ~10 MB more than 100% (at one extra collection of ~30 ms, lost in
 * the noise: docs/performance.md, "Stop 28").
 *
 * Node has no API for a collection but the --expose-gc flag; set at run time it exposes gc() in
 * contexts made after it (v8.setFlagsFromString, documented with the caution that a flag changed
 * at run time may do nothing). Both flags only steer the collector: if either does nothing, the
 * command runs as without it.
 */

/** The old generation grows by this share of what survived a full collection, %. */
const GROWING_PERCENT = 50;

/** REIMBURSE_COLLECT=0 leaves the collector alone (to compare one with the other). */
const wanted = (): boolean => process.env.REIMBURSE_COLLECT !== "0";

let exposedGc: (() => void) | null | undefined;
let tightened = false;

function fullCollection(): (() => void) | null {
  if (exposedGc !== undefined) return exposedGc;
  const existing = (globalThis as { gc?: () => void }).gc;
  if (typeof existing === "function") return (exposedGc = existing);
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    exposedGc = typeof gc === "function" ? (gc as () => void) : null;
  } catch {
    exposedGc = null;
  }
  return exposedGc;
}

/**
 * Once a large read is done (see above): one full collection, and the heap's growth tightened
 * until restoreHeapGrowth. False when Node gave no collector.
 */
export function collectAfterRead(): boolean {
  if (!wanted()) return false;
  const gc = fullCollection();
  if (!gc) return false;
  setFlagsFromString(`--heap-growing-percent=${GROWING_PERCENT}`);
  tightened = true;
  gc();
  return true;
}

/**
 * Once a large read is planned (collectAfterRead ran), before its write: one full collection.
 * The plan's collection leaves the read's cells, the transactions' digest and the parse live
 * (220 MB at 100,000 customers) and sets the next limit from them, so the write's garbage piled
 * up to ~280 MB before it was collected, the write's end the run's peak RSS. Collected when
 * those are garbage, the heap's limit follows what the write needs. False when nothing was
 * collected: no large read, or no collector.
 */
export function collectBeforeWrite(): boolean {
  if (!tightened || !exposedGc) return false;
  exposedGc();
  return true;
}

/** The heap's growth as V8 chooses it again (0 is its default), once the command that read is done. */
export function restoreHeapGrowth(): void {
  if (!tightened) return;
  tightened = false;
  setFlagsFromString("--heap-growing-percent=0");
}
