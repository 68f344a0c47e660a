import { Language } from "../i18n/catalogue";
import { currentLanguage, languageFor, setLanguage, t } from "../i18n/i18n";
import { SHEETS } from "../workbook/contract";
import { SheetPatch } from "../workbook/grid";
import { Selection } from "../core/types";
import { runApproval } from "./approval-model";
import { readSignOff, renderApproval } from "./approval-view";
import { describeCell } from "./cell-locator";
import { fluent, h, nextFrame, replaceChildren, setDisabled } from "./dom";
import { saveFile } from "./download";
import { describeError } from "./error-model";
import { ExceptionTable } from "./exceptions-view";
import { ExportSection } from "./export-view";
import { FileWorkbookHost } from "./file-host";
import { ActionSection, PaneContext, stagePercent, stageText } from "./pane-context";
import { PaySection } from "./payment-view";
import { ExceptionItem, exceptionsHeading, previewModel } from "./preview-model";
import { renderError } from "./problems-view";
import { HistoryView, renderReview } from "./review-view";
import { ReverseSection } from "./reversal-view";
import { StatusSection } from "./status-view";
import { Engine, EngineRuns, HostEngine, JobRunner, PlanUnit, RunEngine, RunPlan, Stage } from "./run-engine";
import { runHeadline } from "./run-result";
import { selectionText } from "./selection-input";
import { SelectionView } from "./selection-view";
import { EMPTY_SETTINGS, settingsFromSnapshot } from "./settings";
import { SettingsView } from "./settings-view";
import { saveSettingsAsking } from "./formula-choice";
import { StepId, StepsView } from "./steps-view";
import { WorkbookHost } from "./workbook-host";
import { WorkerStartError } from "./worker/worker-client";
import { WorkerWorkbookHost } from "./worker/worker-host";
import { jobRunner, startWorker } from "./worker/worker-runner";

export interface AppOptions {
  /** The workbook open in Excel; absent in a plain browser, where the user opens a file. */
  excelHost?: WorkbookHost;
  now?: () => Date;
  /** Office's display language in Excel, the browser's in file mode (BCP 47, e.g. "nl-NL"). */
  displayLanguage?: string;
  /** The engine worker's script; null (or a browser without workers) runs the engine on the main thread. */
  workerUrl?: URL | null;
}

interface Preview {
  plan: RunPlan;
  selection: Selection;
  needsConfirmation: boolean;
  now: Date;
}

/** The user's own choice of language outlives the pane (localStorage; absent in some hosts). */
const LANGUAGE_KEY = "reimburse.language";

function storedLanguage(): Language | null {
  try {
    const value = globalThis.localStorage?.getItem(LANGUAGE_KEY);
    return value === "en" || value === "nl-NL" ? value : null;
  } catch {
    return null;
  }
}

function storeLanguage(language: Language): void {
  try {
    globalThis.localStorage?.setItem(LANGUAGE_KEY, language);
  } catch {
    // A host without storage forgets the choice when the pane closes.
  }
}

/** The task pane: five steps over one WorkbookHost, one visible at a time. */
export class App {
  private host: WorkbookHost | null = null;
  private engine: RunEngine | null = null;
  private workbookEngine: Engine | null = null;
  /** Excel mode: where jobs run on the snapshot Office.js read (the engine worker, made once). */
  private runner: JobRunner | null = null;
  private preview: Preview | null = null;
  private busy = false;
  private fileName = "";
  /** The file line's text, kept as a function so a language switch words it anew. */
  private fileStatus: () => string = () => t("file.none");
  private readonly now: () => Date;
  /** The row or list item of the last cell link clicked: file mode shows the cell right there. */
  private anchor: Element | null = null;

  private steps!: StepsView;
  private problems!: Record<StepId, HTMLElement>;
  private locator!: HTMLElement;
  private fileNameText!: HTMLElement;
  private fileInput!: HTMLInputElement;
  private downloadButton!: HTMLElement;
  private settings!: SettingsView;
  private selection!: SelectionView;
  private prepareButton!: HTMLElement;
  private previewButton!: HTMLElement;
  private previewOutput!: HTMLElement;
  private exceptionsHeading!: HTMLElement;
  private exceptions!: ExceptionTable;
  private toRunButton!: HTMLElement;
  private runIntro!: HTMLElement;
  private approval!: HTMLElement;
  private runButton!: HTMLElement;
  private confirmBox!: HTMLElement;
  private progress!: HTMLElement;
  private progressText!: HTMLElement;
  private previewProgress!: HTMLElement;
  private previewProgressText!: HTMLElement;
  private result!: HTMLElement;
  private history!: HistoryView;
  private status!: HTMLElement;
  private actions!: ActionSection[];

