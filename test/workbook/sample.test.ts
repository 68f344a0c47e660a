import { isValidIBAN } from "ibantools";
import { minorUnits } from "../../src/core/currency";
import { parseAmount, parseDate, parseText } from "../../src/workbook/cells";
import { COLUMNS, PARAMETER_NAMES, SHEETS } from "../../src/workbook/contract";
import { CellValue, SheetGrid, WorkbookSnapshot, findSheet, isCellError } from "../../src/workbook/grid";
import { SAMPLE_RATES, ibanFor, sampleWorkbook } from "../../src/workbook/sample";

function sheet(snapshot: WorkbookSnapshot, name: string): SheetGrid {
  const grid = findSheet(snapshot, name);
  if (!grid) throw new Error(`no sheet ${name}`);
  return grid;
}

function column(grid: SheetGrid, header: string): CellValue[] {
  const i = grid.rows[0].indexOf(header);
  if (i < 0) throw new Error(`no column ${header} on ${grid.name}`);
  return grid.rows.slice(1).map((row) => row[i]);
}

const text = (v: CellValue): string | null => {
  const t = parseText(v);
  return t.ok ? t.value : null;
};

describe("sample workbook", () => {
  const messy = sampleWorkbook({ customers: 400, seed: 7 });
  const tidy = sampleWorkbook({ customers: 400, seed: 7, messy: false });

  it("is the same workbook for the same seed, and a different one for another seed", () => {
    expect(sampleWorkbook({ customers: 400, seed: 7 })).toEqual(messy);
    expect(sampleWorkbook({ customers: 400, seed: 8 })).not.toEqual(messy);
  });

  it("holds every input sheet of the contract with its header in row 1, column A", () => {
    const inputs = [
      [SHEETS.parameters, COLUMNS.parameters], [SHEETS.customers, COLUMNS.customers], [SHEETS.vendors, COLUMNS.vendors],
      [SHEETS.balances, COLUMNS.balances], [SHEETS.transactions, COLUMNS.transactions], [SHEETS.rates, COLUMNS.rates],
    ] as const;
    for (const [name, specs] of inputs) {
      const grid = sheet(messy, name);
      expect(grid.name).toBe(name);
      expect([grid.startRow, grid.startCol]).toEqual([1, 1]);
      expect(grid.rows[0]).toEqual(specs.map((s) => s.header));
      for (const row of grid.rows) expect(row.length).toBe(specs.length);
    }
  });

  it("sets the run parameters, with the reimbursement date at UTC midnight of today", () => {
    const params = new Map(column(sheet(messy, SHEETS.parameters), "Parameter").map((p, i) => [p, column(sheet(messy, SHEETS.parameters), "Value")[i]]));
    expect(params.get(PARAMETER_NAMES.minimum)).toBe(10);
    expect(params.get(PARAMETER_NAMES.accountingCurrency)).toBe("EUR");
    expect(params.get(PARAMETER_NAMES.date)).toEqual(new Date("2026-11-24T00:00:00Z"));
    expect(params.get(PARAMETER_NAMES.paymentTermsDays)).toBe(14);
    expect(params.get(PARAMETER_NAMES.invoicePrefix)).toBe("RB-");
    expect(params.get(PARAMETER_NAMES.oneTimeVendorPrefix)).toBe("OTV-");
    const other = sampleWorkbook({ customers: 3, today: "2027-01-05" });
    const names = column(sheet(other, SHEETS.parameters), "Parameter");
    const date = column(sheet(other, SHEETS.parameters), "Value")[names.indexOf(PARAMETER_NAMES.date)];
    expect(date).toEqual(new Date("2027-01-05T00:00:00Z"));
  });

  it("scales customers, balances and transactions with the number of customers", () => {
    const small = sampleWorkbook({ customers: 10, transactionsPerCustomer: 5 });
    const large = sampleWorkbook({ customers: 1000, transactionsPerCustomer: 5 });
    expect(sheet(small, SHEETS.customers).rows.length).toBe(11);
    expect(sheet(large, SHEETS.customers).rows.length).toBe(1001);
    expect(sheet(small, SHEETS.transactions).rows.length).toBe(51);
    expect(sheet(large, SHEETS.transactions).rows.length).toBe(5001);
    expect(sheet(large, SHEETS.balances).rows.length).toBeGreaterThanOrEqual(1001);
    expect(sheet(tidy, SHEETS.transactions).rows.length).toBe(400 * 3 + 1);
  });

  it("gives most European customers an IBAN whose check digits are valid", () => {
    expect(ibanFor("DE", "370400440532013000")).toBe("DE89370400440532013000");
    expect(ibanFor("GB", "NWBK60161331926819")).toBe("GB29NWBK60161331926819");
    const ibans = column(sheet(tidy, SHEETS.customers), "IBAN").filter((v): v is string => typeof v === "string");
    expect(ibans.length).toBeGreaterThan(200);
    for (const iban of ibans) expect(isValidIBAN(iban)).toBe(true);
  });

  it("maps about 60% of customers to vendors, two of them to vendors missing from the Vendors sheet", () => {
    const mapped = column(sheet(tidy, SHEETS.customers), "Vendor account").filter((v) => v !== null);
    expect(mapped.length / 400).toBeGreaterThan(0.5);
    expect(mapped.length / 400).toBeLessThan(0.7);
    const vendors = new Set(column(sheet(tidy, SHEETS.vendors), "Vendor account"));
    expect(mapped.filter((v) => !vendors.has(v))).toHaveLength(2);
  });

  it("has mostly unblocked customers in the retail, wholesale and export groups", () => {
    const customers = sheet(tidy, SHEETS.customers);
    expect(new Set(column(customers, "Customer group"))).toEqual(new Set(["RETAIL", "WHOLESALE", "EXPORT"]));
    const blocked = column(customers, "Blocked");
    expect(blocked.filter((b) => b === "No").length / 400).toBeGreaterThan(0.85);
    expect(new Set(blocked)).toEqual(new Set(["No", "All", "Payment", "Invoice"]));
  });

  it("nets to about a third of balances in credit, some below the minimum, with debits and zeros", () => {
    const net = new Map<string, number>();
    const add = (account: CellValue, currency: CellValue, amount: CellValue): void => {
      const parsed = parseAmount(amount);
      if (!parsed.ok) throw new Error(parsed.reason);
      const key = `${text(account)}|${text(currency)?.toUpperCase()}`;
      net.set(key, (net.get(key) ?? 0) + parsed.value.toNumber());
    };
    for (const grid of [sheet(tidy, SHEETS.balances), sheet(tidy, SHEETS.transactions)]) {
      const accounts = column(grid, "Customer account");
      const currencies = column(grid, "Currency");
      const amounts = column(grid, grid.name === SHEETS.balances ? "Balance" : "Amount");
      accounts.forEach((account, i) => add(account, currencies[i], amounts[i]));
    }
    const rate = (key: string): number => {
      const code = key.split("|")[1];
      return code === "EUR" ? 1 : SAMPLE_RATES[code] ?? 1;
    };
    const values = [...net].map(([key, v]) => ({ eur: Math.round(v * rate(key) * 100) / 100 }));
    const credits = values.filter((v) => v.eur < 0);
    expect(credits.length / values.length).toBeGreaterThan(0.25);
    expect(credits.length / values.length).toBeLessThan(0.45);
    expect(credits.filter((v) => v.eur > -10).length).toBeGreaterThan(5);
    expect(values.filter((v) => v.eur === 0).length).toBeGreaterThan(5);
    expect(values.filter((v) => v.eur > 0).length).toBeGreaterThan(100);
  });

  it("uses EUR mostly, also USD, GBP, JPY, BHD with rates, and CHF without one", () => {
    const currencies = column(sheet(tidy, SHEETS.balances), "Currency");
    expect(currencies.filter((c) => c === "EUR").length / currencies.length).toBeGreaterThan(0.4);
    for (const code of ["USD", "GBP", "JPY", "BHD", "CHF"]) expect(currencies).toContain(code);
    const rated = column(sheet(tidy, SHEETS.rates), "Currency");
    expect(rated).toEqual(expect.arrayContaining(["USD", "GBP", "JPY", "BHD"]));
    expect(rated).not.toContain("CHF");
    // Even a tiny sample keeps the missing-rate case.
    expect(column(sheet(sampleWorkbook({ customers: 2, seed: 3 }), SHEETS.customers), "Currency")).toContain("CHF");
  });

  it("writes amounts as numbers with no more decimals than their currency when not messy", () => {
    const check = (grid: SheetGrid, amountHeader: string): void => {
      const currencies = column(grid, "Currency");
      column(grid, amountHeader).forEach((amount, i) => {
        expect(typeof amount).toBe("number");
        const decimals = minorUnits(String(currencies[i]));
        expect(Number((amount as number).toFixed(decimals))).toBe(amount);
      });
    };
    check(sheet(tidy, SHEETS.balances), "Balance");
    check(sheet(tidy, SHEETS.transactions), "Amount");
    for (const d of column(sheet(tidy, SHEETS.transactions), "Date")) expect(d).toBeInstanceOf(Date);
  });

  it("records invoices as debits and payments and credit notes as credits", () => {
    const grid = sheet(tidy, SHEETS.transactions);
    const types = column(grid, "Type");
    const amounts = column(grid, "Amount") as number[];
    const documents = column(grid, "Document");
    types.forEach((type, i) => {
      if (type === "Invoice") expect(amounts[i]).toBeGreaterThan(0);
      else expect(["Payment", "Credit note"]).toContain(type), expect(amounts[i]).toBeLessThan(0);
    });
    expect(new Set(documents).size).toBe(documents.length);
  });

  it("when messy, holds the cells real ledgers hold, every one still readable except the #N/A errors", () => {
    const balances = sheet(messy, SHEETS.balances);
    const transactions = sheet(messy, SHEETS.transactions);
    const amounts = [...column(balances, "Balance"), ...column(transactions, "Amount")];
    const texts = amounts.filter((a): a is string => typeof a === "string");
    expect(texts.some((t) => /^\d{1,3}(,\d{3})+\.\d\d$/.test(t.trim()))).toBe(true);
    expect(texts.some((t) => t.startsWith("€ "))).toBe(true);
    expect(texts.some((t) => /^\(.*\)$/.test(t))).toBe(true);
    for (const t of texts) expect(parseAmount(t).ok).toBe(true);

    const txAccounts = column(transactions, "Customer account");
    const errorAccounts = column(transactions, "Amount").flatMap((a, i) => (isCellError(a) ? [text(txAccounts[i])] : []));
    expect(errorAccounts.length).toBeGreaterThanOrEqual(1);
    expect(new Set(errorAccounts).size).toBeLessThanOrEqual(2);
    expect(amounts.filter((a) => !isCellError(a) && typeof a !== "string").every((a) => typeof a === "number")).toBe(true);

    const accounts = [...column(balances, "Customer account"), ...column(transactions, "Customer account")];
    expect(accounts).toContain(123);
    expect(column(sheet(messy, SHEETS.customers), "Customer account")).toContain("123");
    expect(accounts.some((a) => typeof a === "string" && a !== a.trim())).toBe(true);

    const dates = column(transactions, "Date");
    expect(dates.some((d) => typeof d === "number")).toBe(true);
    for (const d of dates) expect(parseDate(d).ok).toBe(true);
  });

  it("when tidy, holds no text amounts, padded accounts, serial dates or errors", () => {
    for (const grid of [sheet(tidy, SHEETS.balances), sheet(tidy, SHEETS.transactions)]) {
      for (const account of column(grid, "Customer account")) {
        expect(typeof account).toBe("string");
        expect(account).toBe((account as string).trim());
      }
      for (const row of grid.rows) for (const cell of row) expect(isCellError(cell)).toBe(false);
    }
    for (const d of column(sheet(tidy, SHEETS.transactions), "Date")) expect(d).toBeInstanceOf(Date);
  });

  it("generates a hundred thousand customers with ten transactions each", () => {
    const big = sampleWorkbook({ customers: 100_000, transactionsPerCustomer: 10, seed: 1 });
    expect(sheet(big, SHEETS.transactions).rows.length).toBe(1_000_001);
    expect(column(sheet(big, SHEETS.customers), "Customer account")).toContain("C100000");
  });
});

describe("a small messy sample", () => {
  it("still shows text amounts, padded accounts, a numeric account, a serial date and an #N/A", () => {
    const small = sampleWorkbook({ customers: 5, seed: 4 });
    const transactions = sheet(small, SHEETS.transactions);
    const balances = sheet(small, SHEETS.balances);
    const amounts = [...column(transactions, "Amount"), ...column(balances, "Balance")];
    expect(amounts.some((a) => typeof a === "string")).toBe(true);
    expect(amounts.some(isCellError)).toBe(true);
    const accounts = [...column(transactions, "Customer account"), ...column(balances, "Customer account")];
    expect(accounts).toContain(123);
    expect(accounts.some((a) => typeof a === "string" && a !== a.trim())).toBe(true);
    expect(column(transactions, "Date").some((d) => typeof d === "number")).toBe(true);
  });
});
