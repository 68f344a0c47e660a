import Decimal from "decimal.js";
import { compareAccounts } from "../core/account-order";
import { countText, t } from "../i18n/i18n";
import { MessageKey } from "../i18n/catalogue";
import { ValueElement, fluent, h, replaceChildren, setDisabled } from "./dom";
import { copyToClipboard } from "./file-output-view";
import { ExceptionItem, LISTED_EXCEPTIONS } from "./preview-model";
import { ShowCell } from "./problems-view";

type SortKey = "customer" | "currency" | "amount" | "reason";

const COLUMNS: readonly { key: SortKey; label: MessageKey; numeric?: boolean }[] = [
  { key: "customer", label: "table.customer" },
  { key: "currency", label: "table.currency" },
  { key: "amount", label: "table.amount", numeric: true },
  { key: "reason", label: "table.reason" },
];

function compare(a: ExceptionItem, b: ExceptionItem, key: SortKey): number {
  switch (key) {
    case "customer":
      return compareAccounts(a.customer, b.customer);
    case "currency":
      return a.currency.localeCompare(b.currency);
    case "amount": {
      // Credits are negative balances: the largest credit first when ascending by size.
      const x = a.balance ? new Decimal(a.balance).abs() : new Decimal(-1);
      const y = b.balance ? new Decimal(b.balance).abs() : new Decimal(-1);
      return x.comparedTo(y);
    }
    case "reason":
      return a.reason.localeCompare(b.reason);
  }
}

/** The exceptions as tab-separated text with a header, for pasting into Excel or a mail. */
export function exceptionsTsv(items: readonly ExceptionItem[]): string {
  const clean = (s: string): string => s.replace(/[\t\r\n]+/g, " ");
  const header = [t("table.customer"), t("table.currency"), t("table.amount"), t("table.reason"), t("table.sheet"), t("table.cell")];
  return [header, ...items.map((e) => [e.customer, e.currency, e.balance, e.reason, e.sheet, e.cell])].map((r) => r.map(clean).join("\t")).join("\r\n") + "\r\n";
}

