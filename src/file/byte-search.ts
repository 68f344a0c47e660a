/**
 * Byte patterns found in inflated XML without decoding it (the row splicer passes untouched rows
 * through as bytes): Node's Buffer search where there is one, a plain loop in the task pane.
 */

interface NodeBufferType {
  from(buffer: ArrayBufferLike, offset: number, length: number): Uint8Array & {
    indexOf(value: Uint8Array | number, from: number): number;
    lastIndexOf(value: Uint8Array, from: number): number;
  };
}

const NodeBuffer: NodeBufferType | undefined = (globalThis as { Buffer?: NodeBufferType }).Buffer;

/** Forces the browser's loop in Node, so tests cover it too. */
export const byteSearchTuning = { useNative: NodeBuffer !== undefined };

const asBuffer = (b: Uint8Array) => (NodeBuffer as NodeBufferType).from(b.buffer, b.byteOffset, b.length);

const encoder = new TextEncoder();

/** The UTF-8 bytes of an ASCII pattern. */
export function bytesOf(text: string): Uint8Array {
  return encoder.encode(text);
}

/** First index >= from where `needle` starts in `hay`, or -1. */
export function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from = 0): number {
  if (from >= hay.length) return -1;
  if (NodeBuffer && byteSearchTuning.useNative) return asBuffer(hay).indexOf(needle, from);
  const first = needle[0];
  const last = hay.length - needle.length;
  for (let i = hay.indexOf(first, from); i >= 0 && i <= last; i = hay.indexOf(first, i + 1)) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

/** First index >= from of one byte, or -1 (Node searches with memchr). */
export function indexOfByte(hay: Uint8Array, byte: number, from = 0): number {
  if (from >= hay.length) return -1;
  return NodeBuffer && byteSearchTuning.useNative ? asBuffer(hay).indexOf(byte, from) : hay.indexOf(byte, from);
}

/** Last index <= at of one byte, or -1. */
export function lastIndexOfByte(hay: Uint8Array, byte: number, at: number): number {
  if (at < 0) return -1;
  return NodeBuffer && byteSearchTuning.useNative ? asBuffer(hay).lastIndexOf(new Uint8Array([byte]), at) : hay.lastIndexOf(byte, at);
}

/** Last index <= at where `needle` starts in `hay`, or -1. */
export function lastIndexOfBytes(hay: Uint8Array, needle: Uint8Array, at: number): number {
  if (at < 0) return -1;
  if (NodeBuffer && byteSearchTuning.useNative) return asBuffer(hay).lastIndexOf(needle, at);
  const first = needle[0];
  for (let i = hay.lastIndexOf(first, Math.min(at, hay.length - needle.length)); i >= 0; i = i > 0 ? hay.lastIndexOf(first, i - 1) : -1) {
    let j = 1;
    while (j < needle.length && hay[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

export function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (!a.length) return b;
  if (!b.length) return a;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
