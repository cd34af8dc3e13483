import Big from 'big.js';
import { Dec, roundToMinor, roundingModeFor, type RoundingMode } from '@hourglass/money';
import { assertCalendarMonth } from './calendar';
import { CurrencyMismatchError, InvalidRentalError, MissingRateError, UnpricedUsageError } from './errors';
import { compareLines, makeLine, type InvoiceLine, type UsageLine } from './line';
import { findRate, uncoveredSpans, versionSpans } from './price-versions';
import { flatExact } from './rate/flat';
import { proratedMinimum } from './rate/minimum';
import { groupExact, isPricedPerLine } from './rate/rate-model';
import { coveredMsWithin, intersect, Period, periodOf, spanMs, type Span } from '@hourglass/time';
import { attributeTiered } from './tier-attribution';
import type { PriceBookVersion, Rate, Rental } from './types';

export interface RentalUsage {
  rental: Rental;
  /** Covered time, already unioned (no overlaps) and clipped to the rental's window. */
  coveredIntervals: readonly Span[];
  /** The versions of the rental's price book. */
  versions: readonly PriceBookVersion[];
}

export interface UsageLinesInput {
  customerId: string;
  currency: string;
  /** The billing period: one whole UTC calendar month. */
  period: Span;
  rentals: readonly RentalUsage[];
  /** Defaults to the currency's mode (half away from zero). */
  roundingMode?: RoundingMode;
}

interface Pending {
  rental: Rental;
  version: PriceBookVersion;
  rate: Rate;
  gpuMs: bigint;
  /** The part of the period this version governs, for prorating a minimum. */
  governedMs: number;
}

function pendingFor(entry: RentalUsage, input: UsageLinesInput): Pending[] {
  const { rental } = entry;
  if (rental.customerId !== input.customerId) {
    throw new InvalidRentalError(rental.rentalId, `belongs to customer ${rental.customerId}, not ${input.customerId}`);
  }
  if (!Number.isSafeInteger(rental.gpuCount) || rental.gpuCount < 0) {
    throw new InvalidRentalError(rental.rentalId, `gpuCount ${rental.gpuCount} is not a non-negative integer`);
  }
  const foreign = entry.versions.find((v) => v.priceBookId !== rental.priceBookId);
  if (foreign) throw new InvalidRentalError(rental.rentalId, `was given a version of price book ${foreign.priceBookId}`);
  for (const s of entry.coveredIntervals) {
    if (!Number.isSafeInteger(s.startMs) || !Number.isSafeInteger(s.endMs) || s.endMs < s.startMs) {
      throw new InvalidRentalError(rental.rentalId, `covered interval [${s.startMs}, ${s.endMs}) is not whole milliseconds in order`);
    }
  }
  const covered = entry.coveredIntervals
    .map((s) => intersect(s, input.period))
    .filter((s): s is Span => s !== undefined);
  for (const gap of uncoveredSpans(entry.versions, input.period)) {
    const unpriced = covered.map((s) => intersect(s, gap)).find((s) => s !== undefined);
    if (unpriced) throw new UnpricedUsageError(rental.rentalId, rental.priceBookId, unpriced.startMs, unpriced.endMs);
  }
  const pending: Pending[] = [];
  for (const span of versionSpans(entry.versions, input.period)) {
    const ms = coveredMsWithin(covered, span);
    if (ms === 0) continue;
    const { version } = span;
    if (version.currency !== input.currency) {
      throw new CurrencyMismatchError(input.currency, version.currency, version.priceBookId, version.version);
    }
    const rate = findRate(version, rental.gpuModel, rental.pricingClass);
    if (!rate) {
      throw new MissingRateError(rental.rentalId, version.priceBookId, version.version, rental.gpuModel, rental.pricingClass);
    }
    pending.push({ rental, version, rate, gpuMs: BigInt(ms) * BigInt(rental.gpuCount), governedMs: spanMs(span) });
  }
  return pending;
}

/**
 * CONTRACTS §3 usage lines of one customer, currency and period: one line per (rental,
 * price book version) with covered time. Flat rates are priced per line from its exact
 * GPU-ms and rounded once. Tiered, package and minimum-charge rates are priced on the
 * customer's total per (price book, version, GPU model, pricing class) and attributed to
 * the lines by tier-attribution. Reserved rentals get no usage line: their commitment is
 * charged by reservedLines, and their metered usage must not be charged a second time.
 * A rental with covered time but no price (before the first version, or no rate for its
 * model and class) fails the whole run: billing it at zero would lose revenue silently.
 */
