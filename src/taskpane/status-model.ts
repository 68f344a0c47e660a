import { t } from "../i18n/i18n";
import { StatusImportSummary } from "../payments/payment-status";
import { ExceptionRow } from "./preview-model";

/** What the Bank status section shows before the user records a pain.002 report. */
export interface StatusModel {
  headline: string;
  /** The report's other lines (already so, not in the message). */
  details: string[];
  /** Rejected transfers, each with the cell of its payment row. */
  rejected: ExceptionRow[];
  canRecord: boolean;
  confirmLabel: string;
}

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

export function statusModel(summary: StatusImportSummary, writes: boolean): StatusModel {
  const [headline, ...details] = statusLines(summary);
  return {
    headline,
    details,
    rejected: summary.rejected.map((r) => ({
      text: `${t("status.rejectedItem", { invoice: r.invoice, words: r.words })}${r.vop ? t("status.vop") : ""}`,
      sheet: r.source.sheet,
      cell: r.source.address,
    })),
    canRecord: writes,
    confirmLabel: t("status.confirmLabel", { paid: summary.paid.length, rejected: summary.rejected.length }),
  };
}
