import { formatAmountNumber, formatCount } from "../i18n/format";
import { PlanSummary } from "../workbook/summary";

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd()).join("\n");
}

/** "1 credit", "1,204 credits": a count names what it counts. */
const count = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** The human summary of a run or preview: what an accountant checks before handing it on. */
export function formatSummary(summary: PlanSummary, heading: string): string {
  const acc = summary.accountingCurrency;
  const lines: string[] = [];
  lines.push(`${heading} ${summary.runId} on ${summary.date} (${summary.selection}; minimum ${formatAmountNumber(summary.minimum, acc)} ${acc})`);
  if (summary.reimbursed === 0) {
    lines.push("No credit to reimburse.");
  } else {
    // A customer with credits in two currencies is one customer and two credits (two invoices).
    lines.push(`Reimbursed: ${count(summary.reimbursed, "credit")} of ${count(summary.customers, "customer")}`);
    const rows = [["Currency", "Credits", "Amount", `In ${acc}`]];
    for (const t of summary.totals) rows.push([t.currency, formatCount(t.count), formatAmountNumber(t.amount, t.currency), formatAmountNumber(t.accountingAmount, acc)]);
    rows.push(["Total", formatCount(summary.reimbursed), "", formatAmountNumber(summary.accountingTotal, acc)]);
    lines.push(table(rows));
  }
  lines.push(`One-time vendors created: ${formatCount(summary.oneTimeVendors.length)}`);
  for (const v of summary.oneTimeVendors.slice(0, 20)) lines.push(`  ${v.account}  for customer ${v.customerAccount} (${v.name})`);
  if (summary.oneTimeVendors.length > 20) lines.push(`  ... and ${formatCount(summary.oneTimeVendors.length - 20)} more`);
  lines.push(`Exceptions: ${formatCount(summary.exceptions.length)}`);
  for (const e of summary.exceptions.slice(0, 50)) lines.push(`  ${e.message}`);
  if (summary.exceptions.length > 50) lines.push(`  ... and ${formatCount(summary.exceptions.length - 50)} more (sheet Reimbursement exceptions)`);
  return lines.join("\n") + "\n";
}
