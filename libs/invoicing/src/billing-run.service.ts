import { DomainError, isLeaseLost, type Clock, type FenceCheck, type LeaseRunner, type Outbox, type PriceBookVersion, type Rental } from '@hourglass/contracts';
import { formatMoney, roundingModeFor, type RoundingMode } from '@hourglass/money';
import { Period, type Span } from '@hourglass/time';
import { applyCredits, type ComposeInput, composeInvoices, type ComposeResult, type CustomerTaxProfile, type EarnedLine, formatInvoiceNumber, lineIdFor, reservedRentalsNeedingHistory, taxInvoice } from './domain';
import { invoiceFinalizedMessage } from './billing-events';
import type { BillingRepository, BillingRun, IngestProgress, IssuedInvoice, OperatorEarnings, TaxSetup, UsageCutoff } from './ports';

export type BillingRefusal = 'invalid_period' | 'period_not_ended' | 'billing_run_in_progress' | 'lost_billing_lock';

export class BillingError extends DomainError {
  constructor(
    override readonly reason: BillingRefusal,
    message: string,
  ) {
    super(reason, message);
  }
}

export interface ReferenceView {
  rentals(): Rental[];
  priceBooks(): Map<string, PriceBookVersion[]>;
  rentalHistory(rentalId: string): Promise<Rental[]>;
}

export interface BillingRunResult {
  runId: string;
  period: string;
  status: 'completed';
  alreadyCompleted: boolean;
  usageWatermark: number;
  invoices: number;
  totals: Record<string, string>;
  payoutStatements: number;
  failures: Array<{ customerId: string; reason: string }>;
}

export interface BillingOptions {
  billingEntity: string;
  roundingOverrides: Record<string, RoundingMode>;
  /** How long a run waits for metering to take in usage already in the stream. */
  ingestWaitMs: number;
  /** Lease of the billing lock, renewed every third of it while the run is alive. */
  leaseMs: number;
}

/** Customers composed between two yields to the event loop (see composeInSlices). */
const CUSTOMERS_PER_SLICE = 500;
const LOCK = 'billing';

interface RunSummary {
  /**
   * Metering's ack floor when the watermark was pinned (≤ the watermark). Every usage row up to it was
   * in ClickHouse then; a row between it and the watermark may have been written after the run read
   * (a batch in flight, an event waiting for its rental). Later runs look for late usage of this
   * period above the floor, not above the watermark, so such a row is billed as an adjustment instead
   * of being lost; rows the run did bill are subtracted as billed GPU-ms, so nothing counts twice.
   * Missing in runs recorded before it was kept: the watermark stands in.
   */
  ackFloor?: number;
  /** ClickHouse time when the run started: usage rows written later are not in it (see UsageCutoff). */
  recordedBeforeMs?: number;
  totals?: Record<string, string>;
  payoutStatements?: number;
  failures?: Array<{ customerId: string; reason: string }>;
  failedRentalIds?: string[];
}

/**
 * Closes a period: invoices, and payout statements through OperatorEarnings. Idempotent by construction: one run id per period,
 * the usage watermark pinned when the run starts, deterministic ids and lines, insert dedup tokens,
 * and a fenced lock. Killed midway, the next call resumes the same run and writes the same rows;
 * after it completed, calling again changes nothing.
 */
export class BillingRunService {
  constructor(
    private readonly repository: BillingRepository,
    private readonly earnings: OperatorEarnings,
    private readonly lock: LeaseRunner,
    private readonly reference: ReferenceView,
    private readonly ingest: IngestProgress,
    private readonly clock: Clock,
    private readonly options: BillingOptions,
    private readonly outbox: Outbox,
    /** One line when a run starts and one when it finishes, for the operator's log. */
    private readonly log: (line: string) => void = () => undefined,
    /** Tax rules and customers' tax profiles; null (no HOURGLASS_TAX_RULES_FILE): no tax. */
    private readonly tax: TaxSetup | null = null,
  ) {}

