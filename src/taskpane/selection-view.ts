import { t } from "../i18n/i18n";
import { ValueElement, fluent, h } from "./dom";
import { EMPTY_SELECTION, Scope, SelectionCheck, SelectionField, SelectionInput, buildSelection } from "./selection-input";

/** Section 2: which customers a run covers. */
export class SelectionView {
  readonly element: HTMLElement;
  private readonly scope: ValueElement;
  private readonly inputs: Record<Exclude<keyof SelectionInput, "scope">, ValueElement>;
  private readonly messages = new Map<SelectionField, HTMLElement>();
  private readonly accountsRow: HTMLElement;
  private readonly rangeRow: HTMLElement;
  private readonly summary: HTMLElement;

  constructor(private readonly onChange: () => void) {
    const changed = { input: () => this.changed(), change: () => this.changed() };
    this.scope = fluent(
      "fluent-radio-group",
      { id: "scope", attrs: { orientation: "vertical", value: EMPTY_SELECTION.scope }, on: { change: () => this.changed() } },
      h("label", { attrs: { slot: "label" } }, t("selection.customers")),
      fluent("fluent-radio", { id: "scope-all", attrs: { value: "all", checked: true } }, t("selection.all")),
      fluent("fluent-radio", { id: "scope-accounts", attrs: { value: "accounts" } }, t("selection.accounts")),
      fluent("fluent-radio", { id: "scope-range", attrs: { value: "range" } }, t("selection.range")),
    );
    const field = (key: keyof typeof this.inputs, label: string, placeholder: string): ValueElement =>
      fluent("fluent-text-field", { id: `selection-${key}`, attrs: { placeholder }, on: changed }, label);
    this.inputs = {
      accounts: field("accounts", t("selection.accountsField"), "C0001, C0002 …"),
      from: field("from", t("selection.from"), "C0001"),
      to: field("to", t("selection.to"), "C0999"),
      group: field("group", t("selection.group"), t("selection.anyGroup")),
      currency: field("currency", t("selection.currency"), t("selection.anyCurrency")),
    };
    const withMessage = (key: SelectionField): HTMLElement => {
      const message = h("div", { className: "field-message invalid", attrs: { "aria-live": "polite" } });
      this.messages.set(key, message);
      return h("div", { className: "field" }, this.inputs[key], message);
    };
    this.accountsRow = h("div", {}, withMessage("accounts"));
    this.rangeRow = h("div", { className: "pair" }, withMessage("from"), withMessage("to"));
    this.summary = h("div", { className: "status", id: "selection-summary" });
    this.element = h(
      "div",
      { className: "selection card", id: "selection" },
      h("h2", {}, t("selection.title")),
      this.scope,
      this.accountsRow,
      this.rangeRow,
      h("div", { className: "field" }, this.inputs.group),
      withMessage("currency"),
      this.summary,
    );
    this.refresh();
  }

  input(): SelectionInput {
    const scope = (["all", "accounts", "range"] as const).find((s) => s === this.scope.value) ?? "all";
    return {
      scope: scope as Scope,
      accounts: this.inputs.accounts.value ?? "",
      from: this.inputs.from.value ?? "",
      to: this.inputs.to.value ?? "",
      group: this.inputs.group.value ?? "",
      currency: this.inputs.currency.value ?? "",
    };
  }

  check(): SelectionCheck {
    return buildSelection(this.input());
  }

  private changed(): void {
    this.refresh();
    this.onChange();
  }

  refresh(): SelectionCheck {
    const input = this.input();
    this.accountsRow.hidden = input.scope !== "accounts";
    this.rangeRow.hidden = input.scope !== "range";
    const result = buildSelection(input);
    for (const [key, message] of this.messages) message.textContent = result.errors[key] ?? "";
    this.summary.textContent = result.selection ? t("selection.selected", { description: result.description }) : "";
    return result;
  }
}
