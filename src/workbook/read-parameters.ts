import { ENGINE_LANGUAGES, EngineLanguage } from "../core/engine-messages";
import { minorUnits, normalizeCurrency } from "../core/currency";
import { todayIso } from "../core/dates";
import { Money, hasExcessDecimals } from "../core/money";
import { IsoDate, Parameters } from "../core/types";
import { Parsed, isBlank, parseDate, parseNonNegative, parseText, parseWholeNumber } from "./cells";
import { COLUMNS, LANGUAGE_PARAMETER, PARAMETER_NAMES, SHEETS, headerKey } from "./contract";
import { WorkbookError, WorkbookProblem } from "./errors";
import { CellValue, WorkbookSnapshot } from "./grid";
import { addressOf, cellAt, columnOf, requireTable } from "./table";

export interface ParameterCell {
  value: CellValue;
  address: string;
}

/** The Parameters sheet as name -> value cell; later issues add their own entries here. */
export function readParameterCells(snapshot: WorkbookSnapshot): Map<string, ParameterCell> {
  const table = requireTable(snapshot, SHEETS.parameters, COLUMNS.parameters);
  const nameCol = columnOf(table, "Parameter");
  const valueCol = columnOf(table, "Value");
  const cells = new Map<string, ParameterCell>();
  for (const row of table.rows) {
    const name = cellAt(row, nameCol);
    if (typeof name !== "string" || !name.trim()) continue;
    cells.set(headerKey(name), { value: cellAt(row, valueCol), address: addressOf(table, row, valueCol) });
  }
  return cells;
}

export type ParameterRead<T> = { ok: true; value: T } | { ok: false; problem: WorkbookProblem };

/**
 * One entry of the Parameters sheet: its value, or the problem naming its cell. `fallback`
 * stands in for a blank or missing entry; without one the entry is required. The run and the
 * worksheet functions both read parameters through here, so they report them in the same words.
 */
export function readParameter<T>(
  cells: ReadonlyMap<string, ParameterCell>,
  name: string,
  parse: (value: CellValue) => Parsed<T>,
  fallback?: T,
): ParameterRead<T> {
  const cell = cells.get(headerKey(name));
  if (!cell || isBlank(cell.value)) {
    if (fallback !== undefined) return { ok: true, value: fallback };
    return { ok: false, problem: { sheet: SHEETS.parameters, address: cell?.address ?? "", message: `parameter '${name}' is required but ${cell ? "empty" : "missing"}` } };
  }
  const parsed = parse(cell.value);
  if (parsed.ok) return parsed;
  return { ok: false, problem: { sheet: SHEETS.parameters, address: cell.address, message: `${name}: ${parsed.reason}` } };
}

/**
 * Reads the run's parameters. Any unreadable parameter stops the run: a wrong minimum or date
 * would be wrong for every customer. `dateOverride` is the CLI's --date.
 */
export function readParameters(snapshot: WorkbookSnapshot, now: Date, dateOverride?: IsoDate): Parameters {
  const cells = readParameterCells(snapshot);
  const problems: WorkbookProblem[] = [];
  const get = <T>(name: string, parse: (v: CellValue) => Parsed<T>, fallback?: T): T | undefined => {
    const read = readParameter(cells, name, parse, fallback);
    if (read.ok) return read.value;
    problems.push(read.problem);
    return undefined;
  };
  const minimum = get(PARAMETER_NAMES.minimum, parseNonNegative);
  const accountingCurrency = get(PARAMETER_NAMES.accountingCurrency, parseCurrency);
  const date = dateOverride ?? get(PARAMETER_NAMES.date, parseDate, todayIso(now));
  const paymentTermsDays = get(PARAMETER_NAMES.paymentTermsDays, parseTerms, 0);
  const invoicePrefix = get(PARAMETER_NAMES.invoicePrefix, parsePrefix, "RB-");
  const oneTimeVendorPrefix = get(PARAMETER_NAMES.oneTimeVendorPrefix, parsePrefix, "OTV-");
  const language = get(LANGUAGE_PARAMETER, parseLanguage, "en" as EngineLanguage);
  // 10.001 EUR would be shown as 10.00 and compared as 10.001: a credit of 10.00 looks due and is not.
  if (minimum !== undefined && accountingCurrency !== undefined && hasExcessDecimals(minimum, accountingCurrency)) {
    problems.push({
      sheet: SHEETS.parameters,
      address: cells.get(headerKey(PARAMETER_NAMES.minimum))?.address ?? "",
      message: `${PARAMETER_NAMES.minimum}: ${minimum.toFixed()} has more than the ${minorUnits(accountingCurrency)} decimals of the accounting currency ${accountingCurrency}`,
    });
  }
  if (problems.length || minimum === undefined || accountingCurrency === undefined || date === undefined || paymentTermsDays === undefined || invoicePrefix === undefined || oneTimeVendorPrefix === undefined || language === undefined) {
    throw new WorkbookError(problems);
  }
  return { minimum: new Money(minimum), accountingCurrency, date, paymentTermsDays, invoicePrefix, oneTimeVendorPrefix, language };
}

/** "nl", "NL-nl", "nl-NL" -> nl-NL; "en", "en-GB" -> en: the languages the engine's reasons exist in. */
export function parseLanguage(value: CellValue): Parsed<EngineLanguage> {
  const text = parseText(value);
  const tag = text.ok && text.value ? text.value.trim().toLowerCase() : "";
  if (/^nl(-nl)?$/.test(tag)) return { ok: true, value: "nl-NL" };
  if (/^en(-[a-z]{2})?$/.test(tag)) return { ok: true, value: "en" };
  return { ok: false, reason: `expected a language: ${ENGINE_LANGUAGES.join(" or ")}` };
}

export function parseCurrency(value: CellValue): Parsed<string> {
  const text = parseText(value);
  const code = text.ok && text.value ? normalizeCurrency(text.value) : null;
  return code ? { ok: true, value: code } : { ok: false, reason: "expected a three-letter ISO currency code such as EUR" };
}

function parseTerms(value: CellValue): Parsed<number> {
  const n = parseWholeNumber(value);
  if (n.ok && (n.value < 0 || n.value > 3650)) return { ok: false, reason: "expected a number of days between 0 and 3650" };
  return n;
}

function parsePrefix(value: CellValue): Parsed<string> {
  const text = parseText(value);
  if (!text.ok || !text.value) return { ok: false, reason: "expected a short text prefix such as RB-" };
  if (text.value.length > 10 || /\s/.test(text.value)) return { ok: false, reason: "expected a prefix of at most 10 characters without spaces" };
  return { ok: true, value: text.value };
}
