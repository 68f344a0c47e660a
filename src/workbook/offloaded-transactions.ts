import { balanceSummer } from "../core/balance";
import { Money, moneyFromText } from "../core/money";
import { RUN_ID_PREFIX } from "../core/numbering";
import { CellRef, CustomerTransaction, IsoDate, RowProblem } from "../core/types";
import { SHEETS } from "./contract";
import { WorkbookError, WorkbookProblem } from "./errors";
import { FingerprintUnderway, RUN_INPUT_SHEETS, fingerprint, sheetRowsText } from "./fingerprint";
import { CellValue, SheetGrid, WorkbookSnapshot } from "./grid";
import { idsSeen } from "./ids-seen";
import { TransactionsSource } from "./read";
import { readTransactions } from "./read-ledger";
import { readParameters } from "./read-parameters";
import { rowIsBlank, sheetNamed } from "./table";

/**
 * The Customer transactions sheet read apart from the rest of the workbook (in the CLI, by a
 * worker thread on the second core) and handed back as the little a run needs of it: its
 * balances per customer and currency, its row problems, the ids it holds, its fingerprint
 * text, and its header and last rows for the rows a run appends. Everything here is plain data
 * (structured-cloneable), computed by the same functions the single-threaded run calls on the
 * whole snapshot, so the run made from it is the same run.
 */

/** One customer's transactions in one currency, summed exactly (ExactSum, as currentBalances sums). */
export interface TransactionSum {
  account: string;
  currency: string;
  /** The exact sum as plain decimal text (toFixed). */
  amount: string;
  /** Money.plus keeps -0 when every amount was -0: the text "0" alone cannot say so. */
  negativeZero: boolean;
  /** The first transaction's Amount cell, as the balance's source. */
  source: CellRef;
}

export interface TransactionsDigest {
  /** False when the workbook has no Customer transactions sheet (it is optional). */
  present: boolean;
  /** False when readParameters refused the Parameters sheet: the run stops there before this is used. */
  parametersRead: boolean;
  /** Sums in order of first appearance, as currentBalances keys them. */
  sums: TransactionSum[];
  /** readTransactions' row problems, in its order. */
  problems: RowProblem[];
  /** The WorkbookError readTransactions threw (a required column missing...), thrown again where it would be. */
  failure: WorkbookProblem[] | null;
  /** The prefixes idsSeen looked for on the sheet, and what it found for each. */
  prefixes: string[];
  ids: string[][];
  /** The sheet's rows as fingerprint hashes them (sheetRowsText). */
  fingerprintRows: Uint8Array[];
  /** The sheet with only its header, last and totals rows: what appendRows reads of it. */
  grid: SheetGrid | null;
}

export interface DigestOptions {
  now: Date;
  /** The CLI's --date, as ReadOptions.date. */
  date?: IsoDate;
  /**
   * Where the row stream (transactions-stream.ts) hands its fingerprint text, chunk by chunk as
   * it is made, instead of keeping it in the digest (a worker posts it to the main thread).
   */
  text?: (chunk: Uint8Array) => void;
}

/**
 * The digest of `snapshot`'s Customer transactions sheet. The snapshot needs only that sheet
 * and the Parameters sheet (for the reimbursement date and the numbering prefixes).
 */
export function digestTransactions(snapshot: WorkbookSnapshot, options: DigestOptions): TransactionsDigest {
  const grid = sheetNamed(snapshot, SHEETS.transactions);
  const digest: TransactionsDigest = {
    present: grid !== undefined, parametersRead: false, sums: [], problems: [], failure: null, prefixes: [], ids: [], fingerprintRows: [], grid: null,
  };
  if (!grid) return digest;
  digest.grid = thinGrid(grid);
  let date: IsoDate;
  try {
    const parameters = readParameters(snapshot, options.now, options.date);
    date = parameters.date;
    digest.prefixes = [parameters.invoicePrefix, parameters.oneTimeVendorPrefix, RUN_ID_PREFIX];
  } catch (error) {
    // The run stops at its own readParameters, with this same error, before it asks for more.
    if (error instanceof WorkbookError) return digest;
    throw error;
  }
  digest.parametersRead = true;
  digest.failure = sumTransactions(snapshot, date, digest);
  // The run stops at that error: nothing else of the sheet is asked for.
  if (digest.failure) return digest;
  const seen = idsSeen({ sheets: [grid] }, digest.prefixes);
  digest.ids = digest.prefixes.map((p) => seen.get(p) ?? []);
  // After the sums: their transactions are garbage by now, and only the text joins the grid.
  digest.fingerprintRows = sheetRowsText(grid);
  return digest;
}

/**
 * readTransactions' problems and its transactions' sums (currentBalances, fed one transaction
 * at a time) into `digest`, or the problems of the WorkbookError it threw.
 */
function sumTransactions(snapshot: WorkbookSnapshot, date: IsoDate, digest: TransactionsDigest): WorkbookProblem[] | null {
  const summer = balanceSummer();
  try {
    digest.problems = readTransactions(snapshot, date, summer.add).problems;
  } catch (error) {
    if (error instanceof WorkbookError) return [...error.problems];
    throw error;
  }
  digest.sums = transactionSums(summer);
  return null;
}

