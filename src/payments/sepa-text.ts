/**
 * The EPC's SEPA requirements restrict text in payment files to the basic Latin set
 * a-z A-Z 0-9 / - ? : ( ) . , ' + and space: banks may reject or garble anything else.
 * Names are transliterated (Müller -> Muller, Ørsted -> Orsted) rather than refused, because a
 * customer's name is no reason to hold back their money.
 */

const NOT_SEPA = /[^A-Za-z0-9/\-?:().,'+ ]/g;

/** Letters that Unicode decomposition does not reduce to a base letter plus accents. */
const LETTERS: Readonly<Record<string, string>> = {
  "ß": "ss", "ẞ": "SS", "Æ": "AE", "æ": "ae", "Ø": "O", "ø": "o", "Œ": "OE", "œ": "oe", "Ł": "L", "ł": "l",
  "Đ": "D", "đ": "d", "Ð": "D", "ð": "d", "Þ": "TH", "þ": "th", "ı": "i", "Ħ": "H", "ħ": "h",
  "&": "+", "_": "-", "\"": "'", "‘": "'", "’": "'", "‚": "'", "“": "'", "”": "'", "„": "'", "–": "-", "—": "-",
};

/** `text` in the SEPA character set, at most `max` characters; "" when nothing is left of it. */
export function toSepaText(text: string, max: number): string {
  const latin = text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .replace(/[^\x00-\x7f]|[&_"]/g, (c) => LETTERS[c] ?? " ")
    .replace(NOT_SEPA, " ")
    .replace(/\s+/g, " ")
    .trim();
  return latin.slice(0, max).trim();
}

const IDENTIFIER = /^[A-Za-z0-9/\-?:().,'+]+$/;

/**
 * Whether `id` can be a reference such as an EndToEndId: SEPA characters without spaces, at most
 * `max` long, and (EPC rule) not starting or ending with "/" nor containing "//".
 */
export function isSepaIdentifier(id: string, max = 35): boolean {
  return id.length <= max && IDENTIFIER.test(id) && !id.startsWith("/") && !id.endsWith("/") && !id.includes("//");
}
