import { isCountryCode } from "./countries";
import { toSepaText } from "./sepa-text";

/** An address as the workbook holds it: the Address line, or Street and Building number apart. */
export interface AddressCells {
  address?: string | null;
  street?: string | null;
  buildingNumber?: string | null;
  postalCode?: string | null;
  town?: string | null;
  country?: string | null;
}

/**
 * An ISO 20022 postal address as banks accept it since 15 November 2026 (EPC SCT rulebook 2025
 * v1.1, EPC153-22 address guidance): structured (StrtNm, BldgNb, PstCd, TwnNm, Ctry) or hybrid
 * (at most two AdrLine plus TwnNm and Ctry). TwnNm and Ctry are always there; never lines only.
 */
export type PostalAddress =
  | { kind: "structured"; street: string | null; buildingNumber: string | null; postalCode: string | null; town: string; country: string }
  | { kind: "hybrid"; lines: string[]; postalCode: string | null; town: string; country: string };

export type AddressField = keyof AddressCells;

export type AddressResult =
  | { ok: true; address: PostalAddress | null }
  | { ok: false; field: AddressField; reason: string };

const LINE = 70;
const BUILDING = 16;
const POSTAL_CODE = 16;
const TOWN = 35;

const clean = (text: string | null | undefined, max: number): string => toSepaText(text ?? "", max);

/** Splits an address into at most two 70-character lines at spaces; null when it needs more. */
function addressLines(text: string): string[] | null {
  const words = toSepaText(text, 10_000).split(" ").filter(Boolean);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
    if (word.length > LINE) return null;
    if (!line) line = word;
    else if (line.length + 1 + word.length <= LINE) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines.length <= 2 ? lines : null;
}

/**
 * The address to send, from the cells: structured when a Street is given, hybrid when only the
 * Address line is; no address when every cell is empty. A partly filled address needs its town
 * and country, or the bank would receive the lines-only address it rejects.
 */
export function postalAddress(cells: AddressCells): AddressResult {
  const given = (["address", "street", "buildingNumber", "postalCode", "town", "country"] as const).some((k) => (cells[k] ?? "").trim() !== "");
  if (!given) return { ok: true, address: null };
  const town = clean(cells.town, 10_000);
  if (!town) return { ok: false, field: "town", reason: "the address has no town (City): banks need the town and country of every address sent" };
  if (town.length > TOWN) return { ok: false, field: "town", reason: `the town "${town}" is longer than ${TOWN} characters (TwnNm)` };
  const country = (cells.country ?? "").trim().toUpperCase();
  if (!country) return { ok: false, field: "country", reason: "the address has no country: banks need the town and country of every address sent" };
  if (!isCountryCode(country)) return { ok: false, field: "country", reason: `"${cells.country}" is not a two-letter ISO 3166 country code such as NL or GB` };
  const postalCode = clean(cells.postalCode, 10_000) || null;
  if (postalCode && postalCode.length > POSTAL_CODE) return { ok: false, field: "postalCode", reason: `the postal code "${postalCode}" is longer than ${POSTAL_CODE} characters` };

  const street = clean(cells.street, 10_000);
  const buildingNumber = clean(cells.buildingNumber, 10_000) || null;
  if (buildingNumber && buildingNumber.length > BUILDING) return { ok: false, field: "buildingNumber", reason: `the building number "${buildingNumber}" is longer than ${BUILDING} characters` };
  if (street) {
    if (street.length > LINE) return { ok: false, field: "street", reason: `the street "${street}" is longer than ${LINE} characters (StrtNm)` };
    return { ok: true, address: { kind: "structured", street, buildingNumber, postalCode, town, country } };
  }
  const line = [clean(cells.address, 10_000), buildingNumber ?? ""].filter(Boolean).join(" ");
  if (!line) return { ok: true, address: { kind: "structured", street: null, buildingNumber: null, postalCode, town, country } };
  const lines = addressLines(line);
  if (!lines) return { ok: false, field: "address", reason: "the address does not fit in two lines of 70 characters; put the street in the Street column" };
  return { ok: true, address: { kind: "hybrid", lines, postalCode, town, country } };
}
