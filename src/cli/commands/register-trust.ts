import type { Register } from "../program";
import type { ReverseFlags } from "./reverse";

/** `reimburse reverse`: undo a run's unpaid reimbursements (docs/reverse.md); its module loads when it runs. */
export const registerReverse: Register = (program, io, setCode) => {
  program.command("reverse").description("reverse a run's unpaid reimbursements: give the credits back and cancel the invoices").argument("<input.xlsx>")
    .requiredOption("--run <run-id>", "the run to reverse, as in column Run id of sheet Reimbursements")
    .option("-o, --output <out.xlsx>", "write the result here, as a separate ledger, instead of updating the input in place")
    .option("--in-place", "update the input workbook itself (the default)")
    .option("--force", "replace an existing -o file")
    .option("--date <YYYY-MM-DD>", "date of the reversing transactions (default: each reimbursement's own date)")
    .option("--json", "print a machine-readable summary")
    .action(async (input: string, flags: ReverseFlags) => {
      const { reverse } = await import("./reverse");
      setCode(await reverse(input, flags, io));
    });
};

/** `reimburse fingerprint`: recompute the input fingerprint a Reimbursement runs row holds. */
export const registerFingerprint: Register = (program, io, setCode) => {
  program.command("fingerprint").description("print the input fingerprint a run would record on sheet Reimbursement runs").argument("<input.xlsx>")
    .option("--reversal", "the fingerprint a reversal would record instead")
    .action(async (input: string, flags: { reversal?: boolean }) => {
      const { printFingerprint } = await import("./reverse");
      setCode(await printFingerprint(input, flags, io));
    });
};
