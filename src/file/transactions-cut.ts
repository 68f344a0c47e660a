import { bytesOf, indexOfBytes } from "./byte-search";
import { concat } from "./compression";
import { rowStartIn } from "./row-splicer";

/**
 * Where the transactions worker and the main thread cut the Customer transactions sheet in two
 * (transactions-offload.ts): the main thread, idle while the worker reads, inflates the part
 * itself, picks a row start tag near its end and offers the worker to stop there; it then reads
 * the rows from that tag on while the worker reads those before it. The two agree through a
 * few shared integers, not messages: the worker's loop does not yield to its event loop between
 * chunks, and the cut must be known before the worker passes it.
 *
 * The worker takes the cut only if it has not yet passed it, and ends its rows there at once:
 * it makes and packs its digest while the main thread still reads the tail, and only then asks
 * for the main thread's verdict on the tail (digestThroughCut in transactions-offload.ts). Read:
 * the digest is posted as it is. Not read: the worker reads the whole sheet again, without a
 * cut. Whatever happens, the worker's result says whether it stopped at the cut.
 */

const STATE = 0;
const VERDICT = 1;
/** STATE: no cut offered, offered, the worker stopped at it, the worker refused it (passed it, found no row tag there, or the tail was not read). */
export const CUT_NONE = 0;
const CUT_OFFERED = 1;
const CUT_TAKEN = 2;
const CUT_REFUSED = 3;
/** VERDICT: pending, the tail was read (the worker's rows end at the cut), it was not (the worker digests the sheet again, whole). */
const VERDICT_READ = 1;
const VERDICT_UNREAD = 2;
/** BigInt64 slots after the two int32s (8-byte aligned): the cut's byte offset, its row, the worker's position. */
const OFFSET = 1;
const ROW = 2;
const POSITION = 3;
const BYTES = 32;

/** How long the worker waits at the cut for the verdict before reading on alone (the main thread always gives one; this is only a safety net). */
const VERDICT_WAIT_MS = 60_000;

/** The cut as offered: the byte offset (in the inflated part) of a `<row` start tag, and that row's number. */
export interface Cut {
  offset: number;
  row: number;
}

/** The shared slot, on either side (made on the main thread, its buffer given to the worker). */
export class CutSlot {
  private readonly ints: Int32Array;
  private readonly longs: BigInt64Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(BYTES)) {
    this.ints = new Int32Array(buffer, 0, 2);
    this.longs = new BigInt64Array(buffer, 0, 4);
  }

  // ---- the main thread ----

  /** Offers the cut; false when the worker has already gone past it (or a cut was offered before). */
  offer(cut: Cut): boolean {
    if (Number(Atomics.load(this.longs, POSITION)) >= cut.offset) return false;
    Atomics.store(this.longs, OFFSET, BigInt(cut.offset));
    Atomics.store(this.longs, ROW, BigInt(cut.row));
    return Atomics.compareExchange(this.ints, STATE, CUT_NONE, CUT_OFFERED) === CUT_NONE;
  }

  /** How far the worker has read the part (bytes), as it last published. */
  position(): number {
    return Number(Atomics.load(this.longs, POSITION));
  }

  /** Whether the worker has refused the cut (the tail is then read for nothing). */
  refused(): boolean {
    return Atomics.load(this.ints, STATE) === CUT_REFUSED;
  }

  /** The main thread's verdict on the tail, given once; wakes the worker if it waits. */
  verdict(read: boolean): void {
    if (Atomics.compareExchange(this.ints, VERDICT, 0, read ? VERDICT_READ : VERDICT_UNREAD) === 0) Atomics.notify(this.ints, VERDICT);
  }

  // ---- the worker ----

  /** The cut offered, if any and not yet refused. */
  offered(): Cut | null {
    const state = Atomics.load(this.ints, STATE);
    if (state !== CUT_OFFERED) return null;
    return { offset: Number(Atomics.load(this.longs, OFFSET)), row: Number(Atomics.load(this.longs, ROW)) };
  }

  /** The worker will have read the part up to `position` (published before it reads on). */
  reach(position: number): void {
    Atomics.store(this.longs, POSITION, BigInt(position));
  }

  /** Waits until a cut is offered or the main thread has given its verdict without one (tests: a cut the worker cannot pass before it is offered). */
  holdUntilOffered(): void {
    const deadline = Date.now() + VERDICT_WAIT_MS;
    while (Atomics.load(this.ints, STATE) === CUT_NONE && Atomics.load(this.ints, VERDICT) === 0 && Date.now() < deadline) Atomics.wait(this.ints, STATE, CUT_NONE, 5);
  }

  refuse(): void {
    Atomics.compareExchange(this.ints, STATE, CUT_OFFERED, CUT_REFUSED);
  }

  /** At the cut: true when the worker stops there (the cut still offered). */
  take(): boolean {
    return Atomics.compareExchange(this.ints, STATE, CUT_OFFERED, CUT_TAKEN) === CUT_OFFERED;
  }

  /** After take(): waits for the verdict; true when the tail was read (the worker's rows end at the cut), false to read the sheet without a cut. */
  tailRead(): boolean {
    const deadline = Date.now() + VERDICT_WAIT_MS;
    let verdict = Atomics.load(this.ints, VERDICT);
    while (verdict === 0 && Date.now() < deadline) {
      Atomics.wait(this.ints, VERDICT, 0, Math.max(1, deadline - Date.now()));
      verdict = Atomics.load(this.ints, VERDICT);
    }
    if (verdict === VERDICT_READ) return true;
    Atomics.store(this.ints, STATE, CUT_REFUSED);
    return false;
  }
}

