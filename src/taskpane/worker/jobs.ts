import { todayIso } from "../../core/dates";
import { Selection } from "../../core/types";
import { prepareExport } from "../../export/prepare-export";
import { t } from "../../i18n/i18n";
import { readPaymentParameters } from "../../payments/debtor";
import { IssuedPayment, RejectedPayment, debtorIbanOf, issuedPayments, rejectionEntries } from "../../payments/issued-payments";
import { prepareStatusImport } from "../../payments/payment-status";
import { preparePayment } from "../../payments/prepare-payment";
import { VENDOR_PAYMENTS_SHEET } from "../../payments/vendor-payments-sheet";
import { SignOff, approvalRecord, withApproval } from "../../workbook/approval";
import { SHEETS } from "../../workbook/contract";
import { WorkbookPatch, WorkbookSnapshot, findSheet } from "../../workbook/grid";
import { LEDGER_SHEETS } from "../../workbook/ledger-state";
import { prepareReversal } from "../../workbook/reverse";
import { PlanSummary } from "../../workbook/summary";
import { changedSinceCheck } from "../ap-text";
import { describeCell } from "../cell-locator";
import { ExportRequest, exportHeadline, nothingToExport } from "../export-model";
import { OutputFile, exportFile, paymentFile } from "../output-file";
import { PaymentModel, paymentHeadline, paymentKey, paymentModel } from "../payment-model";
import { ReviewTable, reviewRows } from "../review-model";
import { ReversalModel, reimbursementStatusCell, reversalHeadline, reversalKey, reversalModel } from "../reversal-model";
import { runChoices } from "../run-choices";
import { PlanUnit, RunPlan, StageProgress, changedSincePreview, planRun, sameSummary } from "../run-plan";
import { StatusModel, statusModel } from "../status-model";

/**
 * The engine's jobs: everything between a host's read and its write (parse, plan, render, and
 * the models the pane shows), as pure functions of a snapshot. The pane runs them in the engine
 * worker (src/taskpane/worker/engine-worker.ts) and, only where no worker can start, on its own
 * thread: one implementation either way. Arguments and values are plain data (a Date at most),
 * so they cross postMessage as they are; the patch stays with whoever writes it.
 */

export interface JobOutput<V> {
  value: V;
  /** What to write; null: nothing (a preview, a check, an export that found nothing). */
  patch: WorkbookPatch | null;
}

interface Job<A, V> {
  /** The sheets the job reads (fixed, or named by its arguments); absent: every sheet of the workbook contract. */
  sheets?: readonly string[] | ((args: A) => readonly string[]);
  /** What the planning step counts, and how many there are in the snapshot; absent: a small job, no step shown. */
  unit?: PlanUnit;
  count?(snapshot: WorkbookSnapshot): number;
  run(snapshot: WorkbookSnapshot, args: A): JobOutput<V> | Promise<JobOutput<V>>;
}

/** The data rows of a sheet (its header row not counted). */
const rowsOf = (sheet: string) => (snapshot: WorkbookSnapshot): number => Math.max(0, (findSheet(snapshot, sheet)?.rows.length ?? 0) - 1);

/** The sheets prepareExport reads; in Excel, the large input sheets are not read for it. */
// The ledger's sheets, and those the formats take master data from (one-time vendors, rates, payees).
export const EXPORT_SHEETS: readonly string[] = [...new Set([SHEETS.parameters, SHEETS.exceptions, ...LEDGER_SHEETS, SHEETS.oneTimeVendors, SHEETS.rates, SHEETS.customers, SHEETS.vendors])];

/**
 * The sheets preparePayment reads. Vendor payments is not a contract sheet, so Excel's default
 * read would miss it: the next payment would then try to create it again and reuse message ids.
 */
export const PAYMENT_SHEETS: readonly string[] = [
  SHEETS.parameters, SHEETS.customers, SHEETS.vendors, SHEETS.oneTimeVendors, SHEETS.exceptions, VENDOR_PAYMENTS_SHEET, SHEETS.approvals, ...LEDGER_SHEETS,
];

/** The sheets prepareReversal reads and writes (ids already used, rows to append after). */
export const REVERSAL_SHEETS: readonly string[] = [...LEDGER_SHEETS];

/** Six random hex digits for the message id, from the browser's (or Node's, or a worker's) Web Crypto. */
export function webRandomHex(): string {
  const bytes = new Uint8Array(3);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Random parts drawn by the caller (a function cannot cross postMessage), then Web Crypto's. */
function drawsFrom(draws: readonly string[]): () => string {
  let next = 0;
  return () => draws[next++] ?? webRandomHex();
}

/** SHA-256 of the sheets the payment was planned on: which version of the workbook paid. */
async function fingerprint(snapshot: WorkbookSnapshot): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(JSON.stringify(snapshot)));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A text file with its UTF-8 bytes made here, off the pane's thread (a zip has its bytes already). */
const encoded = (file: OutputFile): OutputFile => (file.bytes ? file : { ...file, utf8: new TextEncoder().encode(file.text) });

