import { Command } from "commander";
import { formatMoney } from "../../core/money";
import { updateWorkbook } from "../../file/ledger-file";
import { formatProblem } from "../../workbook/errors";
import { preparePayment } from "../../payments/prepare-payment";
import { CliIO, EXIT } from "../io";
import { commandLine, writtenLines } from "../ledger-options";
import { ApOutputFlags, dateFlag, resolveApOutputs } from "./ap-files";

const MAX_LISTED = 50;

/**
 * `reimburse pay IN.xlsx -o payments.xml`: open vendor invoices become a pain.001 SEPA credit
 * transfer file; the workbook records them on Vendor payments and marks them Paid, together
 * with the file or not at all.
 */
export async function payInvoices(input: string, flags: ApOutputFlags, io: CliIO): Promise<number> {
  const outputs = resolveApOutputs(input, flags);
  const date = dateFlag(flags);
  const now = io.now();
  const result = await updateWorkbook(input, (snapshot) => {
    const prepared = preparePayment(snapshot, { now, date });
    return { ...prepared, files: prepared.xml === null ? [] : [{ path: outputs.file, content: prepared.xml }] };
  }, { command: "pay", commandLine: commandLine("pay", input), output: outputs.workbook, outputFiles: [outputs.file], force: flags.force, now });
  const prepared = result.plan;
  const { exceptions } = prepared.selection;
  const lines: string[] = [];
  if (exceptions.length) {
    lines.push(`Not paid: ${exceptions.length}`);
    for (const e of exceptions.slice(0, MAX_LISTED)) lines.push(`  ${formatProblem({ ...e.source, message: e.reason })}`);
    if (exceptions.length > MAX_LISTED) lines.push(`  ... and ${exceptions.length - MAX_LISTED} more`);
  }
  if (prepared.xml === null || prepared.messageId === null) {
    lines.push(...writtenLines({ ...result, written: false }, input, outputs.workbook));
    lines.push("Nothing to pay: no open invoice can be paid. No file was written.");
    io.stdout(lines.join("\n") + "\n");
    return EXIT.ok;
  }
  const count = prepared.transfers.length;
  lines.unshift(
    `Paid ${count} invoice${count === 1 ? "" : "s"}, ${formatMoney(prepared.total, "EUR")} EUR, execution date ${prepared.executionDate}, message ${prepared.messageId}.`,
  );
  lines.push(`Written: ${outputs.file}`, ...writtenLines(result, input, outputs.workbook, "Recorded on Vendor payments, invoices marked Paid"));
  io.stdout(lines.join("\n") + "\n");
  return EXIT.ok;
}

export function registerPay(program: Command, io: CliIO, setCode: (code: number) => void): void {
  program.command("pay").description("pay open vendor invoices with an ISO 20022 pain.001 SEPA credit transfer file and record them in the workbook").argument("<input.xlsx>")
    .requiredOption("-o, --output <payments.xml>", "the pain.001.001.03 file to write (never replaced without --force)")
    .option("-w, --workbook-out <out.xlsx>", "write the workbook with Vendor payments and Paid statuses here, as a separate ledger, instead of updating the input in place")
    .option("--in-place", "update the input workbook itself (the default)")
    .option("--force", "replace an existing payment file or --workbook-out file")
    .option("--date <YYYY-MM-DD>", "requested execution date (default: the Parameters sheet's Reimbursement date, else today)")
    .action(async (input: string, flags: ApOutputFlags) => setCode(await payInvoices(input, flags, io)));
}
