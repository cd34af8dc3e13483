import Big from 'big.js';
import { UNFENCED, type FenceCheck } from '@hourglass/contracts';
import { Dec } from '@hourglass/money';
import {
  advanceRerating,
  advanceScan,
  cellKey,
  distinctCells,
  initialMarks,
  monthsBefore,
  planRerating,
  rateHour,
  thresholdsReached,
  type BookMarks,
  type CreditAlert,
  type HourKey,
  type RatedHour,
} from './domain';
import type {
  AlertSink,
  Clock,
  RatingMetrics,
  RatingRepository,
  ReferenceLookup,
  SpendEntry,
  SpendStore,
  TickOutcome,
} from './ports';
import { hoursOverlapping, hourStartOf, periodOf } from '@hourglass/time';

export interface RatingJobOptions {
  /** Usage outcomes read per tick (each accepted one touches at most a few hours). */
  eventsPerTickMax: number;
  /** Cells re-rated per tick after a price book change, across all books. */
  rerateCellsPerTickMax: number;
  gapTimeoutMs: number;
  gapsMax: number;
  /**
   * Credit alerts are sent for the current month and this many before it. Re-rating can move the
   * spend of any month; a price correction reaching back a year must not page anyone about last
   * spring. Spend itself is kept for every month touched.
   */
  alertMonthsBack: number;
}

export interface TickSummary {
  outcome: TickOutcome;
  /** The rating written by this tick, or null when there was nothing to rate. */
  ratingSeq: number | null;
  cells: number;
  rows: number;
  rerated: number;
  alerts: number;
  watermark: number;
  gaps: number;
}

/** JSON with sorted keys, to tell whether durable state changed at all. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/**
 * Keeps rated_usage current. A tick:
 *   1. reads the newest rating run: rating_seq, the usage watermark and gaps, what each price book was rated with;
 *   2. reads usage outcomes after the watermark and inside the gaps (bounded), and the cells they touch;
 *   3. takes a bounded slice of the cells a price book change asks to re-rate;
 *   4. rates every cell from scratch and appends the rows under one new rating_seq;
 *   5. recomputes the month spend of every customer touched, writes it to the spend store, sends
 *      credit-limit alerts;
 *   6. records the run.
 * The run is recorded last: a process killed before step 6 redoes the tick from the same state.
 * Each step is harmless twice: before its first row a tick marks its rating_seq as begun, so the
 * retry rates under a higher one, whose rows supersede any orphaned rows of the dead tick in the
 * rated_usage view; spend is recomputed, not incremented; alerts are sent once by key.
 */
export class RatingJobService {
  /** Credit limit and currency seen per customer: a new or changed limit is checked without waiting for usage. */
  private readonly limitsChecked = new Map<string, string>();

  constructor(
    private readonly repository: RatingRepository,
    private readonly spendStore: SpendStore,
    private readonly alerts: AlertSink,
    private readonly reference: ReferenceLookup,
    private readonly metrics: RatingMetrics,
    private readonly clock: Clock,
    private readonly options: RatingJobOptions,
  ) {}

  /**
   * A tick, measured. The caller (a leased job) holds the rating lease and passes its fence; every
   * rating write checks it first. Throws what the tick threw; the caller logs it and ticks again later.
   */
  async runTick(fence: FenceCheck): Promise<TickSummary> {
    const started = this.clock.nowMs();
    let outcome: TickOutcome = 'failed';
    try {
      const summary = await this.tick(fence);
      outcome = summary.outcome;
      return summary;
    } finally {
      this.metrics.tick(outcome, (this.clock.nowMs() - started) / 1000);
    }
  }

