import { balanceKey } from "../core/balance";
import { Money, PlainDecimal, plusPlainDecimals, readPlainDecimal } from "../core/money";
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
  amounts: (PlainDecimal | null)[];
}

/** The tail's part of mergeSums' work, which needs nothing of the head. */
export function prepareTail(sums: readonly TransactionSum[]): PreparedTail {
  const index = new Map<string, number>();
  const amounts = new Array<PlainDecimal | null>(sums.length);
  for (let i = 0; i < sums.length; i++) {
    index.set(balanceKey(sums[i].account, sums[i].currency), i);
    amounts[i] = readPlainDecimal(sums[i].amount);
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
    const amount = plusTexts(readPlainDecimal(sum.amount), amounts[j], bounds);
    if (amount === null) return null;
    out.push({ account: sum.account, currency: sum.currency, amount, negativeZero: sum.negativeZero && tail[j].negativeZero, source: sum.source });
  }
  for (let j = 0; j < tail.length; j++) if (!joined[j]) out.push(tail[j]);
  return out;
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
  return plusTexts(readPlainDecimal(head.amount), readPlainDecimal(tail.amount), bounds);
}

function plusTexts(a: PlainDecimal | null, b: PlainDecimal | null, bounds: AmountBounds): string | null {
  if (!a || !b) return null;
  // |A| < 10^integerDigits; each amount < 10^(maxExponent + 1); every partial sum < 10^top.
  const amountsTop = bounds.count === 0 ? -Infinity : bounds.maxExponent + 1 + digitsOf(bounds.count);
  const top = Math.max(a.integerDigits, amountsTop) + 1;
  const decimals = Math.max(a.decimals, bounds.maxDecimals);
  if (!(top + decimals <= Money.precision) || b.decimals > decimals) return null;
  return plusPlainDecimals(a, b);
}
