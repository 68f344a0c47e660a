import * as garbage from "../../src/file/garbage-collection";

/**
 * The read's garbage is collected once it is done, so that the plan and the write do not hold it
 * beside their own (the run's peak memory); REIMBURSE_COLLECT=0 leaves the collector alone.
 */
describe("the collection after a large read", () => {
  const saved = process.env.REIMBURSE_COLLECT;
  afterEach(() => {
    if (saved === undefined) delete process.env.REIMBURSE_COLLECT;
    else process.env.REIMBURSE_COLLECT = saved;
    garbage.restoreHeapGrowth();
  });

  /** Some 40 MB of objects, referenced until the caller lets them go. */
  const readGarbage = (): { cells: unknown[] | null } => ({ cells: Array.from({ length: 400_000 }, (_, i) => ({ row: i, text: `C${i}`.repeat(3) })) });

  it("frees the garbage the read left behind", () => {
    const read = readGarbage();
    read.cells = null;
    const before = process.memoryUsage().heapUsed;
    expect(garbage.collectAfterRead()).toBe(true);
    const after = process.memoryUsage().heapUsed;
    expect(before - after).toBeGreaterThan(20_000_000);
  });

  it("leaves the collector alone with REIMBURSE_COLLECT=0", () => {
    process.env.REIMBURSE_COLLECT = "0";
    const read = readGarbage();
    read.cells = null;
    const before = process.memoryUsage().heapUsed;
    expect(garbage.collectAfterRead()).toBe(false);
    expect(before - process.memoryUsage().heapUsed).toBeLessThan(1_000_000);
  });
});

describe("the collection before a large read's write", () => {
  afterEach(() => garbage.restoreHeapGrowth());

  /** Some 40 MB of objects, made garbage at once. */
  const planGarbage = (): void => {
    const plan: { cells: unknown[] | null } = { cells: Array.from({ length: 400_000 }, (_, i) => ({ row: i, text: `V${i}`.repeat(3) })) };
    plan.cells = null;
  };

  it("frees the plan's garbage once a large read tightened the heap", () => {
    expect(garbage.collectAfterRead()).toBe(true);
    planGarbage();
    const before = process.memoryUsage().heapUsed;
    expect(garbage.collectBeforeWrite()).toBe(true);
    expect(before - process.memoryUsage().heapUsed).toBeGreaterThan(20_000_000);
  });

  it("does nothing for a command that read no large workbook: a small run pays no collection", () => {
    planGarbage();
    expect(garbage.collectBeforeWrite()).toBe(false);
  });

  it("does nothing once the command that read is done", () => {
    expect(garbage.collectAfterRead()).toBe(true);
    garbage.restoreHeapGrowth();
    expect(garbage.collectBeforeWrite()).toBe(false);
  });
});