  /**
   * Two jobs at once would each take max(rating_seq) + 1 and write different ratings of a cell under
   * the same sequence, which the rated_usage view would add up: each write below first checks that
   * this tick's lease is still the current one.
   */
  async tick(fence: FenceCheck = UNFENCED): Promise<TickSummary> {
    const startedAtMs = this.clock.nowMs();
    const last = await this.repository.lastRun();
    const scanBefore = last?.scan ?? { watermark: 0, gaps: [] };
    const booksBefore = last?.books ?? {};
    const books = last ? planRerating(this.reference.priceBooks(), booksBefore) : initialMarks(this.reference.priceBooks());

    const [scanned, filled] = await Promise.all([
      this.repository.outcomesAfter(scanBefore.watermark, this.options.eventsPerTickMax),
      scanBefore.gaps.length > 0 ? this.repository.outcomesIn(scanBefore.gaps, this.options.eventsPerTickMax) : Promise.resolve([]),
    ]);
    const usageCells: HourKey[] = [];
    const deferred: number[] = [];
    for (const o of [...scanned, ...filled]) {
      if (!o.accepted) continue;
      // Accepted means metering knew the rental; a cache that has not caught up yet (another
      // instance) must not make the job step over the event.
      if (!this.reference.rental(o.rentalId)) {
        deferred.push(o.seq);
        continue;
      }
      for (const hourStartMs of hoursOverlapping(o)) usageCells.push({ rentalId: o.rentalId, hourStartMs });
    }
    const scan = advanceScan({
      state: scanBefore,
      scannedSeqs: scanned.map((o) => o.seq),
      filledSeqs: filled.map((o) => o.seq),
      deferredSeqs: deferred,
      nowMs: startedAtMs,
      gapTimeoutMs: this.options.gapTimeoutMs,
      gapsMax: this.options.gapsMax,
    });
    const expiredSeqs = scan.expired.reduce((n, g) => n + (g.toSeq - g.fromSeq + 1), 0);
    if (expiredSeqs > 0) this.metrics.gapsExpired(expiredSeqs);

    const rerateCells = await this.rerateSlice(books);
    const cells = distinctCells([...usageCells, ...rerateCells]);
    const limitChanges = this.creditLimitChanges();
    const stateChanged = cells.length > 0 || canonical(scan.state) !== canonical(scanBefore) || canonical(books) !== canonical(booksBefore);

    let ratingSeq = last?.ratingSeq ?? 0;
    let rows: RatedHour[] = [];
    const spendDue = new Map<string, Set<string>>();
    const due = (period: string, customerId: string) => spendDue.set(period, (spendDue.get(period) ?? new Set()).add(customerId));
    if (stateChanged) {
      ratingSeq = Math.max(ratingSeq, await this.repository.lastBegunSeq()) + 1;
      await fence.assertHeld();
      await this.repository.beginRun(ratingSeq, startedAtMs);
      rows = await this.rate(cells);
      await fence.assertHeld();
      await this.repository.appendRatings(rows, ratingSeq, startedAtMs);
      for (const cell of cells) {
        const rental = this.reference.rental(cell.rentalId);
        if (rental) due(periodOf(cell.hourStartMs), rental.customerId);
      }
      this.metrics.cellsRated('usage', cells.length - rerateCells.length);
      this.metrics.cellsRated('rerate', rerateCells.length);
    }
    const currentPeriod = periodOf(hourStartOf(startedAtMs));
    for (const { customerId } of limitChanges) due(currentPeriod, customerId);
    const alerts = spendDue.size > 0 ? await this.refreshSpend(spendDue, ratingSeq) : 0;
    if (stateChanged) {
      await fence.assertHeld();
      await this.repository.recordRun(
        { ratingSeq, scan: scan.state, books, cells: cells.length, rows: rows.length, startedAtMs },
        this.clock.nowMs(),
      );
    }
    for (const { customerId, key } of limitChanges) this.limitsChecked.set(customerId, key);

    const maxSeq = await this.repository.maxStreamSeq(scan.state.watermark);
    this.metrics.progress(
      Math.max(0, maxSeq - scan.state.watermark),
      scan.state.gaps.reduce((n, g) => n + (g.toSeq - g.fromSeq + 1), 0),
      Object.values(books).filter((b) => b.pending !== null).length,
    );
    return {
      outcome: stateChanged ? 'rated' : 'idle',
      ratingSeq: stateChanged ? ratingSeq : null,
      cells: cells.length,
      rows: rows.length,
      rerated: rerateCells.length,
      alerts,
      watermark: scan.state.watermark,
      gaps: scan.state.gaps.length,
    };
  }

