import Big from 'big.js';
import { Dec } from '@hourglass/money';

/**
 * A rate's `minimumCharge` is per customer, GPU model and pricing class per billing period:
 * the customer's amount for that group is at least the minimum. It applies only to groups
 * with usage (a customer who rented no H100 owes no H100 minimum), and is compared with the
 * exact amount before the one rounding. When a price change splits the period, each
 * version's minimum is prorated by the share of the period that version governs, so a
 * customer never owes more than one period's minimum for the group.
 */
export function proratedMinimum(minimumCharge: string, governedMs: number, periodMs: number): Big {
  if (!(periodMs > 0) || governedMs < 0 || governedMs > periodMs) {
    throw new Error(`cannot prorate over ${governedMs} of ${periodMs} ms`);
  }
  const full = new Dec(minimumCharge);
  return governedMs === periodMs ? full : full.times(new Dec(BigInt(governedMs))).div(new Dec(BigInt(periodMs)));
}

/** max(exact, minimum); no minimum without usage. */
export function applyMinimum(exact: Big, minimum: Big | null, hasUsage: boolean): Big {
  if (minimum === null || !hasUsage) return new Dec(exact);
  return exact.lt(minimum) ? new Dec(minimum) : new Dec(exact);
}
