import { creditBalance, reimbursable, reimbursementStatus, useWorkbookSource } from "../../src/functions/functions";
import { snapshotSource } from "../../src/functions/workbook-source";
import { ledgerBook } from "./book";

/** The functions as Excel calls them: a matrix for the range argument, null for an omitted one. */
describe("the CUSTOMER.* entry points", () => {
  beforeAll(() =>
    useWorkbookSource(snapshotSource(ledgerBook({
      minimum: 10,
      accountingCurrency: "EUR",
      balances: [["C001", "EUR", -150], ["C002", "EUR", 5]],
    }))),
  );
  afterAll(() => useWorkbookSource(null));

  it("=CUSTOMER.REIMBURSABLE(B2:B4) spills what a run would pay back", async () => {
    expect(await reimbursable([[-150], [5], [-9.99]], null, null)).toEqual([[150], [0], [0]]);
  });

  it("=CUSTOMER.REIMBURSEMENTSTATUS(B2:B4, 0, 0.5) says why", async () => {
    expect(await reimbursementStatus([[-150], [5], [""]], 0, 0.5)).toEqual([["Reimbursable"], ["Debit balance"], ["Zero balance"]]);
  });

  it("=CUSTOMER.CREDITBALANCE(A2:A3) reads the ledger in the accounting currency", async () => {
    expect(await creditBalance([["C001"], ["C002"]], null)).toEqual([[-150], [5]]);
  });

  it("treats arguments a direct JavaScript call leaves undefined as omitted", async () => {
    expect(await reimbursable([[-10]])).toEqual([[10]]);
    expect(await creditBalance([["C001"]])).toEqual([[-150]]);
  });
});
