import fc from "fast-check";
import { COLUMNS, SHEETS } from "../../src/workbook/contract";
import { CellValue, SheetGrid, WorkbookSnapshot } from "../../src/workbook/grid";
import { buildBook, sheet } from "../support/workbook-builder";

/** Excel's last row: a sheet cannot be longer. */
export const EXCEL_ROWS = 1_048_576;

/** The error values a cell can hold, the newer dynamic-array ones included. */
export const ERROR_VALUES = ["#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"] as const;

const AMOUNT_PIECES = [
  "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "00", "000", "123", ".", ",", " ", "\u00a0", "\u202f", "'", "-", "\u2212", "+",
  "(", ")", "€", "$", "£", "¥", "EUR", "USD", "eur", "e", "E", "%", "\t", "١", "０", "∞", "NaN",
];
const DATE_PIECES = ["0", "1", "2", "9", "12", "24", "29", "31", "1900", "2026", "9999", "-", "/", ".", "T", ":", " ", "Z", "+", "00:00", "a"];

const joined = (pieces: readonly string[], maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...pieces), { maxLength }).map((parts) => parts.join(""));

/** Text built from the characters amounts are typed with, so that the parser's branches are reached. */
export const amountLikeText = joined(AMOUNT_PIECES, 12);
export const dateLikeText = joined(DATE_PIECES, 10);

const CURRENCY_BEFORE = ["", "", "EUR ", "eur", "€", "$ ", "USD"];
const CURRENCY_AFTER = ["", "", " EUR", "USD", "€", " $"];

/** An amount as a grammar: currency, parenthesis, sign, digits with separators, sign, currency. */
export const signedAmountText = fc
  .tuple(
    fc.constantFrom(...CURRENCY_BEFORE),
    fc.constantFrom("", "", "("),
    fc.constantFrom("", "", "-", "+", "\u2212"),
    joined(["0", "1", "5", "9", "123", "000", ".", ",", " ", "'", "\u00a0"], 8),
    fc.constantFrom("", "", ")"),
    fc.constantFrom("", "", "-"),
    fc.constantFrom(...CURRENCY_AFTER),
  )
  .map((parts) => parts.join(""));

/** Any text a cell can hold: printable, any unicode (lone surrogates included), control characters. */
export const anyText = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: "binary", maxLength: 30 }),
  amountLikeText,
  signedAmountText,
  dateLikeText,
);

/** Any value a host can hand over for a cell. */
export const anyCell: fc.Arbitrary<CellValue> = fc.oneof(
  anyText,
  fc.double(),
  fc.integer(),
  fc.constantFrom(0, -0, 1e15, 1e21, Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON, 60, 2958465, 2958466),
  fc.boolean(),
  fc.date(),
  fc.constant(null),
  fc.constantFrom(...ERROR_VALUES).map((error) => ({ error })),
);

/** A small valid workbook every hostile variant starts from: two customers, both reimbursable. */
export function baseBook(): WorkbookSnapshot {
  return buildBook({
    customers: [{ account: "C001", vendor: "V1" }, { account: "C002" }],
    balances: [["C001", "EUR", -120.5], ["C002", "EUR", -30]],
    transactions: [["C001", "2026-11-01", "EUR", 20, "Invoice"]],
    vendors: [["V1", "Vendor one"]],
    rates: [["USD", 0.9]],
  });
}

export function withSheet(book: WorkbookSnapshot, name: string, change: (grid: SheetGrid) => SheetGrid | null): WorkbookSnapshot {
  return {
    sheets: book.sheets.flatMap((s) => {
      if (s.name !== name) return [s];
      const changed = change(s);
      return changed ? [changed] : [];
    }),
  };
}

/** The book with one cell replaced: row is 0-based in the grid (0 is the header row). */
export function withCell(book: WorkbookSnapshot, name: string, row: number, header: string, value: CellValue): WorkbookSnapshot {
  return withSheet(book, name, (grid) => {
    const col = grid.rows[0].indexOf(header);
    if (col < 0) throw new Error(`no column ${header} on ${name}`);
    return { ...grid, rows: grid.rows.map((r, i) => (i === row ? r.map((c, j) => (j === col ? value : c)) : r)) };
  });
}

export function withRows(book: WorkbookSnapshot, name: string, rows: CellValue[][]): WorkbookSnapshot {
  return withSheet(book, name, (grid) => ({ ...grid, rows: [...grid.rows, ...rows] }));
}

/**
 * A sheet as long as Excel allows: a header, the data rows, then blank rows up to row 1,048,576,
 * all one shared array so that it costs a few megabytes of pointers, not a million rows.
 */
export function fullHeightSheet(name: string, header: CellValue[], data: CellValue[][], last: CellValue[] | null = null): SheetGrid {
  const blank: CellValue[] = header.map(() => null);
  const rows: CellValue[][] = new Array(EXCEL_ROWS);
  rows[0] = header;
  for (let i = 0; i < data.length; i++) rows[i + 1] = data[i];
  rows.fill(blank, data.length + 1);
  if (last) rows[EXCEL_ROWS - 1] = last;
  return { name, startRow: 1, startCol: 1, rows };
}

export const headers = (cols: readonly { header: string }[]): string[] => cols.map((c) => c.header);

export { COLUMNS, SHEETS, sheet };
