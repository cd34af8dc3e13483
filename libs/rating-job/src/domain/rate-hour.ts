import Big from 'big.js';
import { Dec, parseFeeRate } from '@hourglass/money';
import {
  findRate,
  flatExact,
  MS_PER_HOUR_DEC,
  rateModel,
  uncoveredSpans,
  versionSpans,
  type PriceBookVersion,
  type Rate,
  type Rental,
} from '@hourglass/rating';
import { coveredMsWithin, intersect, MS_PER_HOUR, type Span } from '@hourglass/time';


/**
 * Scale of the exact columns of rated_usage_versions (Decimal(38, 18)). Exact amounts are
 * rounded half up to this scale once, then share and fee are derived from the stored amount,
 * so `operator_share + platform_fee = exact_amount` holds to the last stored digit.
 * Dashboards sum these; invoices never do (they round per line from integer GPU-ms).
 */
export const RATED_DP = 18;

/** One row of rated_usage: a rental's GPU-ms in one hour under one price book version. */
export interface RatedHour {
  rentalId: string;
  customerId: string;
  operatorId: string;
  hourStartMs: number;
  priceBookId: string;
  priceBookVersion: number;
  currency: string;
  gpuMs: bigint;
  /** Set exactly when exactAmount = unitPrice × gpuMs / 3.6e6 (see hourlyPrice). */
  unitPrice: string | null;
  exactAmount: Big;
  operatorShare: Big;
  platformFee: Big;
}

export type UnpricedReason = 'no_price_version' | 'no_rate';

/** Covered GPU-ms that cannot be rated now; a later price book version re-rates it. */
export interface UnpricedHour {
  rentalId: string;
  hourStartMs: number;
  priceBookId: string;
  gpuMs: bigint;
  reason: UnpricedReason;
}

export interface HourUsage {
  /** The rental's current document: its window, GPU count, book and class govern the whole hour. */
  rental: Rental;
  hourStartMs: number;
  /** Union of the rental's accepted intervals within the hour: disjoint, in any order. */
  covered: readonly Span[];
  /** Every version of the rental's price book. */
  versions: readonly PriceBookVersion[];
}

export interface HourRating {
  rated: RatedHour[];
  unpriced: UnpricedHour[];
}

export interface HourlyPrice {
  unitPrice: string | null;
  exact(gpuMs: bigint): Big;
}

/**
 * How one hour of one rental is priced without the rest of the month.
 * - flat (with or without a minimum): unitPrice × GPU-ms / 3.6e6, exactly what the invoice
 *   line is made of; the monthly minimum is not spread over hours.
 * - graduated and volume tiers: the first tier's price, the list price before any volume
 *   discount. The tier a GPU-hour falls in depends on the customer's whole month, so any
 *   hourly figure is an estimate; this one is deterministic (an hour's rating does not
 *   depend on the order usage arrived in) and never under-states spend for the usual
 *   descending ladders, which is the safe side for credit-limit alerts. The invoice, not
 *   rated_usage, is authoritative for tiered rates.
 * - package: unitPrice / packageGpuHours per GPU-hour, without rounding up to whole
 *   packages (that happens once per month on the invoice); unitPrice is null because the
 *   row's price per GPU-hour is not a price the book states.
 */
export function hourlyPrice(rate: Rate): HourlyPrice {
  switch (rateModel(rate)) {
    case 'flat': {
      const unitPrice = rate.unitPrice as string;
      return { unitPrice, exact: (gpuMs) => flatExact(unitPrice, gpuMs) };
    }
    case 'graduated':
    case 'volume': {
      const unitPrice = (rate.tiers ?? [])[0]?.unitPrice;
      if (unitPrice === undefined) throw new Error(`rate ${rate.gpuModel}/${rate.pricingClass} has an empty tier table`);
      return { unitPrice, exact: (gpuMs) => flatExact(unitPrice, gpuMs) };
    }
    case 'package': {
      const perPackage = new Dec(rate.unitPrice as string);
      const packageMs = new Dec(rate.packageGpuHours as string).times(MS_PER_HOUR_DEC);
      return { unitPrice: null, exact: (gpuMs) => perPackage.times(new Dec(gpuMs)).div(packageMs) };
    }
  }
}

