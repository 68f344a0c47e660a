import fc from "fast-check";
import { Money, decimalPlaces, moneyFromScaled } from "../../src/core/money";
import { centsText, decimalFromDouble, hasControl, parseAmount, parseAmountOfTextPlain, plainAmountText, parseDate, parseName, parseRequiredText, parseText, plainAmount, plainDate, plainScaledAmount, plainText, scaledAmount, serialToIso, isoToSerial } from "../../src/workbook/cells";
import { CellValue } from "../../src/workbook/grid";

const amount = (v: Parameters<typeof parseAmount>[0]) => {
  const p = parseAmount(v);
  return p.ok ? p.value.toFixed() : `error: ${p.reason}`;
};

describe("reading an amount cell", () => {
  it.each([
    [1234.5, "1234.5"],
    [0.1 + 0.2, "0.3"],
    ["1,234.50", "1234.5"],
    ["1.234,50", "1234.5"],
    ["1 234,50", "1234.5"],
    ["1'234.50", "1234.5"],
    ["(45.10)", "-45.1"],
    ["-€12", "-12"],
    ["€ 12.00", "12"],
    ["EUR 1,000.00", "1000"],
    ["12.50 USD", "12.5"],
    ["12.50-", "-12.5"],
    ["  -7  ", "-7"],
    ["12,5", "12.5"],
    ["1,234,567", "1234567"],
  ])("reads %p as %s", (cell, expected) => {
    expect(amount(cell)).toBe(expected);
  });

  it.each([
    ["1,234", /ambiguous/],
    ["abc", /expected an amount such as 1234.50, found "abc"/],
    ["1.2.3", /expected an amount/],
    [null, /found an empty cell/],
    [true, /found the logical value TRUE/],
    [{ error: "#N/A" }, /found the error #N\/A/],
  ])("refuses %p", (cell, reason) => {
    expect(amount(cell)).toMatch(reason);
  });

  it("reads any amount written with grouping and either decimal mark back to the same value", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }), fc.constantFrom("en", "de", "fr", "plain", "paren"), (cents, style) => {
        const negative = cents < 0n;
        const abs = negative ? -cents : cents;
        const int = (abs / 100n).toString();
        const frac = (abs % 100n).toString().padStart(2, "0");
        const group = (sep: string) => int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
        const body = { en: `${group(",")}.${frac}`, de: `${group(".")},${frac}`, fr: `${group(" ")},${frac}`, plain: `${int}.${frac}`, paren: `${group(",")}.${frac}` }[style];
        const text = negative ? (style === "paren" ? `(${body})` : `-${body}`) : body;
        const expected = (negative ? "-" : "") + `${int}.${frac}`;
        const parsed = parseAmount(text);
        expect(parsed.ok && parsed.value.equals(expected)).toBe(true);
      }),
    );
  });

  it("reads every double below 1e10 as Excel shows it, with 15 significant digits", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e10 + 1, max: 1e10 - 1 }), (d) => {
        const parsed = parseAmount(d);
        expect(parsed.ok && parsed.value.equals(d.toPrecision(15))).toBe(true);
      }),
    );
  });

  it("writes an amount in hundredths as String() does, and reads it as the same Decimal as its 15 digits", () => {
    const cents = fc.integer({ min: -(1e15 - 1), max: 1e15 - 1 }).map((m) => m / 100);
    fc.assert(
      fc.property(fc.oneof(cents, fc.double({ noNaN: true }), fc.constantFrom(-0, 0.1 + 0.2, 0.07, -0.5, 1e13 - 0.01)), (d) => {
        const text = centsText(d);
        if (text !== null) expect(text).toBe(String(d));
        const slow = new Money(new Money(d.toPrecision(15)));
        const fast = decimalFromDouble(d);
        // Digits, exponent and sign alike, not merely equal values.
        expect([fast.d, fast.e, fast.s]).toEqual([slow.d, slow.e, slow.s]);
      }),
      { numRuns: 5000 },
    );
    expect(centsText(38.21)).toBe("38.21");
    expect(centsText(0.1 + 0.2)).toBeNull();
  });

  it("reads an amount in thousandths or ten-thousandths (BHD, CLF) as the same Decimal as its 15 digits", () => {
    const scaled = (dp: number) => fc.integer({ min: -(1e15 - 1), max: 1e15 - 1 }).map((m) => m / 10 ** dp);
    const small = fc.integer({ min: -99_999_999, max: 99_999_999 }).chain((m) => fc.constantFrom(m / 1000, m / 10000, m / 100000));
    fc.assert(
      fc.property(fc.oneof(scaled(3), scaled(4), small, fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e16, max: 1e16 })), (d) => {
        const slow = new Money(d.toPrecision(15));
        const fast = decimalFromDouble(d);
        expect([fast.d, fast.e, fast.s]).toEqual([slow.d, slow.e, slow.s]);
        // The copy holds no spare room in its digit array.
        expect(fast.d.length).toBe(slow.d.length);
      }),
      { numRuns: 5000 },
    );
  });

  it("reads a larger double at 15 digits unless that changes it by half a thousandth or more, which it refuses", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 }), (d) => {
        const parsed = parseAmount(d);
        const exact = new Money(String(d));
        const changes = exact.sd() > 15 && exact.minus(d.toPrecision(15)).abs().greaterThanOrEqualTo("0.0005");
        if (parsed.ok) expect(parsed.value.equals(d.toPrecision(15))).toBe(true);
        else expect(parsed.reason).toMatch(/has more than the 15 significant digits Excel keeps; it would be read as/);
        expect(parsed.ok).toBe(!changes);
      }),
    );
  });
});

