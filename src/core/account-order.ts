/**
 * Ledger order for account numbers: digits compare as numbers, so C2 sorts before C10, and
 * case is ignored, as a person reading an account list expects.
 */
export function compareAccounts(a: string, b: string): number {
  return a.localeCompare(b, "en", { numeric: true, sensitivity: "base" });
}
