import type { PriceBookVersion, Rental } from '@hourglass/contracts';
import { Dec, roundingModeFor, splitShare, type RoundingMode } from '@hourglass/money';
import {
  adjustmentLine,
  findRate,
  formatGpuHours,
  reservedLines,
  reservedTermSpans,
  upgradeProration,
  usageLines,
  versionSpans,
  type InvoiceLine,
} from '@hourglass/rating';
import { coveredMsWithin, intersect, Period, type Span } from '@hourglass/time';
import { rentalIdOfReservedKey, reservedKey, usageKey } from './billed-keys';
import { compareDraftLines, invoiceIdFor, type DraftInvoice, type DraftLine } from './invoice';

export interface BilledReserved {
  /** The GPU count the month was last charged at. */
  gpuCount: number;
}

export interface ComposeInput {
  period: string;
  /** Current version of every rental; history (oldest first) for reserved upgrades. */
  rentals: readonly Rental[];
  rentalHistory: ReadonlyMap<string, readonly Rental[]>;
  priceBooks: ReadonlyMap<string, readonly PriceBookVersion[]>;
  /** Union of accepted intervals per rental (not yet clipped) for the billed period. */
  covered: ReadonlyMap<string, readonly Span[]>;
  /** The same for each closed period with late usage, by service period. */
  lateCovered: ReadonlyMap<string, ReadonlyMap<string, readonly Span[]>>;
  /** Earlier periods whose billing run completed: late usage there becomes adjustments. */
  closedPeriods: readonly string[];
  /** GPU-ms already charged per (rental, version, service period) by usage and adjustment lines. */
  billedUsage: ReadonlyMap<string, bigint>;
  /** Reserved months already charged, per (rental, service period). */
  billedReserved: ReadonlyMap<string, BilledReserved>;
  roundingOverrides?: Readonly<Record<string, RoundingMode>>;
}

export interface ComposeFailure {
  customerId: string;
  reason: string;
}

export interface ComposeResult {
  invoices: DraftInvoice[];
  failures: ComposeFailure[];
}

function clipToRental(spans: readonly Span[], rental: Rental): Span[] {
  const window = { startMs: rental.startedAtMs, endMs: rental.endedAtMs ?? Number.MAX_SAFE_INTEGER };
  return spans.map((s) => intersect(s, window)).filter((s): s is Span => s !== undefined);
}

function currencyOf(rental: Rental, priceBooks: ComposeInput['priceBooks']): string | undefined {
  return priceBooks.get(rental.priceBookId)?.[0]?.currency;
}

function draftLine(line: InvoiceLine, gpuCount: number): DraftLine {
  return { ...line, gpuCount, creditGrantId: '', description: '' };
}

/**
 * The invoices one billing run issues for `period`, from facts only: usage lines (CONTRACTS §3),
 * adjustments for late usage of closed periods, reserved commitments billed a month in advance with
 * mid-term upgrades prorated. Pure and deterministic: the same input gives the same lines in the same
 * order, which is what makes a killed run's retry write identical rows.
 *
 * A customer whose usage cannot be priced (no version yet, no rate for the model) gets no invoice
 * and a failure with the reason: one bad price book must not hold every other customer's invoice.
 */