  async run(period: string): Promise<BillingRunResult> {
    const parsed = Period.tryParse(period);
    if (!parsed) throw new BillingError('invalid_period', `period ${period} is not YYYY-MM (e.g. 2026-10)`);
    const span = parsed.span;
    if (!parsed.hasEndedAt(this.clock.nowMs())) {
      throw new BillingError('period_not_ended', `period ${period} has not ended yet (it ends ${new Date(span.endMs).toISOString()}); bill it after that`);
    }
    // A short lease kept alive by a heartbeat while the run works: a run killed midway blocks the next
    // call for at most one lease, instead of for as long as the longest run could take. No bound on the
    // hold: a run's length grows with the data. A renewal that finds the lease gone changes nothing;
    // the fenced check before each write stops the run.
    const outcome = await this.lock.runExclusive(LOCK, this.options.leaseMs, (fence) => this.runLocked(period, span, fence));
    if (!outcome.acquired) throw new BillingError('billing_run_in_progress', 'another billing run is in progress; try again when it has finished');
    return outcome.value;
  }

  private async runLocked(period: string, span: Span, fence: FenceCheck): Promise<BillingRunResult> {
    const runs = await this.repository.runs(period);
    const done = runs.find((r) => r.status === 'completed');
    if (done) return this.result(done, true);

    const unfinished = (await this.repository.unfinishedRuns()).filter((r) => r.period !== period);
    if (unfinished.length > 0) {
      // Its invoice numbers were taken when it started: billing another period first would number
      // around them, and a resumed run whose headers were partly written could leave a gap.
      const other = unfinished[0]!.period;
      throw new BillingError('billing_run_in_progress', `the billing run for ${other} was interrupted; run it again (period ${other}) before billing ${period}`);
    }

    let run = runs.find((r) => r.status === 'started');
    if (!run) {
      await this.waitForIngest();
      // The floor first: every row up to it is written by now, so it cannot exceed the watermark read after it.
      const ackFloor = await this.ingest.ackFloor();
      const usageWatermark = await this.repository.usageWatermark();
      const summary: RunSummary = {
        ackFloor: Math.min(ackFloor ?? usageWatermark, usageWatermark),
        recordedBeforeMs: await this.repository.clickhouseNowMs(),
      };
      run = {
        runId: `run_${period}`,
        period,
        status: 'started',
        usageWatermark,
        fencingToken: fence.token,
        startedAtMs: this.clock.nowMs(),
        invoices: 0,
        summary: JSON.stringify(summary),
      };
      await assertHeld(fence);
      await this.repository.recordRun(run);
      this.log(`billing run ${run.runId} started: period ${period}, usage up to stream sequence ${usageWatermark}`);
    } else {
      this.log(`billing run ${run.runId} resumed: period ${period}, usage up to stream sequence ${run.usageWatermark}`);
    }

    const closed = (await this.repository.completedRuns()).filter((r) => r.period < period);
    const [covered, lateCovered, billedUsage, billedReserved, grants] = await Promise.all([
      this.repository.coveredPieces(span, cutoffOf(run)),
      this.lateUsage(closed, cutoffOf(run)),
      this.repository.billedUsage(run.runId),
      this.repository.billedReserved(run.runId),
      this.repository.creditGrants(run.runId),
    ]);
    const rentals = this.reference.rentals();
    // One query per rental: only for the few reserved rentals whose GPU count changed after a month
    // was charged. Fetching every reserved rental's history took most of a 300k-rental run.
    const rentalHistory = new Map<string, Rental[]>();
    for (const rentalId of reservedRentalsNeedingHistory(rentals, billedReserved)) {
      rentalHistory.set(rentalId, await this.reference.rentalHistory(rentalId));
    }
    const composed = await composeInSlices({
      period,
      rentals,
      rentalHistory,
      priceBooks: this.reference.priceBooks(),
      covered,
      lateCovered,
      closedPeriods: [...lateCovered.keys()],
      billedUsage,
      billedReserved,
      roundingOverrides: this.options.roundingOverrides,
    });

    const year = new Date(run.startedAtMs).getUTCFullYear();
    let seq = await this.repository.maxInvoiceSeq(this.options.billingEntity, year, run.runId);
    const profiles = this.tax
      ? await this.tax.profiles.profiles([...new Set(composed.invoices.map((i) => i.customerId))])
      : new Map<string, CustomerTaxProfile>();
    const issued: IssuedInvoice[] = composed.invoices.map((draft) => {
      const credited = applyCredits(draft, grants, run.startedAtMs);
      // Tax on the lines after credits (a prepaid credit reduces the taxable amount, as a discount would).
      const invoice = this.tax
        ? {
            ...credited,
            tax: taxInvoice(this.tax.rules, profiles.get(credited.customerId) ?? null, credited.currency, credited.lines,
              roundingModeFor(credited.currency, this.options.roundingOverrides)),
          }
        : credited;
      seq += 1;
      return {
        ...invoice,
        number: formatInvoiceNumber(this.options.billingEntity, year, seq),
        numberYear: year,
        numberSeq: seq,
        issuedAtMs: run.startedAtMs,
        runId: run.runId,
      };
    });
    // Each write is fenced: a run that lost its lease (stalled past it while another run started)
    // stops before writing, and the newer run, holding a greater token, owns the period.
    await assertHeld(fence);
    await this.repository.writeInvoices(issued, this.options.billingEntity);
    await assertHeld(fence);
    await this.repository.writeStatusEvents(
      issued.flatMap((inv) => [
        { invoiceId: inv.invoiceId, status: 'draft', atMs: run.startedAtMs, reason: `billing run ${run.runId}`, eventId: `${inv.invoiceId}:0:draft` },
        { invoiceId: inv.invoiceId, status: 'finalized', atMs: run.startedAtMs + 1, reason: `billing run ${run.runId}`, eventId: `${inv.invoiceId}:1:finalized` },
      ]),
      `${run.runId}:status`,
    );
    await assertHeld(fence);
    const payoutStatements = await this.earnings.record(period, run.runId, run.startedAtMs, issued.flatMap(earnedLinesOf));
    // Announced before the run is recorded complete: a run killed in between is resumed, writes the
    // same messages under the same token, and so no event is lost nor enqueued twice.
    await assertHeld(fence);
    await this.outbox.enqueue(issued.map(invoiceFinalizedMessage), `${run.runId}:events`);

    const totals: Record<string, string> = {};
    for (const inv of issued) totals[inv.currency] = formatMoney(inv.total.plus(totals[inv.currency] ?? 0), inv.currency);
    const failedCustomers = new Set(composed.failures.map((f) => f.customerId));
    const started = parseSummary(run.summary);
    const summary: RunSummary = {
      ackFloor: started?.ackFloor ?? run.usageWatermark,
      recordedBeforeMs: started?.recordedBeforeMs,
      totals,
      payoutStatements,
      failures: composed.failures,
      failedRentalIds: rentals.filter((r) => failedCustomers.has(r.customerId)).map((r) => r.rentalId),
    };
    const completed: BillingRun = { ...run, status: 'completed', invoices: issued.length, summary: JSON.stringify(summary) };
    await assertHeld(fence);
    await this.repository.recordRun(completed);
    const amounts = Object.entries(totals).map(([currency, total]) => `${total} ${currency}`).join(', ') || 'nothing';
    this.log(
      `billing run ${run.runId} finished: ${issued.length} invoices (${amounts}), ${payoutStatements} payout statements, ${composed.failures.length} customers failed`,
    );
    return this.result(completed, false);
  }

