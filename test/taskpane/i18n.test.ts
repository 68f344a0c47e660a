import fc from "fast-check";
import { CATALOGUE, MessageKey } from "../../src/i18n/catalogue";
import { formatAmountNumber, formatIsoDate, formatMoneyText, groupDigits } from "../../src/i18n/format";
import { currentFormatLocale, languageFor, money, setLanguage, t } from "../../src/i18n/i18n";
import { describeCell } from "../../src/taskpane/cell-locator";
import { problemText } from "../../src/taskpane/error-model";
import { checkSettings } from "../../src/taskpane/settings";
import { formatProblem } from "../../src/workbook/errors";

const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("the message catalogue", () => {
  afterEach(() => setLanguage("en"));

  it("has every text in English and Dutch, with the same placeholders and plural forms", () => {
    for (const [key, [en, nl]] of Object.entries(CATALOGUE)) {
      expect({ key, empty: !en.trim() || !nl.trim() }).toEqual({ key, empty: false });
      expect({ key, vars: placeholders(nl) }).toEqual({ key, vars: placeholders(en) });
      expect({ key, plural: nl.includes("|") }).toEqual({ key, plural: en.includes("|") });
    }
  });

  it("translates what the user reads, not just copies it", () => {
    const same = Object.entries(CATALOGUE).filter(([, [en, nl]]) => en === nl && /[a-z]{4}/.test(en.replace(/\{\w+\}/g, "")));
    // Words Dutch shares with English (Status, IBAN) are the only texts left alike.
    expect(same.map(([k]) => k)).toEqual(["table.status"]);
  });

  it("picks Dutch for any Dutch display language and English otherwise", () => {
    expect(["nl", "nl-NL", "nl-BE", "NL-nl", "nl_NL"].map(languageFor)).toEqual(["nl-NL", "nl-NL", "nl-NL", "nl-NL", "nl-NL"]);
    expect(["en-US", "de-DE", "", undefined, "nld"].map(languageFor)).toEqual(["en", "en", "en", "en", "en"]);
  });

  it("fills placeholders with grouped numbers and chooses one or other by n", () => {
    expect(t("count.credit", { n: 1 })).toBe("1 credit");
    expect(t("count.credit", { n: 20000 })).toBe("20,000 credits");
    setLanguage("nl-NL");
    expect(t("count.credit", { n: 20000 })).toBe("20.000 creditsaldi");
    expect(t("count.customer", { n: 1 })).toBe("1 klant");
    expect(t("step.pay" as MessageKey)).toBe("Betalen en exporteren");
  });

  it("formats for the display locale while speaking the catalogue's language", () => {
    setLanguage("en", "de-DE"); // a German Office: English texts (no German catalogue), German numbers
    expect(currentFormatLocale()).toBe("de-DE");
    expect(money("1234.5", "EUR")).toBe("1.234,50 EUR");
    setLanguage("nl-NL", "en-US"); // Dutch chosen by hand in an English Office: Dutch formats too
    expect(currentFormatLocale()).toBe("nl-NL");
    setLanguage("en", "en-GB");
    expect(currentFormatLocale()).toBe("en-GB");
    setLanguage("nl-NL", "nl-BE");
    expect(money("1234.5", "EUR")).toBe("1.234,50 EUR");
  });
});

describe("problems with a cell, in the pane's language", () => {
  afterEach(() => setLanguage("en"));
  const problem = { sheet: "Parameters", address: "B2", message: 'Minimum reimbursement: expected an amount such as 1234.50, found "abc"' };

  it("says where and what as the CLI does in English", () => {
    expect(problemText(problem)).toBe(formatProblem(problem));
    expect(describeCell(null, "Parameters", "B2")).toBe("Sheet 'Parameters', cell B2");
  });

  it("says both in Dutch in a Dutch pane, sheet and column names as the workbook has them", () => {
    setLanguage("nl-NL");
    expect(problemText(problem)).toBe(`Blad 'Parameters', cel B2: Minimum reimbursement: verwacht een bedrag zoals 1234.50, gevonden: "abc"`);
    expect(describeCell(null, "Parameters", "")).toBe("Blad 'Parameters'");
    expect(describeCell({ sheets: [{ name: "Parameters", startRow: 1, startCol: 1, rows: [["Minimum", null]] }] }, "Parameters", "B1")).toBe("Blad 'Parameters', cel B1 is leeg");
  });

  it("checks a settings field in the pane's language", () => {
    const text = { minimum: "-5", accountingCurrency: "EUR", date: "", paymentTermsDays: "", invoicePrefix: "", oneTimeVendorPrefix: "" } as Parameters<typeof checkSettings>[0];
    expect(checkSettings(text, new Date()).errors.minimum).toBe("Expected zero or a positive number, found -5");
    setLanguage("nl-NL");
    expect(checkSettings(text, new Date()).errors.minimum).toBe("Verwacht nul of een positief getal, gevonden: -5");
    expect(checkSettings({ ...text, minimum: "" }, new Date()).errors.minimum).toBe("Verplicht");
  });
});

describe("amounts and dates for reading", () => {
  it("always shows the currency's decimals, whatever the locale", () => {
    expect(formatMoneyText("4352.48", "EUR")).toBe("4,352.48 EUR");
    expect(formatMoneyText("4352", "JPY", "nl-NL")).toBe("4.352 JPY");
    expect(formatMoneyText("1.2345", "BHD", "nl-NL")).toBe("1,235 BHD");
    expect(formatAmountNumber("-10", "EUR", "nl-NL")).toBe("-10,00");
  });

  it("keeps every digit of amounts a double cannot hold", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 22n), max: 10n ** 22n }), (cents) => {
        const text = (cents < 0n ? "-" : "") + (cents < 0n ? -cents : cents).toString().padStart(3, "0").replace(/(\d{2})$/, ".$1");
        const formatted = formatAmountNumber(text, "EUR", "nl-NL");
        expect(formatted.replace(/\./g, "").replace(",", ".")).toBe(text.replace(/^(-?)0+(\d)/, "$1$2"));
      }),
      { numRuns: 200 },
    );
  });

  it("groups digits without changing them, and leaves what is no number alone", () => {
    expect(groupDigits("-1234567.125")).toBe("-1,234,567.125");
    expect(groupDigits("-1234567.125", "nl-NL")).toBe("-1.234.567,125");
    expect(groupDigits("n/a")).toBe("n/a");
  });

  it("writes dates as the locale does", () => {
    expect(formatIsoDate("2026-11-24", "en-US")).toBe("Nov 24, 2026");
    expect(formatIsoDate("2026-11-24", "nl-NL")).toBe("24 nov 2026");
    expect(formatIsoDate("not a date")).toBe("not a date");
  });
});
