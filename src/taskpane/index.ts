import {
  fluentButton,
  fluentCheckbox,
  fluentOption,
  fluentProgress,
  fluentRadio,
  fluentRadioGroup,
  fluentSelect,
  fluentTextField,
  provideFluentDesignSystem,
} from "@fluentui/web-components";
import { OfficeWorkbookHost } from "../excel/office-host";
import { mountApp } from "./app";

provideFluentDesignSystem().register(
  fluentButton(),
  fluentTextField(),
  fluentRadioGroup(),
  fluentRadio(),
  fluentProgress(),
  fluentSelect(),
  fluentOption(),
  fluentCheckbox(),
);

/** Office.onReady never resolving (office.js half-loaded, no host) must not leave a blank pane. */
const OFFICE_READY_TIMEOUT_MS = 5000;

function start(inExcel: boolean): void {
  const root = document.getElementById("app");
  if (!root) return;
  // Office's display language in Excel; in file mode the browser's. The engine worker
  // (engine-worker.js, beside this bundle) keeps large files off the main thread in file mode.
  const displayLanguage = inExcel ? Office.context.displayLanguage : navigator.language;
  const workerUrl = new URL("engine-worker.js", document.baseURI);
  mountApp(root, inExcel ? { excelHost: new OfficeWorkbookHost(), displayLanguage } : { displayLanguage, workerUrl });
}

function boot(): void {
  // office.js comes from Microsoft's CDN: offline, or in a plain browser tab, it may be absent.
  if (typeof Office === "undefined") {
    start(false);
    return;
  }
  let started = false;
  const once = (inExcel: boolean): void => {
    if (started) return;
    started = true;
    start(inExcel);
  };
  const timer = setTimeout(() => once(false), OFFICE_READY_TIMEOUT_MS);
  Office.onReady((info) => {
    clearTimeout(timer);
    once(info.host === Office.HostType.Excel);
  });
}

boot();
