import type { Register } from "../program";
import type { ExportFlags } from "./export";
import type { PayFlags } from "./pay";
import type { PaymentStatusFlags } from "./payment-status";

/*
 * The command lines of export, pay and payment-status. Each command's module (and what it
 * needs: xmlbuilder2, the ISO 20022 writers, the AP formats) is loaded only when that command
 * runs: `reimburse run` and `--version` do not pay for them at start-up.
 */

/** `reimburse export`: vendor invoices to accounts payable (docs/export.md). */
export const registerExport: Register = (program, io, setCode) => {
  program.command("export").description("export vendor invoices to accounts payable (Dynamics 365 data package, UBL 2.1 or plain CSV) and mark them Exported in the workbook").argument("<input.xlsx>")
    .requiredOption("--format <format>", "d365 (D365 data package: one-time vendors, vendor invoice journal), d365-general-journal (D365 data package: general journal debiting customers, crediting vendors), ubl (zip of UBL 2.1 invoices and credit notes) or csv (the sheet's columns, the one-time vendors beside it)")
    .requiredOption("-o, --output <file>", "the export file to write: .zip for d365, d365-general-journal and ubl (never replaced without --force)")
    .option("--run <run-id>", "only the invoices of this run")
    .option("--again", "export again invoices already marked as exported")
    .option("-w, --workbook-out <out.xlsx>", "write the marked workbook here, as a separate ledger, instead of updating the input in place")
    .option("--in-place", "update the input workbook itself (the default)")
    .option("--force", "replace an existing export file or --workbook-out file")
    .option("--date <YYYY-MM-DD>", "export date: the Exported marks and credit note dates (default: today)")
    .action(async (input: string, flags: ExportFlags) => {
      const { exportInvoices } = await import("./export");
      setCode(await exportInvoices(input, flags, io));
    });
};

/** `reimburse pay`: a pain.001 credit transfer file for the open vendor invoices (docs/payments.md). */
export const registerPay: Register = (program, io, setCode) => {
  program.command("pay").description("pay open vendor invoices with an ISO 20022 pain.001 credit transfer file and record them in the workbook").argument("<input.xlsx>")
    .requiredOption("-o, --output <payments.xml>", "the pain.001 file to write (never replaced without --force)")
    .option("-w, --workbook-out <out.xlsx>", "write the workbook with Vendor payments and Sent statuses here, as a separate ledger, instead of updating the input in place")
    .option("--in-place", "update the input workbook itself (the default)")
    .option("--force", "replace an existing payment file or --workbook-out file")
    .option("--again", "pay invoices the register of issued payments says were paid already (an older copy of the workbook)")
    .option("--date <YYYY-MM-DD>", "requested execution date, today or later (default: the Parameters sheet's Reimbursement date, else today); a weekend or TARGET2 holiday moves to the next business day")
    .option("--format <format>", "pain.001.001.09 (default) or pain.001.001.03 for banks that still want it")
    .option("--instant", "send SEPA payments as SEPA Instant credit transfers")
    .action(async (input: string, flags: PayFlags) => {
      const { payInvoices } = await import("./pay");
      setCode(await payInvoices(input, flags, io));
    });
};

/** `reimburse payment-status`: the bank's pain.002 status report imported. */
export const registerPaymentStatus: Register = (program, io, setCode) => {
  program.command("payment-status").description("import the bank's pain.002 status report: Sent invoices become Paid or Rejected").argument("<input.xlsx>").argument("<status.xml>")
    .option("-w, --workbook-out <out.xlsx>", "write the updated workbook here, as a separate ledger, instead of updating the input in place")
    .option("--in-place", "update the input workbook itself (the default)")
    .option("--force", "replace an existing --workbook-out file")
    .action(async (input: string, status: string, flags: PaymentStatusFlags) => {
      const { importPaymentStatus } = await import("./payment-status");
      setCode(await importPaymentStatus(input, status, flags, io));
    });
};
