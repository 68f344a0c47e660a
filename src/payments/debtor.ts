import { todayIso } from "../core/dates";
import { IsoDate } from "../core/types";
import { parseDate, parseText } from "../workbook/cells";
import { PARAMETER_NAMES, SHEETS, headerKey } from "../workbook/contract";
import { WorkbookError, WorkbookProblem } from "../workbook/errors";
import { WorkbookSnapshot } from "../workbook/grid";
import { readParameter, readParameterCells } from "../workbook/read-parameters";
import { isSepaIban, isValidBic, isValidIban, normaliseBic, normaliseIban } from "./iban";
import { toSepaText } from "./sepa-text";

/** The Parameters entries `reimburse pay` reads (docs/payments.md). */
export const PAYMENT_PARAMETER_NAMES = {
  debtorName: "Debtor name",
  debtorIban: "Debtor IBAN",
  debtorBic: "Debtor BIC",
} as const;

/** The company's own account the reimbursements are paid from. */
export interface Debtor {
  name: string;
  iban: string;
  bic: string;
}

export interface PaymentParameters {
  debtor: Debtor;
  /** Requested execution date: --date, else the Reimbursement date, else today. */
  executionDate: IsoDate;
}

/**
 * A wrong debtor account would send every payment of the file from the wrong place (or have
 * the bank reject the file), so any missing or invalid entry stops `pay` before anything is written.
 */
export function readPaymentParameters(snapshot: WorkbookSnapshot, now: Date, dateOverride?: IsoDate): PaymentParameters {
  const cells = readParameterCells(snapshot);
  const problems: WorkbookProblem[] = [];
  const required = (name: string, check: (text: string) => string | null): string => {
    const cell = cells.get(headerKey(name));
    const parsed = cell ? parseText(cell.value) : null;
    const text = parsed?.ok ? parsed.value : null;
    if (!cell || text === null) {
      const why = !cell ? `is missing: add a row '${name}' with its value` : parsed && !parsed.ok ? parsed.reason : "is empty";
      problems.push({ sheet: SHEETS.parameters, address: cell?.address ?? "", message: `parameter '${name}' is required to pay; it ${why}` });
      return "";
    }
    const reason = check(text);
    if (reason) problems.push({ sheet: SHEETS.parameters, address: cell.address, message: `${name}: ${reason}` });
    return text;
  };
  const name = required(PAYMENT_PARAMETER_NAMES.debtorName, (t) => (toSepaText(t, 70) ? null : "expected a name in Latin letters"));
  const iban = required(PAYMENT_PARAMETER_NAMES.debtorIban, (t) =>
    !isValidIban(t) ? `"${t}" is not a valid IBAN (ISO 13616 check digits)` : isSepaIban(t) ? null : `"${t}" is not in a SEPA country`,
  );
  const bic = required(PAYMENT_PARAMETER_NAMES.debtorBic, (t) => (isValidBic(t) ? null : `"${t}" is not a valid BIC (8 or 11 characters, ISO 9362)`));
  const executionDate = dateOverride ?? reimbursementDate(cells, problems) ?? todayIso(now);
  if (problems.length) throw new WorkbookError(problems);
  return { debtor: { name: toSepaText(name, 70), iban: normaliseIban(iban), bic: normaliseBic(bic) }, executionDate };
}

function reimbursementDate(cells: ReturnType<typeof readParameterCells>, problems: WorkbookProblem[]): IsoDate | null {
  const read = readParameter<IsoDate | null>(cells, PARAMETER_NAMES.date, parseDate, null);
  if (read.ok) return read.value;
  problems.push(read.problem);
  return null;
}
