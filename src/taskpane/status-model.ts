import { t } from "../i18n/i18n";
import { StatusImportSummary } from "../payments/payment-status";

/**
 * What a bank's status report would do, in the pane's language: the headline first, then what it
 * leaves alone. The CLI prints the same facts in English (statusImportLines); the rejected
 * transfers are listed apart, each with its cell.
 */
export function statusLines(summary: StatusImportSummary): string[] {
  const report = summary.reportId;
  if (summary.alreadyImported) return [t("status.imported", { report })];
  if (summary.unknownMessage) return [t("status.unknownMessage", { report, message: summary.originalMessageId })];
  return [
    t("status.headline", { report, version: summary.version, message: summary.originalMessageId, paid: summary.paid.length, rejected: summary.rejected.length, pending: summary.pending.length }),
    summary.unchanged.length ? t("status.unchanged", { invoices: summary.unchanged.join(", ") }) : null,
    summary.unmatched.length ? t("status.unmatched", { invoices: summary.unmatched.join(", ") }) : null,
  ].filter((line): line is string => line !== null);
}
