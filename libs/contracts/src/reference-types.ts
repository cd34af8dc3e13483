/** Reference data (CONTRACTS.md §2) as the rest of Hourglass reads it: epoch ms, decimal strings. */

export type PricingClass = 'on_demand' | 'spot' | 'reserved';

export interface Commitment {
  termMonths: number;
  autoRenew: boolean;
}

export interface Rental {
  rentalId: string;
  customerId: string;
  operatorId: string;
  datacenterId: string;
  nodeId: string;
  gpuModel: string;
  gpuCount: number;
  pricingClass: PricingClass;
  priceBookId: string;
  startedAtMs: number;
  /** Exclusive; null while the rental runs. */
  endedAtMs: number | null;
  /** Set exactly when `pricingClass` is `reserved`. */
  commitment: Commitment | null;
  updatedAtMs: number;
}

export interface Customer {
  customerId: string;
  name: string;
  /** ISO 4217, upper case. */
  currency: string;
  /** ISO 3166-1 alpha-2, upper case. */
  country: string | null;
  /** Decimal string in `currency`. */
  creditLimit: string | null;
  /** Who collects this customer's payments (CONTRACTS §6); absent in documents means `stripe`. */
  paymentProvider?: 'stripe' | 'adyen';
  /** The processor's own customer reference (Stripe `cus_…`, Adyen shopper reference), if any. */
  pspCustomerId?: string | null;
  /** Invoice documents and tax (libs/invoicing README); present only when the document gave them. */
  legalName?: string;
  billingAddress?: string[];
  taxId?: string;
  paymentTermsDays?: number;
  customerType?: 'business' | 'individual';
  taxExempt?: boolean;
  updatedAtMs: number;
}

export interface Tier {
  /** Decimal string; null on the last tier only. Bounds strictly ascend. */
  upToGpuHours: string | null;
  unitPrice: string;
}

export interface Rate {
  gpuModel: string;
  pricingClass: PricingClass;
  /** Decimal string per GPU-hour; set exactly when `tiers` is null. */
  unitPrice: string | null;
  tiers: Tier[] | null;
  /** Set exactly when `tiers` is set. */
  tierMode: 'graduated' | 'volume' | null;
  packageGpuHours: string | null;
  minimumCharge: string | null;
}

export interface PriceBookVersion {
  priceBookId: string;
  version: number;
  effectiveFromMs: number;
  currency: string;
  /** Decimal string in [0, 1). */
  platformFeeRate: string;
  rates: Rate[];
}
