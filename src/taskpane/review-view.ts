import { h, replaceChildren } from "./dom";
import { ReviewTable } from "./review-model";

/** Section 5's table: a run's rows on the Reimbursements sheet. */
export function renderReview(container: HTMLElement, runId: string, table: ReviewTable): void {
  if (!table.total) {
    replaceChildren(container, h("p", { className: "status" }, `No row of sheet Reimbursements has run id ${runId}.`));
    return;
  }
  replaceChildren(
    container,
    h("p", { className: "status" }, `${table.total.toLocaleString("en-US")} rows of run ${runId}${table.rows.length < table.total ? ` (first ${table.rows.length} shown)` : ""}.`),
    h(
      "div",
      { className: "scroll" },
      h(
        "table",
        { className: "review", id: "review-table" },
        h("thead", {}, h("tr", {}, ...table.header.map((c) => h("th", {}, c)))),
        h("tbody", {}, ...table.rows.map((r) => h("tr", {}, ...r.map((c, i) => h("td", { className: table.header[i] === "Amount" ? "num" : "" }, c))))),
      ),
    ),
  );
}
