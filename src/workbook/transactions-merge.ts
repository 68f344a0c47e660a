import { balanceKey } from "../core/balance";
import { Money } from "../core/money";
import { TransactionSum, TransactionsDigest } from "./offloaded-transactions";
import { AmountBounds, RowsShape, thinGridOfShape } from "./transactions-stream";

/**
 * The digest of a Customer transactions sheet read in two parts at once (transactions-offload.ts:
 * a worker streams its head, the main thread its tail, cut at a row), merged into the digest
 * one stream of the whole sheet gives: sums per customer and currency in order of first
 * appearance, problems and ids in row order, the thin grid of the whole sheet's shape, the
 * fingerprint text head first.
 *
 * Sums: one stream adds the tail's amounts one by one to the head's sum A (Money.plus, exact
 * while a result fits Money's precision; ExactSum's integers are exact always). Every partial
 * sum P of A and the tail's amounts has |P| < |A| + n * 10^(e+1) (n amounts, e the largest
 * exponent of one) and at most D decimals (the most of A and of one amount); when those digits
 * fit the precision, no addition rounds, in one stream or in the tail's own sum B, and the
 * one stream's sum is exactly A + B. Its sign of zero: Money.plus gives -0 only for -0 plus -0
 * (and ExactSum keeps -0 while every amount is -0), so a sum is -0 exactly when every amount
 * was: the head's and the tail's both. Where the digits may not fit, the merge gives up (null)
 * and the sheet is read in one piece.
 */

/** One part's digest, and the shape of its rows (the tail's: without the header row, which the head holds). */
export interface DigestPart {
  digest: TransactionsDigest;
  shape: RowsShape;
}

/** The whole sheet's digest from its head part and its tail part (rows after the head's), or null where they cannot be merged exactly. */
export function mergeDigests(head: DigestPart, tail: DigestPart & { bounds: AmountBounds }): TransactionsDigest | null {
  const a = head.digest;
  const b = tail.digest;
  if (!a.grid || !b.grid || !a.present || !b.present || !a.parametersRead || !b.parametersRead || a.failure || b.failure) return null;
  if (a.prefixes.length !== b.prefixes.length || a.prefixes.some((p, i) => p !== b.prefixes[i])) return null;
  const shape = mergeShapes(head.shape, tail.shape);
  if (!shape) return null;
  const sums = mergeSums(a.sums, b.sums, tail.bounds);
  if (!sums) return null;
  return {
    present: true,
    parametersRead: true,
    sums,
    problems: [...a.problems, ...b.problems],
    failure: null,
    prefixes: a.prefixes,
    ids: a.ids.map((found, i) => [...found, ...b.ids[i]]),
    fingerprintRows: [...a.fingerprintRows, ...b.fingerprintRows],
    grid: thinGridOfShape(a.grid.name, shape, a.grid.totalsRows ?? []),
  };
}

/** The shape of the head's rows followed by the tail's; null unless the tail is read with the head's header and comes after its rows. */
export function mergeShapes(head: RowsShape, tail: RowsShape): RowsShape | null {
  if (head.headerRow === 0 || tail.headerRow !== head.headerRow || tail.headerFirst !== head.headerFirst) return null;
  if (tail.rowsKept === 0) return head;
  if (tail.startRow <= head.lastRow) return null;
  const tailLast = tail.lastNonBlank !== 0;
  return {
    startRow: head.startRow,
    lastRow: tail.lastRow,
    rowsKept: head.rowsKept + tail.rowsKept,
    cellsKept: head.cellsKept + tail.cellsKept,
    widest: Math.max(head.widest, tail.widest),
    headerRow: head.headerRow,
    headerFirst: head.headerFirst,
    headerCells: head.headerCells,
    lastNonBlank: tailLast ? tail.lastNonBlank : head.lastNonBlank,
    lastCells: tailLast ? tail.lastCells : head.lastCells,
    totals: [...head.totals, ...tail.totals],
  };
}

