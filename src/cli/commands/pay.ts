import { Command } from "commander";
import { todayIso } from "../../core/dates";
import { updateWorkbook } from "../../file/ledger-file";
import { formatProblem } from "../../workbook/errors";
import { PAIN_FORMATS, PainFormat } from "../../payments/pain001";
import { paymentTypeLabel } from "../../payments/payment-type";
import { formatTotals, preparePayment } from "../../payments/prepare-payment";
import { CliIO, EXIT, UsageError } from "../io";
import { commandLine, writtenLines } from "../ledger-options";
import { ApOutputFlags, dateFlag, resolveApOutputs } from "./ap-files";

const MAX_LISTED = 50;

export interface PayFlags extends ApOutputFlags {
  format?: string;
  instant?: boolean;
}

function formatFlag(flags: PayFlags): PainFormat {
  const format = flags.format ?? "pain.001.001.09";
  if (!(PAIN_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format expects ${PAIN_FORMATS.join(" or ")}, got "${format}"`);
  return format as PainFormat;
}

/**
 * `reimburse pay IN.xlsx -o payments.xml`: open vendor invoices become an ISO 20022 pain.001
 * file (SEPA, SEPA Instant and other currencies, a payment block each); the workbook records
 * them on Vendor payments, together with the file or not at all.
 */
export async function payInvoices(input: string, flags: PayFlags, io: CliIO): Promise<number> {
  const outputs = resolveApOutputs(input, flags);
  const date = dateFlag(flags);
  const format = formatFlag(flags);
  const now = io.now();
  const today = todayIso(now);
  if (date && date < today) throw new UsageError(`--date ${date} is in the past (today is ${today}); a bank rejects an execution date before today`);
  const result = await updateWorkbook(input, (snapshot) => {
    const prepared = preparePayment(snapshot, { now, date, format, instant: flags.instant ?? false });
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
    `Paid ${count} invoice${count === 1 ? "" : "s"}, ${formatTotals(prepared.totals)}, execution date ${prepared.executionDate}, message ${prepared.messageId} (${prepared.format}).`,
    ...prepared.executionDateMoves.map((m) => `Execution date: ${m}.`),
    ...prepared.blocks.map((b) => `  ${b.paymentInfoId}: ${paymentTypeLabel(b.type)}, ${b.currency}, ${b.transfers.length} transfer${b.transfers.length === 1 ? "" : "s"}`),
  );
  lines.push(`Written: ${outputs.file}`, ...writtenLines(result, input, outputs.workbook, "Recorded on Vendor payments, invoices marked Sent"));
  io.stdout(lines.join("\n") + "\n");
  return EXIT.ok;
}

export function registerPay(program: Command, io: CliIO, setCode: (code: number) => void): void {
  program.command("pay").description("pay open vendor invoices with an ISO 20022 pain.001 credit transfer file and record them in the workbook").argument("<input.xlsx>")
    .requiredOption("-o, --output <payments.xml>", "the pain.001 file to write (never replaced without --force)")
    .option("-w, --workbook-out <out.xlsx>", "write the workbook with Vendor payments and Sent statuses here, as a separate ledger, instead of updating the input in place")
    .option("--in-place", "update the input workbook itself (the default)")
    .option("--force", "replace an existing payment file or --workbook-out file")
    .option("--date <YYYY-MM-DD>", "requested execution date, today or later (default: the Parameters sheet's Reimbursement date, else today); a weekend or TARGET2 holiday moves to the next business day")
    .option("--format <format>", "pain.001.001.09 (default) or pain.001.001.03 for banks that still want it")
    .option("--instant", "send SEPA payments as SEPA Instant credit transfers")
    .action(async (input: string, flags: PayFlags) => setCode(await payInvoices(input, flags, io)));
}
