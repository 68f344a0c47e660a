/**
 * When the pane starts, and in which mode. Office.onReady says whether the page runs in Excel;
 * office.js may also be missing (a plain browser tab, offline) or never call back (half-loaded),
 * so after a timeout the pane starts in file mode rather than stay blank. A late onReady still
 * counts: with the shared runtime the page is never reloaded, so ignoring it would leave the
 * pane in file mode for the whole Excel session. It then remounts in Excel mode, once.
 */

export interface OfficeReady {
  onReady(callback: (info: { host: unknown }) => void): unknown;
  /** Office.HostType.Excel. */
  excelHost: unknown;
}

export type StartPane = (inExcel: boolean) => void;

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const OFFICE_READY_TIMEOUT_MS = 5000;

export function bootPane(office: OfficeReady | null, start: StartPane, timeoutMs = OFFICE_READY_TIMEOUT_MS, timers: Timers = globalThis): void {
  if (!office) {
    start(false);
    return;
  }
  let mode: "none" | "file" | "excel" = "none";
  const timer = timers.setTimeout(() => {
    if (mode !== "none") return;
    mode = "file";
    start(false);
  }, timeoutMs);
  office.onReady((info) => {
    timers.clearTimeout(timer);
    const inExcel = info.host === office.excelHost;
    if (mode === "none") {
      mode = inExcel ? "excel" : "file";
      start(inExcel);
    } else if (mode === "file" && inExcel) {
      // Office answered after the timeout: the pane is in Excel after all.
      mode = "excel";
      start(true);
    }
  });
}
