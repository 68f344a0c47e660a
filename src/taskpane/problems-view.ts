import { h, replaceChildren } from "./dom";
import { ErrorModel, ProblemItem } from "./error-model";

export type ShowCell = (sheet: string, address: string) => void;

/**
 * A list of problems; those about a place in the workbook are buttons that show the cell.
 * Used for fatal errors and for the preview's exceptions alike.
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
              attrs: { type: "button", title: `Show ${item.cell ? `cell ${item.cell}` : "the sheet"} in ${item.sheet}`, "data-sheet": item.sheet, "data-cell": item.cell ?? "" },
              on: { click: () => showCell(item.sheet ?? "", item.cell ?? "") },
            }, item.text)
          : item.text,
      ),
    ),
  );
}

export function renderError(container: HTMLElement, model: ErrorModel | null, showCell: ShowCell): void {
  container.hidden = model === null;
  if (!model) {
    replaceChildren(container);
    return;
  }
  replaceChildren(container, h("p", { className: "error-title" }, model.title), problemList(model.items, showCell));
}