  constructor(
    private readonly root: HTMLElement,
    private readonly options: AppOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    const display = options.displayLanguage ?? globalThis.navigator?.language ?? "en-US";
    const language = storedLanguage() ?? languageFor(display);
    setLanguage(language, display);
    // Which row's link was clicked: file mode shows the cell's content right below it.
    root.addEventListener("click", (e) => {
      const link = (e.target as Element | null)?.closest?.(".cell-link");
      if (link) this.anchor = link.closest("tr, li") ?? link;
    }, true);
    this.render();
  }

  async start(): Promise<void> {
    if (this.options.excelHost) await this.connect(this.options.excelHost);
  }

  /** Switches the pane's language; the workbook stays open and is read again. */
  async switchLanguage(language: Language): Promise<void> {
    if (language === currentLanguage() || this.busy) return;
    storeLanguage(language);
    const display = this.options.displayLanguage ?? globalThis.navigator?.language ?? "";
    setLanguage(language, languageFor(display) === language ? display : undefined);
    this.render();
    if (this.host) await this.connect(this.host);
    (this.root.querySelector("#language") as HTMLElement | null)?.focus();
  }

  /** Builds every element of the pane in the current language. */
  private render(): void {
    document.documentElement.lang = currentLanguage() === "nl-NL" ? "nl" : "en";
    const problemsBox = (id: StepId): HTMLElement => h("div", { id: `${id}-problems`, className: "problems-box", attrs: { role: "alert", hidden: true, tabindex: "-1" } });
    this.problems = { prepare: problemsBox("prepare"), preview: problemsBox("preview"), run: problemsBox("run"), pay: problemsBox("pay"), history: problemsBox("history") };
    this.locator = h("div", { id: "cell-locator", className: "locator", attrs: { "aria-live": "polite", hidden: true } });
    this.fileNameText = h("span", { id: "file-name", className: "status" }, this.fileStatus());
    this.fileInput = h("input", { id: "file-input", attrs: { type: "file", accept: ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", hidden: true, "aria-label": t("file.open") } });
    this.fileInput.addEventListener("change", () => void this.openFile());
    this.downloadButton = fluent("fluent-button", { id: "download", attrs: { appearance: "accent", hidden: this.hostChanged() ? undefined : true }, on: { click: () => void this.download() } }, t("file.download"));
    this.settings = new SettingsView(this.now, () => this.invalidatePreview(), () => void this.withBusy(async () => void (await this.saveSettings())));
    this.selection = new SelectionView(() => this.invalidatePreview());
    // The label never changes under the pointer: a field's change event fires on the mousedown
    // that starts the click, and replacing the text there lost the click (issue 14).
    this.prepareButton = fluent("fluent-button", { id: "prepare-preview", attrs: { appearance: "accent" }, on: { click: () => void this.doPreview() } }, t("preview.button"));
    this.previewButton = fluent("fluent-button", { id: "preview-button", attrs: { appearance: "accent" }, on: { click: () => void this.doPreview() } }, t("preview.buttonAgain"));
    this.previewOutput = h("div", { id: "preview-output", attrs: { "aria-live": "polite" } });
    this.previewProgress = fluent("fluent-progress", { id: "preview-progress", attrs: { min: "0", max: "100", hidden: true, "aria-label": t("progress.label") } });
    this.previewProgressText = h("div", { id: "preview-progress-text", className: "status", attrs: { "aria-live": "polite" } });
    this.exceptionsHeading = h("p", { className: "subhead", id: "preview-exceptions-heading" });
    this.exceptions = new ExceptionTable((s, a) => this.showCell(s, a), (items) => this.writeExceptions(items));
    this.exceptions.set([]);
    this.toRunButton = fluent("fluent-button", { id: "to-run", attrs: { appearance: "outline", hidden: true }, on: { click: () => this.steps.show("run", true) } }, t("preview.toRun"));
    this.runIntro = h("p", { className: "status", id: "run-intro" }, t("run.previewFirst"));
    this.approval = h("div", { id: "run-approval", className: "approval", attrs: { hidden: true } });
    this.runButton = fluent("fluent-button", { id: "run-button", attrs: { appearance: "accent", disabled: true }, on: { click: () => void this.doRun(false) } }, t("run.button"));
    this.confirmBox = h("div", { id: "confirm", className: "confirm", attrs: { role: "alertdialog", "aria-labelledby": "confirm-text", hidden: true } });
    this.progress = fluent("fluent-progress", { id: "progress", attrs: { min: "0", max: "100", hidden: true, "aria-label": t("progress.label") } });
    this.progressText = h("div", { id: "progress-text", className: "status", attrs: { "aria-live": "polite" } });
    this.result = h("div", { id: "run-result" });
    this.history = new HistoryView((runId) => void this.review(runId));
    this.status = h("div", { id: "status", className: "status", attrs: { "aria-live": "polite" } });

    const pane: PaneContext = {
      host: () => this.host,
      engine: (host) => this.engineOf(host),
      now: () => this.now(),
      busy: (work) => this.withBusy(work),
      showCell: (s, a) => this.showCell(s, a),
      written: (runId) => this.written(runId),
      workbookName: () => this.workbookName(),
    };
    const exportSection = new ExportSection(pane);
    const paySection = new PaySection(pane);
    const reverseSection = new ReverseSection(pane);
    const statusSection = new StatusSection(pane);
    this.actions = [exportSection, paySection, statusSection, reverseSection];

    const opener = this.options.excelHost
      ? null
      : h(
          "div",
          { className: "card", id: "open" },
          h("h2", {}, t("file.title")),
          h("p", { className: "status" }, t("file.intro")),
          h("div", { className: "actions" }, fluent("fluent-button", { id: "open-button", attrs: { appearance: "outline" }, on: { click: () => this.fileInput.click() } }, t("file.open"))),
          this.fileInput,
          this.fileNameText,
        );
    const panels: Record<StepId, HTMLElement> = {
      prepare: h("section", {}, this.problems.prepare, opener, this.settings.element, this.selection.element, h("div", { className: "actions" }, this.prepareButton)),
      preview: h(
        "section",
        {},
        h("h2", {}, t("step.preview")),
        this.problems.preview,
        h("div", { className: "actions" }, this.previewButton),
        this.previewProgress,
        this.previewProgressText,
        this.previewOutput,
        this.exceptionsHeading,
        this.exceptions.element,
        h("div", { className: "actions" }, this.toRunButton),
      ),
      run: h(
        "section",
        {},
        h("h2", {}, t("step.run")),
        this.problems.run,
        this.runIntro,
        this.approval,
        h("div", { className: "actions" }, this.runButton),
        this.confirmBox,
        this.progress,
        this.progressText,
        this.result,
      ),
      pay: h("section", {}, this.problems.pay, exportSection.element, paySection.element, statusSection.element),
      history: h("section", {}, this.problems.history, this.history.element, reverseSection.element),
    };
    const previous = this.steps?.active ?? "prepare";
    this.steps = new StepsView(panels);
    this.steps.show(previous);
    const language = h(
      "select",
      { id: "language", className: "language", attrs: { "aria-label": t("language.label") }, on: { change: (e) => void this.switchLanguage((e.target as HTMLSelectElement).value as Language) } },
      h("option", { attrs: { value: "en", selected: currentLanguage() === "en" ? true : undefined, lang: "en" } }, "English"),
      h("option", { attrs: { value: "nl-NL", selected: currentLanguage() === "nl-NL" ? true : undefined, lang: "nl" } }, "Nederlands"),
    );
    replaceChildren(
      this.root,
      h(
        "header",
        {},
        h("div", { className: "title-row" }, h("h1", {}, "Reimburse"), language),
        h("p", { className: "status", id: "mode" }, this.options.excelHost ? t("mode.excel") : t("mode.file")),
        // In the header, so it is at hand on every step once something was written.
        this.options.excelHost ? null : h("div", { className: "actions" }, this.downloadButton),
      ),
      this.steps.tablist,
      ...Object.values(panels),
      this.locator,
      this.status,
    );
    this.setConnected(this.host !== null);
  }

  private hostChanged(): boolean {
    const host = this.host;
    return (host instanceof FileWorkbookHost || host instanceof WorkerWorkbookHost) && host.changed;
  }

  private workbookName(): string {
    return this.options.excelHost ? t("approval.thisWorkbook") : this.fileName;
  }

  private setConnected(connected: boolean): void {
    this.settings.setEnabled(connected);
    setDisabled(this.previewButton, !connected || this.busy);
    setDisabled(this.prepareButton, !connected || this.busy);
    this.history.setEnabled(connected && !this.busy);
    this.updateRunButton();
    this.updateActions();
  }

  private updateActions(): void {
    for (const a of this.actions) a.setState({ connected: this.host !== null, busy: this.busy });
  }

  private async connect(host: WorkbookHost): Promise<void> {
    this.host = host;
    this.workbookEngine = this.engineOf(host);
    this.engine = new EngineRuns(this.workbookEngine);
    this.invalidatePreview();
    replaceChildren(this.result);
    for (const a of this.actions) a.reset();
    this.showError(null, "", "prepare");
    this.setConnected(true);
    try {
      this.settings.load(settingsFromSnapshot(await host.readSnapshot([SHEETS.parameters])));
    } catch (error) {
      this.settings.load(EMPTY_SETTINGS);
      this.showError(error, t("action.readSettings"), "prepare", false);
    }
    await this.refreshRuns();
  }

  /** The run lists of History, Export and Reverse, from the Reimbursement runs sheet; History shows the newest run. */
  private async refreshRuns(show?: string): Promise<void> {
    const engine = this.workbookEngine;
    if (!engine) return;
    let runs: string[] = [];
    try {
      runs = await engine.plan("runs", {});
    } catch {
      // An unreadable runs sheet leaves the lists empty; Reverse names the problem when it reads it.
    }
    for (const a of this.actions) a.setRuns(runs);
    this.history.setRuns(runs, show);
    this.history.setEnabled(!this.busy);
    const chosen = this.history.selected();
    if (chosen) await this.review(chosen);
  }

  /** After any write: what was previewed or checked may no longer hold, and a run may be new. */
  private async written(reviewRunId?: string): Promise<void> {
    this.afterWrite();
    this.invalidatePreview();
    for (const a of this.actions) a.workbookChanged();
    await this.refreshRuns(reviewRunId);
  }

  private async openFile(): Promise<void> {
    const file = this.fileInput.files?.[0];
    if (!file) return;
    const previous = this.fileName;
    this.setFileStatus(() => t("file.opening", { name: file.name }));
    try {
      const bytes = await file.arrayBuffer();
      const view = { showCell: (s: string, a: string) => void this.locate(s, a), showSheet: (s: string) => void this.locate(s, "") };
      let host: WorkbookHost;
      const worker = startWorker(this.options.workerUrl);
      const opened = worker ? await WorkerWorkbookHost.open(worker, bytes.slice(0), file.name, view).catch((error: unknown) => {
        if (error instanceof WorkerStartError) return null; // no worker here after all: the main thread opens it
        throw error;
      }) : null;
      if (opened) {
        host = opened;
      } else {
        const fileHost = new FileWorkbookHost(bytes, file.name, view);
        await fileHost.readSnapshot(); // a file that is not an .xlsx fails here, before the form is filled
        host = fileHost;
      }
      if (this.host instanceof WorkerWorkbookHost) this.host.close();
      this.fileName = file.name;
      this.setFileStatus(() => t("file.openName", { name: file.name }));
      this.downloadButton.hidden = true;
      await this.connect(host);
    } catch (error) {
      // The workbook open before (if any) stays the one the pane works on, and says so.
      this.setFileStatus(() => (previous ? t("file.failedKept", { name: file.name, previous }) : t("file.failed", { name: file.name })));
      const reason = error instanceof Error ? error.message : String(error);
      this.showError(new Error(t("file.notWorkbook", { name: file.name, reason })), t("action.open"), "prepare");
    } finally {
      this.fileInput.value = "";
    }
  }

  private setFileStatus(text: () => string): void {
    this.fileStatus = text;
    this.fileNameText.textContent = text();
  }

  /** File mode's stand-in for selecting a cell in Excel: the cell's content, shown beside the link clicked. */
  private async locate(sheet: string, address: string): Promise<void> {
    // Described in the engine worker: the sheet stays there, only the sentence comes back.
    const described = await this.workbookEngine?.plan("cell", { sheet, address }).catch(() => null);
    replaceChildren(this.locator, h("mark", {}, described ?? describeCell(null, sheet, address)));
    this.locator.hidden = false;
    const anchor = this.anchor;
    this.root.querySelectorAll("tr.locator-row").forEach((r) => r.remove());
    if (anchor instanceof HTMLTableRowElement) {
      const row = h("tr", { className: "locator-row" }, h("td", { attrs: { colspan: String(anchor.cells.length || 4) } }, this.locator));
      anchor.after(row);
    } else if (anchor) {
      anchor.appendChild(this.locator);
    } else {
      this.status.before(this.locator);
    }
    this.locator.scrollIntoView?.({ block: "nearest" });
  }

  private showCell(sheet: string, address: string): void {
    if (!this.host) return;
    this.host.selectCell(sheet, address).catch((error: unknown) => {
      this.setStatus(t("error.showCell", { where: address ? t("error.cellOf", { address }) : "", sheet, reason: error instanceof Error ? error.message : String(error) }));
    });
  }

  /** An error in the step it concerns, shown there and focused. */
  private showError(error: unknown, action: string, step: StepId, focus = true): void {
    if (error !== null && focus) this.steps.show(step);
    renderError(this.problems[step], error === null ? null : describeError(error, action), (s, a) => this.showCell(s, a), focus);
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }

  private invalidatePreview(): void {
    this.preview = null;
    this.confirmBox.hidden = true;
    replaceChildren(this.previewOutput);
    this.exceptionsHeading.textContent = "";
    this.exceptions.set([]);
    this.toRunButton.hidden = true;
    this.runIntro.textContent = t("run.previewFirst");
    this.runIntro.hidden = false;
    renderApproval(this.approval, null, "run");
    this.updateRunButton();
  }

  private updateRunButton(): void {
    setDisabled(this.runButton, this.busy || !this.preview || !previewModel(this.preview.plan.summary).canRun);
  }

  private async withBusy(work: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    for (const b of [this.previewButton, this.prepareButton, this.runButton, this.settings.saveButton]) setDisabled(b, true);
    this.history.setEnabled(false);
    this.updateActions();
    try {
      await work();
    } finally {
      this.busy = false;
      this.setConnected(this.host !== null);
      this.settings.refresh();
    }
  }

  private async saveSettings(): Promise<boolean> {
    const host = this.host;
    const check = this.settings.check();
    if (!host || !check.values) return false;
    try {
      // Only the fields changed since the form was loaded: the sheet's own later edits, formulas and formats stay;
      // a changed field over a formula is asked about first ("Replace the formula" / "Keep it").
      const outcome = await saveSettingsAsking((values, options) => host.saveParameters(values, options), this.settings.text(), this.settings.savedText(), this.now(), (q) => this.settings.askFormula(q));
      this.settings.show(outcome.text);
      if (!outcome.written) {
        this.settings.formulasKept(outcome.kept.length);
        return true;
      }
      this.settings.markSaved();
      if (outcome.kept.length) this.settings.formulasKept(outcome.kept.length);
      this.invalidatePreview();
      this.afterWrite();
      return true;
    } catch (error) {
      this.showError(error, t("action.saveSettings"), "prepare");
      return false;
    }
  }

  /** The first field with a message, focused, on the Prepare step. */
  private focusInvalidField(): void {
    this.steps.show("prepare");
    const invalid = this.root.querySelector<HTMLElement>("#step-prepare [aria-invalid='true'], #step-prepare .field-message.invalid:not(:empty)");
    const field = invalid?.classList.contains("field-message") ? invalid.previousElementSibling : invalid;
    (field as HTMLElement | null)?.focus();
  }

  private showStage(bar: HTMLElement, text: HTMLElement, stage: Stage, done: number, total: number, unit?: PlanUnit): void {
    bar.hidden = false;
    bar.setAttribute("value", String(stagePercent(stage, done, total)));
    text.textContent = stageText(this.host, stage, done, total, unit);
  }

  /** The file host in the worker is its own engine; Excel (or a file on this thread) posts its snapshots to the worker. */
  private engineOf(host: WorkbookHost): Engine {
    if (host instanceof WorkerWorkbookHost) return host;
    if (this.workbookEngine?.host === host) return this.workbookEngine;
    this.runner ??= jobRunner(host.mode === "excel" ? this.options.workerUrl : null);
    return new HostEngine(host, this.runner);
  }

  private async doPreview(): Promise<void> {
    await this.withBusy(async () => {
      const engine = this.engine;
      if (!this.host || !engine) return;
      this.showError(null, "", "prepare");
      this.showError(null, "", "preview");
      const selection = this.selection.check();
      if (!selection.selection) {
        this.showError(new Error(t("preview.selectionIncomplete")), t("action.preview"), "prepare", false);
        this.focusInvalidField();
        return;
      }
      if (this.settings.dirty) {
        if (!this.settings.check().values) {
          this.showError(new Error(t("preview.settingsInvalid")), t("action.preview"), "prepare", false);
          this.focusInvalidField();
          return;
        }
        if (!(await this.saveSettings())) return;
      }
      this.steps.show("preview");
      const now = this.now();
      try {
        const plan = await engine.preview(selection.selection, now, (stage, done, total, unit) => this.showStage(this.previewProgress, this.previewProgressText, stage, done, total, unit));
        // The sheet is the truth: in Excel the user may have edited Parameters since the pane read it.
        if (!this.settings.dirty) {
          try {
            this.settings.load(settingsFromSnapshot(await this.host.readSnapshot([SHEETS.parameters])));
          } catch {
            // The preview reported the same problem with its sheet and cell.
          }
        }
        this.preview = { plan, selection: selection.selection, needsConfirmation: selection.needsConfirmation, now };
        await this.showPreview(this.preview);
      } catch (error) {
        this.showError(error, t("action.preview"), "preview");
      } finally {
        this.previewProgress.hidden = true;
        this.previewProgressText.textContent = "";
      }
    });
  }

  /** Renders in three tasks (figures, exceptions, approval), so a large book's preview never blocks the pane for long. */
  private async showPreview(preview: Preview): Promise<void> {
    const { summary } = preview.plan;
    const selection = selectionText(preview.selection);
    const model = previewModel(summary, selection);
    const totals = model.totals.length
      ? h(
          "div",
          { className: "table-wrap" },
          h(
            "table",
            { className: "totals", id: "preview-totals" },
            h("thead", {}, h("tr", {}, ...[t("table.currency"), t("table.credits"), t("table.amount"), t("table.accounting", { currency: summary.accountingCurrency })].map((c, i) => h("th", { className: i ? "num" : "", attrs: { scope: "col" } }, c)))),
            h("tbody", {}, ...model.totals.map((r) => h("tr", {}, h("td", {}, r.currency), h("td", { className: "num" }, r.count), h("td", { className: "num" }, r.amount), h("td", { className: "num" }, r.accountingAmount)))),
          ),
        )
      : null;
    replaceChildren(
      this.previewOutput,
      h("p", { className: "headline", id: "preview-headline" }, model.headline),
      h("p", { className: "status" }, model.selection),
      totals,
      model.totals.length > 1 ? h("p", { className: "status" }, t("preview.accountingTotal", { total: model.accountingTotal })) : null,
      model.vendors.length
        ? h("details", { id: "preview-vendors" }, h("summary", {}, model.vendorsHeading), h("ul", {}, ...model.vendors.map((v) => h("li", {}, v))))
        : h("p", { className: "status" }, model.vendorsHeading),
    );
    await nextFrame();
    if (this.preview !== preview) return;
    this.exceptionsHeading.textContent = exceptionsHeading(summary);
    this.exceptions.set(model.exceptions);
    this.toRunButton.hidden = false;
    this.runIntro.textContent = model.canRun ? t("run.intro") : t("run.nothing");
    await nextFrame();
    if (this.preview !== preview) return;
    renderApproval(this.approval, model.canRun ? runApproval(summary, preview.plan.payees, this.workbookName(), this.timestamp(preview.now), selection) : null, "run");
    this.updateRunButton();
  }

  private timestamp(date: Date): string {
    return date.toISOString().slice(0, 16).replace("T", " ") + " UTC";
  }

  /** "Write to sheet": the exceptions shown, on a new sheet of their own (the run's sheet comes with the run). */
  private async writeExceptions(items: ExceptionItem[]): Promise<string> {
    const host = this.host;
    const preview = this.preview;
    if (!host || !preview) return "";
    let result = "";
    await this.withBusy(async () => {
      try {
        const base = `Exceptions ${preview.plan.summary.runId}`.slice(0, 28);
        let name = base;
        for (let i = 2; (await host.readSnapshot([name])).sheets.length; i++) name = `${base} ${i}`;
        const header = [t("table.customer"), t("table.currency"), t("table.amount"), t("table.reason"), t("table.sheet"), t("table.cell")];
        const patch: SheetPatch = {
          sheet: name, create: true, headerRow: 1, header, columnKinds: ["text", "text", "amount", "text", "text", "text"],
          blocks: [{ row: 1, col: 1, values: [header, ...items.map((e) => [e.customer, e.currency, e.balance ? Number(e.balance) : null, e.reason, e.sheet, e.cell])] }],
        };
        await host.apply({ sheets: [patch] });
        this.afterWrite();
        result = t("exceptions.written", { n: items.length, sheet: name });
      } catch (error) {
        this.showError(error, t("action.writeExceptions"), "preview");
      }
    });
    return result;
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
    const model = previewModel(preview.plan.summary, selectionText(preview.selection));
    const confirm = fluent("fluent-button", { id: "confirm-run", attrs: { appearance: "accent" }, on: { click: () => void this.doRun(true) } }, t("run.confirmAll"));
    replaceChildren(
      this.confirmBox,
      h("p", { id: "confirm-text" }, t("run.confirmText", { headline: model.headline })),
      h(
        "div",
        { className: "actions" },
        confirm,
        fluent("fluent-button", { id: "cancel-run", attrs: { appearance: "outline" }, on: { click: () => ((this.confirmBox.hidden = true), this.runButton.focus()) } }, t("common.cancel")),
      ),
    );
    this.confirmBox.hidden = false;
    confirm.focus();
  }

  private async execute(preview: Preview): Promise<void> {
    const engine = this.engine;
    if (!engine) return;
    this.showError(null, "", "run");
    replaceChildren(this.result);
    try {
      // Read before the preview is dropped: the approval page goes with it.
      const signOff = readSignOff(this.approval);
      // A second click must not run the same credits twice: the next run needs a new preview.
      this.invalidatePreview();
      const written = await engine.run(preview.selection, preview.now, preview.plan.summary, (stage, done, total, unit) => this.showStage(this.progress, this.progressText, stage, done, total, unit), signOff);
      this.showResult(written);
      await this.written(written.summary.runId);
      (this.result.querySelector("#run-headline") as HTMLElement | null)?.focus();
    } catch (error) {
      this.showError(error, t("action.run"), "run");
    } finally {
      this.progress.hidden = true;
      this.progressText.textContent = "";
    }
  }

  private showResult(plan: RunPlan): void {
    replaceChildren(
      this.result,
      h("p", { className: "headline", id: "run-headline", attrs: { tabindex: "-1" } }, runHeadline(plan.summary)),
      h(
        "ul",
        { className: "sheet-links" },
        ...plan.sheets.map((s) =>
          h(
            "li",
            {},
            h("button", { className: "cell-link", attrs: { type: "button", "data-sheet": s.name }, on: { click: () => this.activate(s.name) } }, s.name),
            " — ",
            t(s.created ? "run.sheetCreated" : "run.sheetAdded", { n: s.rows }),
          ),
        ),
      ),
      h("p", { className: "status" }, t("run.next")),
    );
  }

  private activate(sheet: string): void {
    this.host?.activateSheet(sheet).catch((error: unknown) => this.setStatus(t("error.openSheet", { sheet, reason: error instanceof Error ? error.message : String(error) })));
  }

  private async review(runId: string): Promise<void> {
    const engine = this.workbookEngine;
    if (!engine || !runId) return;
    try {
      renderReview(this.history.output, runId, await engine.plan("review", { runId }));
    } catch (error) {
      this.showError(error, t("action.review"), "history", false);
    }
  }

  /** File mode: a changed workbook can be downloaded. */
  private afterWrite(): void {
    if (this.hostChanged()) this.downloadButton.hidden = false;
  }

  private async download(): Promise<void> {
    const host = this.host;
    if (host instanceof FileWorkbookHost) {
      const { blob, name } = host.download();
      saveFile(blob, name);
    } else if (host instanceof WorkerWorkbookHost) {
      const { blob, name } = await host.download();
      saveFile(blob, name);
    }
  }
}

export function mountApp(root: HTMLElement, options: AppOptions = {}): App {
  const app = new App(root, options);
  void app.start();
  return app;
}
