import { dutchPaymentReason } from "./payment-reasons-nl";

/**
 * Dutch for why a reimbursement cannot be reversed (src/core/reverse.ts, src/workbook/reverse.ts),
 * as the pane lists them in Dutch. The rules speak English, as the CLI prints them; each rule
 * matches one English form whole, the ledger checks they quote are the payment rules' own, and an
 * unknown form is kept as it is.
 */
type Rule = readonly [RegExp, (...groups: string[]) => string];

const RECOVER = "the money has left the company; recover it from the vendor instead";
const RECOVER_NL = "het geld heeft het bedrijf verlaten; vorder het terug bij de leverancier";
const STATUS_FIRST = "import the bank's status report first (reimburse payment-status)";
const STATUS_FIRST_NL = "importeer eerst het statusrapport van de bank (reimburse payment-status)";
const esc = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const RULES: readonly Rule[] = [
  [new RegExp(`^it is Paid: ${esc(RECOVER)}$`), () => `die is Paid: ${RECOVER_NL}`],
  [new RegExp(`^it is Sent to the bank: ${esc(STATUS_FIRST)}; a Rejected one can be reversed$`), () => `die is Sent naar de bank: ${STATUS_FIRST_NL}; een Rejected kan worden teruggedraaid`],
  [/^its Status is '(.*)'; only Open reimbursements can be reversed$/, (s) => `de Status is '${s}'; alleen Open terugbetalingen kunnen worden teruggedraaid`],
  [/^its row cannot be read: ([^]*)$/, (p) => `de rij kan niet worden gelezen: ${dutchPaymentReason(p)}`],
  [/^its amount (\S+) is not a positive credit$/, (a) => `het bedrag ${a} is geen positief tegoed`],
  [/^it has no invoice number, so whether it was paid cannot be checked$/, () => "die heeft geen factuurnummer, dus of die is betaald kan niet worden gecontroleerd"],
  [/^its invoice (.+) is not on sheet Vendor invoices, so whether it was paid cannot be checked$/, (i) => `de factuur ${i} staat niet op blad Vendor invoices, dus of die is betaald kan niet worden gecontroleerd`],
  [/^its invoice (.+) appears (\d+) times on sheet Vendor invoices \(rows (.+)\); keep one$/, (i, n, rows) => `de factuur ${i} staat ${n} keer op blad Vendor invoices (rijen ${rows}); houd er één`],
  [/^its invoice (.+?) cannot be read: ([^]*)$/, (i, p) => `de factuur ${i} kan niet worden gelezen: ${dutchPaymentReason(p)}`],
  [new RegExp(`^its invoice (.+) is Paid: ${esc(RECOVER)}$`), (i) => `de factuur ${i} is Paid: ${RECOVER_NL}`],
  [new RegExp(`^its invoice (.+) is Sent to the bank: ${esc(STATUS_FIRST)}$`), (i) => `de factuur ${i} is Sent naar de bank: ${STATUS_FIRST_NL}`],
  [/^its invoice (.+) has Status '(.*)'; only Open invoices can be cancelled$/, (i, s) => `de factuur ${i} heeft Status '${s}'; alleen Open facturen kunnen worden geannuleerd`],
  [/^its invoice (.+) is for (.+), the reimbursement for (.+); one of them was edited$/, (i, a, b) => `de factuur ${i} is voor ${a}, de terugbetaling voor ${b}; een van beide is bewerkt`],
  [
    /^its customer transaction \(Type Reimbursement, Document (.+)\) is no longer on sheet Customer transactions; the credit it removed cannot be checked$/,
    (d) => `de klanttransactie (Type Reimbursement, Document ${d}) staat niet meer op blad Customer transactions; het tegoed dat die wegboekte kan niet worden gecontroleerd`,
  ],
  [/^its customer transaction \(sheet Customer transactions, row (\d+)\) belongs to run (.+), not (.+)$/, (row, a, b) => `de klanttransactie (blad Customer transactions, rij ${row}) hoort bij uitvoering ${a}, niet ${b}`],
  [/^([^]+) \(sheet '(.+)', cell (\w+)\)$/, (reason, sheet, cell) => `${dutchPaymentReason(reason)} (blad '${sheet}', cel ${cell})`],
];

export function dutchReversalRefusal(reason: string): string {
  for (const [pattern, dutch] of RULES) {
    const m = pattern.exec(reason);
    if (m) return dutch(...m.slice(1));
  }
  return dutchPaymentReason(reason);
}
