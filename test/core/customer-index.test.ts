import fc from "fast-check";
import { CustomerIndex } from "../../src/core/customer-index";
import { Customer } from "../../src/core/types";

const customer = (account: string): Customer => ({
  account, name: account, currency: null, vendorAccount: null, group: null, blocked: "No",
  address: null, city: null, postalCode: null, country: null, iban: null, source: { sheet: "Customers", address: "A2" },
});

describe("the Customers rows by account", () => {
  // Sorted runs (the usual sheet), repeats, other cases and characters past ASCII.
  const accounts = fc.oneof(
    fc.array(fc.constantFrom("C1", "c1", "C2", "C10", "C3", "", "Ä1", "ä1", "Z9"), { maxLength: 15 }),
    fc.uniqueArray(fc.string({ maxLength: 4 }), { maxLength: 15 }).map((a) => [...a].sort()),
    fc.tuple(fc.uniqueArray(fc.string({ maxLength: 4 }), { maxLength: 10 }), fc.array(fc.string({ maxLength: 4 }), { maxLength: 4 })).map(([a, more]) => [...a.sort(), ...more]),
    // A sorted run with rows out of order among it (the sample books' "123"), repeated later or not.
    fc.tuple(
      fc.uniqueArray(fc.constantFrom("B", "C1", "C2", "C3", "C4", "D", "E"), { maxLength: 7 }).map((a) => a.sort()),
      fc.array(fc.tuple(fc.nat(7), fc.constantFrom("A", "B", "C2", "C3", "D", "123", "c4")), { maxLength: 4 }),
    ).map(([run, inserts]) => {
      const list: string[] = [...run];
      for (const [at, account] of inserts) list.splice(Math.min(at, list.length), 0, account);
      return list;
    }),
  );

  it("know a repeated account and which accounts have a row, as a map of every first row does", () => {
    fc.assert(
      fc.property(accounts, fc.array(fc.string({ maxLength: 4 }), { maxLength: 5 }), (list, asked) => {
        const index = new CustomerIndex();
        const map = new Map<string, Customer>();
        for (const account of list) {
          const c = customer(account);
          const key = account.toUpperCase();
          const first = !map.has(key);
          if (first) map.set(key, c);
          expect(index.add(c, key)).toBe(first);
        }
        for (const key of [...list.map((a) => a.toUpperCase()), ...asked.map((a) => a.toUpperCase()), ...asked]) expect(index.has(key)).toBe(map.has(key));
      }),
      { numRuns: 1000 },
    );
  });
});
