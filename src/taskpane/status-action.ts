import { StatusImportSummary, prepareStatusImport } from "../payments/payment-status";
import { t } from "../i18n/i18n";
import { changedSinceCheck } from "./ap-text";
import { applyOrRestore } from "./apply-or-restore";
import { ExceptionRow } from "./preview-model";
import { debtorIbanOf, rejectionEntries } from "../payments/issued-payments";
import { PaneRegister } from "./payment-register";
import { statusLines } from "./status-model";
import { Progress, WorkbookHost } from "./workbook-host";

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

export interface StatusCheck {
  model: StatusModel;
  xml: string;
  /** What the user confirms; recording refuses to write anything else. */
  key: string;
}

function statusModel(summary: StatusImportSummary, writes: boolean): StatusModel {
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

/** Reads a pain.002 report against the workbook: what it would mark Paid or Rejected. */
export async function checkStatus(host: WorkbookHost, xml: string, now: Date): Promise<StatusCheck> {
  const { summary, patch } = prepareStatusImport(await host.readSnapshot(), xml, now);
  return { model: statusModel(summary, patch.sheets.length > 0), xml, key: JSON.stringify(summary) };
}

/** Records the report as checked, or nothing when the workbook changed since. */
export async function recordStatus(host: WorkbookHost, check: StatusCheck, now: Date, onProgress?: Progress, register?: PaneRegister): Promise<string> {
  const snapshot = await host.readSnapshot();
  const { summary, patch } = prepareStatusImport(snapshot, check.xml, now);
  if (JSON.stringify(summary) !== check.key || !patch.sheets.length) throw changedSinceCheck(t("status.changedWhat"), t("status.changedAgain"));
  await applyOrRestore(host, snapshot, patch, onProgress);
  // The register of issued payments learns of each rejection: the transfer never left, so paying the invoice again is allowed.
  const debtorIban = debtorIbanOf(snapshot);
  if (register && debtorIban && summary.rejected.length) await register.record(rejectionEntries(debtorIban, summary.rejected, now, summary.reportId));
  return t("status.done", { paid: summary.paid.length, rejected: summary.rejected.length, report: summary.reportId });
}
