import { prepareRun } from "../workbook/run";
import { SHEETS } from "../workbook/contract";
import { PlanSummary, summarizePlan } from "../workbook/summary";
import { WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { Selection } from "../core/types";
import { describeCell } from "./cell-locator";
import { fluent, h, nextFrame, replaceChildren, setDisabled } from "./dom";
import { saveFile } from "./download";
import { describeError } from "./error-model";
import { ExportSection } from "./export-view";
import { FileWorkbookHost } from "./file-host";
import { ActionSection, PaneContext } from "./pane-context";
import { PaySection } from "./payment-view";
import { exceptionsHeading, previewModel } from "./preview-model";
import { renderPreview } from "./preview-view";
import { renderError } from "./problems-view";
import { reviewRows } from "./review-model";
import { renderReview } from "./review-view";
import { ReverseSection } from "./reversal-view";
import { runChoices } from "./run-choices";
import { runResult } from "./run-result";
import { SelectionView } from "./selection-view";
import { EMPTY_SETTINGS, settingsFromSnapshot } from "./settings";
import { SettingsView } from "./settings-view";
import { WorkbookHost } from "./workbook-host";

export interface AppOptions {
  /** The workbook open in Excel; absent in a plain browser, where the user opens a file. */
  excelHost?: WorkbookHost;
  now?: () => Date;
}

interface Preview {
  summary: PlanSummary;
  patch: WorkbookPatch;
  selection: Selection;
  needsConfirmation: boolean;
  now: Date;
}

const section = (id: string, title: string, ...children: (Node | null)[]): HTMLElement =>
  h("section", { id, className: "card" }, h("h2", {}, title), ...children);

/** The task pane: eight sections over one WorkbookHost. */
export class App {
  private host: WorkbookHost | null = null;
  private preview: Preview | null = null;
  private busy = false;
  private connected = false;
  private readonly now: () => Date;

  private readonly problems = h("div", { id: "problems", className: "problems-box", attrs: { role: "alert" } });
  private readonly locator = h("div", { id: "cell-locator", className: "locator", attrs: { "aria-live": "polite" } });
  private readonly fileName = h("span", { id: "file-name", className: "status" }, "No workbook open.");
  private readonly fileInput = h("input", { id: "file-input", attrs: { type: "file", accept: ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", hidden: true } });
  private readonly downloadButton = fluent("fluent-button", { id: "download", attrs: { appearance: "accent", hidden: true } }, "Download workbook");
  private readonly settings: SettingsView;
  private readonly selection: SelectionView;
  private readonly previewButton = fluent("fluent-button", { id: "preview-button", attrs: { appearance: "accent" } }, "Preview");
  private readonly previewOutput = h("div", { id: "preview-output", attrs: { "aria-live": "polite" } });
  private readonly runButton = fluent("fluent-button", { id: "run-button", attrs: { appearance: "accent", disabled: true } }, "Run reimbursement");
  private readonly confirmBox = h("div", { id: "confirm", className: "confirm", attrs: { role: "alertdialog" } });
  private readonly progress = fluent("fluent-progress", { id: "progress", attrs: { min: "0", max: "100" } });
  private readonly progressText = h("div", { id: "progress-text", className: "status", attrs: { "aria-live": "polite" } });
  private readonly result = h("div", { id: "run-result" });
  private readonly reviewRunId = fluent("fluent-text-field", { id: "review-run-id", attrs: { placeholder: "Run id" } }, "Run id");
  private readonly reviewOutput = h("div", { id: "review-output" });
  private readonly status = h("div", { id: "status", className: "status", attrs: { "aria-live": "polite" } });
  private readonly sections: HTMLElement[];
  /** Export, Pay, Reverse: the accounts payable steps after a run. */
  private readonly actions: ActionSection[];

  constructor(
    root: HTMLElement,
    private readonly options: AppOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.settings = new SettingsView(this.now, () => this.invalidatePreview(), () => void this.withBusy(async () => void (await this.saveSettings())));
    this.selection = new SelectionView(() => this.invalidatePreview());
    this.previewButton.addEventListener("click", () => void this.doPreview());
    this.runButton.addEventListener("click", () => void this.doRun(false));
    this.downloadButton.addEventListener("click", () => this.download());
    this.fileInput.addEventListener("change", () => void this.openFile());
    this.problems.hidden = true;
    this.locator.hidden = true;
    this.confirmBox.hidden = true;
    this.progress.hidden = true;
    const pane: PaneContext = {
      host: () => this.host,
      now: () => this.now(),
      busy: (work) => this.withBusy(work),
      showCell: (s, a) => this.showCell(s, a),
      written: (runId) => this.written(runId),
    };
    const exportSection = new ExportSection(pane);
    const paySection = new PaySection(pane);
    const reverseSection = new ReverseSection(pane);
    this.actions = [exportSection, paySection, reverseSection];
    this.sections = [
      section("settings", "1. Settings", this.settings.element),
      section("selection", "2. Selection", this.selection.element),
      section("preview", "3. Preview", h("div", { className: "actions" }, this.previewButton), this.previewOutput),
      section("run", "4. Run", h("div", { className: "actions" }, this.runButton), this.confirmBox, this.progress, this.progressText, this.result),
      section(
        "review",
        "5. Review",
        h("div", { className: "pair" }, this.reviewRunId, fluent("fluent-button", { id: "review-button", attrs: { appearance: "outline" }, on: { click: () => void this.review(this.reviewRunId.value.trim()) } }, "Show rows")),
        this.reviewOutput,
      ),
      section("export", "6. Export to accounts payable", exportSection.element),
      section("pay", "7. Pay vendor invoices", paySection.element),
      section("reverse", "8. Reverse a run", reverseSection.element),
    ];
    const opener = options.excelHost
      ? null
      : section(
          "open",
          "Workbook",
          h("p", { className: "status" }, "Outside Excel, Reimburse works on a copy of an .xlsx file: open it, run, then download the result."),
          h("div", { className: "actions" }, fluent("fluent-button", { id: "open-button", attrs: { appearance: "outline" }, on: { click: () => this.fileInput.click() } }, "Open workbook…"), this.downloadButton),
          this.fileInput,
          this.fileName,
        );
    replaceChildren(
      root,
      h("header", {}, h("h1", {}, "Reimburse"), h("p", { className: "status", id: "mode" }, options.excelHost ? "Customer credit reimbursement for this workbook." : "File mode: no Excel host found.")),
      opener,
      this.problems,
      this.locator,
      ...this.sections,
      this.status,
    );
    this.setConnected(false);
  }

  async start(): Promise<void> {
    if (this.options.excelHost) await this.connect(this.options.excelHost);
  }

  private setConnected(connected: boolean): void {
    this.connected = connected;
    this.settings.setEnabled(connected);
    for (const s of this.sections) s.classList.toggle("inactive", !connected);
    setDisabled(this.previewButton, !connected);
    this.updateRunButton();
    this.updateActions();
  }

  private updateActions(): void {
    for (const a of this.actions) a.setState({ connected: this.connected, busy: this.busy });
  }

  private async connect(host: WorkbookHost): Promise<void> {
    this.host = host;
    this.invalidatePreview();
    replaceChildren(this.result);
    replaceChildren(this.reviewOutput);
    for (const a of this.actions) a.reset();
    this.showError(null);
    this.setConnected(true);
    try {
      const snapshot = await host.readSnapshot([SHEETS.parameters]);
      this.settings.load(settingsFromSnapshot(snapshot));
    } catch (error) {
      this.settings.load(EMPTY_SETTINGS);
      this.showError(error, "Reading the settings");
    }
    await this.refreshRuns();
  }

  /** The run lists of Export and Reverse, from the Reimbursement runs sheet. */
  private async refreshRuns(): Promise<void> {
    const host = this.host;
    if (!host) return;
    let runs: string[] = [];
    try {
      runs = runChoices(await host.readSnapshot([SHEETS.runs]));
    } catch {
      // An unreadable runs sheet leaves the lists empty; Reverse names the problem when it reads it.
    }
    for (const a of this.actions) a.setRuns(runs);
  }

  /** After any write: what was previewed or checked may no longer hold, and a run may be new. */
  private async written(reviewRunId?: string): Promise<void> {
    this.afterWrite();
    this.invalidatePreview();
    for (const a of this.actions) a.workbookChanged();
    await this.refreshRuns();
    if (reviewRunId) {
      this.reviewRunId.value = reviewRunId;
      await this.review(reviewRunId);
    }
  }

  private async openFile(): Promise<void> {
    const file = this.fileInput.files?.[0];
    if (!file) return;
    this.fileName.textContent = `Opening ${file.name}…`;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const host = new FileWorkbookHost(bytes, file.name, { showCell: (s, a) => void this.locate(s, a), showSheet: (s) => void this.locate(s, "") });
      await host.readSnapshot(); // a file that is not an .xlsx fails here, before the form is filled
      this.fileName.textContent = `Open: ${file.name}`;
      this.downloadButton.hidden = true;
      await this.connect(host);
    } catch (error) {
      this.fileName.textContent = `Could not open ${file.name}.`;
      this.showError(new Error(`${file.name} is not a workbook Reimburse can read (.xlsx expected): ${error instanceof Error ? error.message : String(error)}`), "Opening the file");
    } finally {
      this.fileInput.value = "";
    }
  }

  /** File mode's stand-in for selecting a cell in Excel. */
  private async locate(sheet: string, address: string): Promise<void> {
    let snapshot: WorkbookSnapshot | null = null;
    try {
      snapshot = (await this.host?.readSnapshot([sheet])) ?? null;
    } catch {
      snapshot = null;
    }
    replaceChildren(this.locator, h("mark", {}, describeCell(snapshot, sheet, address)));
    this.locator.hidden = false;
    this.locator.scrollIntoView({ block: "nearest" });
  }

  private showCell(sheet: string, address: string): void {
    if (!this.host) return;
    this.host.selectCell(sheet, address).catch((error: unknown) => {
      this.setStatus(`Could not show ${address ? `cell ${address} of ` : ""}sheet '${sheet}': ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private showError(error: unknown, action = ""): void {
    renderError(this.problems, error === null ? null : describeError(error, action), (s, a) => this.showCell(s, a));
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }

  private invalidatePreview(): void {
    this.preview = null;
    this.confirmBox.hidden = true;
    renderPreview(this.previewOutput, null, "", () => undefined);
    this.previewButton.textContent = this.settings.dirty ? "Save settings and preview" : "Preview";
    this.updateRunButton();
  }

  private updateRunButton(): void {
    setDisabled(this.runButton, this.busy || !this.preview || !previewModel(this.preview.summary).canRun);
  }

  private async withBusy(work: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    for (const b of [this.previewButton, this.runButton, this.settings.saveButton]) setDisabled(b, true);
    this.updateActions();
    try {
      await work();
    } finally {
      this.busy = false;
      setDisabled(this.previewButton, !this.host);
      this.settings.refresh();
      this.updateRunButton();
      this.updateActions();
    }
  }

  private async saveSettings(): Promise<boolean> {
    const host = this.host;
    const check = this.settings.check();
    if (!host || !check.values) return false;
    try {
      // Only the fields changed since the form was loaded: the sheet's own later edits, formulas and formats stay.
      await host.saveParameters(check.values, { loaded: this.settings.savedText() });
      this.settings.markSaved();
      this.invalidatePreview();
      this.afterWrite();
      return true;
    } catch (error) {
      this.showError(error, "Saving the settings");
      return false;
    }
  }

  private async doPreview(): Promise<void> {
    await this.withBusy(async () => {
      const host = this.host;
      if (!host) return;
      this.showError(null);
      const selection = this.selection.check();
      if (!selection.selection) {
        this.showError(new Error("The selection is incomplete: see the messages under section 2."), "Preview");
        return;
      }
      if (this.settings.dirty) {
        if (!this.settings.check().values) {
          this.showError(new Error("The settings have errors: see the messages under section 1."), "Preview");
          return;
        }
        if (!(await this.saveSettings())) return;
      }
      this.setStatus("Reading the workbook…");
      await nextFrame();
      try {
        const snapshot = await host.readSnapshot();
        // The sheet is the truth: in Excel the user may have edited Parameters since the pane read it.
        if (!this.settings.dirty) {
          try {
            this.settings.load(settingsFromSnapshot(snapshot));
          } catch {
            // prepareRun below reports the same problem with its sheet and cell.
          }
        }
        this.setStatus("Planning…");
        await nextFrame();
        const now = this.now();
        const { plan, patch } = prepareRun(snapshot, { selection: selection.selection, now });
        const summary = summarizePlan(plan);
        this.preview = { summary, patch, selection: selection.selection, needsConfirmation: selection.needsConfirmation, now };
        renderPreview(this.previewOutput, previewModel(summary), exceptionsHeading(summary), (s, a) => this.showCell(s, a));
        this.setStatus("");
      } catch (error) {
        this.setStatus("");
        this.showError(error, "Preview");
      }
    });
  }

  private async doRun(confirmed: boolean): Promise<void> {
    const preview = this.preview;
    if (!preview || !this.host) return;
    if (preview.needsConfirmation && !confirmed) {
      this.askConfirmation(preview);
      return;
    }
    this.confirmBox.hidden = true;
    await this.withBusy(() => this.execute(preview));
  }

  private askConfirmation(preview: Preview): void {
    const model = previewModel(preview.summary);
    replaceChildren(
      this.confirmBox,
      h("p", {}, `This run covers all customers: ${model.headline}. It writes to the workbook.`),
      h(
        "div",
        { className: "actions" },
        fluent("fluent-button", { id: "confirm-run", attrs: { appearance: "accent" }, on: { click: () => void this.doRun(true) } }, "Run for all customers"),
        fluent("fluent-button", { id: "cancel-run", attrs: { appearance: "outline" }, on: { click: () => (this.confirmBox.hidden = true) } }, "Cancel"),
      ),
    );
    this.confirmBox.hidden = false;
  }

  private async execute(preview: Preview): Promise<void> {
    const host = this.host;
    if (!host) return;
    this.showError(null);
    replaceChildren(this.result);
    try {
      // The workbook may have changed since the preview: plan again and run only what was shown.
      const { plan, patch } = prepareRun(await host.readSnapshot(), { selection: preview.selection, now: preview.now });
      const summary = summarizePlan(plan);
      if (JSON.stringify(summary) !== JSON.stringify(preview.summary)) {
        this.invalidatePreview();
        throw new Error("The workbook changed since the preview. Preview again, check the figures, then run.");
      }
      // A second click must not run the same credits twice: the next run needs a new preview.
      this.invalidatePreview();
      this.showProgress(0, 1);
      await host.apply(patch, (done, total) => this.showProgress(done, total));
      this.showResult(summary, patch);
      await this.written(summary.runId);
    } catch (error) {
      this.showError(error, "The run");
    } finally {
      this.progress.hidden = true;
      this.progressText.textContent = "";
    }
  }

  private showProgress(done: number, total: number): void {
    this.progress.hidden = false;
    if (this.host?.mode === "file") {
      this.progress.removeAttribute("value"); // one step: indeterminate
      this.progressText.textContent = "Writing the workbook…";
      return;
    }
    this.progress.setAttribute("value", String(total ? Math.round((done / total) * 100) : 0));
    this.progressText.textContent = `Written ${done.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} rows…`;
  }

  private showResult(summary: PlanSummary, patch: WorkbookPatch): void {
    const result = runResult(summary, patch);
    replaceChildren(
      this.result,
      h("p", { className: "headline", id: "run-headline" }, result.headline),
      h(
        "ul",
        { className: "sheet-links" },
        ...result.sheets.map((s) =>
          h(
            "li",
            {},
            h("button", { className: "cell-link", attrs: { type: "button", "data-sheet": s.name }, on: { click: () => this.activate(s.name) } }, s.name),
            ` — ${s.rows.toLocaleString("en-US")} ${s.rows === 1 ? "row" : "rows"}${s.created ? " (new sheet)" : " added"}`,
          ),
        ),
      ),
    );
  }

  private activate(sheet: string): void {
    this.host?.activateSheet(sheet).catch((error: unknown) => this.setStatus(`Could not open sheet '${sheet}': ${error instanceof Error ? error.message : String(error)}`));
  }

  private async review(runId: string): Promise<void> {
    const host = this.host;
    if (!host || !runId) return;
    try {
      renderReview(this.reviewOutput, runId, reviewRows(await host.readSnapshot([SHEETS.reimbursements]), runId));
    } catch (error) {
      this.showError(error, "Review");
    }
  }

  /** File mode: a changed workbook can be downloaded. */
  private afterWrite(): void {
    if (this.host instanceof FileWorkbookHost && this.host.changed) this.downloadButton.hidden = false;
  }

  private download(): void {
    if (!(this.host instanceof FileWorkbookHost)) return;
    const { blob, name } = this.host.download();
    saveFile(blob, name);
  }
}

export function mountApp(root: HTMLElement, options: AppOptions = {}): App {
  const app = new App(root, options);
  void app.start();
  return app;
}