export function usageLines(input: UsageLinesInput): UsageLine[] {
  assertCalendarMonth(input.period, 'the billing period');
  const mode = input.roundingMode ?? roundingModeFor(input.currency);
  const rentalIds = new Set(input.rentals.map((r) => r.rental.rentalId));
  if (rentalIds.size !== input.rentals.length) throw new Error('a rental appears twice in the usage input');

  const pending = input.rentals
    .filter((entry) => entry.rental.pricingClass !== 'reserved')
    .flatMap((entry) => pendingFor(entry, input))
    .sort((a, b) => (a.rental.rentalId < b.rental.rentalId ? -1 : a.rental.rentalId > b.rental.rentalId ? 1 : 0));
  const servicePeriod = periodOf(input.period.startMs);
  const periodMs = spanMs(input.period);
  const lines: UsageLine[] = [];
  const groups = new Map<string, Pending[]>();

  for (const p of pending) {
    if (isPricedPerLine(p.rate)) {
      const exact = flatExact(p.rate.unitPrice as string, p.gpuMs);
      const amount = roundToMinor(exact, input.currency, mode);
      lines.push(
        makeLine({ ...p, kind: 'usage', servicePeriod, unitPrice: p.rate.unitPrice, amount, exact, currency: input.currency, mode }),
      );
      continue;
    }
    const key = JSON.stringify([p.version.priceBookId, p.version.version, p.rental.gpuModel, p.rental.pricingClass]);
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }

  for (const members of groups.values()) {
    const { rate, version, governedMs } = members[0];
    const minimum = rate.minimumCharge === null ? null : proratedMinimum(rate.minimumCharge, governedMs, periodMs);
    const attribution = attributeTiered(
      rate,
      members.map((m) => ({ key: m.rental.rentalId, gpuMs: m.gpuMs })),
      input.currency,
      mode,
      { minimum },
    );
    attribution.perItem.forEach((item, i) => {
      lines.push(
        makeLine({
          kind: 'usage',
          rental: members[i].rental,
          version,
          servicePeriod,
          gpuMs: item.gpuMs,
          unitPrice: rate.tiers === null && rate.packageGpuHours === null ? rate.unitPrice : null,
          amount: item.amount,
          exact: item.exact,
          currency: input.currency,
          mode,
        }),
      );
    });
  }
  return lines.sort(compareLines);
}

export interface AdjustmentInput {
  rental: Rental;
  version: PriceBookVersion;
  /** 'YYYY-MM' of the original usage. */
  servicePeriod: string;
  /** GPU-ms newly covered in (rental, version, servicePeriod) since it was invoiced. */
  newlyCoveredGpuMs: bigint;
  /**
   * The customer's GPU-ms already invoiced in the same group (price book, version, model,
   * class, service period). Required when the rate is tiered, packaged or has a minimum,
   * whose price for the late GPU-ms depends on what came before; ignored for flat rates.
   */
  invoicedGroupGpuMs?: bigint;
  /** Ms of the service period governed by `version`, to prorate a minimum; default the whole period. */
  governedMs?: number;
  roundingMode?: RoundingMode;
}

/**
 * CONTRACTS §3 adjustment: late usage of an invoiced period, billed on a later invoice and
 * rounded on its own. For flat rates it is unitPrice × new GPU-ms / 3.6e6. For grouped
 * rates it is the group's exact amount with the late GPU-ms minus without them, so tiers
 * continue where the invoice left off (and a volume tier crossing can make it a credit).
 */
export function adjustmentLine(input: AdjustmentInput): InvoiceLine & { kind: 'adjustment' } {
  const { rental, version, newlyCoveredGpuMs } = input;
  const currency = version.currency;
  const mode = input.roundingMode ?? roundingModeFor(currency);
  if (newlyCoveredGpuMs < 0n) throw new Error('newly covered GPU-ms cannot be negative');
  if (rental.priceBookId !== version.priceBookId) {
    throw new InvalidRentalError(rental.rentalId, `was given a version of price book ${version.priceBookId}`);
  }
  if (rental.pricingClass === 'reserved') {
    throw new InvalidRentalError(rental.rentalId, 'is reserved: late usage is metered, not charged again');
  }
  const rate = findRate(version, rental.gpuModel, rental.pricingClass);
  if (!rate) throw new MissingRateError(rental.rentalId, version.priceBookId, version.version, rental.gpuModel, rental.pricingClass);

  let exact: Big;
  if (isPricedPerLine(rate)) {
    exact = flatExact(rate.unitPrice as string, newlyCoveredGpuMs);
  } else {
    if (input.invoicedGroupGpuMs === undefined) {
      throw new Error(`rate ${rate.gpuModel}/${rate.pricingClass} is priced on the group total: invoicedGroupGpuMs is required`);
    }
    const periodMs = spanMs(Period.parse(input.servicePeriod));
    const minimum =
      rate.minimumCharge === null ? null : proratedMinimum(rate.minimumCharge, input.governedMs ?? periodMs, periodMs);
    const before = groupExact(rate, input.invoicedGroupGpuMs, minimum);
    exact = groupExact(rate, input.invoicedGroupGpuMs + newlyCoveredGpuMs, minimum).minus(before);
  }
  exact = new Dec(exact);
  return makeLine({
    kind: 'adjustment',
    rental,
    version,
    servicePeriod: input.servicePeriod,
    gpuMs: newlyCoveredGpuMs,
    unitPrice: rate.tiers === null && rate.packageGpuHours === null ? rate.unitPrice : null,
    amount: roundToMinor(exact, currency, mode),
    exact,
    currency,
    mode,
  });
}