const ROW_TAG = bytesOf("<row");
/** A start tag this long or longer is not looked at (a row's attributes are a few dozen bytes). */
const MAX_TAG = 1024;

/**
 * The number in r="..." of the `<row` start tag at `at`, or null when there is none there: not
 * a row start tag, no r or one that is not a row number, or the tag not all in `bytes` (the
 * row splicer's reading of a row start tag, rowStartIn).
 */
export function rowTagAt(bytes: Uint8Array, at: number): number | null {
  if (at < 0) return null;
  const start = rowStartIn(bytes, ROW_TAG, at, at + 1);
  return start !== null && start !== "more" && start.at === at && start.number !== null && !Number.isNaN(start.number) ? start.number : null;
}

/** The first `<row` start tag at or after `from` in `bytes` that rowTagAt reads, or null (also when one may be cut by the end of `bytes`). */
export function findRowTag(bytes: Uint8Array, from: number): { at: number; row: number } | null {
  for (let at = indexOfBytes(bytes, ROW_TAG, from); at >= 0; at = indexOfBytes(bytes, ROW_TAG, at + 1)) {
    if (bytes.length - at < MAX_TAG) return null;
    const row = rowTagAt(bytes, at);
    if (row !== null) return { at, row };
  }
  return null;
}

/** What the worker read of a cut: set when it stopped there. */
export interface CutTaken {
  cut: Cut | null;
}

/**
 * The part's chunks as the worker's scanner reads them, cut where the main thread offers: at
 * the cut the scanner has read every byte before it; the worker checks a row start tag of the
 * offered row begins there and ends the part with an empty row of that number and the sheet's
 * end tags (`ending`), so that its own scanner checks that the cut lies between two rows in
 * sheetData and that the rows before it come before that row. The verdict is asked for later.
 */
export async function* cutChunks(own: () => AsyncGenerator<Uint8Array>, slot: CutSlot, taken: CutTaken, ending: (row: number) => Uint8Array, hold = false): AsyncGenerator<Uint8Array> {
  if (hold) slot.holdUntilOffered();
  const source = own();
  let position = 0;
  try {
    for (;;) {
      const next = await source.next();
      if (next.done) return;
      let rest = next.value;
      const cut = slot.offered();
      if (cut !== null && cut.offset < position) slot.refuse();
      else if (cut !== null && cut.offset < position + rest.length) {
        const before = cut.offset - position;
        if (before > 0) {
          yield rest.subarray(0, before);
          position += before;
          rest = rest.subarray(before);
        }
        // The tag whole, should this chunk end inside it.
        while (rest.length < MAX_TAG && rowTagAt(rest, 0) === null) {
          const more = await source.next();
          if (more.done) break;
          rest = concat([rest, more.value]);
        }
        if (rowTagAt(rest, 0) !== cut.row) slot.refuse();
        else if (slot.take()) {
          taken.cut = cut;
          yield ending(cut.row);
          return;
        }
      }
      slot.reach(position + rest.length);
      position += rest.length;
      yield rest;
    }
  } finally {
    await source.return(undefined);
  }
}

/** The bytes of an empty row numbered `row` and the end tags of sheetData and the worksheet, unprefixed. */
export function sheetEnding(row: number): Uint8Array {
  return bytesOf(`<row r="${row}"/></sheetData></worksheet>`);
}
