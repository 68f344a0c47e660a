import { MessageKey } from "../i18n/catalogue";
import { t } from "../i18n/i18n";
import { ValueElement, fluent, h, replaceChildren, setDisabled } from "./dom";
import { FormulaAnswer, FormulaQuestion } from "./formula-choice";
import { SETTING_FIELDS, SettingsCheck, SettingsText, checkSettings, EMPTY_SETTINGS } from "./settings";
import { ParameterKey } from "./workbook-host";

interface FieldView {
  input: ValueElement;
  message: HTMLElement;
  whenEmpty?: string;
}

/**
 * Section 1: the Parameters sheet as a form, checked on every keystroke with the run's parser.
 * `dirty` means the form differs from what was last read from or saved to the workbook.
 */
export class SettingsView {
  readonly element: HTMLElement;
  readonly saveButton: ValueElement;
  private readonly fields = new Map<ParameterKey, FieldView>();
  private saved: SettingsText = { ...EMPTY_SETTINGS };
  private readonly status: HTMLElement;
  /** The question asked when a save meets formulas: hidden until then. */
  private readonly formulaPrompt: HTMLElement;

  constructor(
    private readonly now: () => Date,
    private readonly onChange: () => void,
    onSave: () => void,
  ) {
    const rows = SETTING_FIELDS.map((field) => {
      const f = { ...field, label: t(`settings.${field.key}` as MessageKey), whenEmpty: field.whenEmpty ? t(`settings.${field.key}.empty` as MessageKey) : undefined };
      const input = fluent("fluent-text-field", {
        id: `setting-${f.key}`,
        attrs: { placeholder: f.placeholder, "aria-describedby": `setting-${f.key}-message` },
        on: { input: () => this.changed(), change: () => this.changed() },
      }, f.label);
      const message = h("div", { id: `setting-${f.key}-message`, className: "field-message", attrs: { "aria-live": "polite" } }, f.whenEmpty);
      this.fields.set(f.key, { input, message, whenEmpty: f.whenEmpty });
      return h("div", { className: "field" }, input, message);
    });
    this.saveButton = fluent("fluent-button", { id: "save-settings", attrs: { appearance: "outline", disabled: true }, on: { click: onSave } }, t("settings.save"));
    this.status = h("div", { className: "status", attrs: { "aria-live": "polite" } });
    this.formulaPrompt = h("div", { id: "settings-formula", className: "confirm", attrs: { role: "group", "aria-labelledby": "settings-formula-text" } });
    this.formulaPrompt.hidden = true;
    this.element = h("div", { className: "settings card", id: "settings" }, h("h2", {}, t("settings.title")), ...rows, h("div", { className: "actions" }, this.saveButton), this.formulaPrompt, this.status);
  }

  text(): SettingsText {
    const text = { ...EMPTY_SETTINGS };
    for (const [key, view] of this.fields) text[key] = view.input.value ?? "";
    return text;
  }

  /** Shows what the workbook holds and marks it as saved. */
  load(text: SettingsText): void {
    this.saved = { ...text };
    for (const [key, view] of this.fields) view.input.value = text[key];
    this.setStatus("");
    this.refresh();
  }

  /** The fields as last loaded from (or saved to) the sheet: a save writes only what differs from them. */
  savedText(): SettingsText {
    return { ...this.saved };
  }

  /** Shows `text` in the fields without marking it saved (the form after "Keep it"). */
  show(text: SettingsText): void {
    for (const [key, view] of this.fields) view.input.value = text[key];
    this.refresh();
  }

  /**
   * Asks whether the formulas in the cells a save would write may be replaced; resolves with
   * the user's answer, the prompt then hidden again. Nothing is saved while it waits.
   */
  askFormula(question: FormulaQuestion): Promise<FormulaAnswer> {
    const n = question.fields.length;
    const fields = question.fields.map((f) => t("settings.formula.field", { name: t(`settings.${f.key}` as MessageKey), address: f.address, formula: f.formula })).join(", ");
    return new Promise((resolve) => {
      const answer = (choice: FormulaAnswer) => (): void => {
        this.formulaPrompt.hidden = true;
        replaceChildren(this.formulaPrompt);
        resolve(choice);
      };
      const replace = fluent("fluent-button", { id: "settings-formula-replace", attrs: { appearance: "accent" }, on: { click: answer("replace") } }, t("settings.formula.replace", { n }));
      const keep = fluent("fluent-button", { id: "settings-formula-keep", attrs: { appearance: "outline" }, on: { click: answer("keep") } }, t("settings.formula.keep", { n }));
      replaceChildren(this.formulaPrompt, h("p", { id: "settings-formula-text" }, t("settings.formula.question", { fields, n })), h("div", { className: "actions" }, replace, keep));
      this.formulaPrompt.hidden = false;
      replace.focus();
    });
  }

  /** The formulas the user kept: the fields show the sheet's values again. */
  formulasKept(n: number): void {
    this.setStatus([this.status.textContent, t("settings.formula.kept", { n })].filter(Boolean).join(" "));
  }

  markSaved(): void {
    this.saved = this.text();
    this.setStatus(t("settings.saved"));
    this.refresh();
  }

  get dirty(): boolean {
    const now = this.text();
    return SETTING_FIELDS.some((f) => now[f.key].trim() !== this.saved[f.key].trim());
  }

  check(): SettingsCheck {
    return checkSettings(this.text(), this.now());
  }

  setStatus(text: string): void {
    this.status.textContent = text;
  }

  setEnabled(enabled: boolean): void {
    for (const view of this.fields.values()) setDisabled(view.input, !enabled);
    if (!enabled) setDisabled(this.saveButton, true);
    else this.refresh();
  }

  private changed(): void {
    this.setStatus("");
    this.refresh();
    this.onChange();
  }

  /** Field messages and the save button follow the form's validity. */
  refresh(): SettingsCheck {
    const result = this.check();
    for (const [key, view] of this.fields) {
      const error = result.errors[key];
      view.message.textContent = error ?? (view.input.value.trim() ? "" : view.whenEmpty ?? "");
      view.message.classList.toggle("invalid", Boolean(error));
      view.input.classList.toggle("invalid", Boolean(error));
      if (error) view.input.setAttribute("aria-invalid", "true");
      else view.input.removeAttribute("aria-invalid");
    }
    setDisabled(this.saveButton, !this.dirty || result.values === null);
    return result;
  }
}
