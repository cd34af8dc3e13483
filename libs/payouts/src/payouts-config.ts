import type { PayoutBasis } from './eligibility/eligibility';

/** What the payouts services need of the configuration (the config lib's `payouts` section). */
export interface PayoutsSettings {
  basis: PayoutBasis;
  reserveRate: string;
  reserveHoldMs: number;
  /** Smallest transfer, per currency; `*` for any other currency. */
  minimum: Readonly<Record<string, string>>;
  debtor: { name: string; iban: string; bic: string } | null;
  /** Monthly invoiced spend above which a customer must be verified; null: no threshold. */
  customerSpendLimit: string | null;
}
