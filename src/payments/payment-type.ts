import { isSepaCountry } from "./countries";

/**
 * How a transfer travels, which decides its payment block and what it needs:
 * - `sepa`: a SEPA credit transfer (EPC SCT rulebook): euro, to an IBAN in a SEPA country,
 *   `SvcLvl/Cd SEPA`, charges `SLEV`.
 * - `sepa-instant`: the same as an SCT Inst payment (EPC SCT Inst rulebook), `LclInstrm/Cd INST`.
 * - `generic`: any other currency or destination: an ISO 20022 credit transfer without the SEPA
 *   service level, charges shared (`SHAR`), the payee bank's BIC required.
 */
export type PaymentType = "sepa" | "sepa-instant" | "generic";

export const PAYMENT_TYPES: readonly PaymentType[] = ["sepa", "sepa-instant", "generic"];

/** The SEPA schemes are euro only. */
export const SEPA_CURRENCY = "EUR";

/**
 * The type of one transfer: SEPA when it is in euro to an IBAN of a SEPA country (instant when
 * asked for); every other transfer is generic.
 */
export function paymentTypeOf(currency: string, iban: string | null, instant: boolean): PaymentType {
  const sepa = currency === SEPA_CURRENCY && iban !== null && isSepaCountry(iban.slice(0, 2));
  if (!sepa) return "generic";
  return instant ? "sepa-instant" : "sepa";
}

export function isSepaType(type: PaymentType): boolean {
  return type !== "generic";
}

/** ChrgBr: SEPA allows only SLEV (each side pays its own bank); elsewhere charges are shared. */
export function chargeBearer(type: PaymentType): "SLEV" | "SHAR" {
  return isSepaType(type) ? "SLEV" : "SHAR";
}

/** Words for the summary and the Vendor payments sheet. */
export function paymentTypeLabel(type: PaymentType): string {
  return type === "sepa" ? "SEPA" : type === "sepa-instant" ? "SEPA Instant" : "ISO 20022 (non-SEPA)";
}
