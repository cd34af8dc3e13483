import Big from 'big.js';
import { roundToMinor, roundingModeFor, type RoundingMode } from '@hourglass/money';
import { addMonthsClamped } from './calendar';
import { CurrencyMismatchError, InvalidRentalError, MissingRateError, UnpricedUsageError } from './errors';
import { makeLine, type InvoiceLine } from './line';
import { findRate, resolveVersion } from './price-versions';
import { flatExact } from './rate/flat';
import { intersect, periodOf, spanMs, type Span } from '@hourglass/time';
import type { PriceBookVersion, Rental } from './types';

/** A bound on generated terms: 10,000 terms is centuries of monthly commitments. */
const TERMS_MAX = 10_000;

function commitmentOf(rental: Rental): { termMonths: number; autoRenew: boolean } {
  if (rental.pricingClass !== 'reserved') throw new InvalidRentalError(rental.rentalId, 'is not reserved');
  const c = rental.commitment;
  if (c === null) throw new InvalidRentalError(rental.rentalId, 'is reserved but has no commitment');
  if (!Number.isSafeInteger(c.termMonths) || c.termMonths < 1) {
    throw new InvalidRentalError(rental.rentalId, `termMonths ${c.termMonths} is not a positive integer`);
  }
  if (rental.endedAtMs !== null && rental.endedAtMs < rental.startedAtMs) {
    throw new InvalidRentalError(rental.rentalId, 'ends before it starts');
  }
  return c;
}

/**
 * The commitment terms that start before `untilMs`, whole (not clipped to untilMs).
 * Term k is [start + k·termMonths, start + (k+1)·termMonths) in calendar months, each bound
 * computed from startedAt so that clamping (Jan 31 → Apr 30) does not drift later terms.
 *
 * The first term is always owed: a commitment is charged whether used or not. A later term
 * exists when the rental was renewed into it, judged from the latest rental document:
 * - ended (endedAt set): renewed at every term start before endedAt, so the charge runs to
 *   the end of the term containing the last live millisecond, never beyond it;
 * - running with autoRenew: renewed at every term start;
 * - running without autoRenew: renewal was off at updatedAt at the latest, so terms begun
 *   before updatedAt stand (they were already entered and billed) and none follow.
 */
export function reservedTermSpans(rental: Rental, untilMs: number): Span[] {
  const { termMonths, autoRenew } = commitmentOf(rental);
  if (Number.isNaN(untilMs)) throw new Error('untilMs is NaN');
  const lastRenewalBeforeMs = rental.endedAtMs ?? (autoRenew ? Infinity : rental.updatedAtMs);
  const terms: Span[] = [];
  for (let k = 0; ; k++) {
    const startMs = addMonthsClamped(rental.startedAtMs, k * termMonths);
    if (startMs >= untilMs) break;
    if (k > 0 && startMs >= lastRenewalBeforeMs) break;
    if (k >= TERMS_MAX) throw new Error(`rental ${rental.rentalId}: more than ${TERMS_MAX} terms before ${untilMs}`);
    terms.push({ startMs, endMs: addMonthsClamped(rental.startedAtMs, (k + 1) * termMonths) });
  }
  return terms;
}

function committedMsWithin(rental: Rental, window: Span): number {
  let ms = 0;
  for (const term of reservedTermSpans(rental, window.endMs)) {
    const piece = intersect(term, window);
    if (piece) ms += spanMs(piece);
  }
  return ms;
}

export interface ReservedCharge {
  /** Committed milliseconds of the month (the part of it the terms cover). */
  chargedMs: number;
  gpuMs: bigint;
  exact: Big;
  amount: Big;
}

/**
 * The in-advance charge of one calendar month: committed ms of the month × gpuCount ×
 * unitPrice / 3.6e6, rounded once. A rental starting or ending its commitment mid-month is
 * prorated by the millisecond. The rental's current gpuCount is charged; a change after
 * the month was billed is settled by upgradeProration, not by re-billing the month.
 */
export function reservedChargeForMonth(
  rental: Rental,
  unitPrice: string,
  month: Span,
  currency: string,
  mode: RoundingMode = roundingModeFor(currency),
): ReservedCharge {
  const chargedMs = committedMsWithin(rental, month);
  const gpuMs = BigInt(chargedMs) * BigInt(rental.gpuCount);
  const exact = flatExact(unitPrice, gpuMs);
  return { chargedMs, gpuMs, exact, amount: roundToMinor(exact, currency, mode) };
}

