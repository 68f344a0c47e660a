import { COLUMNS, SHEETS } from "../../src/workbook/contract";
import { CellValue, SheetGrid, WorkbookSnapshot } from "../../src/workbook/grid";

/** Small hand-built workbooks for the worksheet-function tests, cells as Excel gives them. */

export function grid(name: string, rows: CellValue[][]): SheetGrid {
  return { name, startRow: 1, startCol: 1, rows };
}

export function parametersSheet(parameters: [string, CellValue][]): SheetGrid {
  return grid(SHEETS.parameters, [["Parameter", "Value"], ...parameters]);
}

export interface LedgerSpec {
  minimum?: CellValue;
  accountingCurrency?: CellValue;
  /** [account, currency, balance] */
  balances?: [CellValue, CellValue, CellValue][];
  /** [account, date, currency, amount, type] */
  transactions?: [CellValue, CellValue, CellValue, CellValue, CellValue][];
  /** Leave out the Parameters sheet altogether. */
  withoutParameters?: boolean;
}

export function ledgerBook(spec: LedgerSpec = {}): WorkbookSnapshot {
  const sheets: SheetGrid[] = [];
  if (!spec.withoutParameters) {
    sheets.push(parametersSheet([
      ["Minimum reimbursement", spec.minimum === undefined ? 10 : spec.minimum],
      ["Accounting currency", spec.accountingCurrency === undefined ? "EUR" : spec.accountingCurrency],
    ]));
  }
  sheets.push(grid(SHEETS.balances, [COLUMNS.balances.map((c) => c.header), ...(spec.balances ?? [])]));
  if (spec.transactions) {
    sheets.push(grid(SHEETS.transactions, [
      COLUMNS.transactions.map((c) => c.header),
      ...spec.transactions.map((t): CellValue[] => [...t, null, null]),
    ]));
  }
  return { sheets };
}
