/**
 * Text out of a part's bytes, for the scanner and the shared-strings table alike: Node's Buffer
 * slices strings natively; the task pane's bytes are plain Uint8Arrays.
 */

interface NodeBytes extends Uint8Array {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}
const isNodeBytes = (b: Uint8Array): b is NodeBytes => typeof (b as Partial<NodeBytes>).latin1Slice === "function";
const BufferClass = (globalThis as { Buffer?: { allocUnsafe(n: number): Uint8Array; from(buffer: SharedArrayBuffer): Uint8Array } }).Buffer;
// As the scanner decodes text: a byte order mark inside a part is a character (U+FEFF).
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** Bytes to be filled at once: a Buffer where there is one (its slices make strings natively). */
export const allocate = (n: number): Uint8Array => (BufferClass ? BufferClass.allocUnsafe(n) : new Uint8Array(n));

/** The bytes of shared memory (a table another thread read), as a Buffer where there is one, as `allocate` gives. */
export const sharedBytes = (buffer: SharedArrayBuffer): Uint8Array => (BufferClass ? BufferClass.from(buffer) : new Uint8Array(buffer));

/** ASCII bytes as a string. */
export function latin1(b: Uint8Array, start: number, end: number): string {
  if (end - start <= 12) return shortLatin1(b, start, end - start);
  return isNodeBytes(b) ? b.latin1Slice(start, end) : utf8.decode(b.subarray(start, end));
}

/**
 * The n <= 12 bytes at b[s] as a string, made by one String.fromCharCode of n arguments: one
 * string allocated (adding characters one by one made one per character), and several times
 * cheaper than a call into the runtime (latin1Slice) for the short texts most shared strings
 * and attribute values are (accounts, currencies, document numbers).
 */
function shortLatin1(b: Uint8Array, s: number, n: number): string {
  const f = String.fromCharCode;
  switch (n) {
    case 0: return "";
    case 1: return f(b[s]);
    case 2: return f(b[s], b[s + 1]);
    case 3: return f(b[s], b[s + 1], b[s + 2]);
    case 4: return f(b[s], b[s + 1], b[s + 2], b[s + 3]);
    case 5: return f(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4]);
    case 6: return f(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5]);
    case 7: return f(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6]);
    case 8: return f(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7]);
    case 9: return f(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8]);
    case 10: return f(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9]);
    case 11: return f(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10]);
    default: return f(b[s], b[s + 1], b[s + 2], b[s + 3], b[s + 4], b[s + 5], b[s + 6], b[s + 7], b[s + 8], b[s + 9], b[s + 10], b[s + 11]);
  }
}

/** UTF-8 bytes as a string (malformed sequences as U+FFFD, as TextDecoder gives them). */
export function utf8Text(b: Uint8Array, start: number, end: number): string {
  return isNodeBytes(b) ? b.utf8Slice(start, end) : utf8.decode(b.subarray(start, end));
}

