/**
 * The CUSTOMER.* worksheet functions. custom-functions-metadata reads the JSDoc below into
 * functions.json and the build appends the CustomFunctions.associate calls, so each function
 * stays a top-level declaration whose parameter types it understands (unknown = any; a
 * nested array = a range). The logic lives in the modules it calls, which take plain values.
 *
 * All three are volatile: their default minimum, accounting currency and ledger come from
 * sheets the formula does not reference, so Excel would not otherwise recalculate them when
 * those sheets change. The sheets are read once and cached until they change, so a
 * recalculation costs no Excel calls.
 */
import { creditBalances } from "./credit-balance";
import { ExcelWorkbookSource } from "./excel-source";
import { FunctionError } from "./function-error";
import { reimbursableAmounts, reimbursementStatuses } from "./reimbursable";
import { WorkbookSource } from "./workbook-source";

/** The part of Office's custom functions runtime the build's associate calls use. */
interface FunctionRegistry {
  associate(id: string, implementation: (...args: never[]) => unknown): void;
}

/**
 * The `CustomFunctions.associate("ID", fn)` calls that custom-functions-metadata-plugin's loader
 * appends to this module resolve to this binding. In Excel it is the runtime's own global
 * (office.js or custom-functions-runtime.js has loaded before this bundle); in a browser without
 * Office (the pane in file mode) there is nothing to associate with, and the bare global would
 * throw "CustomFunctions is not defined" while the page loads.
 */
export const CustomFunctions: FunctionRegistry =
  (globalThis as { CustomFunctions?: FunctionRegistry }).CustomFunctions ?? { associate: () => undefined };

let source: WorkbookSource | null = null;

/** Replaces the Excel reader (tests; a host that already holds the workbook). */
export function useWorkbookSource(next: WorkbookSource | null): void {
  source = next;
}

// Made on first use: the Excel global exists only once Office has loaded.
function workbook(): WorkbookSource {
  source ??= new ExcelWorkbookSource();
  return source;
}

/**
 * The credit a reimbursement run would pay back for a balance (negative = credit): the whole credit when its accounting-currency value reaches the minimum, else 0.
 * @customfunction REIMBURSABLE
 * @volatile
 * @param balance Signed balance, or a range of balances (one result per cell). An empty cell counts as 0.
 * @param [minimum] Minimum reimbursement in the accounting currency. Default: Minimum reimbursement on the Parameters sheet.
 * @param [rate] Accounting-currency units per unit of the balance's currency. Default: 1 (the balance is in the accounting currency).
 * @returns The amount reimbursed, positive, in the balance's currency; 0 when not reimbursed.
 */
export async function reimbursable(balance: unknown[][], minimum?: unknown, rate?: unknown): Promise<Array<Array<number | FunctionError>>> {
  return reimbursableAmounts(balance, minimum ?? null, rate ?? null, workbook());
}

/**
 * Why a balance is or is not reimbursed: Reimbursable, Below minimum, Debit balance, Zero balance or No rate.
 * @customfunction REIMBURSEMENTSTATUS
 * @volatile
 * @param balance Signed balance, or a range of balances (one result per cell). An empty cell counts as 0.
 * @param [minimum] Minimum reimbursement in the accounting currency. Default: Minimum reimbursement on the Parameters sheet.
 * @param [rate] Accounting-currency units per unit of the balance's currency. Default: 1 (the balance is in the accounting currency).
 * @returns The status of each balance.
 */
export async function reimbursementStatus(balance: unknown[][], minimum?: unknown, rate?: unknown): Promise<Array<Array<string | FunctionError>>> {
  return reimbursementStatuses(balance, minimum ?? null, rate ?? null, workbook());
}

/**
 * A customer's current balance (negative = credit): the opening balance on Customer balances plus the Customer transactions, as a reimbursement run computes it.
 * @customfunction CREDITBALANCE
 * @volatile
 * @param account Customer account, or a range of accounts (one result per cell).
 * @param [currency] Three-letter currency code. Default: Accounting currency on the Parameters sheet.
 * @returns The current balance in that currency; 0 when the customer has no rows in it.
 */
export async function creditBalance(account: unknown[][], currency?: unknown): Promise<Array<Array<number | string | FunctionError>>> {
  return creditBalances(account, currency ?? null, workbook());
}
