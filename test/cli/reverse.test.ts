import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { cli, tempDir } from "../support/cli-harness";
import { readXlsx } from "../../src/file/xlsx-read";
import { writeSnapshotXlsx } from "../../src/file/xlsx-write";
import { applyPatchToSnapshot } from "../../src/workbook/apply";
import { COLUMNS, SHEETS } from "../../src/workbook/contract";
import { readInvoiceRows, readReimbursementRows } from "../../src/workbook/read-outputs";
import { updateCells } from "../../src/workbook/update";
import { buildBook } from "../support/workbook-builder";
import { sheetRows } from "../support/sheet-rows";
import { recordPayments } from "../export/ap-book";

const hash = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const later = new Date("2026-11-25T14:00:00Z");

/** What `pay` records for the invoices it paid (Vendor payments rows, Paid views). */
async function markPaid(from: string, to: string, invoices: string[]): Promise<void> {
  await writeSnapshotXlsx(recordPayments(await readXlsx(from), invoices), to);
}

describe("reimburse reverse", () => {
  let dir: string;
  let input: string;
  let reimbursed: string;
  let runId: string;

  beforeAll(async () => {
    dir = tempDir("reimburse-reverse-");
    input = path.join(dir, "book.xlsx");
    await writeSnapshotXlsx(buildBook({
      customers: [{ account: "C001", vendor: "V1" }, { account: "C002" }, { account: "C003" }],
      balances: [["C001", "EUR", "(1,250.40)"], ["C002", "USD", -30], ["C003", "EUR", -15]],
      vendors: [["V1", "Vendor one"]],
      rates: [["USD", 0.9]],
    }), input);
    reimbursed = path.join(dir, "book.reimbursed.xlsx");
    const run = await cli(["run", input, "-o", reimbursed, "--json"]);
    expect(run.code).toBe(0);
    runId = JSON.parse(run.stdout).runId;
  });

  it("writes the reversed workbook to a separate ledger with -o, gives the credits back and leaves the input byte for byte as it was", async () => {
    const before = hash(reimbursed);
    const out = path.join(dir, "book.reimbursed.reversed.xlsx");
    const result = await cli(["reverse", reimbursed, "--run", runId, "-o", out], later);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(hash(reimbursed)).toBe(before);
    expect(result.stdout).toBe(
      [
        `Reversal REV-20261125-140000 of ${runId}: 3 of 3 reimbursements reversed`,
        "  C001  EUR 1250.40  credit given back; invoice RB-000001 cancelled",
        "  C002  USD 30.00  credit given back; invoice RB-000002 cancelled",
        "  C003  EUR 15.00  credit given back; invoice RB-000003 cancelled",
        `Written: ${out}, a separate ledger: ${reimbursed} is unchanged and does not know of this; run later commands on ${out}`,
        "",
      ].join("\n"),
    );
    const book = await readXlsx(out);
    expect(readReimbursementRows(book).map((r) => r.status)).toEqual(["Reversed", "Reversed", "Reversed"]);
    expect(readInvoiceRows(book).map((r) => r.status)).toEqual(["Cancelled", "Cancelled", "Cancelled"]);
    expect(sheetRows(book, SHEETS.runs).map((r) => [r.Kind, r.Reverses])).toEqual([["Run", null], ["Reversal", runId]]);
    expect(sheetRows(book, SHEETS.runs)[1].User).toBe("accountant");
  });

  it("does nothing more the second time and says so, writing no file", async () => {
    const once = path.join(dir, "book.reimbursed.reversed.xlsx");
    const twice = path.join(dir, "twice.xlsx");
    const result = await cli(["reverse", once, "--run", runId, "-o", twice], later);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`nothing to reverse: all 3 reimbursements of ${runId} are already reversed\nNothing was written: the workbook is unchanged.\n`);
    expect(fs.existsSync(twice)).toBe(false);
  });

  it("reimburses the customers again on a new run after the reversal", async () => {
    const once = path.join(dir, "book.reimbursed.reversed.xlsx");
    const result = await cli(["preview", once, "--json"], later);
    expect(JSON.parse(result.stdout)).toEqual(expect.objectContaining({ reimbursed: 3, oneTimeVendors: [] }));
  });

  it("lists the paid reimbursements it cannot reverse, with the reason, and reverses the rest", async () => {
    const partly = path.join(dir, "partly-paid.xlsx");
    await markPaid(reimbursed, partly, ["RB-000002"]);
    const result = await cli(["reverse", partly, "--run", runId, "--json"], later);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.reversed.map((x: { customerAccount: string }) => x.customerAccount)).toEqual(["C001", "C003"]);
    expect(summary.notReversed).toEqual([
      { customerAccount: "C002", currency: "USD", amount: "30.00", invoice: "RB-000002", row: 3, reason: "it is Paid: the money has left the company; recover it from the vendor instead" },
    ]);
    expect(summary.totals).toEqual([{ currency: "EUR", amount: "1265.40" }]);
    expect([summary.output, summary.inPlace]).toEqual([partly, true]);
    const again = await cli(["reverse", partly, "--run", runId, "-o", path.join(dir, "partly-again.xlsx")], later);
    expect(again.code).toBe(0);
    expect(again.stdout.split("\n").slice(0, 3)).toEqual([
      `nothing more to reverse in ${runId}: 2 of 3 reimbursements already reversed, 1 cannot be reversed`,
      "Not reversed: 1",
      "  Sheet 'Reimbursements', row 3: customer C002 USD 30.00 (invoice RB-000002): it is Paid: the money has left the company; recover it from the vendor instead",
    ]);
    expect(fs.existsSync(path.join(dir, "partly-again.xlsx"))).toBe(false);
  });

  it("exits 1 and writes nothing when every reimbursement of the run is paid", async () => {
    const paid = path.join(dir, "all-paid.xlsx");
    await markPaid(reimbursed, paid, ["RB-000001", "RB-000002", "RB-000003"]);
    const before = hash(paid);
    const result = await cli(["reverse", paid, "--run", runId], later);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`nothing was reversed in ${runId}: 3 of 3 reimbursements cannot be reversed`);
    expect(result.stderr).toContain("Sheet 'Reimbursements', row 2: customer C001 EUR 1250.40 (invoice RB-000001): it is Paid");
    expect(hash(paid)).toBe(before);
    expect(fs.readdirSync(path.join(dir, ".reimburse", "backups")).filter((f) => f.startsWith("all-paid."))).toEqual([]);
  });

  it("exits 1 naming the sheet when the run id is not in the workbook", async () => {
    const result = await cli(["reverse", reimbursed, "--run", "RUN-19990101-000000"], later);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("The run cannot be reversed; nothing was written.\nSheet 'Reimbursements': no reimbursement has run id RUN-19990101-000000; the run ids are in column 'Run id'\n");
  });

  it("updates the workbook itself by default, and refuses -o naming it", async () => {
    const copy = path.join(dir, "in-place.xlsx");
    fs.copyFileSync(reimbursed, copy);
    const result = await cli(["reverse", copy, "--run", runId], later);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Written: .*in-place\.xlsx \(updated in place; previous version kept as .*in-place\.\d{8}-\d{6}-\d{3}\.reverse\.xlsx\)/);
    expect(readReimbursementRows(await readXlsx(copy)).map((r) => r.status)).toEqual(["Reversed", "Reversed", "Reversed"]);
    expect((await cli(["reverse", copy, "--run", runId, "-o", copy])).code).toBe(2);
  });

  it("exits 2 on a missing --run or a malformed --date", async () => {
    expect((await cli(["reverse", reimbursed])).code).toBe(2);
    expect((await cli(["reverse", reimbursed, "--run", runId, "--date", "25/11/2026"])).code).toBe(2);
  });

  it("prints the fingerprint a run records, so a kept copy of the input can be checked against the audit row", async () => {
    const result = await cli(["fingerprint", input]);
    const audit = sheetRows(await readXlsx(reimbursed), SHEETS.runs)[0];
    expect(result.stdout).toBe(`${audit.Fingerprint}\n`);
  });
});