describe("reading a date cell", () => {
  it.each([
    [new Date("2026-11-24T00:00:00Z"), "2026-11-24"],
    [46350, "2026-11-24"],
    ["2026-11-24", "2026-11-24"],
    ["24.11.2026", "2026-11-24"],
    ["24/11/2026", "2026-11-24"],
    ["11/24/2026", "2026-11-24"],
  ])("reads %p as %s", (cell, expected) => {
    expect(parseDate(cell)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["03/04/2026", /ambiguous/],
    ["2026-02-30", /not a real calendar date/],
    [-5, /not a date serial/],
    ["tomorrow", /expected a date/],
  ])("refuses %p", (cell, reason) => {
    const p = parseDate(cell);
    expect(p.ok ? "ok" : p.reason).toMatch(reason);
  });

  it("reads the same day from a serial or a date cell however many days come in between (each day's text made once)", () => {
    // Days 4096 apart share a cache slot: sequences that collide, repeat and go back.
    const serial = fc.oneof(fc.integer({ min: 1, max: 2958465 }), fc.constantFrom(60, 61, 59, 25569, 25569 + 4096, 25569 - 4096, 46350, 46350 + 4096).map((n) => n), fc.double({ min: 1, max: 2958465, noNaN: true }));
    const time = fc.oneof(fc.integer({ min: -3e12, max: 3e14 }), fc.integer({ min: -40000, max: 3000000 }).map((d) => d * 86400000), fc.constantFrom(0, 4096 * 86400000, -4096 * 86400000, 253402300800000, 253402214400000));
    fc.assert(
      fc.property(fc.array(fc.oneof(serial.map((n) => ({ serial: n })), time.map((t) => ({ time: t }))), { maxLength: 40 }), (cells) => {
        for (const cell of cells) {
          if ("serial" in cell) {
            const n = cell.serial;
            const days = Math.floor(n) - (n < 61 ? 25568 : 25569);
            const expected = Math.floor(n) === 60 ? null : new Date(days * 86400000).toISOString().slice(0, 10);
            expect(serialToIso(n)).toBe(expected);
          } else {
            const iso = new Date(cell.time).toISOString().slice(0, 10);
            const expected = /^\d{4}-\d{2}-\d{2}$/.test(iso) && iso >= "1900-01-01" ? iso : undefined;
            expect(plainDate(new Date(cell.time))).toBe(expected);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });

  it("turns serials and ISO dates into each other", () => {
    fc.assert(fc.property(fc.integer({ min: 61, max: 2958465 }), (serial) => {
      const iso = serialToIso(serial);
      expect(iso && isoToSerial(iso)).toBe(serial);
    }));
  });
});

describe("reading an account or other text", () => {
  it("keeps leading zeros of text and reads a number typed as an account as its digits", () => {
    expect(parseText("  00123 ")).toEqual({ ok: true, value: "00123" });
    expect(parseText(123)).toEqual({ ok: true, value: "123" });
    expect(parseText("\u00a0C001\u00a0")).toEqual({ ok: true, value: "C001" });
  });
});

describe("the fast paths of a million-row ledger read what the parsers read", () => {
  const cellValue: fc.Arbitrary<CellValue> = fc.oneof(
    fc.constant(null),
    fc.string(),
    fc.string({ unit: "binary" }),
    fc.constantFrom("", " ", "INV-1", " INV-1", "INV-1 ", "a\u00a0b", "a\u202fb", "\u00a0x", "x\t", "Credit note", "é", "(12.50)", "x".repeat(32_768), "y".repeat(32_767)),
    fc.double(),
    fc.integer({ min: -(1e15 - 1), max: 1e15 - 1 }).map((m) => m / 100),
    fc.integer({ min: -(1e12 - 1), max: 1e12 - 1 }).map((m) => m / 1000),
    fc.boolean(),
    fc.date({ min: new Date(-3e12), max: new Date(3e14) }),
    fc.constant(new Date(NaN)),
    fc.constantFrom({ error: "#N/A" }, { error: "#VALUE!", malformedNumber: "1,5" }),
  );

  it("plainText, where it answers, is parseText's text", () => {
    fc.assert(
      fc.property(cellValue, (v) => {
        const plain = plainText(v);
        if (plain !== undefined) expect(parseText(v)).toEqual({ ok: true, value: plain });
      }),
      { numRuns: 3000 },
    );
    expect(plainText("INV-100000")).toBe("INV-100000");
    expect(plainText(null)).toBeNull();
  });

  it("finds a control character where the expression names one, and only there", () => {
    const control = /[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
    const text = fc.oneof(fc.string({ unit: "binary" }), fc.string(), fc.array(fc.integer({ min: 0, max: 0xa0 })).map((codes) => String.fromCharCode(...codes)));
    fc.assert(fc.property(text, (t) => expect(hasControl(t)).toBe(control.test(t))), { numRuns: 5000 });
    for (let c = 0; c <= 0xa0; c++) expect(hasControl(`a${String.fromCharCode(c)}b`)).toBe(control.test(String.fromCharCode(c)));
  });

  it("a required name is parseText's text, refused as parseName refuses it (the text parsed once)", () => {
    const control = fc.constantFrom("a\u0007b", "\u001bx", "x\u0085", "Ltd\u0000");
    fc.assert(
      fc.property(fc.oneof(cellValue, control), (v) => {
        const text = parseText(v);
        const name = parseName(v);
        const expected = !text.ok
          ? v instanceof Date || (typeof v === "object" && v !== null) ? { ok: false, reason: expect.stringMatching(/^expected a customer account, found /) } : text
          : text.value === null ? { ok: false, reason: "expected a customer account, found an empty cell" } : name.ok ? { ok: true, value: text.value } : name;
        expect(parseRequiredText(v, "a customer account")).toEqual(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("plainDate, where it answers, is parseDate's date", () => {
    fc.assert(
      fc.property(cellValue, (v) => {
        const plain = plainDate(v);
        if (plain !== undefined) expect(parseDate(v)).toEqual({ ok: true, value: plain });
      }),
      { numRuns: 3000 },
    );
    expect(plainDate(new Date(Date.UTC(2026, 10, 24)))).toBe("2026-11-24");
  });

  it("plainAmount, where it answers, is parseAmount's amount (digits, exponent and sign)", () => {
    fc.assert(
      fc.property(cellValue, (v) => {
        const plain = plainAmount(v);
        if (plain === undefined) return;
        const parsed = parseAmount(v);
        expect(parsed.ok).toBe(true);
        if (parsed.ok) expect([plain.d, plain.e, plain.s]).toEqual([parsed.value.d, parsed.value.e, parsed.value.s]);
      }),
      { numRuns: 3000 },
    );
    expect(plainAmount(38.21)?.toFixed()).toBe("38.21");
  });

  it("plainScaledAmount, where it answers, is plainAmount's amount as an integer and its decimal places", () => {
    const amounts = fc.oneof(
      cellValue,
      fc.integer({ min: -(1e13 - 1), max: 1e13 - 1 }).chain((m) => fc.constantFrom(m / 100, m / 1000, m / 10000, m / 10, m)),
      fc.constantFrom(-0, 0, 12.5, 1200, 0.0001, 9999999999.99, -9999999999.9999, 1e10, 1e10 - 0.01, 21474836.47, 21474836.48, 0.1 + 0.2),
    );
    fc.assert(
      fc.property(amounts, (v) => {
        const answered = plainScaledAmount(v);
        const plain = plainAmount(v);
        if (!answered) return;
        const { term, dp } = scaledAmount;
        expect(plain).toBeDefined();
        const made = moneyFromScaled(term, dp);
        expect([made.d, made.e, made.s]).toEqual([plain?.d, plain?.e, plain?.s]);
        expect(dp).toBe(decimalPlaces(plain as Money));
        expect(Math.abs(term)).toBeLessThan(1e15);
      }),
      { numRuns: 5000 },
    );
    // Every amount in cents is answered.
    fc.assert(fc.property(fc.integer({ min: -(1e12 - 1), max: 1e12 - 1 }), (m) => plainScaledAmount(m / 100)), { numRuns: 2000 });
    expect(plainScaledAmount(12.5) && [scaledAmount.term, scaledAmount.dp]).toEqual([125, 1]);
    expect(plainScaledAmount(-1200) && [scaledAmount.term, scaledAmount.dp]).toEqual([-1200, 0]);
    expect(plainScaledAmount(0.00001)).toBe(false);
    expect(plainScaledAmount("12.50")).toBe(false);
  });

  it("plainAmountText, where it answers, is the full text parser's amount (digits, exponent and sign)", () => {
    const spaces = fc.constantFrom("", " ", "  ", "\u00a0", "\t");
    const digits = fc.stringMatching(/^[0-9]{1,6}$/);
    const number = fc.oneof(
      digits,
      fc.tuple(digits, digits).map(([a, b]) => `${a}.${b}`),
      fc.tuple(fc.stringMatching(/^[0-9]{1,4}$/), fc.array(fc.oneof(fc.stringMatching(/^[0-9]{3}$/), fc.stringMatching(/^[0-9]{2,4}$/)), { minLength: 1, maxLength: 4 }), fc.option(digits)).map(([a, groups, d]) => `${a},${groups.join(",")}${d === null ? "" : `.${d}`}`),
      fc.constantFrom("0", "0.00", "000.50", "1234567890123456", "123456789012345", "1.0000000000000001", "0.0000000000000001", ".5", "5.", "1,5", "1.234,50", "1 234,50"),
    );
    const text = fc.oneof(
      fc.tuple(spaces, fc.constantFrom("", "-", "(", "+", "\u2212", "--", "-("), spaces, fc.constantFrom("", "€", "$", "£", "EUR ", "€$", "-"), spaces, number, spaces, fc.constantFrom("", ")", "-", " EUR", "€"), spaces).map((p) => p.join("")),
      fc.string({ maxLength: 12 }),
    );
    const agrees = (t: string): void => {
      const plain = plainAmountText(t);
      if (plain === undefined) return;
      const parsed = parseAmountOfTextPlain(t);
      expect({ t, ok: parsed.ok }).toEqual({ t, ok: true });
      if (parsed.ok) expect([plain.d, plain.e, plain.s]).toEqual([parsed.value.d, parsed.value.e, parsed.value.s]);
    };
    fc.assert(fc.property(text, agrees), { numRuns: 20000 });
    // Where the full parser refuses or reads otherwise: too many digits, an ambiguous comma, zero.
    ["1234567890123456", "€ 999999999999999.9", "0.0000000000000001", "0.00000000000000001", "1,234", "1,234,567", "12,345", "(0.00)", "-0", "0,000.00", "1,23.4", "1234,567.8"].forEach(agrees);
    // The forms a ledger holds are read by it, and parseAmount answers with it.
    for (const t of ["1,234.50", " -7,184.47 ", "(9,374.32)", "€ 1,425.69", "-€ 4,343.75", "$ 5,996.09", "12.5", "120", "0.05"]) {
      expect(plainAmountText(t)?.toFixed()).toBe(parseAmountOfTextPlain(t).ok && (parseAmountOfTextPlain(t) as { value: { toFixed(): string } }).value.toFixed());
    }
    expect(parseAmount("(1,410.51)")).toEqual({ ok: true, value: plainAmountText("(1,410.51)") });
  });
});
