import fc from "fast-check";
import Decimal from "decimal.js";
import { isIsoDate } from "../../src/core/dates";
import { Money } from "../../src/core/money";
import { Parsed, isoToSerial, parseAmount, parseDate, parseNonNegative, parseText, parseWholeNumber, serialToIso } from "../../src/workbook/cells";
import { CellValue } from "../../src/workbook/grid";
import { parseAccount } from "../../src/workbook/read-ledger";
import { parseCurrency } from "../../src/workbook/read-parameters";
import { amountLikeText, anyCell, dateLikeText, signedAmountText } from "./generators";

/**
 * Fuzzing the cell parsers. The run counts are recorded in docs/errors.md#fuzzing; raise them
 * locally (FUZZ_RUNS=100000) when changing a parser.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

function wellFormed<T>(parse: (v: CellValue) => Parsed<T>, value: CellValue): Parsed<T> {
  const result = parse(value);
  if (result.ok) return result;
  expect(typeof result.reason).toBe("string");
  expect(result.reason.trim()).not.toBe("");
  return result;
}

const digitsOf = (d: Decimal): string => d.abs().toFixed().replace(".", "").replace(/^0+/, "").replace(/0+$/, "");
const isSubsequence = (needle: string, hay: string): boolean => {
  let i = 0;
  for (const ch of hay) if (ch === needle[i]) i++;
  return i === needle.length;
};

describe("the cell parsers on anything a cell can hold", () => {
  it("never throw: an amount is read as a finite decimal of at most 15 significant digits, or refused with a reason", () => {
    fc.assert(
      fc.property(anyCell, (cell) => {
        for (const parse of [parseAmount, parseNonNegative]) {
          const r = wellFormed(parse, cell);
          if (r.ok) {
            expect(Decimal.isDecimal(r.value)).toBe(true);
            expect(r.value.isFinite()).toBe(true);
            expect(r.value.sd()).toBeLessThanOrEqual(15);
          }
        }
        const whole = wellFormed(parseWholeNumber, cell);
        if (whole.ok) expect(Number.isSafeInteger(whole.value)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("never throw: a date is a real calendar day from 1900 to 9999, or refused with a reason", () => {
    fc.assert(
      fc.property(anyCell, (cell) => {
        const r = wellFormed(parseDate, cell);
        if (r.ok) {
          expect(isIsoDate(r.value)).toBe(true);
          expect(r.value >= "1900-01-01" && r.value <= "9999-12-31").toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("never throw: text is trimmed and never blank, an account is never a subtotal label, a currency is three capitals", () => {
    fc.assert(
      fc.property(anyCell, (cell) => {
        const t = wellFormed(parseText, cell);
        if (t.ok && t.value !== null) {
          expect(t.value).toBe(t.value.trim());
          expect(t.value).not.toBe("");
          expect(t.value).not.toMatch(/[\u00a0\u202f]/);
        }
        const a = wellFormed(parseAccount, cell);
        if (a.ok) expect(a.value).not.toMatch(/^(sub)?total\b|^grand total\b/i);
        const c = wellFormed(parseCurrency, cell);
        if (c.ok) expect(c.value).toMatch(/^[A-Z]{3}$/);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("an amount typed as text", () => {
  it("never invents digits: the digits read all appear, in order, in what was typed", () => {
    fc.assert(
      fc.property(fc.oneof(amountLikeText, signedAmountText), (text) => {
        const r = parseAmount(text);
        if (r.ok) expect(isSubsequence(digitsOf(r.value), text.replace(/[^0-9]/g, ""))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it("is never negative unless a minus sign or parentheses say so", () => {
    fc.assert(
      fc.property(amountLikeText, (text) => {
        const r = parseAmount(text);
        if (r.ok && !/[-\u2212(]/.test(text)) expect(r.value.isNegative() && !r.value.isZero()).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it("reads back any amount of up to 15 digits written the way accountants write it", () => {
    const styles = ["en", "de", "fr", "ch", "plain", "paren", "trailing", "code", "symbol"] as const;
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 13n) + 1n, max: 10n ** 13n - 1n }), fc.constantFrom(...styles), (cents, style) => {
        const negative = cents < 0n;
        const abs = negative ? -cents : cents;
        const int = (abs / 100n).toString();
        const frac = (abs % 100n).toString().padStart(2, "0");
        const group = (sep: string) => int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
        const body = { en: `${group(",")}.${frac}`, de: `${group(".")},${frac}`, fr: `${group("\u202f")},${frac}`, ch: `${group("'")}.${frac}`, plain: `${int}.${frac}`, paren: `${group(",")}.${frac}`, trailing: `${int}.${frac}`, code: `${group(",")}.${frac}`, symbol: `${group(".")},${frac}` }[style];
        const signed = !negative ? body : style === "paren" ? `(${body})` : style === "trailing" ? `${body}-` : `-${body}`;
        const text = style === "code" ? `EUR ${signed}` : style === "symbol" ? `${signed} €` : signed;
        const r = parseAmount(text);
        expect(r.ok && r.value.equals(new Money(cents.toString()).dividedBy(100))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("an amount typed as text, more", () => {
  it("is never positive when a minus sign or parentheses are in it", () => {
    fc.assert(
      fc.property(fc.oneof(amountLikeText, signedAmountText), (text) => {
        const r = parseAmount(text);
        if (r.ok && /[-\u2212(]/.test(text)) expect(r.value.isPositive() && !r.value.isZero()).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it("is refused when a space splits its digits anywhere but between thousands", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 10n, max: 10n ** 14n }), fc.nat(), (n, at) => {
        const digits = n.toString();
        const cut = 1 + (at % (digits.length - 1));
        fc.pre((digits.length - cut) % 3 !== 0);
        expect(parseAmount(`${digits.slice(0, cut)} ${digits.slice(cut)}`).ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it("is refused when it names a currency twice", () => {
    fc.assert(
      fc.property(signedAmountText, (text) => {
        const markers = (text.match(/[A-Za-z]{3}|[€$]/g) ?? []).length;
        if (markers > 1) expect(parseAmount(text).ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it("is refused rather than rounded when it has more digits than a cell keeps", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 10n ** 15n, max: 10n ** 30n }), (n) => {
        fc.pre(n % 10n !== 0n);
        expect(parseAmount(`${n}`).ok).toBe(false);
        expect(parseAmount(`0.${n}`).ok).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("a date", () => {
  it("reads every Excel serial from 1900 to 9999 back as the day it stands for", () => {
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 2958465 }), (serial) => {
        const iso = serialToIso(serial);
        expect(iso).not.toBeNull();
        expect(isoToSerial(iso as string)).toBe(serial);
        expect(parseDate(serial)).toEqual({ ok: true, value: iso });
      }),
      { numRuns: RUNS },
    );
  });

  it("reads a day written YYYY-MM-DD or DD.MM.YYYY as that day, and a slashed one as that day or as ambiguous", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("1900-01-01T00:00:00Z"), max: new Date("9999-12-31T00:00:00Z"), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        const [y, m, day] = iso.split("-");
        expect(parseDate(iso)).toEqual({ ok: true, value: iso });
        expect(parseDate(`${day}.${m}.${y}`)).toEqual({ ok: true, value: iso });
        const slashed = parseDate(`${day}/${m}/${y}`);
        if (slashed.ok) expect(slashed.value).toBe(iso);
        else expect(slashed.reason).toMatch(/ambiguous/);
      }),
      { numRuns: RUNS },
    );
  });

  it("accepts date-like text only when it is a real day", () => {
    fc.assert(
      fc.property(dateLikeText, (text) => {
        const r = parseDate(text);
        if (r.ok) expect(text.replace(/\D/g, "")).toContain(r.value.slice(0, 4));
      }),
      { numRuns: RUNS },
    );
  });
});

describe("what fuzzing found, pinned", () => {
  it.each<[CellValue, string]>([
    ["(-5)", 'expected an amount such as 1234.50, found "(-5)"'],
    ["EUR 5 USD", 'expected an amount such as 1234.50, found "EUR 5 USD"'],
    ["€5 EUR", 'expected an amount such as 1234.50, found "€5 EUR"'],
    ["1 5", 'expected an amount such as 1234.50, found "1 5"'],
    ["12 34,5", 'expected an amount such as 1234.50, found "12 34,5"'],
    ["123456789012345678.99", '"123456789012345678.99" has more than the 15 significant digits Excel keeps'],
  ])("refuses the amount %p", (cell, reason) => {
    expect(parseAmount(cell)).toEqual({ ok: false, reason });
  });

  it.each<[CellValue, string]>([
    [new Date(Date.UTC(10000, 0, 1)), "expected a date, found an invalid date or one outside the years 1900 to 9999"],
    [new Date(Date.UTC(-5, 0, 1)), "expected a date, found an invalid date or one outside the years 1900 to 9999"],
    ["1066-10-14", '"1066-10-14" is before 1900, the first date Excel holds'],
    ["2026-11-24 banana", 'expected a date such as 2026-11-24, found "2026-11-24 banana"'],
  ])("refuses the date %p", (cell, reason) => {
    expect(parseDate(cell)).toEqual({ ok: false, reason });
  });

  it("still reads a date followed by a time of day", () => {
    expect(parseDate("2026-11-24 10:30:00")).toEqual({ ok: true, value: "2026-11-24" });
    expect(parseDate("2026-11-24T10:30Z")).toEqual({ ok: true, value: "2026-11-24" });
  });

  it("refuses a whole number a JS number cannot hold exactly", () => {
    expect(parseWholeNumber(-9007199254740996)).toEqual({ ok: false, reason: "-9007199254740996 has more than the 15 significant digits Excel keeps; it would be read as -9007199254741000, a different amount" });
    expect(parseWholeNumber(9007199254740993n.toString())).toEqual({ ok: false, reason: "\"9007199254740993\" has more than the 15 significant digits Excel keeps" });
  });

  it("refuses an invalid date as text instead of throwing", () => {
    expect(parseText(new Date(NaN))).toEqual({ ok: false, reason: "expected text, found an invalid date" });
  });

  it("refuses an account typed as a number longer than Excel keeps", () => {
    expect(parseAccount(12345678901234567890)).toEqual({ ok: false, reason: "12345678901234567000 is a number too long for Excel to keep exactly; type the account as text" });
    expect(parseAccount(123456789012345)).toEqual({ ok: true, value: "123456789012345" });
  });
});
