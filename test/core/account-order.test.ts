import fc from "fast-check";
import { compareAccounts } from "../../src/core/account-order";

// The collator is built on first use; its order must stay localeCompare's with the same options.
describe("compareAccounts", () => {
  it("orders digits as numbers and ignores case", () => {
    expect(["C10", "c2", "C1"].sort(compareAccounts)).toEqual(["C1", "c2", "C10"]);
    expect(compareAccounts("ab7", "AB7")).toBe(0);
  });

  it("has the sign of localeCompare with numeric, base-sensitivity options", () => {
    const account = fc.stringMatching(/^[A-Za-z]{0,3}[0-9]{0,6}[-A-Za-z0-9]{0,4}$/);
    fc.assert(
      fc.property(account, account, (a, b) => {
        expect(Math.sign(compareAccounts(a, b))).toBe(Math.sign(a.localeCompare(b, "en", { numeric: true, sensitivity: "base" })));
      })
    );
  });
});
