import { t } from "../i18n/i18n";
import { fluent, h, replaceChildren } from "./dom";
import { ApprovalModel } from "./approval-model";
import { SignOff } from "../workbook/approval";

/** A name typed on the line it signs: it prints on the page and is recorded with the run or payment. */
const signature = (id: string, label: string, value: string | undefined): HTMLElement => {
  const input = h("input", { id, className: "line signature-name", attrs: { type: "text", autocomplete: "name", "data-sign": id } }) as HTMLInputElement;
  input.value = value ?? "";
  return h("label", { attrs: { for: id } }, h("span", {}, label), input);
};

/** The names typed on an approval page: recorded on the Approvals sheet with what they approve. */
export function readSignOff(container: HTMLElement): SignOff {
  const value = (suffix: string): string | undefined =>
    (container.querySelector(`input[id$="-${suffix}"]`) as HTMLInputElement | null)?.value.trim() || undefined;
  return { preparedBy: value("prepared-by"), approvedBy: value("approved-by") };
}

const table = (header: string[], rows: string[][], className: string): HTMLElement =>
  h(
    "div",
    { className: "table-wrap" },
    h(
      "table",
      { className },
      h("thead", {}, h("tr", {}, ...header.map((c) => h("th", { attrs: { scope: "col" } }, c)))),
      h("tbody", {}, ...rows.map((r) => h("tr", {}, ...r.map((c, i) => h("td", { className: i > 0 && /\d/.test(c) && !/•/.test(c) ? "num" : "" }, c))))),
    ),
  );

/**
 * The page a second person signs before Run or Pay: what will be written or paid, to whom, and
 * what is left out. "Print" prints this block alone (print CSS), for a PDF or paper sign-off.
 */
export function renderApproval(container: HTMLElement, model: ApprovalModel | null, idPrefix: string): void {
  container.hidden = model === null;
  if (!model) {
    replaceChildren(container);
    return;
  }
  const print = (): void => {
    document.body.classList.add("printing");
    container.classList.add("print-target");
    const done = (): void => {
      document.body.classList.remove("printing");
      container.classList.remove("print-target");
      window.removeEventListener("afterprint", done);
    };
    window.addEventListener("afterprint", done);
    window.print();
    // Browsers without afterprint (and headless ones) return from print() when done.
    setTimeout(done, 0);
  };
  // A new summary (after another preview) keeps the names already typed on this page.
  const typed = readSignOff(container);
  replaceChildren(
    container,
    h("h3", { className: "approval-title", id: `${idPrefix}-approval-title` }, model.title),
    h("ul", { className: "facts" }, ...model.facts.map((f) => h("li", {}, f))),
    model.totals.length ? table(model.totalsHeader, model.totals, "approval-totals") : null,
    h("p", { className: "subhead" }, model.payeesHeading),
    model.payees.length ? table(model.payeesHeader, model.payees, "payees") : null,
    model.morePayees ? h("p", { className: "status" }, t("approval.morePayees", { n: model.morePayees })) : null,
    h("p", { className: "subhead" }, model.exceptionsHeading),
    model.exceptions.length ? table([t("table.reason"), t("table.count")], model.exceptions, "exception-groups") : null,
    h(
      "div",
      { className: "signatures" },
      signature(`${idPrefix}-prepared-by`, t("approval.preparedBy"), typed.preparedBy),
      signature(`${idPrefix}-approved-by`, t("approval.approvedBy"), typed.approvedBy),
    ),
    h("div", { className: "actions no-print" }, fluent("fluent-button", { id: `${idPrefix}-print`, attrs: { appearance: "outline" }, on: { click: print } }, t("approval.print"))),
  );
}
