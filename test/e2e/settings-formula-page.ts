import { fluentButton, fluentTextField, provideFluentDesignSystem } from "@fluentui/web-components";
import { languageFor, setLanguage } from "../../src/i18n/i18n";
import { FormulaField } from "../../src/taskpane/parameter-patch";
import { SettingsView } from "../../src/taskpane/settings-view";

/**
 * A page with the settings form alone, for settings-formula.e2e.test.ts: window.askFormula(fields)
 * shows the view's question and records the answer in window.formulaAnswer.
 */
provideFluentDesignSystem().register(fluentButton(), fluentTextField());
setLanguage(languageFor(navigator.language), navigator.language);
const view = new SettingsView(() => new Date("2026-12-01T00:00:00Z"), () => undefined, () => undefined);
document.body.append(view.element);
const page = window as unknown as { askFormula: (fields: FormulaField[]) => void; formulaAnswer?: string };
page.askFormula = (fields) => void view.askFormula({ fields }).then((answer) => (page.formulaAnswer = answer));