export type ExportOutcome = { kind: "nothing"; message: string } | { kind: "exported"; headline: string; file: OutputFile; companions: OutputFile[] };

/** Which transfers to look up in the register of issued payments (the pane's, on its own thread). */
export interface RegisterQuery {
  debtorIban: string;
  invoices: string[];
}

export interface PaymentArgs {
  now: Date;
  /** The execution date the user asked for; absent: the Parameters sheet's, else today. */
  date?: string;
  /** Random parts for the message id, tried in order (ids taken already are skipped). */
  draws: string[];
}

export interface PaymentChecked {
  model: PaymentModel;
  key: string;
  register: RegisterQuery | null;
}

export interface PaymentPrepared {
  headline: string;
  file: OutputFile;
  register: RegisterQuery | null;
  /** What the register records once the marks are written (empty unless asked for). */
  issued: IssuedPayment[];
}

export interface StatusChecked {
  model: StatusModel;
  key: string;
}

export interface ReversalChecked {
  model: ReversalModel;
  key: string;
}

function paymentParts(snapshot: WorkbookSnapshot, args: PaymentArgs) {
  const prepared = preparePayment(snapshot, { now: args.now, randomHex: drawsFrom(args.draws), date: args.date });
  const register = prepared.xml === null ? null : { debtorIban: readPaymentParameters(snapshot, args.now, args.date).debtor.iban, invoices: prepared.selection.payable.map((p) => p.invoice.invoice) };
  return { prepared, register };
}

const job = <A, V>(spec: Job<A, V>): Job<A, V> => spec;

