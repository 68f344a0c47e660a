import fc from "fast-check";
import { currentBalances, currentBalancesByAccount } from "../../src/core/balance";
import { Money } from "../../src/core/money";
import { OpeningBalance } from "../../src/core/types";

/** Amounts as ledgers hold them, and past what fits exactly in integers: up to 16 digits, up to 11 decimals, -0. */
const amount = fc.oneof(
  fc.tuple(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.integer({ min: 0, max: 11 })).map(([n, dp]) => new Money(`${n}e-${dp}`)),
  fc.integer({ min: -1e6, max: 1e6 }).map((n) => new Money(n / 100)),
  fc.constantFrom(new Money("-0"), new Money(0), new Money("9007199254740993"), new Money("0.000000001"), new Money("-1e-9"), new Money("123456789012345.6")),
);

const digitsOf = (m: Money): { d: number[]; e: number; s: number; text: string } => {
  const { d, e, s } = m as unknown as { d: number[]; e: number; s: number };
  return { d: [...d], e, s, text: m.toString() };
};

describe("a customer's balance", () => {
  it("is the amounts added with Money.plus one after another, digit for digit, exponent and sign (-0 included)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("C1", "c1", "C2"), fc.constantFrom("EUR", "USD"), amount), { minLength: 1, maxLength: 25 }), (rows) => {
        const opening: OpeningBalance[] = rows.map(([account, currency, a], i) => ({ account, currency, amount: a, source: { sheet: "S", address: `A${i + 1}` } }));
        const expected = new Map<string, Money>();
        for (const r of opening) {
          const key = `${r.account.toUpperCase()}\u0000${r.currency}`;
          const sum = expected.get(key);
          expected.set(key, sum === undefined ? new Money(r.amount) : sum.plus(r.amount));
        }
        const got = currentBalances(opening, []);
        expect([...got.keys()]).toEqual([...expected.keys()]);
        for (const [key, b] of got) expect(digitsOf(b.amount)).toEqual(digitsOf(expected.get(key) as Money));
        // Grouped by account for the plan: the same balances.
        const grouped = [...currentBalancesByAccount(opening, []).values()].flat();
        expect(grouped.length).toBe(got.size);
        for (const b of grouped) expect(digitsOf(b.amount)).toEqual(digitsOf(expected.get(`${b.account.toUpperCase()}\u0000${b.currency}`) as Money));
      }),
      { numRuns: 800 },
    );
  });
});
