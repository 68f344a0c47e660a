import { ExportFormat } from "../export/prepare-export";
import { ValueElement, fluent, h, replaceChildren, setDisabled } from "./dom";
import { describeError } from "./error-model";
import { exportInvoices } from "./export-action";
import { ExportRequest, FORMAT_LABELS } from "./export-model";
import { downloadOutput, fileOutput } from "./file-output-view";
import { ActionSection, PaneContext, fileModeWarning, progressText } from "./pane-context";
import { renderError } from "./problems-view";
import { fillRunSelect, labelled } from "./run-select";

/** A fluent-checkbox: its state is `checked`. */
interface CheckElement extends ValueElement {
  checked: boolean;
}

/** The scope option for "every invoice", apart from any run id a cell could hold. */
const ALL_INVOICES = "*";

/** Section 6: vendor invoices to accounts payable, as `reimburse export` does. */
export class ExportSection implements ActionSection {
  readonly element: HTMLElement;
  private readonly format: ValueElement;
  private readonly scope = fluent("fluent-select", { id: "export-scope" });
  private readonly again = fluent("fluent-checkbox", { id: "export-again" }, "Export again invoices already exported") as CheckElement;
  private readonly button = fluent("fluent-button", { id: "export-button", attrs: { appearance: "accent" } }, "Export");
  private readonly problems = h("div", { id: "export-problems", className: "problems-box", attrs: { role: "alert", hidden: true } });
  private readonly status = h("div", { className: "status", attrs: { "aria-live": "polite" } });
  private readonly output = h("div", { id: "export-output", attrs: { "aria-live": "polite" } });

  constructor(private readonly pane: PaneContext) {
    this.format = fluent(
      "fluent-radio-group",
      { id: "export-format", attrs: { orientation: "vertical", value: "d365" } },
      h("label", { attrs: { slot: "label" } }, "Format"),
      ...(Object.keys(FORMAT_LABELS) as ExportFormat[]).map((f) =>
        fluent("fluent-radio", { id: `export-format-${f}`, attrs: { value: f, checked: f === "d365" ? true : undefined } }, f === "d365" ? FORMAT_LABELS[f] : "Plain CSV (the sheet's columns)"),
      ),
    );
    this.button.addEventListener("click", () => void this.export());
    this.setRuns([]);
    this.element = h(
      "div",
      { className: "export" },
      h("p", { className: "status" }, "Writes the vendor invoices to a file for accounts payable and marks them Exported, so the next export leaves them out."),
      this.format,
      labelled("Invoices", this.scope),
      h("div", { className: "field" }, this.again),
      h("div", { className: "actions" }, this.button),
      this.problems,
      this.status,
      this.output,
    );
  }

  setState({ connected, busy }: { connected: boolean; busy: boolean }): void {
    setDisabled(this.button, !connected || busy);
  }

  reset(): void {
    renderError(this.problems, null, this.pane.showCell);
    replaceChildren(this.output);
  }

  workbookChanged(): void {
    // Nothing awaits confirmation here: an export reads the workbook when it starts.
  }

  setRuns(runs: readonly string[]): void {
    fillRunSelect(this.scope, runs, { value: ALL_INVOICES, label: "All runs" }, "");
  }

  private request(): ExportRequest {
    const scope = this.scope.value;
    return { format: this.format.value === "csv" ? "csv" : "d365", runId: scope && scope !== ALL_INVOICES ? scope : null, again: this.again.checked === true };
  }

  private export(): Promise<void> {
    return this.pane.busy(async () => {
      const host = this.pane.host();
      if (!host) return;
      this.reset();
      this.status.textContent = "Reading the workbook…";
      try {
        const outcome = await exportInvoices(host, this.request(), this.pane.now(), (done, total) => (this.status.textContent = progressText(host, done, total)));
        this.status.textContent = "";
        if (outcome.kind === "nothing") {
          replaceChildren(this.output, h("p", { className: "headline", id: "export-headline" }, outcome.message));
          return;
        }
        // The marks are written: only now may the file leave the pane (export-action.ts says why).
        downloadOutput(outcome.file);
        const warning = fileModeWarning(host, "Exported marks", "export these invoices");
        replaceChildren(
          this.output,
          h("p", { className: "headline", id: "export-headline" }, outcome.headline),
          warning ? h("p", { className: "warning" }, warning) : null,
          fileOutput(outcome.file, "export"),
        );
        await this.pane.written();
      } catch (error) {
        renderError(this.problems, describeError(error, "The export"), this.pane.showCell);
      } finally {
        this.status.textContent = "";
      }
    });
  }
}
