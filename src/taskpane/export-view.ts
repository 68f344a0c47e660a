import { EXPORT_FORMATS, ExportFormat } from "../export/prepare-export";
import { ActionView, PaneState } from "./action-view";
import { ValueElement, fluent, h, replaceChildren, setDisabled } from "./dom";
import { exportInvoices } from "./export-action";
import { t } from "../i18n/i18n";
import { ExportRequest, FORMATS, formatChoice } from "./export-model";
import { PaneContext } from "./pane-context";
import { fillRunSelect, labelled } from "./run-select";
import { fileOutput } from "./file-output-view";

/** A fluent-checkbox: its state is `checked`. */
interface CheckElement extends ValueElement {
  checked: boolean;
}

/** The scope option for "every invoice", apart from any run id a cell could hold. */
const ALL_INVOICES = "*";

/** Section 6: vendor invoices to accounts payable, as `reimburse export` does. */
export class ExportSection extends ActionView {
  readonly element: HTMLElement;
  private readonly format: ValueElement;
  private readonly scope = fluent("fluent-select", { id: "export-scope" });
  private readonly again = fluent("fluent-checkbox", { id: "export-again" }, t("export.again")) as CheckElement;
  private readonly button = fluent("fluent-button", { id: "export-button", attrs: { appearance: "accent" } }, t("export.button"));

  constructor(pane: PaneContext) {
    super(pane, "export");
    this.format = fluent(
      "fluent-radio-group",
      { id: "export-format", attrs: { orientation: "vertical", value: "d365" } },
      h("label", { attrs: { slot: "label" } }, t("export.formatLabel")),
      ...FORMATS.map((f) =>
        fluent("fluent-radio", { id: `export-format-${f}`, attrs: { value: f, checked: f === "d365" ? true : undefined } }, f === "d365" ? t("export.format.d365") : t("export.format.csv")),
      ),
    );
    this.button.addEventListener("click", () => void this.export());
    this.setRuns([]);
    this.element = h(
      "div",
      { className: "export card", id: "export" },
      h("h2", {}, t("export.title")),
      h("p", { className: "status" }, t("export.intro")),
      this.format,
      labelled(t("export.invoices"), this.scope),
      h("div", { className: "field" }, this.again),
      h("div", { className: "actions" }, this.button),
      this.problems,
      this.status,
      this.output,
    );
  }

  override setState({ connected, busy }: PaneState): void {
    setDisabled(this.button, !connected || busy);
  }

  override setRuns(runs: readonly string[]): void {
    fillRunSelect(this.scope, runs, { value: ALL_INVOICES, label: t("export.allRuns") }, "");
  }

  private request(): ExportRequest {
    const scope = this.scope.value;
    const format = EXPORT_FORMATS.find((f) => f === this.format.value) ?? "d365";
    return { format, runId: scope && scope !== ALL_INVOICES ? scope : null, again: this.again.checked === true };
  }

  private export(): Promise<void> {
    return this.runAction(t("action.export"), async (host) => {
      const outcome = await this.writing(host, (progress) => exportInvoices(this.pane.engine(host), this.request(), this.pane.now(), progress));
      if (outcome.kind === "nothing") {
        replaceChildren(this.output, h("p", { className: "headline", id: "export-headline" }, outcome.message));
        return;
      }
      // The marks are written: only now may the file leave the pane (export-action.ts says why).
      this.deliver(this.output, host, outcome, { headlineId: "export-headline", filePrefix: "export", marks: t("export.marks"), twice: t("export.twice") });
      // A companion (csv: the one-time vendors) is offered beside it, not downloaded unasked.
      outcome.companions.forEach((file, i) => this.output.append(fileOutput(file, `export-companion-${i}`)));
      await this.pane.written();
    });
  }
}