export interface UpgradeProration {
  /** When the new gpuCount took effect: the newer rental document's updatedAt. */
  effectiveAtMs: number;
  /** Committed ms of the already-billed month from effectiveAt on. */
  remainingMs: number;
  /** (newCount − oldCount) × remainingMs; negative for a downgrade. */
  gpuMsDelta: bigint;
  exact: Big;
  /** Rounded once; negative (a credit) for a downgrade. */
  amount: Big;
}

/**
 * A mid-term gpuCount change in a month that was already billed in advance at the old
 * count: (newCount − oldCount) × unitPrice × committed ms left in the month / 3.6e6,
 * rounded once. Later months are billed at the new count by reservedChargeForMonth.
 * A downgrade yields a credit computed the same way; whether a commitment may be reduced
 * is the control plane's decision, not rating's.
 */
export function upgradeProration(
  before: Rental,
  after: Rental,
  unitPrice: string,
  billedMonth: Span,
  currency: string,
  mode: RoundingMode = roundingModeFor(currency),
): UpgradeProration {
  if (before.rentalId !== after.rentalId) throw new Error('upgradeProration needs two versions of one rental');
  if (after.updatedAtMs < before.updatedAtMs) {
    throw new InvalidRentalError(after.rentalId, 'the "after" document is older than the "before" document');
  }
  commitmentOf(before);
  const effectiveAtMs = after.updatedAtMs;
  const window = { startMs: Math.max(effectiveAtMs, billedMonth.startMs), endMs: billedMonth.endMs };
  const remainingMs = window.startMs < window.endMs ? committedMsWithin(after, window) : 0;
  const gpuMsDelta = BigInt(after.gpuCount - before.gpuCount) * BigInt(remainingMs);
  const magnitude = flatExact(unitPrice, gpuMsDelta < 0n ? -gpuMsDelta : gpuMsDelta);
  const exact = gpuMsDelta < 0n ? magnitude.neg() : magnitude;
  return { effectiveAtMs, remainingMs, gpuMsDelta, exact, amount: roundToMinor(exact, currency, mode) };
}

/**
 * The 'reserved' invoice lines of one month. The price is the version in effect when the
 * term began, fixed for the term like a reserved instance's: the month is billed in
 * advance, before versions published later could be known, and a renewal re-prices. A
 * month straddling a renewal that changed version gets one line per version.
 */
export function reservedLines(
  rental: Rental,
  versions: readonly PriceBookVersion[],
  month: Span,
  currency: string,
  mode: RoundingMode = roundingModeFor(currency),
): Array<InvoiceLine & { kind: 'reserved' }> {
  const byVersion = new Map<number, { version: PriceBookVersion; ms: number }>();
  for (const term of reservedTermSpans(rental, month.endMs)) {
    const piece = intersect(term, month);
    if (!piece) continue;
    const version = resolveVersion(versions, term.startMs);
    if (!version) throw new UnpricedUsageError(rental.rentalId, rental.priceBookId, piece.startMs, piece.endMs);
    const entry = byVersion.get(version.version) ?? { version, ms: 0 };
    entry.ms += spanMs(piece);
    byVersion.set(version.version, entry);
  }
  return [...byVersion.values()]
    .sort((a, b) => a.version.version - b.version.version)
    .map(({ version, ms }) => {
      if (version.currency !== currency) {
        throw new CurrencyMismatchError(currency, version.currency, version.priceBookId, version.version);
      }
      const rate = findRate(version, rental.gpuModel, 'reserved');
      if (!rate || rate.unitPrice === null || rate.tiers !== null) {
        throw new MissingRateError(rental.rentalId, version.priceBookId, version.version, rental.gpuModel, 'reserved');
      }
      const gpuMs = BigInt(ms) * BigInt(rental.gpuCount);
      const exact = flatExact(rate.unitPrice, gpuMs);
      return makeLine({
        kind: 'reserved',
        rental,
        version,
        servicePeriod: periodOf(month.startMs),
        gpuMs,
        unitPrice: rate.unitPrice,
        amount: roundToMinor(exact, currency, mode),
        exact,
        currency,
        mode,
      });
    });
}