  /** Covered time of closed periods for rentals whose usage arrived after that period's run. */
  private async lateUsage(closed: readonly BillingRun[], cutoff: UsageCutoff): Promise<Map<string, Map<string, Span[]>>> {
    const out = new Map<string, Map<string, Span[]>>();
    for (const run of closed) {
      const span = Period.parse(run.period).span;
      const summary = parseSummary(run.summary);
      const failed = summary?.failedRentalIds ?? [];
      const late = await this.repository.rentalsWithUsageAfter(span, summary?.ackFloor ?? run.usageWatermark, cutoff.watermark, summary?.recordedBeforeMs ?? null);
      const rentalIds = [...new Set([...late, ...failed])];
      if (rentalIds.length === 0) continue;
      out.set(run.period, await this.repository.coveredPieces(span, cutoff, rentalIds));
    }
    return out;
  }

  private async waitForIngest(): Promise<void> {
    const deadline = this.clock.nowMs() + this.options.ingestWaitMs;
    while ((await this.ingest.undelivered()) > 0 && this.clock.nowMs() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private result(run: BillingRun, alreadyCompleted: boolean): BillingRunResult {
    const summary = parseSummary(run.summary);
    return {
      runId: run.runId,
      period: run.period,
      status: 'completed',
      alreadyCompleted,
      usageWatermark: run.usageWatermark,
      invoices: run.invoices,
      totals: summary?.totals ?? {},
      payoutStatements: summary?.payoutStatements ?? 0,
      failures: summary?.failures ?? [],
    };
  }
}

/**
 * composeInvoices over slices of customers, yielding to the event loop between slices. In one pass, a
 * run of 300k rentals held the process for ~10 s: no HTTP answers, no metering, no renewal of the
 * billing lock's lease. Invoices are per customer, so slicing by customer changes nothing; slices in
 * customer order keep the invoices in composeInvoices' (customer, currency) order, which numbers them.
 */
async function composeInSlices(input: ComposeInput): Promise<ComposeResult> {
  const byCustomer = new Map<string, Rental[]>();
  for (const rental of input.rentals) {
    const rentals = byCustomer.get(rental.customerId);
    if (rentals) rentals.push(rental);
    else byCustomer.set(rental.customerId, [rental]);
  }
  // Code-unit order, as composeInvoices compares its keys; no id contains its separator, U+0000.
  const customerIds = [...byCustomer.keys()].sort();
  const result: ComposeResult = { invoices: [], failures: [] };
  for (let i = 0; i < customerIds.length; i += CUSTOMERS_PER_SLICE) {
    const rentals = customerIds.slice(i, i + CUSTOMERS_PER_SLICE).flatMap((id) => byCustomer.get(id)!);
    const slice = composeInvoices({ ...input, rentals });
    for (const invoice of slice.invoices) result.invoices.push(invoice);
    for (const failure of slice.failures) result.failures.push(failure);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return result;
}

async function assertHeld(fence: FenceCheck): Promise<void> {
  try {
    await fence.assertHeld();
  } catch (error) {
    if (isLeaseLost(error)) {
      throw new BillingError('lost_billing_lock', 'the billing lock expired during the run; nothing more was written, run it again');
    }
    throw error;
  }
}

function cutoffOf(run: BillingRun): UsageCutoff {
  return { watermark: run.usageWatermark, recordedBeforeMs: parseSummary(run.summary)?.recordedBeforeMs ?? null };
}

function parseSummary(text: string): RunSummary | null {
  try {
    return text ? (JSON.parse(text) as RunSummary) : null;
  } catch {
    return null;
  }
}

function earnedLinesOf(invoice: IssuedInvoice): EarnedLine[] {
  return invoice.lines.map((l, i) => ({
    invoiceId: invoice.invoiceId,
    invoiceNumber: invoice.number,
    customerId: invoice.customerId,
    currency: invoice.currency,
    lineId: lineIdFor(invoice.invoiceId, i + 1),
    kind: l.kind,
    rentalId: l.rentalId,
    operatorId: l.operatorId,
    priceBookVersion: l.priceBookVersion,
    servicePeriod: l.servicePeriod,
    quantityGpuHours: l.quantityGpuHours,
    amount: l.amount,
    operatorShare: l.operatorShare,
    platformFee: l.platformFee,
  }));
}
