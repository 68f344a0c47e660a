import { dutchCellProblem } from "../../src/core/cell-problems-nl";
import { engineMessages } from "../../src/core/engine-messages";
import { parseAmount, parseDate, parseName, parseNonNegative, parseRequiredText, parseText, parseWholeNumber } from "../../src/workbook/cells";
import { SHEETS } from "../../src/workbook/contract";
import { CellValue, WorkbookSnapshot } from "../../src/workbook/grid";
import { preparePayment } from "../../src/payments/prepare-payment";
import { sampleWorkbook } from "../../src/workbook/sample";
import { parseAccount } from "../../src/workbook/read-ledger";
import { parseCurrency } from "../../src/workbook/read-parameters";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { prepareReversal } from "../../src/workbook/reverse";
import { prepareRun } from "../../src/workbook/run";
import { sheetRows } from "../support/sheet-rows";
import { buildBook } from "../support/workbook-builder";

/** English words of the readers' reasons that have no place in a Dutch reason. */
const ENGLISH = /\b(expected|found|empty|cell|amount|number|date|text|the|has|more than|keep|write|appears|twice|second|balance|first|after|before|looks|remove|ambiguous|characters?|significant|decimals|allows|customer|vendor|account)\b/i;

const malformed: CellValue = { error: "#VALUE!", malformedNumber: "-1812,69" };
/** Cells each reader refuses, in every way it says so. */
const BAD: CellValue[] = [
  null, "", "abc", "1,234", "12.5.6", "1234567890123456789", "1e400", Number.POSITIVE_INFINITY, -5, 1.5,
  { error: "#N/A" }, malformed, true, new Date("2026-11-24T00:00:00Z"), new Date(Number.NaN),
  "03/04/2026", "2026-02-30", "1899-12-31", "tomorrow", 0, 60, 1e12, "x".repeat(40_000), "Bell\u0007", "Total", 1e16,
];
const PARSERS: Record<string, (v: CellValue) => { ok: boolean; reason?: string }> = {
  amount: parseAmount,
  nonNegative: parseNonNegative,
  wholeNumber: parseWholeNumber,
  date: parseDate,
  text: parseText,
  name: parseName,
  account: parseAccount,
  vendor: (v) => parseRequiredText(v, "a vendor account"),
  customerName: (v) => parseRequiredText(v, "the customer's name"),
  currency: parseCurrency,
};

function readerReasons(): string[] {
  const out = new Set<string>();
  for (const parse of Object.values(PARSERS)) {
    for (const value of BAD) {
      const parsed = parse(value);
      if (!parsed.ok && parsed.reason) out.add(parsed.reason);
    }
  }
  return [...out];
}

