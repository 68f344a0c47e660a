import path from "node:path";
import { writeSnapshotXlsx } from "../../src/file/xlsx-write";
import { EXIT_NOTHING_SELECTED, checkSelection } from "../../src/cli/selection-options";
import { Customer } from "../../src/core/types";
import { buildBook } from "../support/workbook-builder";
import { cli, tempDir } from "../support/cli-harness";

const customer = (account: string, group: string | null = "RETAIL"): Customer => ({
  account, name: account, currency: "EUR", vendorAccount: null, group, blocked: "No", address: null, city: null, postalCode: null, country: null, iban: null,
  source: { sheet: "Customers", address: "A2" },
});

describe("a selection that matches nothing", () => {
  const customers = [customer("C1"), customer("C2"), customer("C10", "WHOLESALE")];

  it("names listed accounts that are not customers, and says when none is", () => {
    expect(checkSelection(customers, { accounts: ["K99"] })).toEqual({
      matchesNothing: true,
      warnings: ["--customers: K99 is not on sheet Customers", "the selection (accounts K99) matches no customer; nothing was reimbursed"],
    });
    expect(checkSelection(customers, { accounts: ["c1", "K99"] })).toEqual({ matchesNothing: false, warnings: ["--customers: K99 is not on sheet Customers"] });
  });

  it("names a reversed range and an unknown group", () => {
    const reversed = checkSelection(customers, { range: { from: "C10", to: "C1" } });
    expect(reversed.matchesNothing).toBe(true);
    expect(reversed.warnings[0]).toBe("--range C10:C1 is reversed: C10 sorts after C1; write --range C1:C10");
    const group = checkSelection(customers, { group: "NOSUCH" });
    expect(group.matchesNothing).toBe(true);
    expect(group.warnings[0]).toBe("--group NOSUCH: no customer on sheet Customers is in this group");
  });

  it("is quiet for all customers, a matching group (any case) and a ledger-ordered range", () => {
    expect(checkSelection(customers, {})).toEqual({ matchesNothing: false, warnings: [] });
    expect(checkSelection(customers, { group: "wholesale" })).toEqual({ matchesNothing: false, warnings: [] });
    expect(checkSelection(customers, { range: { from: "C2", to: "C10" } })).toEqual({ matchesNothing: false, warnings: [] });
  });

  it("makes `reimburse preview` and `run` warn on stderr and exit 4, writing nothing", async () => {
    const dir = tempDir();
    const input = path.join(dir, "book.xlsx");
    await writeSnapshotXlsx(buildBook({ customers: [{ account: "C001" }], balances: [["C001", "EUR", -50]] }), input);
    for (const args of [["--customers", "K99"], ["--group", "NOSUCH"], ["--range", "C999:C001"]]) {
      const result = await cli(["preview", input, ...args]);
      expect(result.code).toBe(EXIT_NOTHING_SELECTED);
      expect(result.stderr).toMatch(/^reimburse: warning: /);
      expect(result.stderr).toContain("matches no customer");
    }
    const run = await cli(["run", input, "--customers", "K99"]);
    expect(run.code).toBe(EXIT_NOTHING_SELECTED);
    expect(run.stdout).toContain("Nothing to write: the workbook is unchanged.");
    expect((await cli(["preview", input, "--customers", "C001"])).code).toBe(0);
  });
});
