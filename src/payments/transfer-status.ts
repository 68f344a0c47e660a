import { EngineMessages, engineMessages } from "../core/engine-messages";
import { BlockStatusReport, StatusReason, StatusReport, TransactionStatusReport } from "./pain002";
import { StatusOutcome, reasonWords, statusOutcome, statusWords } from "./status-reasons";

/** A transfer as Reimburse sent it (a Vendor payments row). */
export interface SentTransfer {
  paymentId: string;
  invoice: string;
  messageId: string;
  /** The PmtInf it was in; null on rows written before the column existed. */
  paymentInfoId: string | null;
}

export type StatusLevel = "group" | "block" | "transaction";

/** What the report says about one transfer, and at which level it said it. */
export interface TransferStatus {
  transfer: SentTransfer;
  status: string;
  outcome: StatusOutcome;
  level: StatusLevel;
  reasons: StatusReason[];
  /** "rejected: AC04 (the account is closed)" */
  words: string;
}

export interface ReportMatch {
  statuses: TransferStatus[];
  /** Transactions the report names that are not in the original message, as the report names them. */
  unmatched: string[];
}

function describe(status: string, reasons: readonly StatusReason[], messages: EngineMessages): string {
  const why = reasons.map((r) => [r.code ? reasonWords(r.code, messages) : r.proprietary ?? "", ...r.additional].filter(Boolean).join(": ")).filter(Boolean);
  const words = statusWords(status, messages);
  return why.length ? `${words}: ${why.join("; ")}` : words;
}

const norm = (id: string | null): string | null => (id ? id.trim().toUpperCase() : null);

/**
 * Applies a status report to the transfers of the message it answers. The most specific status
 * wins: a transaction's own TxSts, else its block's PmtInfSts, else the group's GrpSts (a whole
 * file rejected at group level rejects every transfer in it). A block or group that is only partly
 * accepted (PART) says nothing about transfers it does not list; those stay as they were.
 * `words` are in the workbook's language (`messages`); the bank's own AddtlInf stays as sent.
 */
export function matchReport(report: StatusReport, sent: readonly SentTransfer[], messages: EngineMessages = engineMessages()): ReportMatch {
  const ofMessage = sent.filter((t) => norm(t.messageId) === norm(report.originalMessageId));
  const blocks = new Map<string, BlockStatusReport>();
  for (const b of report.blocks) blocks.set(norm(b.originalPaymentInfoId) ?? "", b);
  const byInstruction = new Map<string, [TransactionStatusReport, BlockStatusReport]>();
  const byEndToEnd = new Map<string, [TransactionStatusReport, BlockStatusReport]>();
  for (const b of report.blocks) {
    for (const tx of b.transactions) {
      if (tx.originalInstructionId) byInstruction.set(norm(tx.originalInstructionId) ?? "", [tx, b]);
      if (tx.originalEndToEndId) byEndToEnd.set(norm(tx.originalEndToEndId) ?? "", [tx, b]);
    }
  }
  const used = new Set<TransactionStatusReport>();
  const statuses: TransferStatus[] = [];
  for (const transfer of ofMessage) {
    const found = byInstruction.get(norm(transfer.paymentId) ?? "") ?? byEndToEnd.get(norm(transfer.invoice) ?? "");
    const [tx, txBlock] = found ?? [undefined, undefined];
    if (tx) used.add(tx);
    const block = txBlock ?? (transfer.paymentInfoId ? blocks.get(norm(transfer.paymentInfoId) ?? "") : undefined);
    const decided = decide(report, block, tx);
    if (!decided) continue;
    statuses.push({ transfer, ...decided, words: describe(decided.status, decided.reasons, messages) });
  }
  const unmatched = report.blocks.flatMap((b) => b.transactions.filter((t) => !used.has(t)).map((t) => t.originalEndToEndId ?? t.originalInstructionId ?? `a transaction of ${b.originalPaymentInfoId}`));
  return { statuses, unmatched };
}

type Decision = { status: string; outcome: StatusOutcome; level: StatusLevel; reasons: StatusReason[] };

function decide(report: StatusReport, block: BlockStatusReport | undefined, tx: TransactionStatusReport | undefined): Decision | null {
  const levels: [StatusLevel, string | null, StatusReason[]][] = [
    ["transaction", tx?.status ?? null, tx?.reasons ?? []],
    ["block", block?.status ?? null, block?.reasons ?? []],
    ["group", report.groupStatus, report.groupReasons],
  ];
  for (const [level, status, reasons] of levels) {
    if (!status) continue;
    // PART at block or group level is no verdict on a transfer the report does not list.
    if (status === "PART" && level !== "transaction") continue;
    const outcome = statusOutcome(status) ?? "pending";
    // A rejected transaction without its own reason takes its block's or group's.
    const why = reasons.length ? reasons : levels.find(([, , r]) => r.length)?.[2] ?? [];
    return { status, outcome, level, reasons: why };
  }
  return null;
}