export function composeInvoices(input: ComposeInput): ComposeResult {
  const period = Period.parse(input.period);
  const periodSpan = period.span;
  const nextMonth = period.next().span;
  const byCustomerCurrency = new Map<string, Rental[]>();
  const failures: ComposeFailure[] = [];
  for (const rental of [...input.rentals].sort((a, b) => (a.rentalId < b.rentalId ? -1 : 1))) {
    const currency = currencyOf(rental, input.priceBooks);
    if (!currency) {
      if ((input.covered.get(rental.rentalId)?.length ?? 0) > 0 || rental.pricingClass === 'reserved') {
        failures.push({ customerId: rental.customerId, reason: `rental ${rental.rentalId}: price book ${rental.priceBookId} is unknown` });
      }
      continue;
    }
    const key = `${rental.customerId}\u0000${currency}`;
    const group = byCustomerCurrency.get(key);
    if (group) group.push(rental);
    else byCustomerCurrency.set(key, [rental]);
  }

  const invoices: DraftInvoice[] = [];
  for (const [key, rentals] of [...byCustomerCurrency.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [customerId, currency] = key.split('\u0000') as [string, string];
    const mode = roundingModeFor(currency, input.roundingOverrides);
    try {
      const lines: DraftLine[] = [
        ...composeUsage(input, rentals, customerId, currency, periodSpan, mode),
        ...composeAdjustments(input, rentals, currency, mode),
        ...composeReserved(input, rentals, currency, nextMonth, mode),
      ];
      if (lines.length === 0) continue;
      lines.sort(compareDraftLines);
      const subtotal = lines.reduce((sum, l) => sum.plus(l.amount), new Dec(0));
      invoices.push({
        invoiceId: invoiceIdFor(input.period, customerId, currency),
        customerId,
        currency,
        period: input.period,
        lines,
        subtotal,
        creditsApplied: new Dec(0),
        total: subtotal,
      });
    } catch (error) {
      failures.push({ customerId, reason: (error as Error).message });
    }
  }
  return { invoices, failures };
}

function composeUsage(
  input: ComposeInput,
  rentals: readonly Rental[],
  customerId: string,
  currency: string,
  periodSpan: Span,
  mode: RoundingMode,
): DraftLine[] {
  const usage = rentals
    .map((rental) => ({
      rental,
      coveredIntervals: clipToRental(input.covered.get(rental.rentalId) ?? [], rental),
      versions: input.priceBooks.get(rental.priceBookId) ?? [],
    }))
    .filter((u) => coveredMsWithin(u.coveredIntervals, periodSpan) > 0);
  if (usage.length === 0) return [];
  const gpuCounts = new Map(rentals.map((r) => [r.rentalId, r.gpuCount]));
  return usageLines({ customerId, currency, period: periodSpan, rentals: usage, roundingMode: mode })
    // A line for GPU-ms an earlier run already charged (a period billed out of order) is left out.
    .filter((l) => !input.billedUsage.has(usageKey(l.rentalId, l.priceBookVersion, l.servicePeriod)))
    .map((l) => draftLine(l, gpuCounts.get(l.rentalId) ?? 0));
}

function composeAdjustments(input: ComposeInput, rentals: readonly Rental[], currency: string, mode: RoundingMode): DraftLine[] {
  const lines: DraftLine[] = [];
  for (const servicePeriod of [...input.closedPeriods].sort()) {
    const month = Period.parse(servicePeriod).span;
    const coveredInPeriod = input.lateCovered.get(servicePeriod);
    if (!coveredInPeriod) continue;
    const pending: Array<{ rental: Rental; version: PriceBookVersion; newGpuMs: bigint }> = [];
    const groupBilled = new Map<string, bigint>();
    for (const rental of rentals) {
      if (rental.pricingClass === 'reserved') continue;
      const late = coveredInPeriod.get(rental.rentalId);
      const versions = input.priceBooks.get(rental.priceBookId) ?? [];
      const covered = clipToRental(late ?? [], rental);
      for (const span of versionSpans(versions, month)) {
        const billed = input.billedUsage.get(usageKey(rental.rentalId, span.version.version, servicePeriod)) ?? 0n;
        const groupKey = `${span.version.version}\u0000${rental.gpuModel}\u0000${rental.pricingClass}`;
        groupBilled.set(groupKey, (groupBilled.get(groupKey) ?? 0n) + billed);
        const gpuMs = BigInt(coveredMsWithin(covered, span)) * BigInt(rental.gpuCount);
        // Only rentals with late usage were looked up; the others still count towards the group.
        if (late && gpuMs > billed) pending.push({ rental, version: span.version, newGpuMs: gpuMs - billed });
      }
    }
    for (const { rental, version, newGpuMs } of pending) {
      if (version.currency !== currency) continue;
      const groupKey = `${version.version}\u0000${rental.gpuModel}\u0000${rental.pricingClass}`;
      const line = adjustmentLine({
        rental,
        version,
        servicePeriod,
        newlyCoveredGpuMs: newGpuMs,
        invoicedGroupGpuMs: groupBilled.get(groupKey) ?? 0n,
        roundingMode: mode,
      });
      // Later adjustments of the same group continue the tiers from here.
      groupBilled.set(groupKey, (groupBilled.get(groupKey) ?? 0n) + newGpuMs);
      lines.push(draftLine(line, rental.gpuCount));
    }
  }
  return lines;
}

function composeReserved(
  input: ComposeInput,
  rentals: readonly Rental[],
  currency: string,
  nextMonth: Span,
  mode: RoundingMode,
): DraftLine[] {
  const lines: DraftLine[] = [];
  for (const rental of rentals) {
    if (rental.pricingClass !== 'reserved' || !rental.commitment) continue;
    const versions = input.priceBooks.get(rental.priceBookId) ?? [];
    const terms = reservedTermSpans(rental, nextMonth.endMs);
    for (let period = Period.containing(rental.startedAtMs); period.startMs < nextMonth.endMs; period = period.next()) {
      const month = period.span;
      if (!terms.some((t) => intersect(t, month))) continue;
      const servicePeriod = period.toString();
      const billed = input.billedReserved.get(reservedKey(rental.rentalId, servicePeriod));
      if (!billed) {
        // In advance: the run for P charges every committed month up to P+1 not charged yet.
        lines.push(...reservedLines(rental, versions, month, currency, mode).map((l) => draftLine(l, rental.gpuCount)));
        continue;
      }
      if (billed.gpuCount === rental.gpuCount) continue;
      const before = [...(input.rentalHistory.get(rental.rentalId) ?? [])].reverse().find((r) => r.gpuCount === billed.gpuCount);
      const rate = resolveReservedRate(versions, rental, month);
      if (!before || !rate) continue;
      const proration = upgradeProration(before, rental, rate.unitPrice, month, currency, mode);
      if (proration.gpuMsDelta === 0n) continue;
      const version = rate.version;
      const share = splitShare(proration.amount, version.platformFeeRate, currency, mode);
      lines.push({
        rentalId: rental.rentalId,
        operatorId: rental.operatorId,
        priceBookId: version.priceBookId,
        priceBookVersion: version.version,
        servicePeriod,
        kind: 'reserved',
        gpuMs: proration.gpuMsDelta < 0n ? -proration.gpuMsDelta : proration.gpuMsDelta,
        quantityGpuHours: formatSigned(proration.gpuMsDelta),
        unitPrice: rate.unitPrice,
        amount: proration.amount,
        operatorShare: share.operatorShare,
        platformFee: share.platformFee,
        exact: proration.exact,
        gpuCount: rental.gpuCount,
        creditGrantId: '',
        description: `GPU count ${billed.gpuCount} → ${rental.gpuCount} from ${new Date(proration.effectiveAtMs).toISOString()}`,
      });
    }
  }
  return lines;
}

/**
 * The reserved rentals whose history composeInvoices may need: those with a month already charged at
 * another GPU count than their current one (an upgrade or downgrade to prorate). Every other reserved
 * rental is billed from its current document alone, so the run looks up only these histories.
 */
export function reservedRentalsNeedingHistory(rentals: readonly Rental[], billedReserved: ReadonlyMap<string, BilledReserved>): string[] {
  const billedCounts = new Map<string, Set<number>>();
  for (const [key, billed] of billedReserved) {
    const rentalId = rentalIdOfReservedKey(key);
    const counts = billedCounts.get(rentalId);
    if (counts) counts.add(billed.gpuCount);
    else billedCounts.set(rentalId, new Set([billed.gpuCount]));
  }
  return rentals
    .filter((r) => r.pricingClass === 'reserved' && [...(billedCounts.get(r.rentalId) ?? [])].some((count) => count !== r.gpuCount))
    .map((r) => r.rentalId);
}

function resolveReservedRate(
  versions: readonly PriceBookVersion[],
  rental: Rental,
  month: Span,
): { version: PriceBookVersion; unitPrice: string } | undefined {
  const term = reservedTermSpans(rental, month.endMs).find((t) => intersect(t, month));
  if (!term) return undefined;
  const version = [...versions].filter((v) => v.effectiveFromMs <= term.startMs).sort((a, b) => b.effectiveFromMs - a.effectiveFromMs || b.version - a.version)[0];
  const rate = version ? findRate(version, rental.gpuModel, 'reserved') : undefined;
  return version && rate?.unitPrice ? { version, unitPrice: rate.unitPrice } : undefined;
}

function formatSigned(gpuMs: bigint): string {
  return gpuMs < 0n ? `-${formatGpuHours(-gpuMs)}` : formatGpuHours(gpuMs);
}
