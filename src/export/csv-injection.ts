/**
 * CSV injection (OWASP): a spreadsheet opening a CSV takes a field that begins with =, +, -, @,
 * tab or carriage return as a formula, so a customer named `=HYPERLINK(...)` would run in the
 * accountant's Excel. Such text fields get a leading single quote, which makes them plain text.
 *
 * Only text columns go through here: amounts are written as plain decimals and must stay
 * numbers (`'-123.45` would be text to LibreOffice), so callers decide by column type, never by
 * the first character of a value.
 */

/** The characters that make a spreadsheet start a formula. */
export const FORMULA_START = ["=", "+", "-", "@", "\t", "\r"] as const;

// Text already starting with quotes before a formula character is prefixed too, so that
// `unneutralise` can tell an added quote from one the user typed ("'=x" stays "'=x").
const NEEDS_PREFIX = /^'*[=+\-@\t\r]/;
const PREFIXED = /^'+[=+\-@\t\r]/;

export function needsNeutralising(text: string): boolean {
  return NEEDS_PREFIX.test(text);
}

/** The text as it goes into a CSV text field; the CSV writer quotes every prefixed field. */
export function neutralise(text: string): string {
  return needsNeutralising(text) ? `'${text}` : text;
}

/** The inverse of `neutralise`, for a program reading the CSV back (tests, re-imports). */
export function unneutralise(field: string): string {
  return PREFIXED.test(field) ? field.slice(1) : field;
}

/** Matches exactly the fields `neutralise` changed, so the writer can quote them. */
export const NEUTRALISED_FIELD = PREFIXED;