describe("the Dutch of a reason a cell cannot be read", () => {
  it("translates every way the cell readers refuse a cell, leaving no English sentence", () => {
    const reasons = readerReasons();
    expect(reasons.length).toBeGreaterThan(25);
    const untranslated = reasons.map((r) => ({ r, nl: dutchCellProblem(`Balance: ${r}`) })).filter(({ nl }) => ENGLISH.test(nl.replace(/^Balance: /, "").replace(/"[^"]*"/g, "")));
    expect(untranslated).toEqual([]);
  });

  it("keeps the column, the value found and the numbers the English names", () => {
    expect(dutchCellProblem("Balance: expected an amount, found an empty cell")).toBe("Balance: verwacht een bedrag, gevonden: een lege cel");
    expect(dutchCellProblem('Balance: expected an amount such as 1234.50, found "abc"')).toBe('Balance: verwacht een bedrag zoals 1234.50, gevonden: "abc"');
    expect(dutchCellProblem("Amount: 10.005 has more than the 2 decimals EUR allows")).toBe("Amount: 10.005 heeft meer dan de 2 decimalen die EUR toestaat");
    expect(dutchCellProblem("Date: 2026-12-01 is after the reimbursement date 2026-11-24")).toBe("Date: 2026-12-01 ligt na de terugbetalingsdatum 2026-11-24");
    expect(dutchCellProblem("customer C1 appears twice on sheet Customers (also A2)")).toBe("klant C1 staat twee keer op blad Customers (ook A2)");
  });

  it("leaves a form it does not know as it is rather than guess", () => {
    expect(dutchCellProblem("Balance: something new")).toBe("Balance: something new");
  });

  it("says English as the readers do, and the same facts in Dutch", () => {
    const problem = "Balance: expected an amount, found the error #N/A";
    expect(engineMessages("en").unreadable(problem)).toBe(problem);
    expect(engineMessages("nl-NL").unreadable(problem)).toBe("Balance: verwacht een bedrag, gevonden: de fout #N/A");
    expect(engineMessages("en").duplicateVendor("V1", ["A2", "A5"])).toBe("Vendor account V1 is on sheet Vendors more than once (cells A2 and A5); keep one row, so name and bank account come from the same vendor");
    expect(engineMessages("nl-NL").duplicateVendor("V1", ["A2", "A5"])).toBe("Leveranciersrekening V1 staat meer dan één keer op blad Vendors (cellen A2 en A5); houd één rij, zodat naam en bankrekening van dezelfde leverancier komen");
  });
});

describe("every reason and description a run writes, in the workbook's language (Parameters: Language)", () => {
  const now = new Date("2026-11-24T09:30:00Z");
  const book = (language?: string) =>
    buildBook({
      customers: [{ account: "C001", vendor: "V1" }, { account: "C002" }, { account: "C003" }, { account: "Total" }, { account: "C005" }, { account: "C005" }, { account: "C006" }],
      balances: [["C001", "EUR", -50], ["C002", "EUR", "abc"], ["C003", "EUR", -40], ["C009", "EUR", { error: "#N/A" }], ["C005", "EUR", -20], ["C006", "EUR", -30]],
      transactions: [["C003", "2026-12-01", "EUR", -1, "Payment"]],
      vendors: [["V1", "Vendor one"], ["V1", "Vendor one again"]],
      extraParameters: language === undefined ? [] : [["Language", language]],
    });
  const written = (language?: string) => {
    const b = book(language);
    const run = prepareRun(b, { now });
    const after = applyPatchToSnapshot(b, run.patch);
    return { reasons: sheetRows(after, SHEETS.exceptions).map((r) => String(r.Reason)), descriptions: run.plan.reimbursements.map((r) => r.description) };
  };

  it("writes unreadable rows, duplicate vendors and the rest in English by default", () => {
    const { reasons } = written();
    expect(reasons).toEqual(expect.arrayContaining([
      expect.stringMatching(/^Vendor account V1 is on sheet Vendors more than once \(cells A2 and A3\)/),
      'Balance: expected an amount such as 1234.50, found "abc"',
      "Date: 2026-12-01 is after the reimbursement date 2026-11-24",
      expect.stringMatching(/^Customer account: "Total" looks like a subtotal row/),
      "customer C005 appears twice on sheet Customers (also A6)",
      "Balance: expected an amount, found the error #N/A",
    ]));
  });

  it("writes every one of them in Dutch for nl-NL, none in English", () => {
    const en = written().reasons;
    const { reasons, descriptions } = written("nl-NL");
    expect(reasons).toHaveLength(en.length);
    expect(reasons).toEqual(expect.arrayContaining([
      "Leveranciersrekening V1 staat meer dan één keer op blad Vendors (cellen A2 en A3); houd één rij, zodat naam en bankrekening van dezelfde leverancier komen",
      'Balance: verwacht een bedrag zoals 1234.50, gevonden: "abc"',
      "Date: 2026-12-01 ligt na de terugbetalingsdatum 2026-11-24",
      'Customer account: "Total" lijkt een subtotaalrij; haal die uit de gegevens',
      "Balance: verwacht een bedrag, gevonden: de fout #N/A",
      "klant C005 staat twee keer op blad Customers (ook A6)",
    ]));
    const english = reasons.filter((r) => ENGLISH.test(r.replace(/^[A-Z][a-z]+( [a-z]+)?: /, "").replace(/"[^"]*"|blad [A-Z][a-z]+( [a-z]+)?/g, "")));
    expect(english).toEqual([]);
    expect(descriptions).toEqual(["Terugbetaling van creditsaldo, klant C006"]);
    expect(written().descriptions).toEqual(["Reimbursement of credit balance, customer C006"]);
    for (const d of descriptions) expect(d).toMatch(/^Terugbetaling van creditsaldo, klant C\d+$/);
  });
});

/** The sample workbook (a messy ledger: payees without IBAN, BIC or address...) after a run and a payment, in a language. */
function paidSampleBook(language: string | null): { runId: string; ran: WorkbookSnapshot; paid: WorkbookSnapshot; now: Date } {
  const base = sampleWorkbook({ customers: 150, seed: 7 });
  const book: WorkbookSnapshot = language === null ? base : {
    sheets: base.sheets.map((s) => (s.name === SHEETS.parameters ? { ...s, rows: [...s.rows, ["Language", language]] } : s)),
  };
  const now = new Date("2026-11-24T09:30:00Z");
  const run = prepareRun(book, { now });
  const ran = applyPatchToSnapshot(book, run.patch);
  const paid = applyPatchToSnapshot(ran, preparePayment(ran, { now, randomHex: () => "a1b2c3" }).patch);
  return { runId: run.plan.runId, ran, paid, now };
}

describe("why pay leaves an invoice unpaid, in the workbook's language", () => {
  /** The Exceptions rows the payment of the sample workbook adds, in a language. */
  function paidSample(language: string | null): string[] {
    const { ran, paid } = paidSampleBook(language);
    return sheetRows(paid, SHEETS.exceptions).slice(sheetRows(ran, SHEETS.exceptions).length).map((r) => String(r.Reason));
  }

  it("writes every reason of a payment on the sample workbook in Dutch for nl-NL, as many as in English", () => {
    const en = paidSample(null);
    const nl = paidSample("nl-NL");
    expect(en.length).toBeGreaterThan(3);
    expect(en.every((r) => r.startsWith("Invoice "))).toBe(true);
    expect(nl).toHaveLength(en.length);
    expect(nl.every((r) => r.startsWith("Factuur "))).toBe(true);
    const english = nl.filter((r) => ENGLISH.test(r.replace(/"[^"]*"|blad [A-Z][a-z]+( [a-z]+)?|Verification of Payee|\((Street|City)[^)]*\)|Debtor \w+( \w+)?/g, "")));
    expect(english).toEqual([]);
  });

  it("translates each form the payment rules give, and keeps an unknown one", () => {
    const forms: [string, string][] = [
      ["Invoice RB-1 not paid: vendor V1 has no IBAN", "Factuur RB-1 niet betaald: leverancier V1 heeft geen IBAN"],
      ["Invoice on row 7 not paid: its amount -5 is not a positive amount to pay", "Factuur op rij 7 niet betaald: het bedrag -5 is geen positief bedrag om te betalen"],
      ['Invoice RB-2 not paid: the IBAN "NL00X" of vendor V2 is not valid (ISO 13616 check digits)', 'Factuur RB-2 niet betaald: de IBAN "NL00X" van leverancier V2 is niet geldig (controlecijfers volgens ISO 13616)'],
      ["Invoice RB-3 not paid: a payment in USD needs the BIC of vendor V3's bank", "Factuur RB-3 niet betaald: een betaling in USD heeft de BIC van de bank van leverancier V3 nodig"],
      ["Invoice RB-4 not paid: vendor V4: the address has no country: banks need the town and country of every address sent", "Factuur RB-4 niet betaald: leverancier V4: het adres heeft geen land: banken hebben de plaats en het land van elk verzonden adres nodig"],
      ['Invoice RB-5 not paid: vendor V5: the town "Llanfair" is longer than 35 characters (TwnNm)', 'Factuur RB-5 niet betaald: leverancier V5: de plaats "Llanfair" is langer dan 35 tekens (TwnNm)'],
      ["Invoice RB-6 not paid: customers C1, C2 are mapped to vendor V6 with different IBANs", "Factuur RB-6 niet betaald: klanten C1, C2 zijn gekoppeld aan leverancier V6 met verschillende IBAN's"],
      ["Invoice RB-7 not paid: Amount: expected a value, found an empty cell", "Factuur RB-7 niet betaald: Amount: verwacht een waarde, gevonden: een lege cel"],
      ["Invoice RB-8 not paid: its Status is 'Hold', which Reimburse does not know (Open, Paid, Cancelled); set it to Open to release it", "Factuur RB-8 niet betaald: de Status is 'Hold', die Reimburse niet kent (Open, Paid, Cancelled); zet die op Open om de factuur vrij te geven"],
      ["Invoice RB-9 not paid: something new", "Factuur RB-9 niet betaald: something new"],
    ];
    for (const [english, dutch] of forms) expect(engineMessages("nl-NL").paymentException(english)).toBe(dutch);
    for (const [english] of forms) expect(engineMessages("en").paymentException(english)).toBe(english);
  });
});

describe("why a reimbursement cannot be reversed, in the pane's Dutch", () => {
  it("translates the refusals of reversing a paid run, leaving no English sentence", () => {
    const { runId, paid, now } = paidSampleBook(null);
    const refused = prepareReversal(paid, { runId, now }).plan.refused.map((r) => r.reason);
    expect(refused.length).toBeGreaterThan(3);
    const nl = refused.map((r) => engineMessages("nl-NL").reversalRefusal(r));
    expect(nl.filter((r) => ENGLISH.test(r.replace(/reimburse payment-status|Sent|Paid|Rejected|Open/g, "")))).toEqual([]);
    expect(refused.map((r) => engineMessages("en").reversalRefusal(r))).toEqual(refused);
  });

  it("translates each form reverse gives", () => {
    const forms: [string, string][] = [
      ["its Status is 'Hold'; only Open reimbursements can be reversed", "de Status is 'Hold'; alleen Open terugbetalingen kunnen worden teruggedraaid"],
      ["its invoice RB-1 is for 10.00 EUR, the reimbursement for 12.00 EUR; one of them was edited", "de factuur RB-1 is voor 10.00 EUR, de terugbetaling voor 12.00 EUR; een van beide is bewerkt"],
      ["its customer transaction (sheet Customer transactions, row 7) belongs to run RUN-1, not RUN-2", "de klanttransactie (blad Customer transactions, rij 7) hoort bij uitvoering RUN-1, niet RUN-2"],
      ["its invoice RB-2 appears 2 times on sheet Vendor invoices (rows 3, 4); keep one", "de factuur RB-2 staat 2 keer op blad Vendor invoices (rijen 3, 4); houd er één"],
      ["it has no invoice number, so whether it was paid cannot be checked", "die heeft geen factuurnummer, dus of die is betaald kan niet worden gecontroleerd"],
    ];
    for (const [english, dutch] of forms) expect(engineMessages("nl-NL").reversalRefusal(english)).toBe(dutch);
  });
});
