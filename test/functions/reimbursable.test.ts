import { reimbursableAmounts, reimbursementStatuses } from "../../src/functions/reimbursable";
import { WorkbookSource, snapshotSource } from "../../src/functions/workbook-source";
import { LedgerSpec, ledgerBook } from "./book";
import { valueError } from "./matchers";

/** A workbook whose Parameters sheet says: minimum 10 EUR, unless the spec says otherwise. */
const workbook = (spec: LedgerSpec = {}): WorkbookSource => snapshotSource(ledgerBook(spec));
const eurBook = workbook();

/** Excel passes null for an omitted optional argument. */
const OMITTED = null;

async function amount(balance: unknown, minimum: unknown = OMITTED, rate: unknown = OMITTED, source = eurBook): Promise<unknown> {
  return (await reimbursableAmounts(balance, minimum, rate, source))[0][0];
}

async function status(balance: unknown, minimum: unknown = OMITTED, rate: unknown = OMITTED, source = eurBook): Promise<unknown> {
  return (await reimbursementStatuses(balance, minimum, rate, source))[0][0];
}


describe("=CUSTOMER.REIMBURSABLE() and =CUSTOMER.REIMBURSEMENTSTATUS() on one balance", () => {
  it("reimburses a credit of exactly the minimum, whole and as a positive amount", async () => {
    expect(await amount(-10, 10)).toBe(10);
    expect(await status(-10, 10)).toBe("Reimbursable");
  });

  it("does not reimburse a credit one cent below the minimum", async () => {
    expect(await amount(-9.99, 10)).toBe(0);
    expect(await status(-9.99, 10)).toBe("Below minimum");
  });

  it("reads a credit computed in doubles as the accountant sees it: -(0.1+0.2) meets a minimum of 0.3", async () => {
    expect(await amount(-(0.1 + 0.2), 0.3)).toBe(0.3);
    expect(await status(-(0.1 + 0.2), 0.1 + 0.2)).toBe("Reimbursable");
  });

  it("never reimburses a debit balance or a zero balance", async () => {
    expect(await amount(25, 0)).toBe(0);
    expect(await status(25, 0)).toBe("Debit balance");
    expect(await status(0, 0)).toBe("Zero balance");
    expect(await status(-0.004, 0)).toBe("Zero balance");
  });

  it("takes the minimum from the Parameters sheet when it is omitted (Excel passes null) or left blank", async () => {
    expect(await amount(-10)).toBe(10);
    expect(await status(-9.99)).toBe("Below minimum");
    expect(await amount(-10, undefined, undefined)).toBe(10);
    expect(await amount(-10, "", OMITTED)).toBe(10);
    expect(await amount(-10, OMITTED, OMITTED, workbook({ minimum: "1,000.00" }))).toBe(0);
  });

  it("treats an omitted rate as 1: the balance is in the accounting currency", async () => {
    expect(await amount(-12.5, 10, OMITTED)).toBe(12.5);
  });

  it("compares a foreign credit by its accounting value but reimburses it in its own currency", async () => {
    expect(await amount(-100, 10, 0.1)).toBe(100);
    expect(await status(-100, 10, 0.0999)).toBe("Below minimum");
    expect(await amount(-100, 10, "0.1")).toBe(100);
  });

  it("says No rate for a rate that is given but empty, zero, negative, text, logical or an error", async () => {
    for (const rate of ["", "  ", 0, -1.2, "abc", true, { error: "#N/A" }, Number.NaN]) {
      expect(await status(-100, 10, rate)).toBe("No rate");
      expect(await amount(-100, 10, rate)).toBe(0);
    }
  });

  it("still tells a debit or zero balance from a missing rate", async () => {
    expect(await status(40, 10, "")).toBe("Debit balance");
    expect(await status(0, 10, "")).toBe("Zero balance");
  });
});

describe("rounding by the workbook's accounting currency", () => {
  const yenBook = workbook({ accountingCurrency: "JPY", minimum: 1000 });

  it("rounds a yen balance to whole yen, half away from zero, before comparing", async () => {
    expect(await amount(-999.5, OMITTED, OMITTED, yenBook)).toBe(1000);
    expect(await status(-999.4, OMITTED, OMITTED, yenBook)).toBe("Below minimum");
    expect(await status(-0.4, OMITTED, OMITTED, yenBook)).toBe("Zero balance");
  });

  it("rounds a foreign credit's value to whole yen before comparing it with the minimum", async () => {
    // 100 USD x 149.567 = 14,956.7 JPY, rounded to 14,957.
    expect(await amount(-100, 14957, 149.567, yenBook)).toBe(100);
    expect(await status(-100, 14958, 149.567, yenBook)).toBe("Below minimum");
  });

  it("uses 2 decimals when the workbook has no Parameters sheet and the minimum is given", async () => {
    const bare = workbook({ withoutParameters: true });
    expect(await amount(-10.004, 10, OMITTED, bare)).toBe(10);
    expect(await amount(-10.005, 10, OMITTED, bare)).toBe(10.01);
  });
});

