/**
 * ISO 17442 Legal Entity Identifier: 18 letters or digits and 2 check digits, valid when the
 * whole code read as a number (A=10 ... Z=35) is 1 modulo 97 (ISO 7064 MOD 97-10, as IBANs).
 */
export function normaliseLei(text: string): string {
  return text.replace(/\s+/g, "").toUpperCase();
}

export function isValidLei(text: string): boolean {
  const lei = normaliseLei(text);
  if (!/^[A-Z0-9]{18}[0-9]{2}$/.test(lei)) return false;
  let remainder = 0;
  for (const c of lei) {
    const value = c >= "A" ? c.charCodeAt(0) - 55 : c.charCodeAt(0) - 48;
    remainder = value >= 10 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97;
  }
  return remainder === 1;
}
