import { promises as fs } from "node:fs";
import os from "node:os";
import path from "node:path";
import { withLock } from "./lock";
import { IssuedPayment, RegisterEntry, RejectedPayment, alreadyPaidIn, asRegisterEntry, normaliseAccount, standingPayments } from "../payments/issued-payments";

/**
 * The register of issued payments: a second line of defence outside the workbook. Every
 * transfer `pay` hands out is appended here, per debtor account, so that a copy of the
 * workbook, a restored backup or a hand-edited Status cell cannot make the same invoice be
 * paid again without the user saying --again.
 *
 * One JSON line per entry in `<data dir>/payments/<debtor IBAN>.jsonl`, appended and flushed,
 * never rewritten; writers take the register's lock. A bank's rejection of a transfer is an
 * entry of its own (kind "rejection"), after which the invoice may be paid again: the state is
 * what the lines say in order, as on a bank statement.
 */

export type { IssuedPayment, RejectedPayment, RegisterEntry } from "../payments/issued-payments";
export { normaliseAccount } from "../payments/issued-payments";

export class UnreadableRegisterError extends Error {
  override name = "UnreadableRegisterError";
}


/**
 * Where the register lives: REIMBURSE_DATA_DIR, else the platform's per-user data folder
 * ($XDG_DATA_HOME or ~/.local/share on Linux, ~/Library/Application Support on macOS,
 * %LOCALAPPDATA% on Windows), in a folder named reimburse.
 */
export function dataFolder(env: NodeJS.ProcessEnv = process.env): string {
  if (env.REIMBURSE_DATA_DIR) return path.resolve(env.REIMBURSE_DATA_DIR);
  const home = os.homedir();
  if (process.platform === "win32") return path.join(env.LOCALAPPDATA ?? path.join(home, "AppData", "Local"), "reimburse");
  if (process.platform === "darwin") return path.join(home, "Library", "Application Support", "reimburse");
  return path.join(env.XDG_DATA_HOME || path.join(home, ".local", "share"), "reimburse");
}


export class PaymentRegister {
  constructor(readonly folder: string = dataFolder()) {}

  fileFor(debtorIban: string): string {
    return path.join(this.folder, "payments", `${normaliseAccount(debtorIban)}.jsonl`);
  }

  /** Runs `work` as the register's only writer: checking and recording stay one step. */
  async exclusive<T>(command: string, work: () => Promise<T>): Promise<T> {
    await fs.mkdir(this.folder, { recursive: true });
    return withLock(path.join(this.folder, "register.lock"), `The payment register ${this.folder}`, { command }, work);
  }

  /** Every entry for the debtor account, in the order written. A torn last line (a crash while appending) is skipped. */
  async entries(debtorIban: string): Promise<RegisterEntry[]> {
    const file = this.fileFor(debtorIban);
    let text: string;
    try {
      text = await fs.readFile(file, "utf8");
    } catch (error) {
      if ((error as { code?: string }).code === "ENOENT") return [];
      throw error;
    }
    const lines = text.split("\n");
    const entries: RegisterEntry[] = [];
    lines.forEach((line, i) => {
      if (!line.trim()) return;
      const entry = parseEntry(line);
      if (entry) entries.push(entry);
      else if (lines.slice(i + 1).some((l) => l.trim())) {
        throw new UnreadableRegisterError(`The payment register ${file}, line ${i + 1}, cannot be read; it was changed by hand. Restore it from a backup.`);
      }
    });
    return entries;
  }

  /** The payments of the debtor account that stand (issued and not rejected since), by invoice. */
  async standing(debtorIban: string): Promise<Map<string, IssuedPayment[]>> {
    return standingPayments(await this.entries(debtorIban));
  }

  /** Of these invoices, the ones already paid from the debtor account, with the payment that stands. */
  async alreadyPaid(debtorIban: string, invoices: readonly string[]): Promise<IssuedPayment[]> {
    return alreadyPaidIn(await this.entries(debtorIban), invoices);
  }

  /** Appends the entries, flushed to disk before returning. Call inside exclusive(). */
  async append(entries: readonly RegisterEntry[]): Promise<void> {
    const byFile = new Map<string, RegisterEntry[]>();
    for (const e of entries) byFile.set(this.fileFor(e.debtorIban), [...(byFile.get(this.fileFor(e.debtorIban)) ?? []), e]);
    for (const [file, list] of byFile) {
      await fs.mkdir(path.dirname(file), { recursive: true });
      const handle = await fs.open(file, "a+");
      try {
        // A line torn by a crash (no line feed yet) was never a complete entry: it is cut off,
        // so the new entries start on a line of their own and any other bad line is a hand edit.
        const { size } = await handle.stat();
        if (size > 0) {
          const tail = Buffer.alloc(Math.min(size, 64 * 1024));
          await handle.read(tail, 0, tail.length, size - tail.length);
          if (tail[tail.length - 1] !== 0x0a) {
            const lastFeed = tail.lastIndexOf(0x0a);
            await handle.truncate(lastFeed < 0 ? Math.max(0, size - tail.length) : size - tail.length + lastFeed + 1);
          }
        }
        await handle.appendFile(list.map((e) => JSON.stringify(e)).join("\n") + "\n");
        await handle.sync();
      } finally {
        await handle.close();
      }
    }
  }

  /** Records the bank's rejection of a transfer: the invoice may be paid again (issue 11). */
  async recordRejection(rejection: Omit<RejectedPayment, "kind">): Promise<void> {
    await this.exclusive("record a rejection", () => this.append([{ kind: "rejection", ...rejection }]));
  }
}

function parseEntry(line: string): RegisterEntry | null {
  try {
    return asRegisterEntry(JSON.parse(line));
  } catch {
    return null;
  }
}
