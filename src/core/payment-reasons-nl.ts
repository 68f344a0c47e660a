import { dutchCellProblem } from "./cell-problems-nl";

/**
 * Dutch for the reasons an open invoice is not paid (src/payments/payee.ts, postal-address.ts,
 * creditor-accounts.ts, payment-selection.ts; the ledger checks of src/core/invoice-state.ts and
 * src/workbook/ledger-state.ts), when pay writes them on the Exceptions sheet of a Dutch workbook
 * and the pane shows them in Dutch. As with cell problems, the payment rules speak English and
 * the text is translated where it is written; each rule matches one English form whole, an
 * unknown form is kept as it is, and test/core/engine-messages.test.ts runs pay on the sample
 * workbook so a new common form without Dutch fails there.
 */
type Rule = readonly [RegExp, (...groups: string[]) => string];

/** "a euro payment outside SEPA" / "a payment in USD": why a transfer needs more than an IBAN. */
function why(text: string): string {
  return text === "a euro payment outside SEPA" ? "een eurobetaling buiten SEPA" : text.replace(/^a payment in ([A-Z]{3})$/, "een betaling in $1");
}

const WHY = "(a euro payment outside SEPA|a payment in [A-Z]{3})";

const ADDRESS: Readonly<Record<string, string>> = { town: "de plaats", "postal code": "de postcode", "building number": "het huisnummer", street: "de straat" };