/** operator share = amount × (1 − fee rate) at RATED_DP, fee = the rest: they sum to the amount exactly. */
export function splitExact(amount: Big, platformFeeRate: string): { operatorShare: Big; platformFee: Big } {
  const rate = parseFeeRate(platformFeeRate);
  const operatorShare = amount.times(new Dec(1n).minus(rate)).round(RATED_DP, Big.roundHalfUp);
  return { operatorShare, platformFee: amount.minus(operatorShare) };
}

function assertDisjoint(rentalId: string, covered: readonly Span[]): Span[] {
  const sorted = [...covered].sort((a, b) => a.startMs - b.startMs);
  sorted.forEach((s, i) => {
    // A union with overlaps would count a millisecond twice: a bug in the covered-time query, not bad input.
    if (!(s.startMs < s.endMs) || (i > 0 && s.startMs < sorted[i - 1]!.endMs)) {
      throw new Error(`covered pieces of rental ${rentalId} are not a disjoint union: ${JSON.stringify(sorted)}`);
    }
  });
  return sorted;
}

/**
 * Rates one (rental, hour) from scratch: the covered time inside the hour and the rental's
 * window [startedAt, endedAt), split at every price version boundary inside the hour
 * (CONTRACTS §3: each millisecond is priced by the version in effect at it). One row per
 * version with covered time; reserved rentals record their GPU-ms at amount 0 because the
 * commitment, not the usage, is charged.
 */
export function rateHour(usage: HourUsage): HourRating {
  const { rental, versions } = usage;
  const out: HourRating = { rated: [], unpriced: [] };
  const hour: Span = { startMs: usage.hourStartMs, endMs: usage.hourStartMs + MS_PER_HOUR };
  if (usage.hourStartMs % MS_PER_HOUR !== 0) throw new Error(`${usage.hourStartMs} is not the start of an hour`);
  const window = intersect(hour, { startMs: rental.startedAtMs, endMs: rental.endedAtMs ?? Number.MAX_SAFE_INTEGER });
  if (!window) return out;
  const covered = assertDisjoint(rental.rentalId, usage.covered);
  const gpuCount = BigInt(rental.gpuCount);
  const unpriced = (gpuMs: bigint, reason: UnpricedReason) =>
    out.unpriced.push({ rentalId: rental.rentalId, hourStartMs: usage.hourStartMs, priceBookId: rental.priceBookId, gpuMs, reason });

  for (const gap of uncoveredSpans(versions, window)) {
    const ms = coveredMsWithin(covered, gap);
    if (ms > 0) unpriced(BigInt(ms) * gpuCount, 'no_price_version');
  }
  for (const span of versionSpans(versions, window)) {
    const ms = coveredMsWithin(covered, span);
    if (ms === 0) continue;
    const gpuMs = BigInt(ms) * gpuCount;
    const { version } = span;
    let unitPrice: string | null = null;
    let exactAmount: Big = new Dec(0n);
    if (rental.pricingClass !== 'reserved') {
      const rate = findRate(version, rental.gpuModel, rental.pricingClass);
      if (!rate) {
        unpriced(gpuMs, 'no_rate');
        continue;
      }
      const price = hourlyPrice(rate);
      unitPrice = price.unitPrice;
      exactAmount = price.exact(gpuMs).round(RATED_DP, Big.roundHalfUp);
    }
    out.rated.push({
      rentalId: rental.rentalId,
      customerId: rental.customerId,
      operatorId: rental.operatorId,
      hourStartMs: usage.hourStartMs,
      priceBookId: version.priceBookId,
      priceBookVersion: version.version,
      currency: version.currency,
      gpuMs,
      unitPrice,
      exactAmount,
      ...splitExact(exactAmount, version.platformFeeRate),
    });
  }
  return out;
}
