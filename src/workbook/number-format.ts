/**
 * Excel number format codes, host-neutral: both hosts need to tell a date cell from a number
 * cell by its format (a serial is a plain number otherwise).
 */

/**
 * True when a format code shows a date or time: it has a y, m, d, h, s (or b, Buddhist year)
 * token outside quoted text and [brackets] (colours, locales, elapsed-time counters).
 * ExcelJS's utils.isDateFmt uses the same rule.
 */
export function isDateFormat(format: string | undefined | null): boolean {
  if (!format) return false;
  const bare = format.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, "");
  return /[ymdhMsb]+/.test(bare);
}
