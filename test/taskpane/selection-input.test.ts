import { EMPTY_SELECTION, buildSelection, splitAccounts } from "../../src/taskpane/selection-input";

describe("choosing the customers of a run", () => {
  it("asks for confirmation only when every customer is selected", () => {
    expect(buildSelection(EMPTY_SELECTION)).toEqual({ selection: {}, errors: {}, needsConfirmation: true, description: "All customers" });
    const byCurrency = buildSelection({ ...EMPTY_SELECTION, currency: " usd " });
    expect(byCurrency.selection).toEqual({ currency: "USD" });
    expect(byCurrency.needsConfirmation).toBe(false);
  });

  it("takes a pasted column or a typed list of accounts, without duplicates", () => {
    expect(splitAccounts("C001, C002;c001\nC003\tC004  ")).toEqual(["C001", "C002", "C003", "C004"]);
    const result = buildSelection({ ...EMPTY_SELECTION, scope: "accounts", accounts: "C001 C002", group: " RETAIL " });
    expect(result.selection).toEqual({ accounts: ["C001", "C002"], group: "RETAIL" });
    expect(result.description).toBe("accounts C001, C002; group RETAIL");
  });

  it("refuses an empty list, an open range, a reversed range and a bad currency", () => {
    expect(buildSelection({ ...EMPTY_SELECTION, scope: "accounts" }).errors.accounts).toMatch(/at least one/);
    expect(buildSelection({ ...EMPTY_SELECTION, scope: "range", from: "C1" }).errors).toEqual({ to: "Enter the last account of the range" });
    const reversed = buildSelection({ ...EMPTY_SELECTION, scope: "range", from: "C10", to: "C2" });
    expect(reversed.selection).toBeNull();
    expect(reversed.errors.to).toBe("C2 sorts before C10: swap them");
    expect(buildSelection({ ...EMPTY_SELECTION, currency: "EURO" }).errors.currency).toMatch(/three-letter/);
  });

  it("compares a range as a ledger sorts accounts (C2 before C10)", () => {
    expect(buildSelection({ ...EMPTY_SELECTION, scope: "range", from: "C2", to: "C10" }).selection).toEqual({ range: { from: "C2", to: "C10" } });
  });

  it("ignores the hidden inputs of the other scopes", () => {
    expect(buildSelection({ ...EMPTY_SELECTION, scope: "all", accounts: "C1", from: "C9" }).selection).toEqual({});
  });
});
