/**
 * Where the blocks of a raw deflate stream (RFC 1951, 3.2) start, in bits of the stream and in
 * bytes of what it inflates to: the points at which a writer may cut the stream and copy the
 * blocks between two of them as they are (deflate-splice.ts), instead of inflating and deflating
 * them again. Found by decoding every code of the stream without producing its output, so it
 * costs a fraction of an inflate. zlib inflates the same stream natively for its content; this
 * walk only counts.
 *
 * Nothing here trusts the stream: a code that is not in its table, a distance further back than
 * the output so far, a stored block whose lengths disagree, or a stream that ends early or goes
 * on past its declared size gives null, and the caller takes the part the plain way.
 */

/** A block's start: its first bit in the stream, and how many bytes the blocks before it inflate to. */
export interface BlockStart {
  readonly bit: number;
  readonly out: number;
}

export interface BlockMap {
  /** In stream order, the first at bit 0. */
  readonly starts: BlockStart[];
  /** The bit after the final block's end-of-block code. */
  readonly endBit: number;
}

/** The primary tables' index width: longer codes (rare, by construction of a Huffman code) are decoded bit by bit. */
const LIT_ROOT = 10;
const DIST_ROOT = 8;

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** The order in which a dynamic block gives its code-length code's lengths (3.2.7). */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

class Invalid extends Error {}

/** What a literal/length symbol means, packed for the walk's tables: bits 4-6 extra bits, 7-8 kind, 9+ literal or length base. */
const LITERAL = 0;
const LENGTH = 1;
const END = 2;
const INVALID = 3;
const LIT_MEANING = Int32Array.from({ length: 288 }, (_, sym) => {
  if (sym < 256) return (LITERAL << 7) | (sym << 9);
  if (sym === 256) return END << 7;
  if (sym > 285) return INVALID << 7;
  return (LENGTH_EXTRA[sym - 257] << 4) | (LENGTH << 7) | (LENGTH_BASE[sym - 257] << 9);
});
/** What a distance symbol means: bits 4-7 extra bits, 8+ base (0: no such distance). */
const DIST_MEANING = Int32Array.from({ length: 32 }, (_, sym) => (sym < 30 ? (DIST_EXTRA[sym] << 4) | (DIST_BASE[sym] << 8) : 0));

/** A table entry (symbol << 4 | length) with its symbol replaced by its meaning; the length stays in bits 0-3. */
function meaningOf(entry: number, meaning: Int32Array): number {
  return (entry & 15) | meaning[entry >>> 4];
}

/** A code's primary table with each entry's meaning (0 stays 0: a longer code). */
function meaningsOf(code: Code, meaning: Int32Array): Int32Array {
  code.meanings ??= code.table.map((entry) => (entry === 0 ? 0 : meaningOf(entry, meaning)));
  return code.meanings;
}

/**
 * A code longer than the primary table's root, decoded bit by bit from `bits` (which hold at
 * least 15: a code's longest), as puff.c's decode does; symbol << 4 | length, as a table entry.
 */
function longCode(code: Code, bits: number): number {
  let value = 0;
  let first = 0;
  let index = 0;
  for (let len = 1; len <= 15; len++) {
    value |= (bits >>> (len - 1)) & 1;
    const n = code.counts[len];
    if (value - n < first) return (code.symbols[index + value - first] << 4) | len;
    index += n;
    first = (first + n) << 1;
    value <<= 1;
  }
  throw new Invalid("no such code");
}

/** A canonical Huffman code (3.2.2): a primary table for short codes, counts and sorted symbols for the rest. */
interface Code {
  /** Indexed by the next `root` bits of the stream: symbol << 4 | length, or 0 for a longer code or none. */
  readonly table: Int32Array;
  readonly root: number;
  readonly counts: Int32Array;
  readonly symbols: Int32Array;
  /** The table with meanings for the walk (meaningsOf), made on first use. */
  meanings?: Int32Array;
}

