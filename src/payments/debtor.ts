import { todayIso } from "../core/dates";
import { IsoDate } from "../core/types";
import { parseDate, parseText } from "../workbook/cells";
import { DEBTOR_ADDRESS_PARAMETERS, PARAMETER_NAMES, SHEETS, headerKey } from "../workbook/contract";
import { WorkbookError, WorkbookProblem } from "../workbook/errors";
import { WorkbookSnapshot } from "../workbook/grid";
import { ParameterCell, readParameter, readParameterCells } from "../workbook/read-parameters";
import { ExecutionDate, executionDate } from "./execution-date";
import { isSepaIban, isValidBic, isValidIban, normaliseBic, normaliseIban } from "./iban";
import { isValidLei, normaliseLei } from "./lei";
import { DebtorAccount } from "./payment-blocks";
import { AddressCells, AddressField, postalAddress } from "./postal-address";
import { toSepaText } from "./sepa-text";

/** The Parameters entries `reimburse pay` reads (docs/payments.md). */
export const PAYMENT_PARAMETER_NAMES = {
  debtorName: "Debtor name",
  debtorIban: "Debtor IBAN",
  debtorBic: "Debtor BIC",
  debtorLei: "Debtor LEI",
  ...DEBTOR_ADDRESS_PARAMETERS,
} as const;

/** The company's own account the reimbursements are paid from. */
export type Debtor = DebtorAccount;

export interface PaymentParameters {
  debtor: Debtor;
  /** The Parameters cell of each debtor address entry, for "the debtor address is required" messages. */
  debtorAddressCell: string;
  /** --date, else the Reimbursement date, else today; moved to today or a business day. */
  executionDate: ExecutionDate;
}

type Cells = ReadonlyMap<string, ParameterCell>;

const ADDRESS_FIELDS: Readonly<Record<AddressField, string | null>> = {
  address: null,
  street: DEBTOR_ADDRESS_PARAMETERS.street,
  buildingNumber: DEBTOR_ADDRESS_PARAMETERS.buildingNumber,
  postalCode: DEBTOR_ADDRESS_PARAMETERS.postalCode,
  town: DEBTOR_ADDRESS_PARAMETERS.town,
  country: DEBTOR_ADDRESS_PARAMETERS.country,
};

function optionalText(cells: Cells, name: string, problems: WorkbookProblem[]): string | null {
  const cell = cells.get(headerKey(name));
  if (!cell) return null;
  const parsed = parseText(cell.value);
  if (!parsed.ok) {
    problems.push({ sheet: SHEETS.parameters, address: cell.address, message: `${name}: ${parsed.reason}` });
    return null;
  }
  return parsed.value || null;
}

/**
 * A wrong debtor account would send every payment of the file from the wrong place (or have
 * the bank reject the file), so any missing or invalid entry stops `pay` before anything is
 * written. The BIC is optional (EPC IBAN-only rule); the address is optional here and required
 * by the payment step when a payee's bank is outside the EEA.
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
  const checked = (name: string, check: (text: string) => string | null): string | null => {
    const text = optionalText(cells, name, problems);
    const reason = text === null ? null : check(text);
    if (reason) problems.push({ sheet: SHEETS.parameters, address: cells.get(headerKey(name))?.address ?? "", message: `${name}: ${reason}` });
    return reason ? null : text;
  };
  const name = required(PAYMENT_PARAMETER_NAMES.debtorName, (t) => (toSepaText(t, 70) ? null : "expected a name in Latin letters"));
  const iban = required(PAYMENT_PARAMETER_NAMES.debtorIban, (t) =>
    !isValidIban(t) ? `"${t}" is not a valid IBAN (ISO 13616 check digits)` : isSepaIban(t) ? null : `"${t}" is not in a SEPA country`,
  );
  const bic = checked(PAYMENT_PARAMETER_NAMES.debtorBic, (t) => (isValidBic(t) ? null : `"${t}" is not a valid BIC (8 or 11 characters, ISO 9362)`));
  const lei = checked(PAYMENT_PARAMETER_NAMES.debtorLei, (t) => (isValidLei(t) ? null : `"${t}" is not a valid LEI (20 characters, ISO 17442 check digits)`));
  const address = debtorAddress(cells, problems);
  const date = requestedDate(cells, problems, now, dateOverride);
  if (problems.length || !date) throw new WorkbookError(problems);
  return {
    debtor: { name: toSepaText(name, 70), iban: normaliseIban(iban), bic: bic ? normaliseBic(bic) : null, address, lei: lei ? normaliseLei(lei) : null },
    debtorAddressCell: cells.get(headerKey(DEBTOR_ADDRESS_PARAMETERS.town))?.address ?? "",
    executionDate: date,
  };
}

function debtorAddress(cells: Cells, problems: WorkbookProblem[]): Debtor["address"] {
  const input: AddressCells = {};
  for (const [field, name] of Object.entries(ADDRESS_FIELDS) as [AddressField, string | null][]) {
    if (name) input[field] = optionalText(cells, name, problems);
  }
  const result = postalAddress(input);
  if (result.ok) return result.address;
  const name = ADDRESS_FIELDS[result.field] ?? DEBTOR_ADDRESS_PARAMETERS.street;
  problems.push({ sheet: SHEETS.parameters, address: cells.get(headerKey(name))?.address ?? "", message: `${name}: ${result.reason}` });
  return null;
}

/** A past --date throws PastExecutionDateError: the user asked for that day, and it is gone. */
function requestedDate(cells: Cells, problems: WorkbookProblem[], now: Date, dateOverride?: IsoDate): ExecutionDate | null {
  const today = todayIso(now);
  if (dateOverride) return executionDate(dateOverride, "option", today);
  const read = readParameter<IsoDate | null>(cells, PARAMETER_NAMES.date, parseDate, null);
  if (!read.ok) {
    problems.push(read.problem);
    return null;
  }
  return executionDate(read.value ?? today, read.value ? "parameters" : "today", today);
}
