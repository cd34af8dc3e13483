import type Big from 'big.js';
import { DomainError } from '@hourglass/contracts';
import { Dec, roundToMinor } from '@hourglass/money';

/**
 * Matching rules (Lerian Matcher's taxonomy): each has a kind, a priority (lower first) and its
 * parameters. A candidate is tried against the rules in priority order; the first that accepts it
 * makes the match, and the match records the rule and what it compared.
 */
export type MatchRule =
  | { id: string; kind: 'exact'; priority: number; maxLagDays: number }
  | { id: string; kind: 'tolerance'; priority: number; absolute: string | null; percentage: string | null; base: 'payment' | 'settlement'; maxLagDays: number }
  | { id: string; kind: 'date_lag'; priority: number; withinDays: number };

/** A processor's contracted fee: `percentage` × gross + `fixed`, rounded to minor units, per currency. */
export interface FeeSchedule {
  provider: string;
  currency: string;
  /** e.g. "0.029" for 2.9 %. */
  percentage: string;
  /** Major units, e.g. "0.30". */
  fixed: string;
  /** A fee this far (or less) from the contract is accepted; major units. */
  tolerance: string;
}

/** Break severity by amount (major units, any currency) or age, the first level either reaches. */
export interface SeverityThresholds {
  critical: { amount: string; ageDays: number };
  high: { amount: string; ageDays: number };
  medium: { amount: string; ageDays: number };
}

export interface ReconConfig {
  rules: MatchRule[];
  feeSchedules: FeeSchedule[];
  /** The processor's usual T+N: a capture not settled within N days is in flight, not a break. */
  settlementWindowDays: Record<string, number>;
  /** How far before a period's start payments are looked for (a line of this period may settle an older capture). */
  lookbackDays: number;
  /** Days the bank has to book a payout batch before it is missing (HOURGLASS_RECON_PAYOUT_WINDOW_DAYS). */
  payoutWindowDays: number;
  severity: SeverityThresholds;
}

export const DEFAULT_RULES: MatchRule[] = [
  { id: 'exact-ref-amount', kind: 'exact', priority: 10, maxLagDays: 30 },
  { id: 'tolerance-1-cent', kind: 'tolerance', priority: 20, absolute: '0.01', percentage: null, base: 'payment', maxLagDays: 30 },
  { id: 'invoice-amount-3-days', kind: 'date_lag', priority: 30, withinDays: 3 },
];

/** Examples of contracts, to be configured (HOURGLASS_RECON_FEE_SCHEDULES): Stripe's and Adyen's list prices. */
export const DEFAULT_FEE_SCHEDULES: FeeSchedule[] = [
  { provider: 'stripe', currency: 'USD', percentage: '0.029', fixed: '0.30', tolerance: '0' },
  { provider: 'stripe', currency: 'EUR', percentage: '0.015', fixed: '0.25', tolerance: '0' },
  { provider: 'adyen', currency: 'USD', percentage: '0.006', fixed: '0.11', tolerance: '0' },
  { provider: 'adyen', currency: 'EUR', percentage: '0.006', fixed: '0.11', tolerance: '0' },
];

export const DEFAULT_RECON_CONFIG: ReconConfig = {
  rules: DEFAULT_RULES,
  feeSchedules: DEFAULT_FEE_SCHEDULES,
  settlementWindowDays: { stripe: 2, adyen: 3 },
  lookbackDays: 45,
  payoutWindowDays: 3,
  severity: { critical: { amount: '1000', ageDays: 30 }, high: { amount: '100', ageDays: 7 }, medium: { amount: '10', ageDays: 3 } },
};

export const DAY_MS = 86_400_000;

export function sortedRules(rules: readonly MatchRule[]): MatchRule[] {
  return [...rules].sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1));
}

export function assertValidRules(rules: readonly MatchRule[]): void {
  const ids = new Set<string>();
  for (const r of rules) {
    if (!r.id || ids.has(r.id)) throw new DomainError('invalid_config', `match rule ids must be unique and non-empty (${JSON.stringify(r.id)})`);
    ids.add(r.id);
    if (!['exact', 'tolerance', 'date_lag'].includes(r.kind)) throw new DomainError('invalid_config', `match rule ${r.id}: kind must be exact, tolerance or date_lag`);
    if (r.kind === 'tolerance' && r.absolute === null && r.percentage === null) throw new DomainError('invalid_config', `match rule ${r.id}: a tolerance needs absolute or percentage`);
  }
}

/** Whether `found` is within the tolerance rule of `expected` (the base is the side the percentage is of). */
export function withinTolerance(rule: Extract<MatchRule, { kind: 'tolerance' }>, payment: Big, settlement: Big): boolean {
  const diff = payment.minus(settlement).abs();
  const base = (rule.base === 'payment' ? payment : settlement).abs();
  if (rule.absolute !== null && diff.lte(new Dec(rule.absolute))) return true;
  if (rule.percentage !== null && diff.lte(base.times(new Dec(rule.percentage)))) return true;
  return false;
}

export function feeScheduleFor(schedules: readonly FeeSchedule[], provider: string, currency: string): FeeSchedule | null {
  return schedules.find((s) => s.provider === provider && s.currency === currency) ?? null;
}

/** The contracted fee of a charge: percentage × gross + fixed, rounded to the currency's minor units. */
export function expectedFee(schedule: FeeSchedule, gross: Big, currency: string): Big {
  return roundToMinor(gross.abs().times(new Dec(schedule.percentage)).plus(new Dec(schedule.fixed)), currency);
}
