import type { Customer, PriceBookVersion, Rate, Rental } from './reference-types';
import type { CustomerDocument } from './schemas/customer.schema';
import type { PriceBookDocument, RateDocument } from './schemas/price-book.schema';
import type { RentalDocument } from './schemas/rental.schema';
import { parseRfc3339Ms } from './timestamps';

/**
 * Validated wire documents → domain types. Fields are picked one by one so that unknown
 * extra properties never travel further than the parser.
 */

export function fromRentalDocument(doc: RentalDocument): Rental {
  return {
    rentalId: doc.rentalId,
    customerId: doc.customerId,
    operatorId: doc.operatorId,
    datacenterId: doc.datacenterId,
    nodeId: doc.nodeId,
    gpuModel: doc.gpuModel,
    gpuCount: doc.gpuCount,
    pricingClass: doc.pricingClass,
    priceBookId: doc.priceBookId,
    startedAtMs: validatedMs(doc.startedAt),
    endedAtMs: doc.endedAt === null || doc.endedAt === undefined ? null : validatedMs(doc.endedAt),
    commitment: doc.commitment
      ? { termMonths: doc.commitment.termMonths, autoRenew: doc.commitment.autoRenew }
      : null,
    updatedAtMs: validatedMs(doc.updatedAt),
  };
}

export function fromCustomerDocument(doc: CustomerDocument): Customer {
  return {
    customerId: doc.customerId,
    name: doc.name,
    currency: doc.currency,
    country: doc.country ?? null,
    creditLimit: doc.creditLimit ?? null,
    // Only when given, so documents without them read back exactly as before; payments defaults to stripe.
    ...(doc.paymentProvider ? { paymentProvider: doc.paymentProvider } : {}),
    ...(doc.pspCustomerId ? { pspCustomerId: doc.pspCustomerId } : {}),
    // What invoice documents and tax read (libs/invoicing): kept in the stored document, only when given.
    ...(doc.legalName ? { legalName: doc.legalName } : {}),
    ...(doc.billingAddress && doc.billingAddress.length > 0 ? { billingAddress: doc.billingAddress } : {}),
    ...(doc.taxId ? { taxId: doc.taxId } : {}),
    ...(doc.paymentTermsDays !== undefined && doc.paymentTermsDays !== null ? { paymentTermsDays: doc.paymentTermsDays } : {}),
    ...(doc.customerType ? { customerType: doc.customerType } : {}),
    ...(doc.taxExempt ? { taxExempt: true } : {}),
    updatedAtMs: validatedMs(doc.updatedAt),
  };
}

export function fromPriceBookDocument(doc: PriceBookDocument): PriceBookVersion {
  return {
    priceBookId: doc.priceBookId,
    version: doc.version,
    effectiveFromMs: validatedMs(doc.effectiveFrom),
    currency: doc.currency,
    platformFeeRate: doc.platformFeeRate,
    rates: doc.rates.map(fromRateDocument),
  };
}

function fromRateDocument(doc: RateDocument): Rate {
  return {
    gpuModel: doc.gpuModel,
    pricingClass: doc.pricingClass,
    unitPrice: doc.unitPrice ?? null,
    tiers: doc.tiers ? doc.tiers.map((t) => ({ upToGpuHours: t.upToGpuHours, unitPrice: t.unitPrice })) : null,
    tierMode: doc.tierMode ?? null,
    packageGpuHours: doc.packageGpuHours ?? null,
    minimumCharge: doc.minimumCharge ?? null,
  };
}

/** The schema's `rfc3339-ms` format already accepted the text; null here is a programmer error. */
function validatedMs(text: string): number {
  const ms = parseRfc3339Ms(text);
  if (ms === null) throw new Error(`unvalidated timestamp reached the mapping: ${JSON.stringify(text)}`);
  return ms;
}
