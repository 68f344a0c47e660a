/**
 * XML written straight into UTF-8 bytes, in pieces of about 1 MB: the new sheets and appended
 * rows of a 100,000-customer run are a million cells, and building each as a string, then
 * encoding the strings, cost more than deflating them. No string as big as a part is ever
 * built; markup and numbers are written as ASCII, byte by byte, text through the encoder only
 * where it leaves ASCII.
 */
const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

export class XmlBytes {
  private buf: Uint8Array = EMPTY;
  private at = 0;
  private readonly pieces: Uint8Array[] = [];
  private taken = 0;

  constructor(private readonly pieceSize = 1 << 20) {}

  /** Room for `n` more bytes in the current piece. */
  private room(n: number): void {
    if (this.buf.length - this.at >= n) return;
    this.flush();
    this.buf = new Uint8Array(Math.max(n, this.pieceSize));
  }

  private flush(): void {
    if (this.at) {
      this.pieces.push(this.buf.subarray(0, this.at));
      this.taken += this.at;
    }
    this.buf = EMPTY;
    this.at = 0;
  }

  /** Text known to be ASCII (markup, references, numbers' digits). */
  ascii(s: string): void {
    this.room(s.length);
    const buf = this.buf;
    let at = this.at;
    for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
    this.at = at;
  }

  /** Any text, as UTF-8 (a lone surrogate becomes U+FFFD, as TextEncoder writes it). */
  text(s: string): void {
    // A UTF-16 code unit is at most 3 bytes of UTF-8.
    this.room(s.length * 3);
    const buf = this.buf;
    let at = this.at;
    let i = 0;
    for (; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buf[at++] = c;
    }
    if (i < s.length) at += encoder.encodeInto(i ? s.slice(i) : s, buf.subarray(at)).written;
    this.at = at;
  }

  /**
   * `first` (a byte) then `s`, when every character of `s` is printable ASCII that XML and
   * Excel store as it is (no markup character, quote, control character or "_x"): the text of
   * nearly every cell a run writes, in one pass. Otherwise writes nothing and returns false.
   */
  plainText(first: number, s: string): boolean {
    this.room(s.length + 1);
    const buf = this.buf;
    let at = this.at;
    buf[at++] = first;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 32 || c > 126 || c === 60 || c === 62 || c === 38 || c === 34 || c === 39 || (c === 95 && s.charCodeAt(i + 1) === 120)) return false;
      buf[at++] = c;
    }
    this.at = at;
    return true;
  }

  /** A whole number >= 0, as its decimal digits (String(n) for any other number). */
  uint(n: number): void {
    if (!(n >= 0 && n <= 0xffffffff && n === Math.floor(n))) return this.ascii(String(n));
    this.room(10);
    const buf = this.buf;
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
    let at = this.at + digits;
    this.at = at;
    do {
      const q = Math.floor(n / 10);
      buf[--at] = 48 + (n - q * 10);
      n = q;
    } while (n > 0);
  }

  /** Bytes written so far. */
  get size(): number {
    return this.taken + this.at;
  }

  /** The pieces completed so far (each about pieceSize bytes); later bytes go to new pieces. */
  take(): Uint8Array[] {
    return this.pieces.splice(0);
  }

  /** Every piece not yet taken, the last one ended where writing stopped. */
  finish(): Uint8Array[] {
    this.flush();
    return this.pieces.splice(0);
  }
}

