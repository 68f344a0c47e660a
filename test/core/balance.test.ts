import fc from "fast-check";
import { balanceSummer, currentBalances, currentBalancesByAccount, scaledAdderOf } from "../../src/core/balance";
import { Money, decimalPlaces, moneyFromScaled } from "../../src/core/money";
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

describe("a summer fed amounts as exact integers", () => {
  // Amounts of at most four decimals below 10^15 units, as a ledger's number cells give them, and
  // sums past 2^53 (where the integers stop and Decimals go on).
  const term = fc.oneof(
    fc.integer({ min: -1e6, max: 1e6 }),
    fc.integer({ min: -(1e15 - 1), max: 1e15 - 1 }),
    fc.constantFrom(0, 1, -1, 999999999999999, -999999999999999, 10, 1200),
  );
  const scaled = fc.tuple(term, fc.integer({ min: 0, max: 4 })).map(([t, dp]) => {
    // The form plainScaledAmount gives: dp the decimal places (no trailing zero of t counted).
    let d = dp;
    let m = t;
    while (d > 0 && m !== 0 && m % 10 === 0) {
      m /= 10;
      d--;
    }
    return { term: m, dp: m === 0 ? 0 : d };
  });

  it("gives the balances, sources and order that add gives with the same amounts as Money", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom("C1", "c1", "C2", "C3"), fc.constantFrom("EUR", "USD"), scaled, fc.boolean()), { minLength: 1, maxLength: 30 }), (rows) => {
        const plain = balanceSummer();
        const fast = balanceSummer();
        const addScaled = scaledAdderOf(fast.add);
        expect(addScaled).toBeDefined();
        rows.forEach(([account, currency, { term: t, dp }, asMoney], i) => {
          const amount = moneyFromScaled(t, dp);
          expect(decimalPlaces(amount)).toBe(dp);
          const source = { sheet: "S", address: `D${i + 2}` };
          plain.add({ account, currency, amount, date: null, type: null, document: null, runId: null, source });
          // Some rows as Money on the fast summer too: the two ways mix in one sum.
          if (asMoney) fast.add({ account, currency, amount, date: null, type: null, document: null, runId: null, source });
          else addScaled?.(account, currency, t, dp, () => source);
        });
        const got = fast.balances().map((b) => ({ ...b, amount: digitsOf(b.amount) }));
        expect(got).toEqual(plain.balances().map((b) => ({ ...b, amount: digitsOf(b.amount) })));
      }),
      { numRuns: 800 },
    );
  });

  it("is only known for a summer's add", () => {
    expect(scaledAdderOf(() => undefined)).toBeUndefined();
  });
});
