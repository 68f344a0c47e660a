import { checkUpdatePaths, updateWorkbook } from "../../file/ledger-file";
import { IssuedPayment, PaymentRegister } from "../../file/payment-register";
import { readPaymentParameters } from "../../payments/debtor";
import { issuedPayments } from "../../payments/issued-payments";
import { formatProblem } from "../../workbook/errors";
import { PAIN_FORMATS, PainFormat } from "../../payments/pain001";
import { paymentTypeLabel } from "../../payments/payment-type";
import { formatTotals, preparePayment } from "../../payments/prepare-payment";
import { todayIso } from "../../core/dates";
import { CliIO, EXIT, RefusedError, UsageError } from "../io";
import { commandLine, writtenLines } from "../ledger-options";
import { ApOutputFlags, dateFlag, resolveApOutputs } from "./ap-files";

const MAX_LISTED = 50;

export interface PayFlags extends ApOutputFlags {
  again?: boolean;
  format?: string;
  instant?: boolean;
}

function formatFlag(flags: PayFlags): PainFormat {
  const format = flags.format ?? "pain.001.001.09";
  if (!(PAIN_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format expects ${PAIN_FORMATS.join(" or ")}, got "${format}"`);
  return format as PainFormat;
}

/** The register already holds a transfer for an invoice this payment would pay. */
export class AlreadyPaidError extends RefusedError {
  override name = "AlreadyPaidError";
  constructor(readonly earlier: IssuedPayment[]) {
    const lines = earlier.slice(0, MAX_LISTED).map(
      (p) => `  Invoice ${p.invoice} (customer ${p.customer ?? "?"}, ${p.currency} ${p.amount} to ${p.creditorIban}) was paid on ${p.time} in ${p.file} (message ${p.messageId}, workbook ${p.workbook})`,
    );
    if (earlier.length > MAX_LISTED) lines.push(`  ... and ${earlier.length - MAX_LISTED} more`);
    super(
      [
        `${earlier.length === 1 ? "1 invoice was" : `${earlier.length} invoices were`} already paid from this account, according to the register of issued payments; nothing was written.`,
        ...lines,
        "This workbook may be an older copy or a restored backup, or its Status cells were edited. If the bank rejected that payment, record the rejection; to pay once more on purpose, add --again.",
      ].join("\n"),
    );
  }
}

/**
 * `reimburse pay IN.xlsx -o payments.xml`: open vendor invoices become a pain.001 SEPA credit
 * transfer file; the workbook records them on Vendor payments and marks them Paid, together
 * with the file or not at all; the register of issued payments refuses an invoice paid before.
 */
export async function payInvoices(input: string, flags: PayFlags, io: CliIO, register = new PaymentRegister()): Promise<number> {
  const outputs = resolveApOutputs(input, flags);
  const date = dateFlag(flags);
  const format = formatFlag(flags);
  const now = io.now();
  const today = todayIso(now);
  if (date && date < today) throw new UsageError(`--date ${date} is in the past (today is ${today}); a bank rejects an execution date before today`);
  const line = commandLine("pay", input);
  const options = { command: "pay", commandLine: line, output: outputs.workbook, outputFiles: [outputs.file], force: flags.force, now, register };
  // A wrong path is refused before the register (in the user's data folder) is even opened.
  await checkUpdatePaths(input, options);
  // The register's lock is taken first and held to the end: checking and recording are one step,
  // also for two copies of a workbook paid at once. Only pay takes it, so locks never cross.
  const result = await register.exclusive(line, () =>
    updateWorkbook(input, async (snapshot, read) => {
      const prepared = preparePayment(snapshot, { now, date, format, instant: flags.instant ?? false });
      if (prepared.xml === null) return { ...prepared, files: [], registerEntries: [] as IssuedPayment[] };
      const { debtor } = readPaymentParameters(snapshot, now, date);
      const earlier = await register.alreadyPaid(debtor.iban, prepared.selection.payable.map((p) => p.invoice.invoice));
      if (earlier.length && !flags.again) throw new AlreadyPaidError(earlier);
      const entries = issuedPayments(prepared, { debtorIban: debtor.iban, workbook: read.target, workbookSha256: read.sha256, file: read.outputFiles[0], now });
      return { ...prepared, files: [{ path: outputs.file, content: prepared.xml }], registerEntries: entries };
    }, options),
  );
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
    `Sent ${count} invoice${count === 1 ? "" : "s"} to the bank, ${formatTotals(prepared.totals)}, execution date ${prepared.executionDate}, message ${prepared.messageId} (${prepared.format}).`,
    ...prepared.executionDateMoves.map((m) => `Execution date: ${m}.`),
    ...prepared.blocks.map((b) => `  ${b.paymentInfoId}: ${paymentTypeLabel(b.type)}, ${b.currency}, ${b.transfers.length} transfer${b.transfers.length === 1 ? "" : "s"}`),
  );
  lines.push(`Written: ${outputs.file}`, ...writtenLines(result, input, outputs.workbook, "Recorded on Vendor payments, invoices marked Sent"));
  const debtorIban = prepared.registerEntries?.[0]?.debtorIban;
  if (debtorIban) lines.push(`Recorded in the register of issued payments: ${register.fileFor(debtorIban)}`);
  io.stdout(lines.join("\n") + "\n");
  return EXIT.ok;
}
