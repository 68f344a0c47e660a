import { Decimal } from "decimal.js";
import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces";
import { formatMoney } from "../core/money";
import { countryCode } from "./ap-vendors";
import { ExportContext, documentDate, documentNumber, isCreditNote, owedToVendor, packageTime } from "./export-context";
import { ExportFile, MEDIA_TYPES } from "./export-file";
import { ExportLine } from "./export-selection";
import { CompanyParty } from "./export-parameters";
import { zipFiles } from "./zip";

/** Peppol BIS Billing 3.0 identifiers (docs/export.md). */
export const PEPPOL_CUSTOMIZATION_ID = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0";
export const PEPPOL_PROFILE_ID = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";

const NS = {
  Invoice: "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2",
  CreditNote: "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2",
  cac: "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
  cbc: "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
} as const;

/** UNTDID 1001 document types, UNCL 4461 payment means, UNCL 5305 VAT category. */
export const INVOICE_TYPE = "380";
export const CREDIT_NOTE_TYPE = "381";
export const SEPA_CREDIT_TRANSFER = "58";
const PAYMENT_MEANS_UNDEFINED = "1";
export const NOT_SUBJECT_TO_VAT = "O";

/** Who is paid: the vendor as a UBL supplier party, with the account the payment goes to. */
export interface UblSupplier {
  name: string;
  address: string | null;
  city: string | null;
  postalCode: string | null;
  country: string | null;
  iban: string | null;
  bic: string | null;
}

type Node = XMLBuilder;

// XML 1.0 cannot hold these characters at all; a cell may (pasted text): they become U+FFFD.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
export const xmlText = (text: string): string => text.replace(NOT_XML, "\uFFFD");

const cbc = (parent: Node, name: string, text: string, attributes?: Record<string, string>): Node => {
  const node = parent.ele(NS.cbc, `cbc:${name}`);
  if (attributes) for (const [k, v] of Object.entries(attributes)) node.att(k, v);
  return node.txt(xmlText(text));
};
const cac = (parent: Node, name: string): Node => parent.ele(NS.cac, `cac:${name}`);

function address(parent: Node, a: { address: string | null; city: string | null; postalCode: string | null; country: string | null }): void {
  const country = countryCode(a.country);
  if (!a.address && !a.city && !a.postalCode && !country) return;
  const node = cac(parent, "PostalAddress");
  if (a.address) cbc(node, "StreetName", a.address);
  if (a.city) cbc(node, "CityName", a.city);
  if (a.postalCode) cbc(node, "PostalZone", a.postalCode);
  if (country) cbc(cac(node, "Country"), "IdentificationCode", country);
}

function supplierParty(root: Node, supplier: UblSupplier): void {
  const party = cac(cac(root, "AccountingSupplierParty"), "Party");
  cbc(cac(party, "PartyName"), "Name", supplier.name);
  address(party, supplier);
  cbc(cac(party, "PartyLegalEntity"), "RegistrationName", supplier.name);
}

/** The company (Parameters): VAT number as PartyTaxScheme, Chamber of Commerce number as legal id. */
function customerParty(root: Node, company: CompanyParty, buyerName: string): void {
  const party = cac(cac(root, "AccountingCustomerParty"), "Party");
  cbc(cac(party, "PartyName"), "Name", buyerName);
  address(party, company);
  if (company.vatNumber) {
    const scheme = cac(party, "PartyTaxScheme");
    cbc(scheme, "CompanyID", company.vatNumber.replace(/\s+/g, "").toUpperCase());
    cbc(cac(scheme, "TaxScheme"), "ID", "VAT");
  }
  const legal = cac(party, "PartyLegalEntity");
  cbc(legal, "RegistrationName", buyerName);
  // ISO 6523 ICD 0106: the Dutch Chamber of Commerce (KvK) number, as Peppol identifies it.
  if (company.chamberOfCommerce) cbc(legal, "CompanyID", company.chamberOfCommerce, company.country === "NL" ? { schemeID: "0106" } : undefined);
}

function paymentMeans(root: Node, supplier: UblSupplier, paymentId: string, dueDate: string | null, withDueDate: boolean): void {
  const means = cac(root, "PaymentMeans");
  cbc(means, "PaymentMeansCode", supplier.iban ? SEPA_CREDIT_TRANSFER : PAYMENT_MEANS_UNDEFINED);
  if (withDueDate && dueDate) cbc(means, "PaymentDueDate", dueDate);
  cbc(means, "PaymentID", paymentId);
  if (!supplier.iban) return;
  const account = cac(means, "PayeeFinancialAccount");
  cbc(account, "ID", supplier.iban);
  cbc(account, "Name", supplier.name);
  if (supplier.bic) cbc(cac(account, "FinancialInstitutionBranch"), "ID", supplier.bic);
}

function taxCategory(parent: Node, name: "TaxCategory" | "ClassifiedTaxCategory", withReason: boolean): void {
  const category = cac(parent, name);
  cbc(category, "ID", NOT_SUBJECT_TO_VAT);
  if (withReason) cbc(category, "TaxExemptionReason", "Not subject to VAT");
  cbc(cac(category, "TaxScheme"), "ID", "VAT");
}

