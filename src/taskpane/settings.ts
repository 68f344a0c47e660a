import { decimalFromDouble, serialToIso } from "../workbook/cells";
import { PARAMETER_NAMES, SHEETS } from "../workbook/contract";
import { WorkbookError } from "../workbook/errors";
import { CellValue, WorkbookSnapshot, isCellError } from "../workbook/grid";
import { readParameterCells, readParameters } from "../workbook/read-parameters";
import { headerKey } from "../workbook/contract";
import { Parameters } from "../core/types";
import { ParameterCellValues, ParameterKey } from "./workbook-host";
import { readerReason } from "./error-model";
import { t } from "../i18n/i18n";

export interface SettingField {
  key: ParameterKey;
  label: string;
  placeholder: string;
  /** What an empty field means, shown under it. */
  whenEmpty?: string;
}

export const SETTING_FIELDS: readonly SettingField[] = [
  { key: "minimum", label: "Minimum reimbursement", placeholder: "10.00" },
  { key: "accountingCurrency", label: "Accounting currency", placeholder: "EUR" },
  { key: "date", label: "Reimbursement date", placeholder: "YYYY-MM-DD", whenEmpty: "Empty: today's date" },
  { key: "paymentTermsDays", label: "Payment terms (days)", placeholder: "0", whenEmpty: "Empty: due on the reimbursement date" },
  { key: "invoicePrefix", label: "Invoice prefix", placeholder: "RB-", whenEmpty: "Empty: RB-" },
  { key: "oneTimeVendorPrefix", label: "One-time vendor prefix", placeholder: "OTV-", whenEmpty: "Empty: OTV-" },
];

const KEYS = SETTING_FIELDS.map((f) => f.key);

export type SettingsText = Record<ParameterKey, string>;

export const EMPTY_SETTINGS: SettingsText = { minimum: "", accountingCurrency: "", date: "", paymentTermsDays: "", invoicePrefix: "", oneTimeVendorPrefix: "" };

/** The Parameters sheet as the text the form shows; throws WorkbookError when the sheet cannot be read. */
export function settingsFromSnapshot(snapshot: WorkbookSnapshot): SettingsText {
  const cells = readParameterCells(snapshot);
  const text = { ...EMPTY_SETTINGS };
  for (const key of KEYS) {
    const cell = cells.get(headerKey(PARAMETER_NAMES[key]));
    if (cell) text[key] = cellText(cell.value, key === "date");
  }
  return text;
}

/** A cell as a user would retype it: Excel date serials as YYYY-MM-DD, doubles at 15 digits. */
export function cellText(value: CellValue, isDate = false): string {
  if (value === null) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (isCellError(value)) return value.error;
  if (typeof value === "number") return (isDate ? serialToIso(value) : null) ?? decimalFromDouble(value).toFixed();
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return value;
}

export interface SettingsCheck {
  /** Per field, what is wrong in words the user can act on. */
  errors: Partial<Record<ParameterKey, string>>;
  /** The values to save, when every field is valid. */
  values: ParameterCellValues | null;
  parameters: Parameters | null;
}

const FIRST_VALUE_ROW = 2;

/**
 * Validates the form with the very parser a run uses: the fields become a one-off Parameters
 * sheet (row n+2 holds field n) and readParameters judges it, so the form cannot accept what
 * the run would refuse, nor refuse what it accepts.
 */
export function checkSettings(text: SettingsText, now: Date): SettingsCheck {
  const rows: CellValue[][] = [["Parameter", "Value"], ...KEYS.map((k) => [PARAMETER_NAMES[k], text[k].trim() || null])];
  const snapshot: WorkbookSnapshot = { sheets: [{ name: SHEETS.parameters, startRow: 1, startCol: 1, rows }] };
  try {
    const parameters = readParameters(snapshot, now);
    return { errors: {}, values: cellValues(text, parameters), parameters };
  } catch (error) {
    if (!(error instanceof WorkbookError)) throw error;
    const errors: Partial<Record<ParameterKey, string>> = {};
    for (const p of error.problems) {
      const key = KEYS[Number(p.address.slice(1)) - FIRST_VALUE_ROW];
      if (key) errors[key] = fieldMessage(key, p.message);
    }
    return { errors, values: null, parameters: null };
  }
}

function fieldMessage(key: ParameterKey, english: string): string {
  const prefix = `${PARAMETER_NAMES[key]}: `;
  const message = readerReason(english);
  const text = message.startsWith(prefix) ? message.slice(prefix.length) : english.includes("required") ? t("settings.required") : message;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Cells to write: numbers as numbers and the date as a date, so Excel sorts and formats them. */
function cellValues(text: SettingsText, p: Parameters): ParameterCellValues {
  const blank = (key: ParameterKey): boolean => text[key].trim() === "";
  return {
    minimum: p.minimum.toNumber(),
    accountingCurrency: p.accountingCurrency,
    date: blank("date") ? null : new Date(`${p.date}T00:00:00Z`),
    paymentTermsDays: blank("paymentTermsDays") ? null : p.paymentTermsDays,
    invoicePrefix: blank("invoicePrefix") ? null : p.invoicePrefix,
    oneTimeVendorPrefix: blank("oneTimeVendorPrefix") ? null : p.oneTimeVendorPrefix,
  };
}