describe("text and odd values in the balance", () => {
  it("reads text amounts with the workbook contract's parser", async () => {
    expect(await amount("-1,234.50", 10)).toBe(1234.5);
    expect(await amount("(1.234,50)", 10)).toBe(1234.5);
    expect(await amount("EUR -12.00", 10)).toBe(12);
  });

  it("answers #VALUE! with a message for text that is not an amount", async () => {
    expect(await amount("abc", 10)).toEqual(valueError(/^balance: expected an amount such as 1234\.50, found "abc"$/));
    expect(await status("1,234", 10)).toEqual(valueError(/^balance: .*ambiguous/));
  });

  it("answers #VALUE! for a logical value, an error value and a number Excel cannot hold", async () => {
    expect(await amount(true, 10)).toEqual(valueError("balance: expected an amount, found the logical value TRUE"));
    expect(await amount({ error: "#N/A" }, 10)).toEqual(valueError("balance: expected an amount, found the error #N/A"));
    expect(await status({ code: "#DIV/0!", message: "x" }, 10)).toEqual(valueError("found the error #DIV/0!"));
    expect(await amount(Number.POSITIVE_INFINITY, 10)).toEqual(valueError("non-finite"));
    expect(await amount(Symbol("odd"), 10)).toEqual(valueError("balance: expected an amount"));
  });

  it("reads what Excel passes as objects: error values as errors, data types by their basic value", async () => {
    expect(await amount({ type: "Error", errorType: "NotAvailable", basicValue: "#N/A" }, 10)).toEqual(valueError("found the error #N/A"));
    expect(await amount({ type: "FormattedNumber", basicValue: -25, numberFormat: "0.00 €" }, 10)).toBe(25);
    // An entity's basic value is #VALUE!; it is read by the text its cell shows.
    expect(await amount({ type: "Entity", text: "Contoso", basicType: "Error", basicValue: "#VALUE!" }, 10)).toEqual(valueError('balance: expected an amount such as 1234.50, found "Contoso"'));
    expect(await amount({ type: "LinkedEntity", text: "-25.00", basicType: "Error", basicValue: "#VALUE!" }, 10)).toBe(25);
    expect(await amount([[[-1]]], 10)).toEqual(valueError("found the error #VALUE!"));
  });

  it("counts an empty cell as a zero balance", async () => {
    expect(await amount(null, 10)).toBe(0);
    expect(await amount("", 10)).toBe(0);
    expect(await status(null, 10)).toBe("Zero balance");
  });
});

describe("a range of balances", () => {
  it("spills one answer per cell, in the range's shape, odd cells answered on their own", async () => {
    const range = [
      [-50, 5, null],
      ["abc", -9.99, { error: "#REF!" }],
    ];
    expect(await reimbursableAmounts(range, 10, OMITTED, eurBook)).toEqual([
      [50, 0, 0],
      [valueError("abc"), 0, valueError("#REF!")],
    ]);
    expect(await reimbursementStatuses(range, 10, OMITTED, eurBook)).toEqual([
      ["Reimbursable", "Debit balance", "Zero balance"],
      [valueError("abc"), "Below minimum", valueError("#REF!")],
    ]);
  });

  it("accepts a scalar or a single row from a direct call", async () => {
    expect(await reimbursableAmounts(-20, 10, OMITTED, eurBook)).toEqual([[20]]);
    expect(await reimbursableAmounts([-20, -5], 10, OMITTED, eurBook)).toEqual([[20, 0]]);
    expect(await reimbursableAmounts([], 10, OMITTED, eurBook)).toEqual([[0]]);
  });
});

describe("a minimum that cannot be used", () => {
  it("answers #VALUE! in every cell for a minimum that is text, negative or logical", async () => {
    const range = [[-50], [-5]];
    const bad = valueError(/^minimum: expected an amount such as 1234\.50, found "abc"$/);
    expect(await reimbursableAmounts(range, "abc", OMITTED, eurBook)).toEqual([[bad], [bad]]);
    expect(await status(-50, -5)).toEqual(valueError("minimum: expected zero or a positive number, found -5"));
    expect(await status(-50, false)).toEqual(valueError("minimum: expected an amount, found the logical value FALSE"));
  });

  it("names the Parameters cell when the omitted minimum comes from an unreadable one", async () => {
    const source = workbook({ minimum: "ten" });
    expect(await amount(-50, OMITTED, OMITTED, source)).toEqual(valueError(/^minimum: omitted, .*Sheet 'Parameters', cell B2: Minimum reimbursement: expected an amount/));
    expect(await amount(-50, 10, OMITTED, source)).toBe(50);
  });

  it("says the Parameters sheet is missing when the minimum is omitted", async () => {
    const bare = workbook({ withoutParameters: true });
    expect(await status(-50, OMITTED, OMITTED, bare)).toEqual(valueError("no sheet named 'Parameters'"));
    expect(await status(-50, OMITTED, OMITTED, workbook({ minimum: null }))).toEqual(valueError("parameter 'Minimum reimbursement' is required but empty"));
  });

  it("keeps working with a given minimum when Excel cannot read the sheets", async () => {
    const failing: WorkbookSource = {
      parameters: () => Promise.reject(new Error("Excel is busy")),
      ledger: () => Promise.reject(new Error("Excel is busy")),
    };
    expect(await amount(-50, 10, OMITTED, failing)).toBe(50);
    expect(await amount(-50, OMITTED, OMITTED, failing)).toEqual(valueError("could not be read (Excel is busy)"));
  });
});
