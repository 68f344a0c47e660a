import { t } from "../i18n/i18n";
import { FormulaField } from "./parameter-patch";
import { SETTING_FIELDS, SettingsText, checkSettings } from "./settings";
import { ParameterCellValues, ParameterKey, SaveParametersOptions } from "./workbook-host";

/**
 * Saving settings over a Parameters cell that holds a formula (=TODAY()) is refused by the host
 * (parameter-patch.ts: ParameterSaveConflict). The pane then asks: "Replace the formula" saves
 * again with overwriteFormulas; "Keep it" puts those fields back to what the sheet shows and
 * saves the user's other changes, if any. Nothing is written before the user has answered.
 */

export type FormulaAnswer = "replace" | "keep";

/** What the pane asks about: the changed settings whose cells hold formulas. */
export interface FormulaQuestion {
  fields: FormulaField[];
}

export type SaveParameters = (values: ParameterCellValues, options: SaveParametersOptions) => Promise<void>;

export interface SaveOutcome {
  /** "saved": something was written; "nothing": the user kept every formula and changed nothing else. */
  written: boolean;
  /** The form as it now stands (the kept fields back at the sheet's values). */
  text: SettingsText;
  /** Settings whose formulas the user kept. */
  kept: ParameterKey[];
}

/**
 * The question a refused save raises, or null when it was refused for another reason. Checked by
 * shape, not class: an error that crossed a worker boundary keeps its name and fields only.
 */
export function formulaQuestion(error: unknown): FormulaQuestion | null {
  if (!(error instanceof Error) || error.name !== "ParameterSaveConflict") return null;
  const fields = (error as { formulaFields?: unknown }).formulaFields;
  return Array.isArray(fields) && fields.length ? { fields: fields as FormulaField[] } : null;
}

/**
 * Saves the form's changes (`text`, against `loaded` as the sheet gave it), asking `ask` when
 * a changed field's cell holds a formula. Any other failure is thrown as it came.
 */
export async function saveSettingsAsking(
  save: SaveParameters,
  text: SettingsText,
  loaded: SettingsText,
  now: Date,
  ask: (question: FormulaQuestion) => Promise<FormulaAnswer>,
): Promise<SaveOutcome> {
  const values = checkSettings(text, now).values;
  if (!values) throw new Error(t("preview.settingsInvalid"));
  try {
    await save(values, { loaded });
    return { written: true, text, kept: [] };
  } catch (error) {
    const question = formulaQuestion(error);
    if (!question) throw error;
    if ((await ask(question)) === "replace") {
      await save(values, { loaded, overwriteFormulas: true });
      return { written: true, text, kept: [] };
    }
    const kept = question.fields.map((f) => f.key);
    const revised = { ...text };
    for (const key of kept) revised[key] = loaded[key];
    const stillChanged = SETTING_FIELDS.some((f) => revised[f.key].trim() !== loaded[f.key].trim());
    const rest = stillChanged ? checkSettings(revised, now).values : null;
    if (!rest) return { written: false, text: revised, kept };
    await save(rest, { loaded });
    return { written: true, text: revised, kept };
  }
}
