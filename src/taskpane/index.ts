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
import { bootPane } from "./office-boot";

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

function start(inExcel: boolean): void {
  const root = document.getElementById("app");
  if (!root) return;
  // Office's display language in Excel; in file mode the browser's. The engine worker
  // (engine-worker.js, beside this bundle) parses, plans and renders off the main thread: on
  // the opened file in file mode, on the snapshot Office.js read in Excel.
  // mountApp replaces the root's content, so a late start in Excel mode remounts the pane.
  const displayLanguage = inExcel ? Office.context.displayLanguage : navigator.language;
  const workerUrl = new URL("engine-worker.js", document.baseURI);
  mountApp(root, inExcel ? { excelHost: new OfficeWorkbookHost(), displayLanguage, workerUrl } : { displayLanguage, workerUrl });
}

// office.js comes from Microsoft's CDN: offline, or in a plain browser tab, it may be absent.
bootPane(typeof Office === "undefined" ? null : { onReady: (callback) => Office.onReady(callback), excelHost: Office.HostType.Excel }, start);