/** Rows matching every word of the filter, in any column. */
export function filterExceptions(items: readonly ExceptionItem[], filter: string): ExceptionItem[] {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [...items];
  return items.filter((e) => {
    const text = `${e.customer} ${e.currency} ${e.amount} ${e.reason} ${e.sheet} ${e.cell}`.toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** Groups by the kind of reason, the largest group first; rows keep the given order. */
export function groupExceptions(items: readonly ExceptionItem[]): { group: string; items: ExceptionItem[] }[] {
  const groups = new Map<string, ExceptionItem[]>();
  for (const e of items) {
    const list = groups.get(e.group);
    if (list) list.push(e);
    else groups.set(e.group, [e]);
  }
  return [...groups].map(([group, list]) => ({ group, items: list })).sort((a, b) => b.items.length - a.items.length || a.group.localeCompare(b.group));
}

/**
 * The preview's exceptions as a table: filter, sort by any column, group by reason with counts;
 * each customer is a button that selects the offending cell; copy or write them to a sheet.
 */
export class ExceptionTable {
  readonly element: HTMLElement;
  private items: ExceptionItem[] = [];
  private sort: { key: SortKey; ascending: boolean } = { key: "reason", ascending: true };
  private readonly filter: ValueElement;
  private readonly grouped: ValueElement & { checked?: boolean };
  private readonly copyButton: ValueElement;
  private readonly writeButton: ValueElement;
  private readonly count = h("p", { className: "status", id: "exceptions-count", attrs: { "aria-live": "polite" } });
  private readonly table = h("table", { className: "exceptions", id: "exceptions-table" });
  private readonly note = h("span", { className: "status", attrs: { "aria-live": "polite" } });

  constructor(
    private readonly showCell: ShowCell,
    private readonly writeToSheet: (items: ExceptionItem[]) => Promise<string>,
  ) {
    this.filter = fluent("fluent-text-field", { id: "exceptions-filter", attrs: { placeholder: t("exceptions.filterPlaceholder"), type: "search" }, on: { input: () => this.render() } }, t("exceptions.filter"));
    this.grouped = fluent("fluent-checkbox", { id: "exceptions-grouped", attrs: { checked: true }, on: { change: () => this.render() } }, t("exceptions.group"));
    this.grouped.checked = true;
    this.copyButton = fluent("fluent-button", { id: "exceptions-copy", attrs: { appearance: "outline" }, on: { click: () => void this.copy() } }, t("exceptions.copy"));
    this.writeButton = fluent("fluent-button", { id: "exceptions-write", attrs: { appearance: "outline" }, on: { click: () => void this.write() } }, t("exceptions.write"));
    this.element = h(
      "div",
      { className: "exception-table" },
      h("div", { className: "field" }, this.filter),
      h("div", { className: "field" }, this.grouped),
      this.count,
      h("div", { className: "table-wrap" }, this.table),
      h("div", { className: "actions" }, this.copyButton, this.writeButton, this.note),
    );
  }

  set(items: readonly ExceptionItem[]): void {
    this.items = [...items];
    this.note.textContent = "";
    this.element.hidden = items.length === 0;
    this.render();
  }

  /** What the filter leaves, in the table's order. */
  visible(): ExceptionItem[] {
    const { key, ascending } = this.sort;
    return filterExceptions(this.items, this.filter.value ?? "").sort((a, b) => (ascending ? 1 : -1) * compare(a, b, key) || compareAccounts(a.customer, b.customer));
  }

  private setSort(key: SortKey): void {
    this.sort = { key, ascending: this.sort.key === key ? !this.sort.ascending : true };
    this.render();
    (this.table.querySelector(`th[data-key="${key}"] button`) as HTMLElement | null)?.focus();
  }

  private render(): void {
    const rows = this.visible();
    const groups = this.grouped.checked !== false ? groupExceptions(rows) : [{ group: "", items: rows }];
    let budget = LISTED_EXCEPTIONS;
    const body: HTMLElement[] = [];
    for (const g of groups) {
      if (budget <= 0) break;
      if (g.group) body.push(h("tr", { className: "group-row" }, h("th", { attrs: { colspan: "4", scope: "rowgroup" } }, `${g.group} (${countText(g.items.length)})`)));
      for (const e of g.items.slice(0, budget)) body.push(this.row(e));
      budget -= g.items.length;
    }
    const shown = Math.min(rows.length, LISTED_EXCEPTIONS);
    this.count.textContent = rows.length === this.items.length
      ? t("exceptions.countAll", { n: this.items.length, shown })
      : t("exceptions.countFiltered", { n: rows.length, all: this.items.length, shown });
    replaceChildren(
      this.table,
      h("thead", {}, h("tr", {}, ...COLUMNS.map((c) => {
        const sorted = this.sort.key === c.key;
        return h(
          "th",
          { className: c.numeric ? "num" : "", attrs: { scope: "col", "data-key": c.key, "aria-sort": sorted ? (this.sort.ascending ? "ascending" : "descending") : "none" } },
          h("button", { className: "sort", attrs: { type: "button" }, on: { click: () => this.setSort(c.key) } }, t(c.label), sorted ? (this.sort.ascending ? " ▲" : " ▼") : ""),
        );
      }))),
      h("tbody", {}, ...body),
    );
    setDisabled(this.copyButton, rows.length === 0);
    setDisabled(this.writeButton, rows.length === 0);
  }

  private row(e: ExceptionItem): HTMLElement {
    return h(
      "tr",
      { attrs: { "data-sheet": e.sheet, "data-cell": e.cell } },
      h("td", {}, h("button", {
        className: "cell-link",
        attrs: { type: "button", title: t("problems.show", { cell: e.cell || e.sheet, sheet: e.sheet }), "data-sheet": e.sheet, "data-cell": e.cell },
        on: { click: () => this.showCell(e.sheet, e.cell) },
      }, e.customer || e.cell || e.sheet)),
      h("td", {}, e.currency),
      h("td", { className: "num" }, e.amount.replace(/ [A-Z]{3}$/, "")),
      h("td", { className: "reason" }, e.reason),
    );
  }

  private async copy(): Promise<void> {
    const rows = this.visible();
    this.note.textContent = (await copyToClipboard(exceptionsTsv(rows))) ? t("exceptions.copied", { n: rows.length }) : t("file.copyBlocked");
  }

  private async write(): Promise<void> {
    setDisabled(this.writeButton, true);
    try {
      this.note.textContent = await this.writeToSheet(this.visible());
    } finally {
      setDisabled(this.writeButton, false);
    }
  }
}
