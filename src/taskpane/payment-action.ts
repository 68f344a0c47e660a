import { IssuedPayment } from "../payments/issued-payments";
import { SignOff } from "../workbook/approval";
import { t } from "../i18n/i18n";
import { OutputFile } from "./output-file";
import { PaymentModel } from "./payment-model";
import { PaneRegister } from "./payment-register";
import { Engine, StageProgress } from "./run-engine";
import { RegisterQuery, webRandomHex } from "./worker/jobs";

export { PAYMENT_SHEETS, webRandomHex } from "./worker/jobs";

export interface PaymentCheck {
  model: PaymentModel;
  /** What the user confirms; paying refuses to write anything else. */
  key: string;
  /** The execution date the user asked for; absent: the Parameters sheet's, else today. */
  date?: string;
  /** Transfers of this payment the register of issued payments says were issued before. */
  earlier: IssuedPayment[];
}

/** The second line of defence around a payment (docs/ledger.md). */
export interface PaymentSafety {
  register?: PaneRegister;
  /** The user ticked "pay again": invoices the register names are paid once more. */
  again?: boolean;
  /** The workbook's name, for the register. */
  workbookName?: string;
  /** Where Excel cannot save from an add-in: asks the user to save and resolves once they have. */
  askToSave?: () => Promise<void>;
  /** The names typed on the approval summary, recorded on Approvals with the marks. */
  signOff?: SignOff;
}

/** The register refuses: these transfers were issued before. */
export class AlreadyPaidError extends Error {
  override name = "AlreadyPaidError";
  constructor(readonly earlier: IssuedPayment[]) {
    super(t("pay.alreadyPaid", { n: earlier.length, message: earlier[0]?.messageId ?? "", time: earlier[0]?.time ?? "" }));
  }
}

/** The register lives with the pane (OfficeRuntime.storage or IndexedDB), so it is asked here, not in the worker. */
function earlierPayments(register: PaneRegister | undefined, query: RegisterQuery | null): Promise<IssuedPayment[]> {
  if (!register || !query) return Promise.resolve([]);
  return register.alreadyPaid(query.debtorIban, query.invoices);
}

export interface PaymentDone {
  headline: string;
  file: OutputFile;
}

/** A few random parts for the message id, drawn here: a function cannot cross to the worker. */
const drawsOf = (randomHex: () => string): string[] => Array.from({ length: 4 }, () => randomHex());

export async function checkPayment(engine: Engine, now: Date, randomHex: () => string = webRandomHex, date?: string, register?: PaneRegister, progress?: StageProgress): Promise<PaymentCheck> {
  const checked = await engine.plan("payCheck", { now, date, draws: drawsOf(randomHex) }, progress);
  return { model: checked.model, key: checked.key, date, earlier: await earlierPayments(register, checked.register) };
}

/**
 * Pays what the user confirmed, or writes nothing. The Paid marks are written before the file
 * is handed out: a pain.001 file without its marks would be paid again by the next one, and a
 * bank executes both. A file lost after the marks are written is recovered from the pane.
 */
export async function payInvoices(engine: Engine, check: PaymentCheck, now: Date, progress?: StageProgress, randomHex: () => string = webRandomHex, safety: PaymentSafety = {}): Promise<PaymentDone> {
  const { register } = safety;
  const args = { now, date: check.date, draws: drawsOf(randomHex), key: check.key, signOff: safety.signOff, workbookName: safety.workbookName ?? "", withRegister: register !== undefined };
  // The sign-off of the approval page goes in the same patch as the marks: both or neither.
  const prepared = await engine.write("pay", args, progress, async (planned) => {
    const earlier = await earlierPayments(register, planned.register);
    if (earlier.length && !safety.again) throw new AlreadyPaidError(earlier);
  });
  // Marks written: the register learns of the transfers, then Excel saves, and only then is the file offered.
  if (register) await register.record(prepared.issued);
  const { host } = engine;
  if (host.save && !(await host.save())) await safety.askToSave?.();
  return { headline: prepared.headline, file: prepared.file };
}
