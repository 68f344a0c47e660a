import { Command } from "commander";
import { formatMoney } from "../../core/money";
import { readXlsx } from "../../file/xlsx-read";
import { formatProblem } from "../../workbook/errors";
import { preparePayment } from "../../payments/prepare-payment";
import { CliIO, EXIT } from "../io";
import { ApOutputFlags, dateFlag, resolveApOutputs, writeFileWithWorkbook } from "./ap-files";

const MAX_LISTED = 50;

/**
 * `reimburse pay IN.xlsx -o payments.xml`: open vendor invoices become a pain.001 SEPA credit
 * transfer file; the workbook records them on Vendor payments and marks them Paid.
 */
export async function payInvoices(input: string, flags: ApOutputFlags, io: CliIO): Promise<number> {
  const outputs = resolveApOutputs(input, flags, "paid");
  const date = dateFlag(flags);
  const snapshot = await readXlsx(input);
  const prepared = preparePayment(snapshot, { now: io.now(), date });
  const { exceptions } = prepared.selection;
  const lines: string[] = [];
  if (exceptions.length) {
    lines.push(`Not paid: ${exceptions.length}`);
    for (const e of exceptions.slice(0, MAX_LISTED)) lines.push(`  ${formatProblem({ ...e.source, message: e.reason })}`);
    if (exceptions.length > MAX_LISTED) lines.push(`  ... and ${exceptions.length - MAX_LISTED} more`);
  }
  if (prepared.xml === null || prepared.messageId === null) {
    lines.push("Nothing to pay: no open invoice can be paid. No file was written.");
    io.stdout(lines.join("\n") + "\n");
    return EXIT.ok;
  }
  await writeFileWithWorkbook(outputs, prepared.xml, input, prepared.patch);
  const count = prepared.transfers.length;
  lines.unshift(
    `Paid ${count} invoice${count === 1 ? "" : "s"}, ${formatMoney(prepared.total, "EUR")} EUR, execution date ${prepared.executionDate}, message ${prepared.messageId}.`,
  );
  lines.push(`Written: ${outputs.file}`, `Recorded on Vendor payments, invoices marked Paid: ${outputs.workbook}`);
  io.stdout(lines.join("\n") + "\n");
  return EXIT.ok;
}

export function registerPay(program: Command, io: CliIO, setCode: (code: number) => void): void {
  program.command("pay").description("pay open vendor invoices with an ISO 20022 pain.001 SEPA credit transfer file").argument("<input.xlsx>")
    .requiredOption("-o, --output <payments.xml>", "the pain.001.001.03 file to write")
    .option("-w, --workbook-out <out.xlsx>", "workbook with Vendor payments and Paid statuses (default: <input>.paid.xlsx)")
    .option("--in-place", "write into the input workbook itself")
    .option("--date <YYYY-MM-DD>", "requested execution date (default: the Parameters sheet's Reimbursement date, else today)")
    .action(async (input: string, flags: ApOutputFlags) => setCode(await payInvoices(input, flags, io)));
}
