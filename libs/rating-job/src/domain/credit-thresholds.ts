import Big from 'big.js';
import { Dec } from '@hourglass/money';

export const CREDIT_THRESHOLDS = [80, 100] as const;
export type CreditThreshold = (typeof CREDIT_THRESHOLDS)[number];

/**
 * Thresholds of the credit limit that `spend` has reached (spend ≥ limit × t %), in
 * ascending order. Zero spend reaches nothing, so a limit of "0" alerts on the first
 * charge rather than on an empty month. Whether an alert was already sent is not decided
 * here: it is once per (customer, month, threshold), kept by the alert store.
 */
export function thresholdsReached(spend: Big, creditLimit: string): CreditThreshold[] {
  if (spend.lte(0)) return [];
  const limit = new Dec(creditLimit);
  return CREDIT_THRESHOLDS.filter((t) => spend.times(100).gte(limit.times(t)));
}

export interface CreditAlert {
  type: 'credit_limit.threshold_crossed';
  customerId: string;
  /** 'YYYY-MM', UTC. */
  period: string;
  threshold: CreditThreshold;
  /** Exact month-to-date spend when the threshold was seen crossed. */
  spend: string;
  creditLimit: string;
  currency: string;
  /** ISO 8601, UTC. */
  at: string;
}

/** Whole calendar months from `period` to `currentPeriod` ('YYYY-MM' both): 0 for the same month, 1 for the previous one. */
export function monthsBefore(period: string, currentPeriod: string): number {
  const index = (p: string) => Number(p.slice(0, 4)) * 12 + Number(p.slice(5, 7)) - 1;
  return index(currentPeriod) - index(period);
}
