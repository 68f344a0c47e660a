import { VendorMaster } from "./ap-vendors";
import { CsvColumn, toCsv } from "./csv-table";

/**
 * The plain export's second file: the one-time vendors its invoices post to, with the columns
 * of the One-time vendors sheet, so any AP system can create them before the invoices.
 */
export const VENDOR_MASTER_CSV_COLUMNS: readonly CsvColumn<VendorMaster>[] = [
  { header: "Vendor account", kind: "text", value: (v) => v.account },
  { header: "Name", kind: "text", value: (v) => v.name },
  { header: "Currency", kind: "text", value: (v) => v.currency },
  { header: "Address", kind: "text", value: (v) => v.address },
  { header: "Postal code", kind: "text", value: (v) => v.postalCode },
  { header: "City", kind: "text", value: (v) => v.city },
  { header: "Country", kind: "text", value: (v) => v.country },
  { header: "IBAN", kind: "text", value: (v) => v.iban },
  { header: "BIC", kind: "text", value: (v) => v.bic },
  { header: "Customer account", kind: "text", value: (v) => v.customerAccount },
];

export function buildVendorMasterCsv(vendors: readonly VendorMaster[]): string {
  return toCsv(VENDOR_MASTER_CSV_COLUMNS, vendors);
}
