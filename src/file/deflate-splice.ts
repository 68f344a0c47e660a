import { Deflated, inPieces } from "./zip-write";

/**
 * Blocks of a stored deflate stream (RFC 1951) copied as they are into a new stream, between a
 * head the writer deflates and a tail it deflates after them: a part that only grows at its end
 * keeps most of its compressed bytes, with no inflate and deflate of them.
 *
 * A block may start at any bit, and the head's deflate ends on a byte (its sync flush), so the
 * first copied byte's low bits are filled with empty blocks that take exactly that many bits
 * modulo 8. After the last copied block an empty stored block (3.2.4: a 3-bit header, then LEN 0
 * and NLEN 0xFFFF on the next byte boundary) brings the stream back to a byte, where the tail's
 * deflate starts.
 *
 * The copied blocks may refer back up to 32 KiB (3.2.5) into what came before them, so the head
 * must inflate to what the original's blocks before them did, at least in its last 32 KiB: the
 * caller checks that.
 */

/** Bits written from the least significant bit of each byte on, as deflate packs them (3.1.1). */
class BitWriter {
  private readonly bytes: number[] = [];
  private bits = 0;

  write(value: number, n: number): void {
    for (let i = 0; i < n; i++, this.bits++) {
      if ((this.bits & 7) === 0) this.bytes.push(0);
      this.bytes[this.bytes.length - 1] |= ((value >>> i) & 1) << (this.bits & 7);
    }
  }

  get length(): number {
    return this.bits;
  }

  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** An empty block with the fixed codes (3.2.6): not last, type 01, the 7-bit end-of-block code 0. Ten bits. */
function emptyFixedBlock(w: BitWriter): void {
  w.write(0, 1);
  w.write(1, 2);
  w.write(0, 7);
}

/**
 * An empty block with dynamic codes (3.2.7), 95 bits: the one odd-length filler. Its literal/length
 * code is {0, 256} and its distance code {0, 1}, each two codes of one bit (complete codes, as
 * every inflater accepts); its code-length code is {1, 18}, one bit each. It sends the code lengths
 * 1, 255 zeros (18 repeating 138 and 117), 1, and the two distance lengths 1 1, then the
 * end-of-block code (symbol 256: code 1).
 */
function emptyDynamicBlock(w: BitWriter): void {
  w.write(0, 1);
  w.write(2, 2);
  w.write(257 - 257, 5); // HLIT: 257 literal/length codes
  w.write(2 - 1, 5); // HDIST: 2 distance codes
  w.write(19 - 4, 4); // HCLEN: all 19 code-length code lengths, which makes the block's length odd
  const order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];
  for (const symbol of order) w.write(symbol === 1 || symbol === 18 ? 1 : 0, 3);
  // The code-length code: 1 -> 0, 18 -> 1 (canonical order).
  w.write(0, 1); // literal 0: length 1
  w.write(1, 1);
  w.write(138 - 11, 7); // literals 1-138: 0
  w.write(1, 1);
  w.write(117 - 11, 7); // literals 139-255: 0
  w.write(0, 1); // 256: length 1
  w.write(0, 1); // distance 0: length 1
  w.write(0, 1); // distance 1: length 1
  w.write(1, 1); // end of block: symbol 256, code 1
}

/** Empty blocks taking a number of bits congruent to `residue` modulo 8, from a byte boundary. */
export function fillerBits(residue: number): BitWriter {
  const w = new BitWriter();
  if (residue % 2 === 1) emptyDynamicBlock(w);
  while (w.length % 8 !== residue) emptyFixedBlock(w);
  return w;
}

const low = (n: number): number => (1 << n) - 1;

/**
 * The blocks of `stream` from bit `fromBit` to bit `toBit` (each a block's start: deflate-blocks.ts),
 * as bytes that go on from a byte boundary and end on one, open (not last). `size` and `crc`
 * are those of what the blocks inflate to. Copies only a few bytes at each end.
 */
export function copiedBlocks(stream: Uint8Array, fromBit: number, toBit: number, size: number, crc: number): Deflated {
  const fromByte = Math.floor(fromBit / 8);
  const toByte = Math.floor(toBit / 8);
  const s = fromBit % 8;
  const t = toBit % 8;
  if (toByte <= fromByte) throw new RangeError("the blocks to copy must span a byte");
  const pieces: Uint8Array[] = [];
  if (s === 0) pieces.push(stream.subarray(fromByte, toByte));
  else {
    const filler = fillerBits(s).done();
    filler[filler.length - 1] = (filler[filler.length - 1] & low(s)) | (stream[fromByte] & ~low(s) & 0xff);
    pieces.push(filler, stream.subarray(fromByte + 1, toByte));
  }
  // The empty stored block: its header's three zero bits after the last copied bit, then zeros to
  // the byte boundary (a second byte when the header does not fit in this one), LEN and NLEN.
  const last = t === 0 ? [] : [stream[toByte] & low(t)];
  const header = t === 0 || t > 5 ? [0] : [];
  pieces.push(Uint8Array.from([...last, ...header, 0x00, 0x00, 0xff, 0xff]));
  return inPieces(pieces, size, crc);
}
