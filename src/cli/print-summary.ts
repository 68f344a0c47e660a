import { PlanSummary } from "../workbook/summary";

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd()).join("\n");
}

/** The human summary of a run or preview: what an accountant checks before handing it on. */
export function formatSummary(summary: PlanSummary, heading: string): string {
  const lines: string[] = [];
  lines.push(`${heading} ${summary.runId} on ${summary.date} (${summary.selection}; minimum ${summary.minimum} ${summary.accountingCurrency})`);
  if (summary.reimbursed === 0) {
    lines.push("No customer to reimburse.");
  } else {
    lines.push(`Reimbursed customers: ${summary.reimbursed}`);
    const rows = [["Currency", "Count", "Amount", `In ${summary.accountingCurrency}`]];
    for (const t of summary.totals) rows.push([t.currency, String(t.count), t.amount, t.accountingAmount]);
    rows.push(["Total", String(summary.reimbursed), "", summary.accountingTotal]);
    lines.push(table(rows));
  }
  lines.push(`One-time vendors created: ${summary.oneTimeVendors.length}`);
  for (const v of summary.oneTimeVendors.slice(0, 20)) lines.push(`  ${v.account}  for customer ${v.customerAccount} (${v.name})`);
  if (summary.oneTimeVendors.length > 20) lines.push(`  ... and ${summary.oneTimeVendors.length - 20} more`);
  lines.push(`Exceptions: ${summary.exceptions.length}`);
  for (const e of summary.exceptions.slice(0, 50)) lines.push(`  ${e.message}`);
  if (summary.exceptions.length > 50) lines.push(`  ... and ${summary.exceptions.length - 50} more (sheet Reimbursement exceptions)`);
  return lines.join("\n") + "\n";
}
