import { formatMoney } from "../../core/money";
import { ReversalPlan } from "../../core/reverse";
import { UpdateResult, readWorkbookFile, updateWorkbook } from "../../file/ledger-file";
import { WorkbookError } from "../../workbook/errors";
import { REVERSAL_INPUT_SHEETS, RUN_INPUT_SHEETS, fingerprint } from "../../workbook/fingerprint";
import { PreparedReversal, prepareReversal } from "../../workbook/reverse";
import { CliIO, EXIT, UsageError } from "../io";
import { LedgerFlags, commandLine, workbookOutput, writtenJson, writtenLines } from "../ledger-options";
import { dateFrom } from "../selection-options";

export interface ReverseFlags extends LedgerFlags {
  run?: string;
  output?: string;
  json?: boolean;
  date?: string;
}

/**
 * `reimburse reverse IN.xlsx --run RUN-x`: gives back the credits of a run's unpaid
 * reimbursements, in the workbook itself unless -o names a separate copy. Exit 0 when something
 * was reversed now or earlier; 1 when the run is unknown, the workbook unreadable, or no
 * reimbursement of the run can be reversed (nothing written).
 */
export async function reverse(input: string, flags: ReverseFlags, io: CliIO): Promise<number> {
  const runId = flags.run?.trim();
  if (!runId) throw new UsageError("--run needs the id of the run to reverse, e.g. --run RUN-20261124-093000");
  const output = workbookOutput(input, flags.output, flags, "-o");
  const date = dateFrom(flags);
  let result: UpdateResult<PreparedReversal>;
  try {
    result = await updateWorkbook(input, (snapshot) => prepareReversal(snapshot, { runId, date, now: io.now(), user: io.user }), {
      command: "reverse", commandLine: commandLine("reverse", input), output, force: flags.force, now: io.now(),
    });
  } catch (error) {
    if (!(error instanceof WorkbookError)) throw error;
    io.stderr(`The run cannot be reversed; nothing was written.\n${error.message}\n`);
    return EXIT.invalidInput;
  }
  const { plan } = result.plan;
  // Failure is only a run none of whose reimbursements could ever be reversed: asking again
  // after a partial reversal is not an error, the run is as reversed as it can be.
  const code = plan.reversed.length || plan.alreadyReversed || !plan.refused.length ? EXIT.ok : EXIT.invalidInput;
  if (flags.json) io.stdout(JSON.stringify({ ...reversalSummary(plan, result.written ? output ?? input : null), ...writtenJson(result, input, output) }, null, 2) + "\n");
  else (code === EXIT.ok ? io.stdout : io.stderr)(formatReversal(plan, writtenLines(result, input, output)));
  return code;
}

export function reversalSummary(plan: ReversalPlan, output: string | null) {
  return {
    reversalId: plan.reversed.length ? plan.reversalId : null,
    runId: plan.runId,
    reimbursements: plan.found,
    reversed: plan.reversed.map((x) => ({ customerAccount: x.customerAccount, currency: x.currency, amount: formatMoney(x.amount, x.currency), invoice: x.invoice, date: x.date })),
    alreadyReversed: plan.alreadyReversed,
    notReversed: plan.refused.map((x) => ({ customerAccount: x.customerAccount, currency: x.currency, amount: formatMoney(x.amount, x.currency), invoice: x.invoice, row: x.row, reason: x.reason })),
    totals: plan.totals.map((t) => ({ currency: t.currency, amount: formatMoney(t.amount, t.currency) })),
    written: output !== null,
    output,
  };
}

const count = (n: number): string => `${n} reimbursement${n === 1 ? "" : "s"}`;

export function formatReversal(plan: ReversalPlan, written: string[]): string {
  const lines: string[] = [];
  const n = plan.found;
  if (plan.reversed.length) {
    lines.push(`Reversal ${plan.reversalId} of ${plan.runId}: ${plan.reversed.length} of ${count(n)} reversed`);
    for (const x of plan.reversed) {
      lines.push(`  ${x.customerAccount}  ${x.currency} ${formatMoney(x.amount, x.currency)}  credit given back; invoice ${x.invoice} cancelled`);
    }
  } else if (n === 0) {
    lines.push(`nothing to reverse: ${plan.runId} reimbursed no customer`);
  } else if (plan.alreadyReversed === n) {
    lines.push(`nothing to reverse: ${n === 1 ? `the only reimbursement of ${plan.runId} is` : `all ${n} reimbursements of ${plan.runId} are`} already reversed`);
  } else if (plan.alreadyReversed) {
    lines.push(`nothing more to reverse in ${plan.runId}: ${plan.alreadyReversed} of ${count(n)} already reversed, ${plan.refused.length} cannot be reversed`);
  } else {
    lines.push(`nothing was reversed in ${plan.runId}: ${plan.refused.length} of ${count(n)} cannot be reversed`);
  }
  if (plan.reversed.length && plan.alreadyReversed) lines.push(`Already reversed earlier: ${plan.alreadyReversed}`);
  if (plan.refused.length) {
    lines.push(`Not reversed: ${plan.refused.length}`);
    for (const x of plan.refused) {
      const invoice = x.invoice ? ` (invoice ${x.invoice})` : "";
      lines.push(`  Sheet 'Reimbursements', row ${x.row}: customer ${x.customerAccount} ${x.currency} ${formatMoney(x.amount, x.currency)}${invoice}: ${x.reason}`);
    }
  }
  lines.push(...written);
  if (!written.some((l) => !l.startsWith("Note: "))) lines.push("Nothing was written: the workbook is unchanged.");
  return lines.join("\n") + "\n";
}

/**
 * `reimburse fingerprint IN.xlsx [--reversal]`: the fingerprint a run (or a reversal) of this
 * workbook would record, to compare a kept copy of an input with its Reimbursement runs row.
 */
export async function printFingerprint(input: string, flags: { reversal?: boolean }, io: CliIO): Promise<number> {
  const { snapshot } = await readWorkbookFile(input);
  io.stdout(`${fingerprint(snapshot, flags.reversal ? REVERSAL_INPUT_SHEETS : RUN_INPUT_SHEETS)}\n`);
  return EXIT.ok;
}