  /** Advances every pending re-rating by at most the per-tick budget, in book order; mutates `books`. */
  private async rerateSlice(books: BookMarks): Promise<HourKey[]> {
    let budget = this.options.rerateCellsPerTickMax;
    const cells: HourKey[] = [];
    for (const bookId of Object.keys(books).sort()) {
      const mark = books[bookId]!;
      if (!mark.pending) continue;
      if (budget <= 0) break;
      const rentals = this.reference.rentalsOnBook(bookId);
      const slice =
        rentals.length === 0 ? [] : await this.repository.cellsSince(rentals, hourStartOf(mark.pending.fromMs), mark.pending.cursor, budget);
      const finished = slice.length < budget;
      budget -= slice.length;
      cells.push(...slice);
      books[bookId] = advanceRerating(mark, slice[slice.length - 1] ?? null, finished);
    }
    return cells;
  }

  /**
   * Rates each cell from all of its usage. A cell that rates to nothing billable (its usage lies
   * outside the rental's window, or no version or rate prices it) still gets a zero row with
   * price_book_version 0: the newest rating must supersede an older one that did price it.
   */
  private async rate(cells: readonly HourKey[]): Promise<RatedHour[]> {
    if (cells.length === 0) return [];
    const pieces = await this.repository.coveredPieces(cells);
    const rows: RatedHour[] = [];
    for (const cell of cells) {
      const rental = this.reference.rental(cell.rentalId);
      if (!rental) continue;
      const versions = this.reference.versions(rental.priceBookId);
      const rating = rateHour({ rental, hourStartMs: cell.hourStartMs, covered: pieces.get(cellKey(cell.rentalId, cell.hourStartMs)) ?? [], versions });
      for (const u of rating.unpriced) this.metrics.unpriced(u.reason, u.gpuMs);
      if (rating.rated.length > 0) {
        rows.push(...rating.rated);
        continue;
      }
      const zero = new Dec(0n);
      rows.push({
        rentalId: rental.rentalId,
        customerId: rental.customerId,
        operatorId: rental.operatorId,
        hourStartMs: cell.hourStartMs,
        priceBookId: rental.priceBookId,
        priceBookVersion: 0,
        currency: versions[0]?.currency ?? this.reference.customer(rental.customerId)?.currency ?? '',
        gpuMs: 0n,
        unitPrice: null,
        exactAmount: zero,
        operatorShare: zero,
        platformFee: zero,
      });
    }
    return rows;
  }

  private creditLimitChanges(): Array<{ customerId: string; key: string }> {
    return this.reference
      .customersWithCreditLimit()
      .map((c) => ({ customerId: c.customerId, key: `${c.creditLimit}|${c.currency}` }))
      .filter((c) => this.limitsChecked.get(c.customerId) !== c.key);
  }

  /** Month spend of each (period, customer) from the newest ratings, in the customer's currency. */
  private async refreshSpend(due: ReadonlyMap<string, ReadonlySet<string>>, ratingSeq: number): Promise<number> {
    const nowMs = this.clock.nowMs();
    const currentPeriod = periodOf(hourStartOf(nowMs));
    const entries: SpendEntry[] = [];
    const alerts: CreditAlert[] = [];
    for (const period of [...due.keys()].sort()) {
      const customerIds = [...due.get(period)!].sort();
      const totals = await this.repository.spend(customerIds, period);
      for (const customerId of customerIds) {
        const customer = this.reference.customer(customerId);
        // Without the customer document there is no currency to add up in; the next tick that touches it will.
        if (!customer) continue;
        const amount: Big = totals.find((t) => t.customerId === customerId && t.currency === customer.currency)?.amount ?? new Dec(0n);
        entries.push({ customerId, period, currency: customer.currency, amount: amount.toFixed(), ratingSeq, updatedAtMs: nowMs });
        if (customer.creditLimit === null || monthsBefore(period, currentPeriod) > this.options.alertMonthsBack) continue;
        for (const threshold of thresholdsReached(amount, customer.creditLimit)) {
          alerts.push({
            type: 'credit_limit.threshold_crossed',
            customerId,
            period,
            threshold,
            spend: amount.toFixed(),
            creditLimit: customer.creditLimit,
            currency: customer.currency,
            at: new Date(nowMs).toISOString(),
          });
        }
      }
    }
    await this.spendStore.write(entries);
    const sent = await this.alerts.publishOnce(alerts);
    for (const a of sent) this.metrics.alertPublished(a.threshold);
    return sent.length;
  }
}