/** The summer's sums as plain data. */
export function transactionSums(summer: ReturnType<typeof balanceSummer>): TransactionSum[] {
  return summer.balances().map((sum) => ({
    account: sum.account,
    currency: sum.currency,
    amount: sum.amount.toFixed(),
    negativeZero: sum.amount.isZero() && sum.amount.isNegative(),
    source: sum.source,
  }));
}

const NO_CELLS: CellValue[] = [];

/**
 * The grid with every row blank but its first and last non-blank ones (the header and the last
 * table row) and its totals rows, at their places: readTableHeader and lastTableRow give what
 * they give on the whole grid. An all-blank grid keeps its length (the "header" is below it).
 */
export function thinGrid(grid: SheetGrid): SheetGrid {
  const rows = grid.rows;
  let first = 0;
  while (first < rows.length && rowIsBlank(rows[first])) first++;
  let last = rows.length - 1;
  while (last > first && rowIsBlank(rows[last])) last--;
  const length = first < rows.length ? last + 1 : rows.length;
  const thin: CellValue[][] = new Array<CellValue[]>(length).fill(NO_CELLS);
  if (first < rows.length) {
    thin[first] = rows[first];
    thin[last] = rows[last];
  }
  for (const row of grid.totalsRows ?? []) {
    const i = row - grid.startRow;
    if (i >= 0 && i < length) thin[i] = rows[i];
  }
  const out: SheetGrid = { name: grid.name, startRow: grid.startRow, startCol: grid.startCol, rows: thin };
  if (grid.totalsRows) out.totalsRows = [...grid.totalsRows];
  return out;
}

/**
 * The run's fingerprint begun on `snapshot` while the digest was being made
 * (fingerprintBefore(snapshot, SHEETS.transactions)), `snapshot` since given the digest's grid;
 * `fed` when the sheet's text went into it as it came (the digest then holds none).
 */
export interface FingerprintBegun {
  snapshot: WorkbookSnapshot;
  underway: FingerprintUnderway;
  fed: boolean;
}

/**
 * A run's view of the Customer transactions sheet from its digest. `snapshot` holds the
 * digest's thin grid in the sheet's place; this source never reads that grid's rows as data.
 * The fingerprint is hashed once, for one snapshot, and the digest's text let go (a host may
 * ask for it right after the read to free that memory).
 */
export function offloadedTransactions(digest: TransactionsDigest, begun?: FingerprintBegun): TransactionsSource {
  let rows: Uint8Array[] | null = digest.fingerprintRows;
  let hashed: { snapshot: WorkbookSnapshot; hex: string } | null = null;
  digest.fingerprintRows = [];
  const sheetsAround = (snapshot: WorkbookSnapshot): { before: SheetGrid[]; after: SheetGrid[] } => {
    const at = digest.grid ? snapshot.sheets.indexOf(digest.grid) : -1;
    if (at < 0) return { before: snapshot.sheets, after: [] };
    return { before: snapshot.sheets.slice(0, at), after: snapshot.sheets.slice(at + 1) };
  };
  return {
    read(snapshot, date) {
      if (!digest.present) return readTransactions(snapshot, date);
      if (!digest.parametersRead) throw new Error("internal error: the transactions were read without the run's parameters");
      if (digest.failure) throw new WorkbookError(digest.failure);
      const items: CustomerTransaction[] = digest.sums.map((s) => ({
        account: s.account,
        date: null,
        currency: s.currency,
        amount: s.negativeZero ? new Money(-0) : moneyFromText(s.amount),
        type: null,
        document: null,
        runId: null,
        source: s.source,
      }));
      return { items, problems: digest.problems };
    },
    idsSeen(snapshot, prefixes) {
      if (!digest.grid) return idsSeen(snapshot, prefixes);
      if (prefixes.length !== digest.prefixes.length || prefixes.some((p, i) => p !== digest.prefixes[i])) {
        throw new Error("internal error: the transactions' ids were collected for other prefixes");
      }
      // idsSeen lists ids sheet by sheet: the sheet's own come in its place.
      const { before, after } = sheetsAround(snapshot);
      const first = idsSeen({ sheets: before }, prefixes);
      const then = idsSeen({ sheets: after }, prefixes);
      return new Map(prefixes.map((p, i) => [p, [...(first.get(p) ?? []), ...digest.ids[i], ...(then.get(p) ?? [])]]));
    },
    fingerprint(snapshot) {
      if (!digest.grid) return fingerprint(snapshot);
      if (hashed?.snapshot === snapshot) return hashed.hex;
      if (!rows) throw new Error("internal error: the transactions' fingerprint text was hashed for another snapshot");
      let hex: string;
      if (begun?.snapshot === snapshot) {
        if (!begun.fed) for (const chunk of rows) begun.underway.rows(chunk);
        hex = begun.underway.end();
      } else if (begun?.fed) throw new Error("internal error: the transactions' fingerprint text was hashed for another snapshot");
      else hex = fingerprint(snapshot, RUN_INPUT_SHEETS, new Map([[SHEETS.transactions, rows]]));
      hashed = { snapshot, hex };
      // Hashed once: the text (about 90 bytes a row) need not be kept through the plan.
      rows = null;
      return hashed.hex;
    },
  };
}
