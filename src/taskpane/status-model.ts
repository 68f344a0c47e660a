import { StatusImportSummary, statusImportLines } from "../payments/payment-status";
import { t } from "../i18n/i18n";
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

export function statusModel(summary: StatusImportSummary, writes: boolean): StatusModel {
  const [headline, ...rest] = statusImportLines(summary);
  return {
    headline,
    details: rest.filter((l) => !l.startsWith("  ")),
    rejected: summary.rejected.map((r) => ({
      text: `${t("status.rejectedItem", { invoice: r.invoice, words: r.words })}${r.vop ? t("status.vop") : ""}`,
      sheet: r.source.sheet,
      cell: r.source.address,
    })),
    canRecord: writes,
    confirmLabel: t("status.confirmLabel", { paid: summary.paid.length, rejected: summary.rejected.length }),
  };
}
