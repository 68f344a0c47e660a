import { NumberSequence } from "./numbering";
import { Customer, OneTimeVendor } from "./types";

/**
 * Finds or creates the one-time vendor of a customer that has no vendor account. A customer
 * keeps the one-time vendor of its first reimbursement forever: a second one would split its
 * payables in AP.
 */
export class OneTimeVendors {
  private readonly byCustomer = new Map<string, OneTimeVendor>();
  private readonly sequence: NumberSequence;
  readonly created: OneTimeVendor[] = [];

  constructor(prefix: string, existing: readonly OneTimeVendor[], vendorAccounts: Iterable<string>) {
    for (const v of existing) this.byCustomer.set(v.customerAccount.toUpperCase(), v);
    this.sequence = new NumberSequence(prefix, [...existing.map((v) => v.account), ...vendorAccounts]);
  }

  forCustomer(customer: Customer, runId: string): { vendor: OneTimeVendor; isNew: boolean } {
    const key = customer.account.toUpperCase();
    const known = this.byCustomer.get(key);
    if (known) return { vendor: known, isNew: false };
    const vendor: OneTimeVendor = {
      account: this.sequence.take(),
      name: customer.name,
      customerAccount: customer.account,
      currency: customer.currency,
      address: customer.address,
      city: customer.city,
      postalCode: customer.postalCode,
      country: customer.country,
      iban: customer.iban,
      runId,
    };
    this.byCustomer.set(key, vendor);
    this.created.push(vendor);
    return { vendor, isNew: true };
  }
}
