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

/** A tail's sums by key, their amounts read: made while the head is still being read (prepareTail), to merge sooner once it is. */
export interface PreparedTail {
  index: Map<string, number>;
  amounts: (DecimalText | null)[];
}

/** The tail's part of mergeSums' work, which needs nothing of the head. */
export function prepareTail(sums: readonly TransactionSum[]): PreparedTail {
  const index = new Map<string, number>();
  const amounts = new Array<DecimalText | null>(sums.length);
  for (let i = 0; i < sums.length; i++) {
    index.set(balanceKey(sums[i].account, sums[i].currency), i);
    amounts[i] = readText(sums[i].amount);
  }
  return { index, amounts };
}

/** The whole sheet's digest from its head part and its tail part (rows after the head's), or null where they cannot be merged exactly. */
export function mergeDigests(head: DigestPart, tail: DigestPart & { bounds: AmountBounds }, prepared?: PreparedTail): TransactionsDigest | null {
  const a = head.digest;
  const b = tail.digest;
  if (!a.grid || !b.grid || !a.present || !b.present || !a.parametersRead || !b.parametersRead || a.failure || b.failure) return null;
  if (a.prefixes.length !== b.prefixes.length || a.prefixes.some((p, i) => p !== b.prefixes[i])) return null;
  const shape = mergeShapes(head.shape, tail.shape);
  if (!shape) return null;
  const sums = mergeSums(a.sums, b.sums, tail.bounds, prepared);
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
export function mergeSums(head: readonly TransactionSum[], tail: readonly TransactionSum[], bounds: AmountBounds, prepared: PreparedTail = prepareTail(tail)): TransactionSum[] | null {
  if (tail.length === 0) return [...head];
  const { index, amounts } = prepared;
  const joined = new Uint8Array(tail.length);
  const out: TransactionSum[] = [];
  for (let i = 0; i < head.length; i++) {
    const sum = head[i];
    const j = index.get(balanceKey(sum.account, sum.currency));
    if (j === undefined) {
      out.push(sum);
      continue;
    }
    joined[j] = 1;
    const amount = plusTexts(readText(sum.amount), amounts[j], bounds, sum.amount, tail[j].amount);
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
  const n = text.length;
  const negative = n > 0 && text.charCodeAt(0) === 45;
  let i = negative ? 1 : 0;
  const start = i;
  while (i < n && isDigit(text.charCodeAt(i))) i++;
  const integerLength = i - start;
  if (integerLength === 0) return null;
  if (i === n) return { negative, digits: negative ? text.slice(1) : text, integerLength };
  if (text.charCodeAt(i) !== 46 || i + 1 === n) return null;
  for (let j = i + 1; j < n; j++) if (!isDigit(text.charCodeAt(j))) return null;
  return { negative, digits: text.slice(start, i) + text.slice(i + 1), integerLength };
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
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
  return plusTexts(readText(head.amount), readText(tail.amount), bounds, head.amount, tail.amount);
}

function plusTexts(a: DecimalText | null, b: DecimalText | null, bounds: AmountBounds, headText: string, tailText: string): string | null {
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
  return new Money(headText).plus(new Money(tailText)).toFixed();
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
