import { promises as fs } from "node:fs";
import { updateWorkbook } from "../../file/ledger-file";
import { PaymentRegister } from "../../file/payment-register";
import { debtorIbanOf, rejectionEntries } from "../../payments/issued-payments";
import { StatusReportError } from "../../payments/pain002";
import { prepareStatusImport, statusImportLines } from "../../payments/payment-status";
import { CliIO, EXIT, UsageError } from "../io";
import { LedgerFlags, commandLine, workbookOutput, writtenLines } from "../ledger-options";

export interface PaymentStatusFlags extends LedgerFlags {
  workbookOut?: string;
}

/**
 * `reimburse payment-status BOOK.xlsx STATUS.xml`: imports the bank's pain.002 status report.
 * Exit 0 when it was applied or had been before; 1 when the file is no status report or answers
 * a message the workbook did not send (nothing written).
 */
export async function importPaymentStatus(input: string, statusFile: string, flags: PaymentStatusFlags, io: CliIO, register = new PaymentRegister()): Promise<number> {
  const output = workbookOutput(input, flags.workbookOut, flags, "--workbook-out");
  let xml: string;
  try {
    xml = await fs.readFile(statusFile, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read the status report ${statusFile}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const now = io.now();
  let result;
  try {
    result = await updateWorkbook(input, (snapshot) => ({ ...prepareStatusImport(snapshot, xml, now), debtorIban: debtorIbanOf(snapshot) }), {
      command: "payment-status", commandLine: commandLine("payment-status", input), output, force: flags.force, now,
    });
  } catch (error) {
    if (!(error instanceof StatusReportError)) throw error;
    io.stderr(`${statusFile} cannot be imported; nothing was written.\n${error.message}\n`);
    return EXIT.invalidInput;
  }
  const { summary, debtorIban } = result.plan;
  const lines = [...statusImportLines(summary), ...writtenLines(result, input, output, "Recorded on Payment status")];
  // The register of issued payments learns of each rejection, so `pay` pays the invoice again
  // without --again: the first transfer never left the company.
  if (result.written && debtorIban && summary.rejected.length) {
    await register.exclusive(commandLine("payment-status", input), () =>
      register.append(rejectionEntries(debtorIban, summary.rejected, now, statusFile)),
    );
    lines.push(`Recorded the rejections in the register of issued payments: ${register.fileFor(debtorIban)}`);
  }
  if (summary.unknownMessage) {
    io.stderr(lines.join("\n") + "\n");
    return EXIT.invalidInput;
  }
  io.stdout(lines.join("\n") + "\n");
  return EXIT.ok;
}
