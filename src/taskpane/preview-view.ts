import { h, replaceChildren } from "./dom";
import { PreviewModel } from "./preview-model";
import { ShowCell, problemList } from "./problems-view";

/** Section 3's output: counts, totals per currency, new one-time vendors, exceptions. */
export function renderPreview(container: HTMLElement, model: PreviewModel | null, exceptionsHeading: string, showCell: ShowCell): void {
  container.hidden = model === null;
  if (!model) {
    replaceChildren(container);
    return;
  }
  const totals = model.totals.length
    ? h(
        "table",
        { className: "totals", id: "preview-totals" },
        h("thead", {}, h("tr", {}, h("th", {}, "Currency"), h("th", {}, "Credits"), h("th", {}, "Amount"), h("th", {}, "Accounting"))),
        h(
          "tbody",
          {},
          ...model.totals.map((t) => h("tr", {}, h("td", {}, t.currency), h("td", { className: "num" }, t.count), h("td", { className: "num" }, t.amount), h("td", { className: "num" }, t.accountingAmount))),
        ),
      )
    : null;
  replaceChildren(
    container,
    h("p", { className: "headline", id: "preview-headline" }, model.headline),
    h("p", { className: "status" }, model.selection),
    totals,
    model.totals.length > 1 ? h("p", { className: "status" }, `Total in accounting currency: ${model.accountingTotal}`) : null,
    model.vendors.length
      ? h("details", { id: "preview-vendors" }, h("summary", {}, `${model.vendors.length} one-time vendors to create`), h("ul", {}, ...model.vendors.map((v) => h("li", {}, v))))
      : h("p", { className: "status" }, "No one-time vendor to create."),
    h("p", { className: "subhead", id: "preview-exceptions-heading" }, exceptionsHeading),
    model.exceptions.length ? problemList(model.exceptions, showCell, "problems exceptions") : null,
    model.moreExceptions ? h("p", { className: "status" }, `… and ${model.moreExceptions.toLocaleString("en-US")} more, all listed on sheet Reimbursement exceptions after the run.`) : null,
  );
}
