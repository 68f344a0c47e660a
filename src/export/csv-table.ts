import { stringify } from "csv-stringify/sync";
import { NEUTRALISED_FIELD, neutralise } from "./csv-injection";

/** RFC 4180: what makes a field need quotes (delimiter, quote, CR, LF). */
const NEEDS_QUOTES = /[\r\n",]/;

/**
 * How a column's values are written. Only `text` is neutralised: amounts and dates are
 * produced by Reimburse itself (plain decimals, ISO dates) and must stay numbers and dates.
 */
export type CsvKind = "text" | "amount" | "date" | "integer";

export interface CsvColumn<T> {
  header: string;
  kind: CsvKind;
  value: (row: T) => string | null;
}

/**
 * A CSV file as text: UTF-8 with a byte order mark (Excel otherwise reads UTF-8 as ANSI),
 * comma separated, CRLF line ends (RFC 4180), a header row, blank for null.
 */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: readonly T[]): string {
  const records = rows.map((row) =>
    columns.map((c) => {
      const value = c.value(row) ?? "";
      return c.kind === "text" ? neutralise(value) : value;
    }),
  );
  return stringify([columns.map((c) => c.header), ...records], {
    bom: true,
    record_delimiter: "\r\n",
    // RFC 4180 §2.6: a field holding a line break, a quote or the delimiter is quoted. The library
    // only checks the record delimiter (CRLF), so a bare LF or CR would split one invoice into two
    // records. OWASP: a neutralised field is also quoted, so no reader drops the quote.
    quoted_match: [NEEDS_QUOTES, NEUTRALISED_FIELD],
  });
}