export const JOBS = {
  preview: job<{ selection: Selection; now: Date }, RunPlan>({
    unit: "customers",
    count: rowsOf(SHEETS.customers),
    run: (snapshot, { selection, now }) => ({ value: planRun(snapshot, selection, now).plan, patch: null }),
  }),

  /** Plans again with the preview's clock; refuses unless the plan is the one previewed. */
  run: job<{ selection: Selection; now: Date; previewed: PlanSummary; signOff?: SignOff }, RunPlan>({
    unit: "customers",
    count: rowsOf(SHEETS.customers),
    run: (snapshot, { selection, now, previewed, signOff }) => {
      const { plan, patch } = planRun(snapshot, selection, now, signOff);
      if (!sameSummary(plan.summary, previewed)) throw changedSincePreview();
      return { value: plan, patch };
    },
  }),

  export: job<{ request: ExportRequest; now: Date }, ExportOutcome>({
    sheets: EXPORT_SHEETS,
    unit: "invoices",
    count: rowsOf(SHEETS.invoices),
    run: (snapshot, { request, now }) => {
      const date = todayIso(now);
      const prepared = prepareExport(snapshot, { format: request.format, date, runId: request.runId ?? undefined, again: request.again });
      if (prepared.content === null) return { value: { kind: "nothing", message: nothingToExport(request) }, patch: null };
      const companions = prepared.files.slice(1).map((f) => encoded(exportFile(request.format, date, request.runId, f.content, f.role)));
      const file = encoded(exportFile(request.format, date, request.runId, prepared.content));
      return { value: { kind: "exported", headline: exportHeadline(prepared, request, date), file, companions }, patch: prepared.patch };
    },
  }),

  payCheck: job<PaymentArgs, PaymentChecked>({
    sheets: PAYMENT_SHEETS,
    unit: "invoices",
    count: rowsOf(SHEETS.invoices),
    run: (snapshot, args) => {
      const { prepared, register } = paymentParts(snapshot, args);
      return { value: { model: paymentModel(prepared), key: paymentKey(prepared), register }, patch: null };
    },
  }),

  /** The payment checked, with its approval in the same patch as the marks: both or neither. */
  pay: job<PaymentArgs & { key: string; signOff?: SignOff; workbookName: string; withRegister: boolean }, PaymentPrepared>({
    sheets: PAYMENT_SHEETS,
    unit: "invoices",
    count: rowsOf(SHEETS.invoices),
    run: async (snapshot, args) => {
      const { prepared, register } = paymentParts(snapshot, args);
      if (paymentKey(prepared) !== args.key || prepared.xml === null || prepared.messageId === null) {
        throw changedSinceCheck(t("pay.changedWhat"), t("pay.changedAgain"));
      }
      const file = encoded(paymentFile(prepared.messageId, prepared.xml));
      const payees = new Set(prepared.selection.payable.map((p) => p.invoice.vendorAccount)).size;
      const totals = prepared.totals.map((x) => ({ currency: x.currency, amount: x.total }));
      const record = approvalRecord("Payment", prepared.messageId, args.now, args.signOff ?? {}, payees, totals);
      const issued =
        args.withRegister && register
          ? issuedPayments(prepared, { debtorIban: register.debtorIban, workbook: args.workbookName, workbookSha256: await fingerprint(snapshot), file: file.name, now: args.now })
          : [];
      return { value: { headline: paymentHeadline(prepared), file, register, issued }, patch: withApproval(snapshot, prepared.patch, record) };
    },
  }),

  reverseCheck: job<{ runId: string; now: Date }, ReversalChecked>({
    sheets: REVERSAL_SHEETS,
    unit: "reimbursements",
    count: rowsOf(SHEETS.reimbursements),
    run: (snapshot, { runId, now }) => {
      const { plan } = prepareReversal(snapshot, { runId, now });
      return { value: { model: reversalModel(plan, reimbursementStatusCell(snapshot)), key: reversalKey(plan) }, patch: null };
    },
  }),

  reverse: job<{ runId: string; now: Date; key: string }, { headline: string; runId: string }>({
    sheets: REVERSAL_SHEETS,
    unit: "reimbursements",
    count: rowsOf(SHEETS.reimbursements),
    run: (snapshot, { runId, now, key }) => {
      const { plan, patch } = prepareReversal(snapshot, { runId, now });
      if (reversalKey(plan) !== key || !patch.sheets.length) throw changedSinceCheck(t("reverse.changedWhat", { runId }), t("reverse.changedAgain"));
      return { value: { headline: reversalHeadline(plan), runId: plan.runId }, patch };
    },
  }),

  statusCheck: job<{ xml: string; now: Date }, StatusChecked>({
    unit: "payments",
    count: rowsOf(VENDOR_PAYMENTS_SHEET),
    run: (snapshot, { xml, now }) => {
      const { summary, patch } = prepareStatusImport(snapshot, xml, now);
      return { value: { model: statusModel(summary, patch.sheets.length > 0), key: JSON.stringify(summary) }, patch: null };
    },
  }),

  /** The runs History, Export and Reverse offer, newest first. */
  runs: job<Record<string, never>, string[]>({
    sheets: [SHEETS.runs],
    run: (snapshot) => ({ value: runChoices(snapshot), patch: null }),
  }),

  /** History's table of one run, as text (the sheet can hold tens of thousands of rows). */
  review: job<{ runId: string }, ReviewTable>({
    sheets: [SHEETS.reimbursements],
    unit: "reimbursements",
    count: rowsOf(SHEETS.reimbursements),
    run: (snapshot, { runId }) => ({ value: reviewRows(snapshot, runId), patch: null }),
  }),

  /** File mode's stand-in for Excel's selection: what one cell holds (its sheet may have 20,000 rows). */
  cell: job<{ sheet: string; address: string }, string>({
    sheets: ({ sheet }) => [sheet],
    run: (snapshot, { sheet, address }) => ({ value: describeCell(snapshot, sheet, address), patch: null }),
  }),

  /** The report as checked; the register learns of each rejection once the marks are written. */
  status: job<{ xml: string; now: Date; key: string }, { headline: string; rejections: RejectedPayment[] }>({
    unit: "payments",
    count: rowsOf(VENDOR_PAYMENTS_SHEET),
    run: (snapshot, { xml, now, key }) => {
      const { summary, patch } = prepareStatusImport(snapshot, xml, now);
      if (JSON.stringify(summary) !== key || !patch.sheets.length) throw changedSinceCheck(t("status.changedWhat"), t("status.changedAgain"));
      const debtorIban = debtorIbanOf(snapshot);
      const rejections = debtorIban && summary.rejected.length ? rejectionEntries(debtorIban, summary.rejected, now, summary.reportId) : [];
      const headline = t("status.done", { paid: summary.paid.length, rejected: summary.rejected.length, report: summary.reportId });
      return { value: { headline, rejections }, patch };
    },
  }),
};

export type Jobs = typeof JOBS;
export type JobName = keyof Jobs;
export type JobArgs<K extends JobName> = Jobs[K] extends Job<infer A, unknown> ? A : never;
export type JobValue<K extends JobName> = Jobs[K] extends Job<never, infer V> ? V : never;

export const isJobName = (name: unknown): name is JobName => typeof name === "string" && Object.prototype.hasOwnProperty.call(JOBS, name);

/** The sheets a job reads (undefined: the contract's). */
export function jobSheets<K extends JobName>(name: K, args: JobArgs<K>): readonly string[] | undefined {
  const sheets = (JOBS[name] as unknown as Job<JobArgs<K>, unknown>).sheets;
  return typeof sheets === "function" ? sheets(args) : sheets;
}

/** Runs one job on a snapshot, reporting its planning step with the count of what it plans. */
export async function runJob<K extends JobName>(name: K, args: JobArgs<K>, snapshot: WorkbookSnapshot, progress: StageProgress = () => undefined): Promise<JobOutput<JobValue<K>>> {
  const spec = JOBS[name] as unknown as Job<JobArgs<K>, JobValue<K>>;
  if (spec.unit && spec.count) progress("plan", 0, spec.count(snapshot), spec.unit);
  return spec.run(snapshot, args);
}
