import { OfficeReady, bootPane } from "../../src/taskpane/office-boot";

/** Office.onReady under test control, with timers the test fires. */
function harness() {
  let ready: ((info: { host: unknown }) => void) | null = null;
  const office: OfficeReady = { onReady: (cb) => (ready = cb), excelHost: "Excel" };
  const pending = new Map<number, () => void>();
  let next = 1;
  const timers = {
    setTimeout: (cb: () => void) => (pending.set(next, cb), next++),
    clearTimeout: (handle: unknown) => void pending.delete(handle as number),
  };
  const starts: boolean[] = [];
  bootPane(office, (inExcel) => starts.push(inExcel), 5000, timers);
  return {
    starts,
    timeout: () => [...pending.values()].forEach((cb) => cb()),
    ready: (host: unknown) => ready?.({ host }),
  };
}

describe("starting the task pane", () => {
  it("starts in Excel mode when Office answers in time, and only once", () => {
    const pane = harness();
    pane.ready("Excel");
    pane.timeout();
    expect(pane.starts).toEqual([true]);
  });

  it("starts in file mode when Office is slow, and remounts in Excel mode when it answers late", () => {
    const pane = harness();
    pane.timeout();
    expect(pane.starts).toEqual([false]);
    pane.ready("Excel");
    expect(pane.starts).toEqual([false, true]);
  });

  it("stays in file mode when a late answer is not Excel", () => {
    const pane = harness();
    pane.timeout();
    pane.ready(null);
    expect(pane.starts).toEqual([false]);
  });

  it("starts in file mode at once without office.js", () => {
    const starts: boolean[] = [];
    bootPane(null, (inExcel) => starts.push(inExcel));
    expect(starts).toEqual([false]);
  });
});