/** The head's sums with the tail's added: the head's keys in their order, then the tail's new ones in theirs. */
export function mergeSums(head: readonly TransactionSum[], tail: readonly TransactionSum[], bounds: AmountBounds): TransactionSum[] | null {
  if (tail.length === 0) return [...head];
  const inTail = new Map<string, number>();
  tail.forEach((sum, i) => inTail.set(balanceKey(sum.account, sum.currency), i));
  const joined = new Uint8Array(tail.length);
  const out: TransactionSum[] = [];
  for (const sum of head) {
    const j = inTail.get(balanceKey(sum.account, sum.currency));
    if (j === undefined) {
      out.push(sum);
      continue;
    }
    joined[j] = 1;
    const amount = plusExactly(sum, tail[j], bounds);
    if (amount === null) return null;
    out.push({ account: sum.account, currency: sum.currency, amount, negativeZero: sum.negativeZero && tail[j].negativeZero, source: sum.source });
  }
  for (let j = 0; j < tail.length; j++) if (!joined[j]) out.push(tail[j]);
  return out;
}

/** Plain decimal text (as toFixed writes it) read as sign, integer digits and fraction digits. */
interface DecimalText {
  negative: boolean;
  digits: string;
  /** How many of `digits` are before the point. */
  integerLength: number;
}

function readText(text: string): DecimalText | null {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m) return null;
  return { negative: m[1] === "-", digits: m[2] + (m[3] ?? ""), integerLength: m[2].length };
}

/** Decimal digits of a count (n < 10^digits). */
function digitsOf(n: number): number {
  return String(Math.max(0, Math.floor(n))).length;
}

/**
 * The text of head + tail as one stream would sum it (the module comment), or null when the
 * bounds do not prove every partial sum exact.
 */
export function plusExactly(head: TransactionSum, tail: TransactionSum, bounds: AmountBounds): string | null {
  const a = readText(head.amount);
  const b = readText(tail.amount);
  if (!a || !b) return null;
  const aDecimals = a.digits.length - a.integerLength;
  const bDecimals = b.digits.length - b.integerLength;
  // |A| < 10^integerLength; each amount < 10^(maxExponent + 1); every partial sum < 10^top.
  const amountsTop = bounds.count === 0 ? -Infinity : bounds.maxExponent + 1 + digitsOf(bounds.count);
  const top = Math.max(a.integerLength, amountsTop) + 1;
  const decimals = Math.max(aDecimals, bounds.maxDecimals);
  if (!(top + decimals <= Money.precision) || bDecimals > decimals) return null;
  // Both as integers of 10^-scale: exact in a double while each has at most 15 digits.
  const scale = Math.max(aDecimals, bDecimals);
  if (a.integerLength + scale <= 15 && b.integerLength + scale <= 15) {
    const sum = scaledOf(a, aDecimals, scale) + scaledOf(b, bDecimals, scale);
    return textOfScaled(sum, scale);
  }
  return new Money(head.amount).plus(new Money(tail.amount)).toFixed();
}

function scaledOf(t: DecimalText, decimals: number, scale: number): number {
  const n = Number(t.digits + "0".repeat(scale - decimals));
  return t.negative ? -n : n;
}

/** toFixed's text of the exact integer `scaled` x 10^-scale: no trailing zeros after the point, "0" for zero. */
function textOfScaled(scaled: number, scale: number): string {
  if (scaled === 0) return "0";
  const negative = scaled < 0;
  let digits = String(negative ? -scaled : scaled);
  if (scale > 0) {
    if (digits.length <= scale) digits = "0".repeat(scale - digits.length + 1) + digits;
    const point = digits.length - scale;
    const fraction = digits.slice(point).replace(/0+$/, "");
    digits = fraction ? `${digits.slice(0, point)}.${fraction}` : digits.slice(0, point);
  }
  return negative ? `-${digits}` : digits;
}
