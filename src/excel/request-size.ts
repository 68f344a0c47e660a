/**
 * What an Office.js request costs, in the unit Excel on the web limits: UTF-8 bytes of the JSON
 * it sends (5 MB per request and per response). Every API call adds an object path and an
 * action to that JSON besides its values ("a request's 5 MB counts API calls and objects, not
 * only values"), so each range written is costed with a fixed overhead on top of its data.
 */

/** Bytes of one range write's framing: its getRangeByIndexes path and the numberFormat and values actions. */
export const RANGE_OVERHEAD_BYTES = 600;
/** Bytes of one range cleared (path plus action), for the undo. */
export const CLEAR_OVERHEAD_BYTES = 400;
/**
 * Ranges per context.sync at most, whatever their size: thousands of objects in one batch cost
 * Excel time and memory even when the bytes fit.
 */
export const MAX_RANGES_PER_SYNC = 2_000;

/** UTF-8 length of a string without encoding it (the pane runs in a browser: no Buffer). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4; // a surrogate pair is one 4-byte character
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** JSON bytes of one scalar as Office.js serialises it: quotes, escapes and the separating comma. */
export function jsonScalarBytes(value: string | number | boolean): number {
  if (typeof value === "number") return String(value).length + 1;
  if (typeof value === "boolean") return value ? 5 : 6;
  let escapes = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    // '"' and '\' take two characters, control characters six (\u00XX).
    if (code === 34 || code === 92) escapes += 1;
    else if (code < 32) escapes += 5;
  }
  return utf8Length(value) + escapes + 3;
}

/** JSON bytes of a 2-D array of scalars. */
export function jsonGridBytes(grid: readonly (readonly (string | number | boolean)[])[]): number {
  let bytes = 2;
  for (const row of grid) {
    bytes += 3;
    for (const v of row) bytes += jsonScalarBytes(v);
  }
  return bytes;
}
