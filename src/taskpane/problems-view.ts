import { t } from "../i18n/i18n";
import { h, replaceChildren } from "./dom";
import { ErrorModel, ProblemItem } from "./error-model";

export type ShowCell = (sheet: string, address: string) => void;

/**
 * A list of problems; those about a place in the workbook are buttons that show the cell.
 * Used for fatal errors and for the pay and reverse checks alike.
 */
export function problemList(items: readonly ProblemItem[], showCell: ShowCell, className = "problems"): HTMLUListElement {
  return h(
    "ul",
    { className },
    ...items.map((item) =>
      h(
        "li",
        {},
        item.sheet
          ? h("button", {
              className: "cell-link",
              attrs: { type: "button", title: t("problems.show", { cell: item.cell || item.sheet, sheet: item.sheet }), "data-sheet": item.sheet, "data-cell": item.cell ?? "" },
              on: { click: () => showCell(item.sheet ?? "", item.cell ?? "") },
            }, item.text)
          : item.text,
      ),
    ),
  );
}

/** Fills (or hides) a problems box; a shown one takes the focus, so the user and a screen reader land on it. */
export function renderError(container: HTMLElement, model: ErrorModel | null, showCell: ShowCell, focus = true): void {
  container.hidden = model === null;
  if (!model) {
    replaceChildren(container);
    return;
  }
  replaceChildren(container, h("p", { className: "error-title" }, model.title), problemList(model.items, showCell));
  if (!container.hasAttribute("tabindex")) container.setAttribute("tabindex", "-1");
  if (focus) container.focus({ preventScroll: false });
  container.scrollIntoView?.({ block: "nearest" });
}