const RULES: readonly Rule[] = [
  // payee.ts
  [/^vendor (.+) has no legal name in Latin letters for the bank \(Verification of Payee checks it\)$/, (v) => `leverancier ${v} heeft geen officiële naam in Latijnse letters voor de bank (Verification of Payee controleert die)`],
  [/^the payee's name ("[^]*") is an account code; banks check the legal name \(Verification of Payee\)$/, (n) => `de naam van de begunstigde ${n} is een rekeningcode; banken controleren de officiële naam (Verification of Payee)`],
  [/^the IBAN ("[^]*") of vendor (.+) is not valid \(ISO 13616 check digits\)$/, (x, v) => `de IBAN ${x} van leverancier ${v} is niet geldig (controlecijfers volgens ISO 13616)`],
  [/^the BIC ("[^]*") of vendor (.+) is not valid \(8 or 11 characters, ISO 9362\)$/, (x, v) => `de BIC ${x} van leverancier ${v} is niet geldig (8 of 11 tekens, ISO 9362)`],
  [/^the LEI ("[^]*") of vendor (.+) is not valid \(20 characters, ISO 17442 check digits\)$/, (x, v) => `de LEI ${x} van leverancier ${v} is niet geldig (20 tekens, controlecijfers volgens ISO 17442)`],
  [/^its amount exceeds the SEPA maximum of ([\d.]+ EUR) per transfer$/, (m) => `het bedrag is hoger dan het SEPA-maximum van ${m} per overboeking`],
  [/^vendor (.+) banks in ([A-Z]{2}), outside the EEA: a SEPA payment there needs the bank's BIC$/, (v, c) => `leverancier ${v} bankiert in ${c}, buiten de EER: een SEPA-betaling daarheen heeft de BIC van de bank nodig`],
  [/^vendor (.+) has no IBAN or account number$/, (v) => `leverancier ${v} heeft geen IBAN of rekeningnummer`],
  [/^vendor (.+) has no IBAN$/, (v) => `leverancier ${v} heeft geen IBAN`],
  [new RegExp(`^${WHY} needs the BIC of vendor (.+)'s bank$`), (w, v) => `${why(w)} heeft de BIC van de bank van leverancier ${v} nodig`],
  [/^vendor (.+)'s bank is in ([A-Z]{2}), where accounts are paid by IBAN: fill in the IBAN$/, (v, c) => `de bank van leverancier ${v} is in ${c}, waar rekeningen per IBAN worden betaald: vul de IBAN in`],
  [/^the account number ("[^]*") is not at most 34 letters and digits$/, (x) => `het rekeningnummer ${x} heeft meer dan 34 letters en cijfers of andere tekens`],
  [new RegExp(`^${WHY} needs vendor (.+)'s postal address \\((.+)\\)$`), (w, v, cols) => `${why(w)} heeft het postadres van leverancier ${v} nodig (${cols.replace(/, (?=[^,]+$)/, " en ")})`],
  [
    /^vendor (.+)'s bank is in ([A-Z]{2}), outside the EEA: the payer's address is required there; fill in the Parameters (.+) and (Debtor \w+)$/,
    (v, c, list, last) => `de bank van leverancier ${v} is in ${c}, buiten de EER: daar is het adres van de betaler verplicht; vul op Parameters ${list} en ${last} in`,
  ],
  [/^vendor (.+?): ([^]+)$/, (v, address) => (addressReason(address) ? `leverancier ${v}: ${addressReason(address)}` : "")],
  // creditor-accounts.ts
  [/^account (.+) is on sheet (.+) more than once \((\S+) and (\S+)\); keep one row$/, (a, s, x, y) => `rekening ${a} staat meer dan één keer op blad ${s} (${x} en ${y}); houd één rij`],
  [/^vendor (.+) is not on the Vendors sheet, which holds the vendors' bank details$/, (v) => `leverancier ${v} staat niet op blad Vendors, dat de bankgegevens van de leveranciers bevat`],
  [/^customers (.+) are mapped to vendor (.+) with different IBANs$/, (list, v) => `klanten ${list} zijn gekoppeld aan leverancier ${v} met verschillende IBAN's`],
  // payment-selection.ts
  [/^its amount (\S+) is not a positive amount to pay$/, (a) => `het bedrag ${a} is geen positief bedrag om te betalen`],
  [/^the invoice number cannot be a SEPA end-to-end reference \(at most 35 (.+)\)$/, (chars) => `het factuurnummer kan geen SEPA-end-to-end-referentie zijn (hoogstens 35 ${chars.replace("letters, digits and", "letters, cijfers en")})`],
  // invoice-state.ts, ledger-state.ts: the three sheets of one reimbursement must agree.
  [/^its Status is '(.*)', which Reimburse does not know \(Open, Paid, Cancelled\); set it to Open to release it$/, (s) => `de Status is '${s}', die Reimburse niet kent (Open, Paid, Cancelled); zet die op Open om de factuur vrij te geven`],
  [/^no row on sheet Reimbursements carries invoice (.+), so the credit it pays cannot be checked$/, (i) => `geen rij op blad Reimbursements heeft factuur ${i}, dus het tegoed dat die betaalt kan niet worden gecontroleerd`],
  [
    /^no reimbursement transaction on sheet Customer transactions carries invoice (.+) \(Type Reimbursement, Document (.+)\), so the credit was never removed$/,
    (i, d) => `geen terugbetalingstransactie op blad Customer transactions heeft factuur ${i} (Type Reimbursement, Document ${d}), dus het tegoed is nooit weggeboekt`,
  ],
  [/^invoice, reimbursement and customer transaction disagree \((.+)\); one of them was edited$/, (told) => `factuur, terugbetaling en klanttransactie komen niet overeen (${told.replace(/ for customer /g, " voor klant ")}); een ervan is bewerkt`],
  [/^the invoice number is also on row (\d+); each invoice must have its own number$/, (r) => `het factuurnummer staat ook op rij ${r}; elke factuur moet een eigen nummer hebben`],
  [/^invoice (.+) is on sheet Reimbursements (\d+) times \(rows (.+)\); keep one$/, (i, n, rows) => `factuur ${i} staat ${n} keer op blad Reimbursements (rijen ${rows}); houd er één`],
  [/^(\d+) reimbursement transactions carry invoice (.+) \(sheet Customer transactions, rows (.+)\); keep one$/, (n, i, rows) => `${n} terugbetalingstransacties hebben factuur ${i} (blad Customer transactions, rijen ${rows}); houd er één`],
  [/^the reimbursement transaction of invoice (.+) has no amount or currency$/, (i) => `de terugbetalingstransactie van factuur ${i} heeft geen bedrag of valuta`],
];

/** postal-address.ts: what is wrong with a payee's address. */
function addressReason(reason: string): string | null {
  const banks = "banken hebben de plaats en het land van elk verzonden adres nodig";
  if (reason === "the address has no town (City): banks need the town and country of every address sent") return `het adres heeft geen plaats (City): ${banks}`;
  if (reason === "the address has no country: banks need the town and country of every address sent") return `het adres heeft geen land: ${banks}`;
  if (reason === "the address does not fit in two lines of 70 characters; put the street in the Street column") return "het adres past niet in twee regels van 70 tekens; zet de straat in de kolom Street";
  const long = /^the (town|postal code|building number|street) ("[^]*") is longer than (\d+) characters( \(\w+\))?$/.exec(reason);
  if (long) return `${ADDRESS[long[1]]} ${long[2]} is langer dan ${long[3]} tekens${long[4] ?? ""}`;
  const country = /^("[^]*") is not a two-letter ISO 3166 country code such as NL or GB$/.exec(reason);
  return country ? `${country[1]} is geen landcode van twee letters (ISO 3166) zoals NL of GB` : null;
}

function inner(reason: string): string {
  for (const [pattern, dutch] of RULES) {
    const m = pattern.exec(reason);
    if (!m) continue;
    const out = dutch(...m.slice(1));
    if (out) return out;
  }
  return dutchCellProblem(reason);
}

/**
 * "Invoice RB-000003 not paid: vendor OTV-000002 has no IBAN" becomes "Factuur RB-000003 niet
 * betaald: leverancier OTV-000002 heeft geen IBAN". Unknown forms come back unchanged.
 */
export function dutchPaymentReason(reason: string): string {
  const m = /^Invoice (on row (\d+)|(.+?)) not paid: ([^]*)$/.exec(reason);
  if (!m) return inner(reason);
  const which = m[2] !== undefined ? `op rij ${m[2]}` : m[3];
  return `Factuur ${which} niet betaald: ${inner(m[4])}`;
}
