/**
 * JSON text written straight as UTF-8 bytes into a buffer that is handed on when full (to a
 * hash): the bytes JSON.stringify's text encodes to, without making the strings. A million-row
 * ledger's fingerprint text is a few hundred megabytes of short strings otherwise.
 */
export class JsonBytes {
  /**
   * The buffer and the end of what is written in it: a writer of many small pieces (the
   * fingerprint's rows) writes here itself, after room(), rather than call a method per byte.
   */
  buffer: Uint8Array;
  at = 0;
  constructor(
    private readonly sink: (bytes: Uint8Array) => void,
    size = 1 << 20,
  ) {
    this.buffer = new Uint8Array(size);
  }

  /** Hands on what is buffered. */
  flush(): void {
    if (this.at) this.sink(this.buffer.subarray(0, this.at));
    this.at = 0;
  }

  /**
   * The plain decimal of scaled x 10^-dp (a safe integer, 0 <= dp <= 15), as String() writes
   * that decimal: "-", the whole part (at least "0"), then "." and the fraction without its
   * trailing zeros when it is not zero. Made from integers, without a string.
   */
  scaledDecimal(scaled: number, dp: number): void {
    this.room(40);
    const b = this.buffer;
    let a = scaled;
    if (a < 0) {
      b[this.at++] = 45;
      a = -a;
    }
    const unit = POW10[dp];
    // Integer (int32) arithmetic where it fits: a double's % is a call to fmod.
    const fraction = a < INT32 ? (a | 0) % unit : a % unit;
    this.digits((a - fraction) / unit, 1);
    if (fraction === 0) return;
    let f = fraction;
    let places = dp;
    while (f % 10 === 0) {
      f /= 10;
      places--;
    }
    b[this.at++] = 46;
    this.digits(f, places);
  }

  /** A non-negative safe integer's digits, left-padded with zeros to `width`. */
  private digits(n: number, width: number): void {
    let count = 1;
    while (count < 16 && n >= POW10[count]) count++;
    if (count < width) count = width;
    const b = this.buffer;
    let at = this.at + count;
    this.at = at;
    let x = n;
    let i = 0;
    // Above 2^31 the low digits go first in doubles, the rest in int32.
    for (; x >= INT32; i++) {
      const d = x % 10;
      b[--at] = 48 + d;
      x = (x - d) / 10;
    }
    let small = x | 0;
    for (; i < count; i++) {
      const next = (small / 10) | 0;
      b[--at] = 48 + small - next * 10;
      small = next;
    }
  }

  /** Room for n more bytes at `at` (what is buffered is handed on first when it is short). */
  room(n: number): void {
    if (this.at + n <= this.buffer.length) return;
    this.flush();
    if (n > this.buffer.length) this.buffer = new Uint8Array(n);
  }

  /** ASCII text as it is (markup such as `[`, `","`, or a number's digits). */
  ascii(text: string): void {
    const n = text.length;
    this.room(n);
    const b = this.buffer;
    let at = this.at;
    for (let i = 0; i < n; i++) b[at++] = text.charCodeAt(i);
    this.at = at;
  }

  /** Any text as UTF-8 (the sheet lines' JSON, made by JSON.stringify). */
  text(text: string): void {
    this.room(text.length * 3);
    this.at += ENCODER.encodeInto(text, this.buffer.subarray(this.at)).written;
  }

  /** One ASCII byte (markup such as "," or "["). */
  byte(code: number): void {
    if (this.at === this.buffer.length) this.flush();
    this.buffer[this.at++] = code;
  }

  /**
   * `"s:`, then text[start, end) as quoted() writes it with spaces, then `"`: a text cell of the
   * fingerprint in one call. Printable ASCII (nearly every cell) is copied as it is; anything
   * else goes through quoted().
   */
  textCell(text: string, start: number, end: number): void {
    this.room(end - start + 4);
    const b = this.buffer;
    let at = this.at;
    b[at++] = 34;
    b[at++] = 115;
    b[at++] = 58;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x20 || c >= 0x80 || c === 34 || c === 92) {
        // What is written so far is what quoted() writes; it continues from here.
        this.at = at;
        this.quoted(text, i, end, true);
        this.byte(34);
        return;
      }
      b[at++] = c;
    }
    b[at++] = 34;
    this.at = at;
  }

  /**
   * text[start, end) as the inside of JSON.stringify's quotes, encoded as UTF-8, with
   * U+00A0 and U+202F written as spaces when `spaces` is set.
   */
  quoted(text: string, start: number, end: number, spaces: boolean): void {
    // At most 6 bytes per UTF-16 unit (\u00XX, \udXXX); 3 for other characters.
    this.room((end - start) * 6);
    const b = this.buffer;
    let at = this.at;
    for (let i = start; i < end; i++) {
      let c = text.charCodeAt(i);
      if (c < 0x80) {
        if (c >= 0x20 && c !== 34 && c !== 92) b[at++] = c;
        else at = escape(b, at, c);
      } else if (c < 0x800) {
        if (spaces && c === 0xa0) {
          b[at++] = 32;
          continue;
        }
        b[at++] = 0xc0 | (c >> 6);
        b[at++] = 0x80 | (c & 63);
      } else if (c >= 0xd800 && c <= 0xdfff) {
        const next = i + 1 < end ? text.charCodeAt(i + 1) : 0;
        if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
          i++;
          b[at++] = 0xf0 | (c >> 18);
          b[at++] = 0x80 | ((c >> 12) & 63);
          b[at++] = 0x80 | ((c >> 6) & 63);
          b[at++] = 0x80 | (c & 63);
        } else at = escape(b, at, c); // a lone surrogate: JSON.stringify writes \udXXX
      } else {
        if (spaces && c === 0x202f) {
          b[at++] = 32;
          continue;
        }
        b[at++] = 0xe0 | (c >> 12);
        b[at++] = 0x80 | ((c >> 6) & 63);
        b[at++] = 0x80 | (c & 63);
      }
    }
    this.at = at;
  }
}

const ENCODER = new TextEncoder();
const INT32 = 2 ** 31;
const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16];
const SHORT_ESCAPES: Readonly<Record<number, number>> = { 8: 98, 9: 116, 10: 110, 12: 102, 13: 114, 34: 34, 92: 92 };
const HEX = "0123456789abcdef";

/** The escape JSON.stringify writes for c: \" \\ \b \t \n \f \r, or \uXXXX in lower-case hex. */
function escape(b: Uint8Array, at: number, c: number): number {
  b[at++] = 92;
  const short = SHORT_ESCAPES[c];
  if (short !== undefined) {
    b[at++] = short;
    return at;
  }
  b[at++] = 117;
  for (let shift = 12; shift >= 0; shift -= 4) b[at++] = HEX.charCodeAt((c >> shift) & 15);
  return at;
}
