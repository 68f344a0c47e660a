import { countryCode, VendorMaster } from "./ap-vendors";
import { CsvColumn } from "./csv-table";
import { dmfEntity, YES } from "./d365-entity";
import { DmfEntityData } from "./d365-package";
import { ExportParameters } from "./export-parameters";

interface VendorRow {
  vendor: VendorMaster;
  parameters: ExportParameters;
  /** The vendor's currency, or that of its first invoice when the sheet has none. */
  currency: string;
}

/** Vendors V2 (VendVendorV2Entity): one row per one-time vendor the export uses. */
const VENDOR_COLUMNS: readonly CsvColumn<VendorRow>[] = [
  { header: "VENDORACCOUNTNUMBER", kind: "text", value: (r) => r.vendor.account },
  { header: "VENDORORGANIZATIONNAME", kind: "text", value: (r) => r.vendor.name },
  { header: "VENDORPARTYTYPE", kind: "text", value: () => "Organization" },
  { header: "VENDORGROUPID", kind: "text", value: (r) => r.parameters.vendorGroup },
  { header: "CURRENCYCODE", kind: "text", value: (r) => r.currency },
  { header: "ISONETIMEVENDOR", kind: "text", value: () => YES },
  { header: "DEFAULTVENDORPAYMENTMETHODNAME", kind: "text", value: (r) => r.parameters.methodOfPayment },
  { header: "SALESTAXGROUPCODE", kind: "text", value: (r) => r.parameters.salesTaxGroup },
  { header: "ADDRESSDESCRIPTION", kind: "text", value: (r) => (hasAddress(r.vendor) ? r.vendor.name : null) },
  { header: "ADDRESSLOCATIONROLES", kind: "text", value: (r) => (hasAddress(r.vendor) ? "Business" : null) },
  { header: "ADDRESSSTREET", kind: "text", value: (r) => r.vendor.address },
  { header: "ADDRESSZIPCODE", kind: "text", value: (r) => r.vendor.postalCode },
  { header: "ADDRESSCITY", kind: "text", value: (r) => r.vendor.city },
  { header: "ADDRESSCOUNTRYREGIONISOCODE", kind: "text", value: (r) => countryCode(r.vendor.country) },
];

const hasAddress = (v: VendorMaster): boolean => Boolean(v.address || v.city || v.postalCode || countryCode(v.country));

interface BankRow {
  vendor: VendorMaster;
  currency: string;
}

/** The bank account the vendor is paid to; made its default, so payments find it. */
export const BANK_ACCOUNT_ID = "IBAN";

/** Vendor bank accounts (VendVendorBankAccountEntity): one row per vendor with an IBAN. */
const BANK_COLUMNS: readonly CsvColumn<BankRow>[] = [
  { header: "VENDORACCOUNTNUMBER", kind: "text", value: (r) => r.vendor.account },
  { header: "VENDORBANKACCOUNTID", kind: "text", value: () => BANK_ACCOUNT_ID },
  { header: "BANKNAME", kind: "text", value: (r) => r.vendor.name },
  { header: "IBAN", kind: "text", value: (r) => r.vendor.iban },
  { header: "SWIFTCODE", kind: "text", value: (r) => r.vendor.bic },
  { header: "CURRENTCURRENCYCODE", kind: "text", value: (r) => r.currency },
  { header: "ISDEFAULTBANKACCOUNT", kind: "text", value: () => YES },
];

export const VENDOR_ENTITY = { entityName: "Vendors V2", targetEntity: "VendVendorV2Entity" } as const;
export const VENDOR_BANK_ENTITY = { entityName: "Vendor bank accounts", targetEntity: "VendVendorBankAccountEntity" } as const;

/**
 * The master data of the one-time vendors, in the order D365 needs it: the vendors, then their
 * bank accounts. `currencyOf` gives a vendor's first invoice currency.
 */
export function vendorMasterEntities(vendors: readonly VendorMaster[], parameters: ExportParameters, currencyOf: (account: string) => string): DmfEntityData[] {
  const rows = vendors.map((vendor) => ({ vendor, parameters, currency: vendor.currency ?? currencyOf(vendor.account) }));
  return [
    dmfEntity(VENDOR_ENTITY.entityName, VENDOR_ENTITY.targetEntity, VENDOR_COLUMNS, rows),
    dmfEntity(VENDOR_BANK_ENTITY.entityName, VENDOR_BANK_ENTITY.targetEntity, BANK_COLUMNS, rows.filter((r) => r.vendor.iban)),
  ];
}
