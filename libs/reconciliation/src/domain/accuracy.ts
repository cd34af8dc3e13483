import type Big from 'big.js';
import { Dec } from '@hourglass/money';
import { breakIdOf, type Break } from './breaks';
import type { PeriodWindow } from './matching-engine';

/** A (rental, UTC hour) where covered GPU-ms (union semantics) and the newest rating disagree. */
export interface MeteredRatedDiff {
  rentalId: string;
  customerId: string;
  currency: string;
  hourMs: number;
  meteredGpuMs: number;
  ratedGpuMs: number;
}

/** A rental whose invoiced GPU-ms for the period (usage and adjustment lines) differ from its covered GPU-ms. */
export interface InvoicedDiff {
  rentalId: string;
  customerId: string;
  currency: string;
  meteredGpuMs: number;
  invoicedGpuMs: number;
  invoiceIds: string[];
}

/** Shares + fees against invoiced amounts: per line, or per operator statement against its lines. */
export interface SharesDiff {
  subject: string;
  currency: string;
  amount: Big;
  sharesPlusFees: Big;
  refs: Record<string, unknown>;
}

export interface TrialBalanceRow {
  currency: string;
  debits: Big;
  credits: Big;
}

export interface AccuracyInput {
  period: PeriodWindow;
  meteredRated: readonly MeteredRatedDiff[];
  invoiced: readonly InvoicedDiff[];
  shares: readonly SharesDiff[];
  trialBalance: readonly TrialBalanceRow[];
}

const hourIso = (ms: number) => new Date(ms).toISOString().slice(0, 13) + ':00Z';

/**
 * Billing accuracy as breaks, each naming its rentals and hours. A difference is charged to the first
 * stage where it appears: metered ↔ rated per (rental, hour); invoiced ↔ metered per rental and
 * period (invoices bill covered time, CONTRACTS §3, so this is the rated ↔ invoiced stage measured
 * against the quantity both should carry); shares + fees ↔ amounts; and the trial balance. Ages count
 * from the period's end.
 */
export function accuracyBreaks(input: AccuracyInput): Break[] {
  const { period } = input;
  const out: Break[] = [];
  const byRental = new Map<string, MeteredRatedDiff[]>();
  for (const d of input.meteredRated) byRental.set(d.rentalId, [...(byRental.get(d.rentalId) ?? []), d]);
  for (const [rentalId, diffs] of [...byRental].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const hours = [...diffs].sort((a, b) => a.hourMs - b.hourMs);
    const delta = hours.reduce((s, h) => s + (h.meteredGpuMs - h.ratedGpuMs), 0);
    out.push({
      breakId: breakIdOf('accuracy_metered_rated', `${rentalId}:${period.id}`),
      type: 'accuracy_metered_rated',
      period: period.id,
      provider: '',
      currency: hours[0]!.currency,
      amount: new Dec(0),
      deltaGpuMs: delta,
      openedAtMs: period.endMs,
      refs: {
        rentalId,
        customerId: hours[0]!.customerId,
        hours: hours.map((h) => ({ hour: hourIso(h.hourMs), meteredGpuMs: h.meteredGpuMs, ratedGpuMs: h.ratedGpuMs })),
        deltaGpuHours: new Dec(delta).div(3_600_000).toString(),
      },
    });
  }
  for (const d of [...input.invoiced].sort((a, b) => (a.rentalId < b.rentalId ? -1 : 1))) {
    const delta = d.meteredGpuMs - d.invoicedGpuMs;
    out.push({
      breakId: breakIdOf('accuracy_rated_invoiced', `${d.rentalId}:${period.id}`),
      type: 'accuracy_rated_invoiced',
      period: period.id,
      provider: '',
      currency: d.currency,
      amount: new Dec(0),
      deltaGpuMs: delta,
      openedAtMs: period.endMs,
      refs: { rentalId: d.rentalId, customerId: d.customerId, invoiceIds: d.invoiceIds, meteredGpuMs: d.meteredGpuMs, invoicedGpuMs: d.invoicedGpuMs, deltaGpuHours: new Dec(delta).div(3_600_000).toString() },
    });
  }
  for (const s of input.shares) {
    const diff = s.amount.minus(s.sharesPlusFees);
    out.push({
      breakId: breakIdOf('accuracy_shares', `${s.subject}:${period.id}`),
      type: 'accuracy_shares',
      period: period.id,
      provider: '',
      currency: s.currency,
      amount: diff.abs(),
      deltaGpuMs: 0,
      openedAtMs: period.endMs,
      refs: { direction: diff.gt(0) ? 'short' : 'over', ...s.refs, amount: s.amount.toString(), sharesPlusFees: s.sharesPlusFees.toString() },
    });
  }
  for (const t of input.trialBalance) {
    if (t.debits.eq(t.credits)) continue;
    out.push({
      breakId: breakIdOf('amount_mismatch', `trial_balance:${t.currency}:${period.id}`),
      type: 'amount_mismatch',
      period: period.id,
      provider: '',
      currency: t.currency,
      amount: t.debits.minus(t.credits).abs(),
      deltaGpuMs: 0,
      openedAtMs: period.endMs,
      refs: { kind: 'trial_balance', debits: t.debits.toString(), credits: t.credits.toString() },
    });
  }
  return out;
}
