/**
 * One collator for every comparison: localeCompare with options builds a new one per call.
 * Built on first use, not at load: building it loads ICU's collation data (10-30 ms), which a
 * module that only imports this one (a command, a worker) then pays only if it compares accounts.
 */
let accountCollator: Intl.Collator | undefined;

/**
 * Ledger order for account numbers: digits compare as numbers, so C2 sorts before C10, and
 * case is ignored, as a person reading an account list expects. The same order as
 * a.localeCompare(b, "en", { numeric: true, sensitivity: "base" }).
 */
export function compareAccounts(a: string, b: string): number {
  accountCollator ??= new Intl.Collator("en", { numeric: true, sensitivity: "base" });
  return accountCollator.compare(a, b);
}
