import fc from "fast-check";
import { Money, PlainDecimal, decimalPlaces, moneyFromScaled, moneyFromText, moneyToNumber, plusPlainDecimals, readPlainDecimal } from "../../src/core/money";

describe("an amount made from an integer count of minor units", () => {
  it("is the same Decimal (digits, exponent, sign) as parsing its text", () => {
    const scaled = fc.oneof(
      fc.maxSafeInteger(),
      fc.integer({ min: -(1e15 - 1), max: 1e15 - 1 }),
      fc.integer({ min: -9_999_999, max: 9_999_999 }),
      // Trailing zeros, which the Decimal drops.
      fc.tuple(fc.integer({ min: -99_999, max: 99_999 }), fc.integer({ min: 0, max: 10 })).map(([m, z]) => m * 10 ** z),
    );
    fc.assert(
      fc.property(scaled, fc.integer({ min: 0, max: 16 }), (m, dp) => {
        const made = moneyFromScaled(m, dp);
        const parsed = new Money(`${m}e-${dp}`);
        expect([made.d, made.e, made.s]).toEqual([parsed.d, parsed.e, parsed.s]);
        expect(made.toFixed()).toBe(parsed.toFixed());
        expect(made).toBeInstanceOf(Money);
      }),
      { numRuns: 5000 },
    );
  });

  it("reads zero as +0 and refuses what it cannot make exactly", () => {
    expect(moneyFromScaled(-0, 2).isNegative()).toBe(false);
    expect(moneyFromScaled(0, 0).equals(0)).toBe(true);
    expect(() => moneyFromScaled(2 ** 53, 2)).toThrow(RangeError);
    expect(() => moneyFromScaled(1.5, 2)).toThrow(RangeError);
    expect(() => moneyFromScaled(1, 17)).toThrow(RangeError);
  });

  it("keeps the examples an accountant would check", () => {
    expect(moneyFromScaled(3821, 2).toFixed()).toBe("38.21");
    expect(moneyFromScaled(-1487, 2).toFixed()).toBe("-14.87");
    expect(moneyFromScaled(156821, 3).toFixed()).toBe("156.821");
    expect(moneyFromScaled(123456789012345, 2).toFixed()).toBe("1234567890123.45");
  });
});

describe("the decimals of an amount", () => {
  it("are decimal.js's decimalPlaces() for any Decimal", () => {
    const decimal = fc.oneof(
      fc.tuple(fc.maxSafeInteger(), fc.integer({ min: -30, max: 30 })).map(([m, x]) => new Money(`${m}e${x}`)),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => new Money(n)),
      fc.constantFrom(new Money(0), new Money(-0), new Money("1e-40"), new Money("123456789012345678901234567890.125"), new Money("7e1000")),
    );
    fc.assert(fc.property(decimal, (x) => expect(decimalPlaces(x)).toBe(x.decimalPlaces())), { numRuns: 5000 });
    expect(decimalPlaces(new Money(Infinity))).toBeNaN();
    expect(decimalPlaces(new Money("38.21"))).toBe(2);
  });
});

describe("an amount read from its plain decimal text", () => {
  const same = (text: string): void => {
    const made = moneyFromText(text);
    const parsed = new Money(text);
    expect([made.d, made.e, made.s]).toEqual([parsed.d, parsed.e, parsed.s]);
    expect(made).toBeInstanceOf(Money);
  };

  it("is the same Decimal (digits, exponent, sign) as decimal.js parses", () => {
    const digits = fc.array(fc.constantFrom("0", "1", "2", "5", "9"), { minLength: 1, maxLength: 20 }).map((d) => d.join(""));
    const text = fc.tuple(fc.boolean(), digits, fc.option(digits)).map(([minus, whole, fraction]) => `${minus ? "-" : ""}${whole}${fraction === null ? "" : `.${fraction}`}`);
    fc.assert(fc.property(text, same), { numRuns: 2000 });
    // Sums as the offloaded digest hands them (toFixed of an exact Money).
    const scaled = fc.tuple(fc.integer({ min: -(1e15 - 1), max: 1e15 - 1 }), fc.integer({ min: 0, max: 16 })).map(([m, dp]) => new Money(`${m}e-${dp}`).toFixed());
    fc.assert(fc.property(scaled, same), { numRuns: 2000 });
  });

  it("keeps negative zero, and leaves decimal.js whatever is not plain decimal text", () => {
    expect(moneyFromText("-0").isNegative()).toBe(true);
    expect(moneyFromText("-0.00").isNegative()).toBe(true);
    expect(moneyFromText("0.00").isNegative()).toBe(false);
    for (const text of ["1e3", "1234567890123456.5", ".5", "5.", "+5", "0x10", " 5"]) {
      let expected: Money | Error;
      try {
        expected = new Money(text);
      } catch (error) {
        expected = error as Error;
      }
      if (expected instanceof Error) expect(() => moneyFromText(text)).toThrow(expected.message);
      else same(text);
    }
    expect(() => moneyFromText("")).toThrow();
    expect(moneyFromText("-14.87").toFixed()).toBe("-14.87");
  });
});

describe("an amount written to a cell as a number", () => {
  const same = (amount: Money): void => expect(Object.is(moneyToNumber(amount), amount.toNumber())).toBe(true);

  it("is the double decimal.js gives, exactly (nearest to its value)", () => {
    const scaled = fc.oneof(fc.maxSafeInteger(), fc.integer({ min: -(1e15 - 1), max: 1e15 - 1 }), fc.integer({ min: -9_999_999, max: 9_999_999 }));
    fc.assert(fc.property(scaled, fc.integer({ min: -20, max: 25 }), (m, dp) => same(new Money(`${m}e${-dp}`))), { numRuns: 3000 });
    // Sums and products of the plan: more digits than a double holds.
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.double({ noNaN: true, noDefaultInfinity: true }), (a, b) => same(new Money(a).times(b).plus(a))), { numRuns: 1000 });
  });

  it("keeps negative zero and what is not finite", () => {
    for (const amount of [new Money(-0), new Money("-0.00"), new Money(0), new Money(Infinity), new Money(NaN), new Money("-14.87"), new Money("1e-30")]) same(amount);
  });
});

describe("two plain decimal texts added", () => {
  const plain = (text: string): PlainDecimal => {
    const read = readPlainDecimal(text);
    if (read === null) throw new Error(`not plain decimal text: ${text}`);
    return read;
  };
  // toFixed's text of amounts up to 20 digits: short ones take the integers, long ones Money.plus.
  const amount = fc.tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 12 })).map(([m, dp]) => new Money(`${m}e-${dp}`).toFixed());

  it("is Money.plus's text of the two, zero as \"0\"", () => {
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        expect(plusPlainDecimals(plain(a), plain(b))).toBe(new Money(a).plus(b).toFixed());
      }),
      { numRuns: 3000 },
    );
    expect(plusPlainDecimals(plain("12.5"), plain("-12.50"))).toBe("0");
    expect(plusPlainDecimals(plain("0.05"), plain("0.0005"))).toBe("0.0505");
  });

  it("reads only plain decimal text", () => {
    for (const text of ["", "-", "1e3", ".5", "5.", "+5", " 5", "1,5", "--1"]) expect(readPlainDecimal(text)).toBeNull();
    expect(readPlainDecimal("-0012.340")).toEqual({ text: "-0012.340", negative: true, integerDigits: 4, decimals: 3, scaled: 12340 });
    expect(readPlainDecimal("1234567890123456")?.scaled).toBeNaN();
  });
});
