import { CurrentBalance, currentBalances } from "../core/balance";
import { Money } from "../core/money";
import { Parsed, parseNonNegative } from "../workbook/cells";
import { PARAMETER_NAMES } from "../workbook/contract";
import { WorkbookError, formatProblem } from "../workbook/errors";
import { CellValue, WorkbookSnapshot } from "../workbook/grid";
import { readLedger } from "../workbook/read";
import { ParameterCell, parseCurrency, readParameter, readParameterCells } from "../workbook/read-parameters";
import { WorkbookSource } from "./workbook-source";

/** The two parameters the functions use, each read on its own so one bad cell does not hide the other. */
export interface FunctionSettings {
  minimum: Parsed<Money>;
  accountingCurrency: Parsed<string>;
}

export interface LedgerFacts {
  /** The workbook's ledger could not be read at all (missing sheet or column, Excel failure). */
  failure: string | null;
  balances: ReadonlyMap<string, CurrentBalance>;
  /** Unreadable ledger rows by upper-case customer account, as formatted messages. */
  problems: ReadonlyMap<string, string[]>;
}

const settingsCache = new WeakMap<WorkbookSnapshot, FunctionSettings>();
const ledgerCache = new WeakMap<WorkbookSnapshot, LedgerFacts>();

/** The Parameters sheet's minimum and accounting currency, parsed once per snapshot. */
export async function readSettings(source: WorkbookSource): Promise<FunctionSettings> {
  let snapshot: WorkbookSnapshot;
  try {
    snapshot = await source.parameters();
  } catch (error) {
    const reason = `the Parameters sheet could not be read (${describeFailure(error)})`;
    return { minimum: { ok: false, reason }, accountingCurrency: { ok: false, reason } };
  }
  const cached = settingsCache.get(snapshot);
  if (cached) return cached;
  const settings = parseSettings(snapshot);
  settingsCache.set(snapshot, settings);
  return settings;
}

function parseSettings(snapshot: WorkbookSnapshot): FunctionSettings {
  let cells: Map<string, ParameterCell>;
  try {
    cells = readParameterCells(snapshot);
  } catch (error) {
    const reason = describeFailure(error);
    return { minimum: { ok: false, reason }, accountingCurrency: { ok: false, reason } };
  }
  const read = <T>(name: string, parse: (value: CellValue) => Parsed<T>): Parsed<T> => {
    const parameter = readParameter(cells, name, parse);
    return parameter.ok ? parameter : { ok: false, reason: formatProblem(parameter.problem) };
  };
  return {
    minimum: read(PARAMETER_NAMES.minimum, parseNonNegative),
    accountingCurrency: read(PARAMETER_NAMES.accountingCurrency, parseCurrency),
  };
}

/** Current balances as the engine computes them (opening balance plus transactions), once per snapshot. */
export async function readLedgerFacts(source: WorkbookSource): Promise<LedgerFacts> {
  let snapshot: WorkbookSnapshot;
  try {
    snapshot = await source.ledger();
  } catch (error) {
    return failedLedger(describeFailure(error));
  }
  const cached = ledgerCache.get(snapshot);
  if (cached) return cached;
  const facts = parseLedger(snapshot);
  ledgerCache.set(snapshot, facts);
  return facts;
}

function parseLedger(snapshot: WorkbookSnapshot): LedgerFacts {
  try {
    const ledger = readLedger(snapshot);
    const problems = new Map<string, string[]>();
    for (const p of ledger.problems) {
      const key = (p.account ?? "").toUpperCase();
      const message = formatProblem({ ...p.source, message: p.message });
      problems.set(key, [...(problems.get(key) ?? []), message]);
    }
    return { failure: null, balances: currentBalances(ledger.balances, ledger.transactions), problems };
  } catch (error) {
    return failedLedger(describeFailure(error));
  }
}

function failedLedger(failure: string): LedgerFacts {
  return { failure, balances: new Map(), problems: new Map() };
}

/** A WorkbookError already names sheet and cell; anything else is reported by its message. */
export function describeFailure(error: unknown): string {
  if (error instanceof WorkbookError) return error.message.replace(/\n/g, "; ");
  if (error instanceof Error) return error.message;
  return String(error);
}