/** A refund of a customer's own money: no VAT, one tax subtotal of category O. */
function totals(root: Node, amount: string, currency: string): void {
  const money = { currencyID: currency };
  const zero = formatMoney(new Decimal(0), currency);
  const tax = cac(root, "TaxTotal");
  cbc(tax, "TaxAmount", zero, money);
  const subtotal = cac(tax, "TaxSubtotal");
  cbc(subtotal, "TaxableAmount", amount, money);
  cbc(subtotal, "TaxAmount", zero, money);
  taxCategory(subtotal, "TaxCategory", true);
  const monetary = cac(root, "LegalMonetaryTotal");
  for (const field of ["LineExtensionAmount", "TaxExclusiveAmount", "TaxInclusiveAmount", "PayableAmount"]) cbc(monetary, field, amount, money);
}

function documentLine(root: Node, kind: "Invoice" | "CreditNote", amount: string, currency: string, itemName: string): void {
  const line = cac(root, kind === "Invoice" ? "InvoiceLine" : "CreditNoteLine");
  cbc(line, "ID", "1");
  cbc(line, kind === "Invoice" ? "InvoicedQuantity" : "CreditedQuantity", "1", { unitCode: "C62" });
  cbc(line, "LineExtensionAmount", amount, { currencyID: currency });
  const item = cac(line, "Item");
  cbc(item, "Name", itemName);
  taxCategory(item, "ClassifiedTaxCategory", false);
  cbc(cac(line, "Price"), "PriceAmount", amount, { currencyID: currency });
}

/**
 * One UBL 2.1 document for one export line, as Peppol BIS Billing 3.0 structures it: an Invoice
 * (380) for what is owed to the vendor, a CreditNote (381) for what is taken back (a cancelled
 * invoice's credit note, or an invoice edited to a negative amount).
 */
export function ublDocument(line: ExportLine, supplier: UblSupplier, context: ExportContext): { kind: "Invoice" | "CreditNote"; xml: string } {
  const { invoice } = line;
  const owed = owedToVendor(line);
  const kind = owed.isNegative() ? "CreditNote" : "Invoice";
  const amount = formatMoney(owed.abs(), invoice.currency);
  const id = documentNumber(line);
  const issued = documentDate(line, context) ?? context.date;
  const company = context.parameters.party;
  const buyerName = company.name ?? "";

  const root = create({ version: "1.0", encoding: "UTF-8" }).ele(NS[kind], kind).att("xmlns:cac", NS.cac).att("xmlns:cbc", NS.cbc);
  cbc(root, "CustomizationID", PEPPOL_CUSTOMIZATION_ID);
  cbc(root, "ProfileID", PEPPOL_PROFILE_ID);
  cbc(root, "ID", id);
  cbc(root, "IssueDate", issued);
  const dueDate = isCreditNote(line) ? null : invoice.dueDate;
  if (kind === "Invoice" && dueDate) cbc(root, "DueDate", dueDate);
  cbc(root, kind === "Invoice" ? "InvoiceTypeCode" : "CreditNoteTypeCode", kind === "Invoice" ? INVOICE_TYPE : CREDIT_NOTE_TYPE);
  const customer = invoice.customerAccount ? ` of customer ${invoice.customerAccount}` : "";
  cbc(root, "Note", isCreditNote(line) ? `Cancellation of invoice ${invoice.invoice}` : `Reimbursement of the credit balance${customer}${invoice.runId ? ` (run ${invoice.runId})` : ""}`);
  cbc(root, "DocumentCurrencyCode", invoice.currency);
  cbc(root, "BuyerReference", invoice.customerAccount ?? invoice.invoice);
  if (isCreditNote(line)) {
    const reference = cac(cac(root, "BillingReference"), "InvoiceDocumentReference");
    cbc(reference, "ID", invoice.invoice);
    if (invoice.invoiceDate) cbc(reference, "IssueDate", invoice.invoiceDate);
  }
  supplierParty(root, supplier);
  customerParty(root, company, buyerName);
  if (kind === "Invoice") paymentMeans(root, supplier, invoice.invoice, dueDate, false);
  totals(root, amount, invoice.currency);
  documentLine(root, kind, amount, invoice.currency, invoice.description ?? `Reimbursement ${invoice.invoice}`);
  return { kind, xml: root.end({ prettyPrint: true }) };
}

/** A file name from a document number: anything a file name cannot hold becomes "_". */
export const ublFileName = (line: ExportLine): string => `${documentNumber(line).replace(/[^A-Za-z0-9._-]+/g, "_")}.xml`;

/** The UBL export: a zip with one XML document per export line, named after its number. */
export function buildUblPackage(lines: readonly ExportLine[], supplierOf: (line: ExportLine) => UblSupplier, context: ExportContext): ExportFile {
  const names = new Set<string>();
  const entries = lines.map((line) => {
    let name = ublFileName(line);
    for (let n = 2; names.has(name.toLowerCase()); n++) name = ublFileName(line).replace(/\.xml$/, `-${n}.xml`);
    names.add(name.toLowerCase());
    return { name, content: ublDocument(line, supplierOf(line), context).xml };
  });
  return { name: `ubl-invoices-${context.exportId}.zip`, role: "ubl", mediaType: MEDIA_TYPES.zip, content: zipFiles(entries, packageTime(context.date)) };
}
