import { normalizeCurrency } from "../core/currency";
import { parseText } from "../workbook/cells";
import { PARAMETER_NAMES, SHEETS, headerKey } from "../workbook/contract";
import { WorkbookError, WorkbookProblem } from "../workbook/errors";
import { WorkbookSnapshot } from "../workbook/grid";
import { ParameterCell, readParameter, readParameterCells } from "../workbook/read-parameters";

/** The Parameters entries the AP export reads (docs/export.md, "Parameters entries"). */
export const EXPORT_PARAMETER_NAMES = {
  journalName: "Invoice journal name",
  offsetAccount: "Reimbursement offset account",
  generalJournalName: "General journal name",
  company: "Company",
  vendorGroup: "Vendor group",
  vendorPostingProfile: "Vendor posting profile",
  customerPostingProfile: "Customer posting profile",
  methodOfPayment: "Method of payment",
  salesTaxGroup: "Sales tax group",
  companyName: "Company name",
  companyVatNumber: "Company VAT number",
  companyChamberOfCommerce: "Company Chamber of Commerce number",
  companyAddress: "Company address",
  companyCity: "Company city",
  companyPostalCode: "Company postal code",
  companyCountry: "Company country",
} as const;

export const DEFAULT_JOURNAL_NAME = "APInvoice";
export const DEFAULT_GENERAL_JOURNAL_NAME = "GenJrn";

/** The company the invoices are addressed to: the customer party of a UBL invoice. */
export interface CompanyParty {
  name: string | null;
  vatNumber: string | null;
  chamberOfCommerce: string | null;
  address: string | null;
  city: string | null;
  postalCode: string | null;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
}

export interface ExportParameters {
  journalName: string;
  offsetAccount: string | null;
  generalJournalName: string;
  /** The legal entity (dataAreaId) the lines post in; blank leaves it to the import project's company. */
  company: string | null;
  vendorGroup: string | null;
  vendorPostingProfile: string | null;
  customerPostingProfile: string | null;
  methodOfPayment: string | null;
  salesTaxGroup: string | null;
  /** The Parameters sheet's accounting currency: lines in another currency carry an exchange rate. */
  accountingCurrency: string | null;
  party: CompanyParty;
}

/** Where an entry lives, for a message about an entry that is missing but needed. */
export function parameterAddress(snapshot: WorkbookSnapshot, name: string): string {
  return readParameterCells(snapshot).get(headerKey(name))?.address ?? "";
}

/** Every entry is optional here; one that cannot be read as text stops the export, naming its cell. */
export function readExportParameters(snapshot: WorkbookSnapshot): ExportParameters {
  const cells: Map<string, ParameterCell> = readParameterCells(snapshot);
  const problems: WorkbookProblem[] = [];
  const text = (name: string): string | null => {
    const read = readParameter(cells, name, parseText, null);
    if (read.ok) return read.value;
    problems.push(read.problem);
    return null;
  };
  const n = EXPORT_PARAMETER_NAMES;
  const country = text(n.companyCountry);
  const currency = text(PARAMETER_NAMES.accountingCurrency);
  const result: ExportParameters = {
    journalName: text(n.journalName) ?? DEFAULT_JOURNAL_NAME,
    offsetAccount: text(n.offsetAccount),
    generalJournalName: text(n.generalJournalName) ?? DEFAULT_GENERAL_JOURNAL_NAME,
    company: text(n.company),
    vendorGroup: text(n.vendorGroup),
    vendorPostingProfile: text(n.vendorPostingProfile),
    customerPostingProfile: text(n.customerPostingProfile),
    methodOfPayment: text(n.methodOfPayment),
    salesTaxGroup: text(n.salesTaxGroup),
    accountingCurrency: currency ? normalizeCurrency(currency) : null,
    party: {
      name: text(n.companyName),
      vatNumber: text(n.companyVatNumber),
      chamberOfCommerce: text(n.companyChamberOfCommerce),
      address: text(n.companyAddress),
      city: text(n.companyCity),
      postalCode: text(n.companyPostalCode),
      country: country ? country.toUpperCase() : null,
    },
  };
  if (result.party.country && !/^[A-Z]{2}$/.test(result.party.country)) {
    problems.push({ sheet: SHEETS.parameters, address: parameterAddress(snapshot, n.companyCountry), message: `${n.companyCountry}: expected a two-letter ISO 3166 country code such as NL, found "${country}"` });
  }
  if (problems.length) throw new WorkbookError(problems);
  return result;
}
