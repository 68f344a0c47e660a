/**
 * Text out of a part's bytes, for the scanner and the shared-strings table alike: Node's Buffer
 * slices strings natively; the task pane's bytes are plain Uint8Arrays.
 */

interface NodeBytes extends Uint8Array {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}
const isNodeBytes = (b: Uint8Array): b is NodeBytes => typeof (b as Partial<NodeBytes>).latin1Slice === "function";
const BufferClass = (globalThis as { Buffer?: { allocUnsafe(n: number): Uint8Array } }).Buffer;
// As the scanner decodes text: a byte order mark inside a part is a character (U+FEFF).
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** Bytes to be filled at once: a Buffer where there is one (its slices make strings natively). */
export const allocate = (n: number): Uint8Array => (BufferClass ? BufferClass.allocUnsafe(n) : new Uint8Array(n));

/** ASCII bytes as a string. */
export function latin1(b: Uint8Array, start: number, end: number): string {
  if (end - start <= 8) {
    let s = "";
    for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
    return s;
  }
  return isNodeBytes(b) ? b.latin1Slice(start, end) : utf8.decode(b.subarray(start, end));
}

/** UTF-8 bytes as a string (malformed sequences as U+FFFD, as TextDecoder gives them). */
export function utf8Text(b: Uint8Array, start: number, end: number): string {
  return isNodeBytes(b) ? b.utf8Slice(start, end) : utf8.decode(b.subarray(start, end));
}

