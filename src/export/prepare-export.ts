import { minorUnits } from "../core/currency";
import { NumberSequence } from "../core/numbering";
import { IsoDate } from "../core/types";
import { PayeeField, creditorAccountFinder } from "../payments/creditor-accounts";
import { normaliseIban } from "../payments/iban";
import { OutputRow, appendRows } from "../workbook/append";
import { COLUMNS, SHEETS } from "../workbook/contract";
import { WorkbookError, WorkbookProblem } from "../workbook/errors";
import { newExceptionRows } from "../workbook/exception-rows";
import { WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { idsWithPrefix } from "../workbook/ids-seen";
import { readConsistentLedger } from "../workbook/ledger-state";
import { readRates } from "../workbook/read-reference";
import { amountCell, dateCell } from "../workbook/render";
import { CellUpdate, mergePatches, updateCells } from "../workbook/update";
import { VendorMaster, vendorsOfLines } from "./ap-vendors";
import { generalJournalEntity } from "./d365-general-journal";
import { invoiceJournalEntities, journalDescription } from "./d365-invoice-journal";
import { buildDmfPackage } from "./d365-package";
import { vendorMasterEntities } from "./d365-vendor-master";
import { ExportContext, packageTime } from "./export-context";
import { ExportFile, MEDIA_TYPES } from "./export-file";
import { EXPORT_PARAMETER_NAMES, ExportParameters, parameterAddress, readExportParameters } from "./export-parameters";
import { ExportException, ExportLine, ExportSelection, selectExportLines } from "./export-selection";
import { invoiceCellLocator } from "./invoice-cells";
import { buildInvoiceCsv } from "./invoice-csv";
import { UblSupplier, buildUblPackage } from "./ubl-invoice";
import { buildVendorMasterCsv } from "./vendor-master-csv";

export const EXPORT_FORMATS = ["d365", "d365-general-journal", "ubl", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The files a format writes beside its main one, by role (ExportFile.role), in `files` order. */
export function companionRoles(format: ExportFormat): string[] {
  return format === "csv" ? ["one-time-vendors"] : [];
}

export interface ExportOptions extends ExportSelection {
  format: ExportFormat;
  /** The day of the export: the Exported marks and the date of credit notes. */
  date: IsoDate;
}

export interface PreparedExport {
  lines: ExportLine[];
  /** Invoices held back (unknown Status, unreadable cell, three-way mismatch), each at its cell. */
  exceptions: ExportException[];
  /**
   * EXP-YYYYMMDD-NNN: the Export log rows of this export carry it, and it is the JournalBatchNumber
   * of the D365 journals; null when nothing is exported.
   */
  exportId: string | null;
  /** The main file's content (`files[0]`): text for CSV, zip bytes for the packages; null when nothing is exported. */
  content: string | Uint8Array | null;
  /** Every file of the export, the main one first; the others go beside it (csv: the one-time vendors). */
  files: ExportFile[];
  /** Export log rows, Exported / Cancellation exported marks; a host writes them with the files or not at all. */
  patch: WorkbookPatch;
}

export const EXPORT_ID_PREFIX = "EXP-";

/** EXP-20261130-001: numbered within the day, after every export id seen anywhere in the workbook. */
export function newExportId(snapshot: WorkbookSnapshot, date: IsoDate): string {
  const prefix = `${EXPORT_ID_PREFIX}${date.replace(/-/g, "")}-`;
  return new NumberSequence(prefix, idsWithPrefix(snapshot, prefix), 3).take();
}

/**
 * The whole export between a host's read and its writes. The state comes from the records
 * (src/workbook/ledger-state.ts): a Status or Exported cell that contradicts them stops the
 * export naming the cell; an invoice that is not payable is held back as an exception. What a
 * format needs from Parameters (a vendor group, the company's name) stops it when missing.
 */
export function prepareExport(snapshot: WorkbookSnapshot, options: ExportOptions): PreparedExport {
  const ledger = readConsistentLedger(snapshot);
  const { lines, exceptions } = selectExportLines(ledger, options);
  if (!lines.length) return { lines, exceptions, exportId: null, content: null, files: [], patch: { sheets: [] } };

  const parameters = readExportParameters(snapshot);
  const vendors = vendorsOfLines(snapshot, lines);
  const problems = formatProblems(snapshot, options.format, lines, parameters, vendors);
  if (problems.length) throw new WorkbookError(problems);

  const exportId = newExportId(snapshot, options.date);
  const context: ExportContext = { exportId, date: options.date, parameters, vendors, rates: readRates(snapshot) };
  const files = buildFiles(snapshot, options.format, lines, context);
  const mark = dateCell(options.date);
  const updates: CellUpdate[] = lines.map(({ kind, invoice }) => ({ row: invoice.row, header: kind === "invoice" ? "Exported" : "Cancellation exported", value: mark }));
  const log: OutputRow[] = lines.map(({ kind, invoice }) => ({
    "Export id": exportId, Date: mark, Format: options.format, Invoice: invoice.invoice, Kind: kind === "invoice" ? "Invoice" : "Cancellation",
    "Vendor account": invoice.vendorAccount, Currency: invoice.currency, Amount: amountCell(invoice.amount), "Run id": invoice.runId,
  }));
  const patch = {
    sheets: mergePatches(
      appendRows(snapshot, SHEETS.exportLog, COLUMNS.exportLog, log, lines.map((l) => minorUnits(l.invoice.currency))),
      updateCells(snapshot, SHEETS.invoices, COLUMNS.invoices, updates),
      newExceptionRows(snapshot, exceptions.map((e) => ({
        runId: e.invoice.runId, customerAccount: e.invoice.customerAccount, currency: e.invoice.currency, balance: e.invoice.amount, reason: e.reason, source: e.source,
      }))),
    ),
  };
  return { lines, exceptions, exportId, content: files[0].content, files, patch };
}

/** What a format needs that the others do not: the customer of each line, the company's name. */
function formatProblems(snapshot: WorkbookSnapshot, format: ExportFormat, lines: readonly ExportLine[], parameters: ExportParameters, vendors: readonly VendorMaster[]): WorkbookProblem[] {
  const problems: WorkbookProblem[] = [];
  if (vendors.length && format.startsWith("d365") && !parameters.vendorGroup) {
    problems.push({ sheet: SHEETS.parameters, address: parameterAddress(snapshot, EXPORT_PARAMETER_NAMES.vendorGroup), message: `parameter '${EXPORT_PARAMETER_NAMES.vendorGroup}' is required: D365 creates the one-time vendors ${vendors.map((v) => v.account).join(", ")} in a vendor group` });
  }
  if (format === "d365-general-journal") {
    const locate = invoiceCellLocator(snapshot);
    for (const { invoice } of lines) {
      if (!invoice.customerAccount) problems.push({ sheet: SHEETS.invoices, address: locate(invoice.row, "Customer account"), message: "Customer account: expected the customer the general journal debits, found an empty cell" });
    }
  }
  if (format === "ubl") {
    const n = EXPORT_PARAMETER_NAMES;
    const required: [string, string | null][] = [[n.companyName, parameters.party.name], [n.companyCountry, parameters.party.country]];
    for (const [name, value] of required) {
      if (!value) problems.push({ sheet: SHEETS.parameters, address: parameterAddress(snapshot, name), message: `parameter '${name}' is required: a UBL invoice names the company it is addressed to` });
    }
  }
  return problems;
}

function buildFiles(snapshot: WorkbookSnapshot, format: ExportFormat, lines: readonly ExportLine[], context: ExportContext): ExportFile[] {
  const id = context.exportId;
  const firstCurrency = new Map<string, string>();
  for (const { invoice } of lines) if (!firstCurrency.has(invoice.vendorAccount.toUpperCase())) firstCurrency.set(invoice.vendorAccount.toUpperCase(), invoice.currency);
  const master = () => vendorMasterEntities(context.vendors, context.parameters, (account) => firstCurrency.get(account.toUpperCase()) ?? "");
  const modified = packageTime(context.date);
  switch (format) {
    case "d365":
      return [buildDmfPackage(`vendor-invoice-journal-${id}.zip`, "d365-package", `Reimburse ${id}`, journalDescription(context), [...master(), ...invoiceJournalEntities(lines, context)], modified)];
    case "d365-general-journal":
      return [buildDmfPackage(`general-journal-${id}.zip`, "d365-package", `Reimburse ${id}`, journalDescription(context), [...master(), generalJournalEntity(lines, context)], modified)];
    case "ubl":
      return [buildUblPackage(lines, supplierFinder(snapshot, context.vendors), context)];
    case "csv":
      return [
        { name: `vendor-invoices-${id}.csv`, role: "vendor-invoices", mediaType: MEDIA_TYPES.csv, content: buildInvoiceCsv(lines) },
        { name: `one-time-vendors-${id}.csv`, role: "one-time-vendors", mediaType: MEDIA_TYPES.csv, content: buildVendorMasterCsv(context.vendors) },
      ];
  }
}

/** A UBL supplier: a one-time vendor with its address, or a mapped vendor by name with the IBAN pay uses. */
function supplierFinder(snapshot: WorkbookSnapshot, vendors: readonly VendorMaster[]): (line: ExportLine) => UblSupplier {
  const oneTime = new Map(vendors.map((v) => [v.account.toUpperCase(), v] as const));
  const creditor = creditorAccountFinder(snapshot);
  return ({ invoice }) => {
    const vendor = oneTime.get(invoice.vendorAccount.toUpperCase());
    if (vendor) return { name: vendor.name, address: vendor.address, city: vendor.city, postalCode: vendor.postalCode, country: vendor.country, iban: vendor.iban, bic: vendor.bic };
    // A mapped vendor: its details as pay reads them (the vendor master first), none when ambiguous.
    const account = creditor(invoice);
    const field = (name: PayeeField): string | null => (account.ambiguity ? null : account.fields[name].value);
    const iban = field("iban");
    return {
      name: account.name ?? invoice.vendorName ?? invoice.vendorAccount,
      address: field("address"), city: field("town"), postalCode: field("postalCode"), country: field("country"),
      iban: iban ? normaliseIban(iban) : null, bic: field("bic"),
    };
  };
}
