/**
 * Excel number format codes, host-neutral: both hosts need to tell a date cell from a number
 * cell by its format (a serial is a plain number otherwise).
 */

/**
 * True when a format code shows a number as a date or time, as Excel decides it: its first
 * section has date or time codes outside quotes, escapes and [brackets] ([h] and [mm] elapsed
 * time included; [Red], [$-409] not). Both hosts use this one rule.
 */
export function isDateFormat(format: string | undefined | null): boolean {
  if (!format) return false;
  const bare = format.split(";")[0]
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/_.|\*./g, "")
    .replace(/\[(h+|m+|s+)]/gi, "h")
    .replace(/\[[^\]]*]/g, "");
  if (/^\s*(General|@)?\s*$/i.test(bare)) return false;
  return /[ymdhse]/i.test(bare.replace(/E[+-]/gi, "").replace(/AM\/PM|A\/P/gi, "h"));
}
