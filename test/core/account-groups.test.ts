import fc from "fast-check";
import { AccountGroups } from "../../src/core/account-groups";

describe("balance groups walked beside the customers", () => {
  const keys = fc.uniqueArray(fc.constantFrom("C1", "C2", "C3", "C4", "C5", "C6", "X"), { maxLength: 7 });

  it("give a customer its own group or nothing (then it is looked up), and mark only groups given", () => {
    fc.assert(
      fc.property(keys, fc.array(fc.constantFrom("C1", "C2", "C3", "C4", "C5", "C6", "X", "Y"), { maxLength: 12 }), (accounts, customers) => {
        const map = new Map<string, number[]>(accounts.map((k, i) => [k, [i]]));
        const groups = new AccountGroups(map);
        const given = new Set<number[]>();
        for (const key of customers) {
          const got = groups.take(key);
          if (got !== undefined) {
            expect(got).toBe(map.get(key));
            given.add(got);
          }
        }
        expect(groups.keys).toEqual([...map.keys()]);
        groups.keys.forEach((key, i) => expect(groups.taken[i] === 1).toBe(given.has(map.get(key) as number[])));
      }),
      { numRuns: 1000 },
    );
  });

  it("find every group without a lookup when the customers come in the groups' order, one account without a customer between them", () => {
    fc.assert(
      fc.property(keys, fc.nat(7), (accounts, orphan) => {
        const map = new Map<string, number[]>(accounts.map((k, i) => [k, [i]]));
        const groups = new AccountGroups(map);
        const customers = accounts.filter((_, i) => i !== orphan);
        for (const key of customers) expect(groups.take(key)).toBe(map.get(key));
      }),
    );
  });
});
