import { countText, t } from "../i18n/i18n";
import { MessageKey } from "../i18n/catalogue";
import { fluent, h, replaceChildren, setDisabled } from "./dom";
import { ReviewTable } from "./review-model";
import { fillRunSelect, labelled } from "./run-select";

const HEADER_KEYS: Record<string, MessageKey> = {
  "Customer account": "table.customer",
  "Customer name": "table.name",
  Currency: "table.currency",
  Amount: "table.amount",
  "Vendor account": "table.vendor",
  Invoice: "table.invoice",
  Status: "table.status",
};

/** A run's rows on the Reimbursements sheet, as a table that wraps instead of scrolling sideways. */
export function renderReview(container: HTMLElement, runId: string, table: ReviewTable): void {
  if (!table.total) {
    replaceChildren(container, h("p", { className: "status" }, t("review.none", { runId })));
    return;
  }
  replaceChildren(
    container,
    h("p", { className: "status", id: "review-count" }, t(table.rows.length < table.total ? "review.countCut" : "review.count", { n: table.total, runId, shown: countText(table.rows.length) })),
    h(
      "div",
      // Focusable, so a keyboard can scroll a long run (WCAG 2.1.1).
      { className: "table-wrap scroll", attrs: { tabindex: "0", role: "region", "aria-label": t("review.title") } },
      h(
        "table",
        { className: "review", id: "review-table" },
        h("thead", {}, h("tr", {}, ...table.header.map((c) => h("th", { attrs: { scope: "col" } }, HEADER_KEYS[c] ? t(HEADER_KEYS[c]) : c)))),
        h("tbody", {}, ...table.rows.map((r) => h("tr", {}, ...r.map((c, i) => h("td", { className: table.header[i] === "Amount" ? "num" : "" }, c))))),
      ),
    ),
  );
}

/** History: the workbook's runs, newest first, and the rows of the chosen one. */
export class HistoryView {
  readonly element: HTMLElement;
  readonly output = h("div", { id: "review-output" });
  private readonly run = fluent("fluent-select", { id: "history-run" });
  private runs: readonly string[] = [];
  /** The run shown: kept here, as the select learns of new options only once they are slotted. */
  private chosen = "";

  constructor(private readonly show: (runId: string) => void) {
    this.run.addEventListener("change", () => {
      this.chosen = (this.run.value ?? "").trim();
      this.show(this.chosen);
    });
    this.setRuns([]);
    this.element = h("div", { className: "card", id: "review" }, h("h2", {}, t("review.title")), labelled(t("review.run"), this.run), this.output);
  }

  selected(): string {
    return this.runs.length ? this.chosen : "";
  }

  /** Refills the list, keeping (case-insensitively) the chosen run, or choosing `prefer`. */
  setRuns(runs: readonly string[], prefer?: string): void {
    this.runs = runs;
    const same = (id: string) => (r: string) => r.trim().toUpperCase() === id.trim().toUpperCase();
    this.chosen = (prefer && runs.find(same(prefer))) || runs.find(same(this.chosen)) || runs[0] || "";
    this.run.value = this.chosen;
    fillRunSelect(this.run, runs, null, t("runs.none"));
    if (!runs.length) replaceChildren(this.output, h("p", { className: "status" }, t("review.noRuns")));
  }

  setEnabled(enabled: boolean): void {
    setDisabled(this.run, !enabled || !this.runs.length);
  }
}