function buildCode(lengths: ArrayLike<number>, root: number, allowIncomplete: boolean): Code {
  const counts = new Int32Array(16);
  for (let s = 0; s < lengths.length; s++) counts[lengths[s]]++;
  counts[0] = 0;
  let left = 1;
  for (let len = 1; len <= 15; len++) {
    left = (left << 1) - counts[len];
    if (left < 0) throw new Invalid("over-subscribed code");
  }
  // zlib refuses an incomplete code except a single code of length one (RFC 1951 allows one distance code).
  const used = counts.reduce((a, b) => a + b, 0);
  if (left > 0 && !(allowIncomplete && used <= 1)) throw new Invalid("incomplete code");
  const offsets = new Int32Array(16);
  for (let len = 1; len < 15; len++) offsets[len + 1] = offsets[len] + counts[len];
  const symbols = new Int32Array(used);
  for (let s = 0; s < lengths.length; s++) if (lengths[s]) symbols[offsets[lengths[s]]++] = s;
  const table = new Int32Array(1 << root);
  let code = 0;
  let k = 0;
  for (let len = 1; len <= root; len++) {
    for (let n = 0; n < counts[len]; n++, k++, code++) {
      // Codes are packed from their most significant bit; the table is indexed by stream bits, least significant first.
      let reversed = 0;
      for (let b = 0; b < len; b++) reversed |= ((code >>> b) & 1) << (len - 1 - b);
      const entry = (symbols[k] << 4) | len;
      for (let j = reversed; j < table.length; j += 1 << len) table[j] = entry;
    }
    code <<= 1;
  }
  return { table, root, counts, symbols };
}

function fixedCodes(): { lit: Code; dist: Code } {
  const lit = new Uint8Array(288);
  lit.fill(8, 0, 144);
  lit.fill(9, 144, 256);
  lit.fill(7, 256, 280);
  lit.fill(8, 280, 288);
  return { lit: buildCode(lit, LIT_ROOT, false), dist: buildCode(new Uint8Array(32).fill(5), DIST_ROOT, false) };
}

let fixed: { lit: Code; dist: Code } | null = null;

/** The stream's block starts, or null when it is not a well-formed deflate stream of exactly `size` bytes ending at its last byte. */
export function deflateBlocks(data: Uint8Array, size: number): BlockMap | null {
  const walk = new BlockWalk(data, size);
  let map: BlockMap | null | "more";
  do map = walk.step(Infinity);
  while (map === "more");
  return map;
}

/**
 * deflateBlocks a few blocks at a time, so that a thread can walk one stream while it takes
 * the inflated chunks of another (prepared-append.ts): `step` walks up to `blocks` blocks.
 */
export class BlockWalk {
  private readonly walker: Walker;
  private ended: BlockMap | null | "more" = "more";

  constructor(data: Uint8Array, private readonly size: number) {
    this.walker = new Walker(data);
  }

  /** The block starts so far. */
  get starts(): readonly BlockStart[] {
    return this.walker.starts;
  }

  step(blocks: number): BlockMap | null | "more" {
    if (this.ended !== "more") return this.ended;
    try {
      for (let n = 0; n < blocks && this.ended === "more"; n++) this.ended = this.walker.block(this.size);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      this.ended = null;
    }
    return this.ended;
  }
}

class Walker {
  private pos = 0;
  private bits = 0;
  private count = 0;
  private out = 0;
  readonly starts: BlockStart[] = [];

  constructor(private readonly data: Uint8Array) {}

  /** The stream bit the next read takes. */
  private get bit(): number {
    return this.pos * 8 - this.count;
  }

  private need(n: number): void {
    while (this.count < n) {
      // Past the end reads zeros; the walk's end is checked against the stream's length.
      const byte = this.pos < this.data.length ? this.data[this.pos] : 0;
      if (this.pos > this.data.length + 4) throw new Invalid("stream ends early");
      this.pos++;
      this.bits |= byte << this.count;
      this.count += 8;
    }
  }

  private take(n: number): number {
    this.need(n);
    const v = this.bits & ((1 << n) - 1);
    this.bits >>>= n;
    this.count -= n;
    return v;
  }

  /** One block; the map once the last block is walked. */
  block(size: number): BlockMap | "more" {
    let out = this.out;
    this.starts.push({ bit: this.bit, out });
    const last = this.take(1);
    const type = this.take(2);
    if (type === 0) out += this.stored();
    else if (type === 1) {
      fixed ??= fixedCodes();
      out = this.codes(fixed.lit, fixed.dist, out, size);
    } else if (type === 2) {
      const { lit, dist } = this.dynamic();
      out = this.codes(lit, dist, out, size);
    } else throw new Invalid("reserved block type");
    if (out > size) throw new Invalid("inflates past its size");
    this.out = out;
    if (!last) return "more";
    const endBit = this.bit;
    if (out !== size || Math.ceil(endBit / 8) !== this.data.length) throw new Invalid("size or length differs");
    return { starts: this.starts, endBit };
  }

  private stored(): number {
    // To the byte boundary, then LEN and NLEN (3.2.4).
    this.take(this.count & 7);
    const len = this.take(16);
    const nlen = this.take(16);
    if ((len ^ 0xffff) !== nlen) throw new Invalid("stored lengths differ");
    // The bytes still in the bit buffer come first.
    let skip = len;
    while (skip > 0 && this.count >= 8) {
      this.take(8);
      skip--;
    }
    this.pos += skip;
    if (this.pos > this.data.length) throw new Invalid("stream ends early");
    return len;
  }

