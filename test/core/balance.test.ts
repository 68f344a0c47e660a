import fc from "fast-check";
import { currentBalances, currentBalancesByAccount } from "../../src/core/balance";
import { Money } from "../../src/core/money";
import { CustomerTransaction, OpeningBalance } from "../../src/core/types";

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

describe("balances of opening balances and transactions", () => {
  it("are each key's amounts added in the order given, with its first row as source, however the transactions follow the opening balances' order", () => {
    const account = fc.constantFrom("C1", "c1", "C2", "C3", "c3");
    const row = fc.tuple(account, fc.constantFrom("EUR", "USD"), amount);
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), fc.array(fc.tuple(fc.nat(30), fc.boolean(), row), { maxLength: 20 }), (openingRows, picks) => {
        const opening: OpeningBalance[] = openingRows.map(([a, currency, m], i) => ({ account: a, currency, amount: m, source: { sheet: "Balances", address: `C${i + 2}` } }));
        // Transactions mostly repeating the opening rows in their order (as a digest's sums do), some of their own.
        const transactions: CustomerTransaction[] = picks.map(([at, own, [a, currency, m]], i) => {
          const like = opening.length && !own ? opening[Math.min(at, opening.length - 1)] : null;
          return { account: like ? like.account : a, currency: like ? like.currency : currency, amount: m, date: null, type: null, document: null, runId: null, source: { sheet: "Customer transactions", address: `D${i + 2}` } };
        });
        const expected = new Map<string, { amount: Money; source: string }>();
        for (const r of [...opening, ...transactions]) {
          const key = `${r.account.toUpperCase()}\u0000${r.currency}`;
          const sum = expected.get(key);
          expected.set(key, sum === undefined ? { amount: new Money(r.amount), source: r.source.address } : { amount: sum.amount.plus(r.amount), source: sum.source });
        }
        const got = currentBalances(opening, transactions);
        expect([...got.keys()]).toEqual([...expected.keys()]);
        for (const [key, b] of got) {
          expect(digitsOf(b.amount)).toEqual(digitsOf((expected.get(key) as { amount: Money }).amount));
          expect(b.source.address).toBe((expected.get(key) as { source: string }).source);
        }
        const grouped = [...currentBalancesByAccount(opening, transactions).values()].flat();
        expect(grouped.map((b) => `${b.account.toUpperCase()}\u0000${b.currency}`).sort()).toEqual([...expected.keys()].sort());
      }),
      { numRuns: 800 },
    );
  });
});
