/** One collator for every comparison: localeCompare with options builds a new one per call. */
const ACCOUNT_COLLATOR = new Intl.Collator("en", { numeric: true, sensitivity: "base" });

/**
 * Ledger order for account numbers: digits compare as numbers, so C2 sorts before C10, and
 * case is ignored, as a person reading an account list expects. The same order as
 * a.localeCompare(b, "en", { numeric: true, sensitivity: "base" }).
 */
export function compareAccounts(a: string, b: string): number {
  return ACCOUNT_COLLATOR.compare(a, b);
}