  private dynamic(): { lit: Code; dist: Code } {
    const nlen = this.take(5) + 257;
    const ndist = this.take(5) + 1;
    const ncode = this.take(4) + 4;
    if (nlen > 286 || ndist > 30) throw new Invalid("too many codes");
    const codeLengths = new Uint8Array(19);
    for (let i = 0; i < ncode; i++) codeLengths[CODE_LENGTH_ORDER[i]] = this.take(3);
    const lengthCode = buildCode(codeLengths, 7, false);
    const lengths = new Uint8Array(nlen + ndist);
    for (let i = 0; i < lengths.length; ) {
      const sym = this.decode(lengthCode);
      if (sym < 16) {
        lengths[i++] = sym;
        continue;
      }
      let repeat: number;
      let value = 0;
      if (sym === 16) {
        if (i === 0) throw new Invalid("repeat with no length before it");
        value = lengths[i - 1];
        repeat = 3 + this.take(2);
      } else if (sym === 17) repeat = 3 + this.take(3);
      else repeat = 11 + this.take(7);
      if (i + repeat > lengths.length) throw new Invalid("lengths overrun");
      lengths.fill(value, i, i + repeat);
      i += repeat;
    }
    if (lengths[256] === 0) throw new Invalid("no end-of-block code");
    return { lit: buildCode(lengths.subarray(0, nlen), LIT_ROOT, true), dist: buildCode(lengths.subarray(nlen), DIST_ROOT, true) };
  }

  /** A symbol of `code`: from the primary table, else bit by bit. */
  private decode(code: Code): number {
    this.need(15);
    let entry = code.table[this.bits & ((1 << code.root) - 1)];
    if (entry === 0) entry = longCode(code, this.bits);
    this.bits >>>= entry & 15;
    this.count -= entry & 15;
    return entry >>> 4;
  }

  /** The codes of one compressed block, to its end-of-block code; the output's length after it. */
  private codes(lit: Code, dist: Code, out: number, size: number): number {
    // The hot loop, on locals. The bit buffer holds at most 31 bits, so it stays a small integer;
    // 16 bits are added at a time when it holds fewer than 16 (a code is at most 15 bits). Reads
    // past the end give undefined, which the bit operators take as 0; the walk's end is checked.
    const data = this.data;
    const litTable = meaningsOf(lit, LIT_MEANING);
    const litMask = (1 << lit.root) - 1;
    const distTable = meaningsOf(dist, DIST_MEANING);
    const distMask = (1 << dist.root) - 1;
    let pos = this.pos;
    let bits = this.bits;
    let count = this.count;
    for (;;) {
      if (count < 16) {
        // A damaged stream read past its end decodes zeros, perhaps as literals without end.
        if (pos > data.length + 4) throw new Invalid("stream ends early");
        bits |= (data[pos] | (data[pos + 1] << 8)) << count;
        pos += 2;
        count += 16;
      }
      let entry = litTable[bits & litMask];
      if ((entry & 15) === 0) entry = meaningOf(longCode(lit, bits), LIT_MEANING);
      bits >>>= entry & 15;
      count -= entry & 15;
      const kind = (entry >>> 7) & 3;
      if (kind === LITERAL) {
        out++;
        continue;
      }
      if (kind !== LENGTH) {
        if (kind === INVALID) throw new Invalid("no such length");
        if (pos > data.length + 4) throw new Invalid("stream ends early");
        this.pos = pos;
        this.bits = bits;
        this.count = count;
        return out;
      }
      const lx = (entry >>> 4) & 7;
      if (count < lx) {
        bits |= (data[pos] | (data[pos + 1] << 8)) << count;
        pos += 2;
        count += 16;
      }
      const length = (entry >>> 9) + (bits & ((1 << lx) - 1));
      bits >>>= lx;
      count -= lx;
      if (count < 16) {
        bits |= (data[pos] | (data[pos + 1] << 8)) << count;
        pos += 2;
        count += 16;
      }
      entry = distTable[bits & distMask];
      if ((entry & 15) === 0) entry = meaningOf(longCode(dist, bits), DIST_MEANING);
      bits >>>= entry & 15;
      count -= entry & 15;
      const dx = (entry >>> 4) & 15;
      const base = entry >>> 8;
      if (base === 0) throw new Invalid("no such distance");
      if (count < dx) {
        bits |= (data[pos] | (data[pos + 1] << 8)) << count;
        pos += 2;
        count += 16;
      }
      const distance = base + (bits & ((1 << dx) - 1));
      bits >>>= dx;
      count -= dx;
      if (distance > out) throw new Invalid("distance before the stream's start");
      out += length;
      if (out > size) throw new Invalid("inflates past its size");
    }
  }

}
