import { IsoDate } from "../core/types";
import { creditorAccountFinder } from "../payments/creditor-accounts";
import { normaliseIban } from "../payments/iban";
import { COLUMNS, SHEETS } from "../workbook/contract";
import { WorkbookError, WorkbookProblem } from "../workbook/errors";
import { WorkbookPatch, WorkbookSnapshot } from "../workbook/grid";
import { readInvoiceRows } from "../workbook/read-outputs";
import { readRates } from "../workbook/read-reference";
import { dateCell } from "../workbook/render";
import { CellUpdate, mergePatches, updateCells } from "../workbook/update";
import { VendorMaster, vendorsOfLines } from "./ap-vendors";
import { generalJournalEntity } from "./d365-general-journal";
import { invoiceJournalEntities, journalDescription } from "./d365-invoice-journal";
import { buildDmfPackage } from "./d365-package";
import { vendorMasterEntities } from "./d365-vendor-master";
import { ExportContext, packageTime } from "./export-context";
import { ExportFile, MEDIA_TYPES } from "./export-file";
import { exportIdsFromMarks, nextExportId } from "./export-id";
import { EXPORT_PARAMETER_NAMES, ExportParameters, parameterAddress, readExportParameters } from "./export-parameters";
import { ExportLine, ExportSelection, selectExportLines } from "./export-selection";
import { invoiceCellLocator, problemsOfInvoice } from "./invoice-cells";
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
  /** Export ids the workbook has used (the export log's); default: derived from the marks. */
  previousExportIds?: readonly string[];
}

export interface PreparedExport {
  lines: ExportLine[];
  /** Unique in the workbook (EXP-20261130-001); null when there is nothing to export. */
  exportId: string | null;
  /** The main file's content (`files[0]`): text for CSV, bytes for a zip; null when nothing to export. */
  content: string | Uint8Array | null;
  /** Every file of the export, the main one first; the others go beside it (csv: the one-time vendors). */
  files: ExportFile[];
  /** The Exported / Cancellation exported marks; a host writes them with the files or not at all. */
  patch: WorkbookPatch;
}

/**
 * The whole export between a host's read and its writes. Any unreadable invoice among those to
 * export stops it: a journal with a guessed amount would be posted as it is.
 */
export function prepareExport(snapshot: WorkbookSnapshot, options: ExportOptions): PreparedExport {
  const invoices = readInvoiceRows(snapshot);
  const lines = selectExportLines(invoices, options);
  if (!lines.length) return { lines, exportId: null, content: null, files: [], patch: { sheets: [] } };
  const problems = lineProblems(snapshot, lines);
  const parameters = readExportParameters(snapshot);
  problems.push(...formatProblems(snapshot, options.format, lines, parameters));
  const vendors = vendorsOfLines(snapshot, lines);
  if (vendors.length && options.format.startsWith("d365") && !parameters.vendorGroup) {
    problems.push({ sheet: SHEETS.parameters, address: parameterAddress(snapshot, EXPORT_PARAMETER_NAMES.vendorGroup), message: `parameter '${EXPORT_PARAMETER_NAMES.vendorGroup}' is required: D365 creates the one-time vendors ${vendors.map((v) => v.account).join(", ")} in a vendor group` });
  }
  if (problems.length) throw new WorkbookError(problems);

  const exportId = nextExportId(options.previousExportIds ?? exportIdsFromMarks(invoices), options.date);
  const context: ExportContext = { exportId, date: options.date, parameters, vendors, rates: readRates(snapshot) };
  const files = buildFiles(snapshot, options.format, lines, context);
  const mark = dateCell(options.date);
  const updates: CellUpdate[] = lines.map(({ kind, invoice }) => ({ row: invoice.row, header: kind === "invoice" ? "Exported" : "Cancellation exported", value: mark }));
  return { lines, exportId, content: files[0].content, files, patch: { sheets: mergePatches(updateCells(snapshot, SHEETS.invoices, COLUMNS.invoices, updates)) } };
}

/** Cells that cannot be read, and invoice numbers used twice among the lines. */
function lineProblems(snapshot: WorkbookSnapshot, lines: readonly ExportLine[]): WorkbookProblem[] {
  const locate = invoiceCellLocator(snapshot);
  const problems: WorkbookProblem[] = [];
  const firstRow = new Map<string, number>();
  const checked = new Set<number>();
  for (const { kind, invoice } of lines) {
    if (!checked.has(invoice.row)) problems.push(...problemsOfInvoice(invoice, locate));
    checked.add(invoice.row);
    const key = `${kind}|${invoice.invoice.toUpperCase()}`;
    const seen = firstRow.get(key);
    if (invoice.invoice && seen !== undefined) {
      problems.push({ sheet: SHEETS.invoices, address: locate(invoice.row, "Invoice"), message: `invoice ${invoice.invoice} appears twice (also row ${seen}); accounts payable would reject the second` });
    } else firstRow.set(key, invoice.row);
  }
  return problems;
}

/** What a format needs that the others do not: the customer of each line, the company's name. */
function formatProblems(snapshot: WorkbookSnapshot, format: ExportFormat, lines: readonly ExportLine[], parameters: ExportParameters): WorkbookProblem[] {
  const problems: WorkbookProblem[] = [];
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
    const account = creditor(invoice);
    const iban = account.ambiguity ? null : account.iban;
    return { name: invoice.vendorName ?? account.name ?? invoice.vendorAccount, address: null, city: null, postalCode: null, country: null, iban: iban ? normaliseIban(iban) : null, bic: null };
  };
}
