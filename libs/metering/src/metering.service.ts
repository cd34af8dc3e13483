import { checkAgainstRental, checkEnvelope, DEFAULT_CHECK_LIMITS, type EnvelopeResult } from './domain';
import type {
  Clock,
  DeadLetterSink,
  DedupStore,
  IncomingUsage,
  MeteringMetrics,
  ParkedUsage,
  ParkedUsageStore,
  Rejection,
  RentalLookup,
  UsageOutcome,
  UsageOutcomeRepository,
} from './ports';

export interface MeteringOptions {
  unknownRentalGraceMs: number;
}

/** Reasons checked before the (source, id) pair can be trusted: such events cannot be duplicates. */
const UNIDENTIFIED = new Set(['malformed_json', 'schema_violation']);

const NONE_WRITTEN: ReadonlySet<number> = new Set<number>();

/**
 * Turns a batch of USAGE messages into outcomes: accepted, duplicate or rejected with one reason.
 * Order of the durable steps, and why:
 *   1. skip redelivered sequences that already have a row or were parked (written before a crash,
 *      never acked);
 *   2. claim (source, id) in the dedup store with the sequence;
 *   3. publish rejections to the DLQ (idempotent by sequence);
 *   4. insert all outcomes in one write, and park the events whose rental is not known yet;
 *   5. the caller acks.
 * A process killed between any two steps redoes the batch from 1 and ends with the same rows.
 *
 * A parked event comes back through reviewParked() (one replica at a time, under a lease) and takes
 * the same steps from 2: its claim is made again (Redis may have lost it since), and its outcome is
 * written once its rental is known or its grace is over; then it is marked resolved.
 *
 * Concurrent calls (the consumer hands over the next batch while this one writes) run steps 1–3 one
 * batch at a time, in call order, so claims keep the stream's order; only the inserts overlap them.
 * A crash loses nothing more: every batch in flight is unacked and comes back whole. A batch that
 * holds redelivered messages waits for the writes in flight before step 1: a message redelivered
 * (ack_wait ran out) while its first delivery is still being written must find that row, or it would
 * be written twice.
 *
 * Which messages step 1 looks up: every redelivered one, and every one whose sequence is not above
 * all sequences this service has taken in (or found written when it started). The broker's delivery
 * count alone is not enough: nats-server 2.9 (fixed in nats-io/nats-server#5305, 2.10 line) sends a
 * message again with a delivery count of 1 after a redelivery to an expired pull request failed, so
 * one sequence can arrive twice, once as "redelivered" and once as "new", even within one fetch. Fresh
 * deliveries come in stream order, so the look-up still costs nothing on the hot path. With several
 * replicas, a second copy that reaches a replica whose own highest sequence is below it is not
 * looked up; that gap closes only with a broker that has the fix.
 */
export class MeteringService {
  constructor(
    private readonly outcomes: UsageOutcomeRepository,
    private readonly dedup: DedupStore,
    private readonly rentals: RentalLookup,
    private readonly deadLetters: DeadLetterSink,
    private readonly parking: ParkedUsageStore,
    private readonly metrics: MeteringMetrics,
    private readonly clock: Clock,
    private readonly options: MeteringOptions,
  ) {}

  /** The tail of the chain of steps 1–3; each call's turn starts when the previous call's ends. */
  private preparing: Promise<unknown> = Promise.resolve();
  /** Inserts not yet finished; they settle to the error or null, so nothing waits on a rejection. */
  private readonly inserting = new Set<Promise<unknown>>();
  /**
   * The highest stream sequence taken into a batch, or written before this service started (read
   * once, on the first batch). A message at or below it may have a row already, whatever its
   * delivery count says.
   */
  private highestSeqTaken: number | null = null;

  /** Resolves once every message of the batch may be acked: its outcome is written or it is parked. */
  async process(batch: readonly IncomingUsage[]): Promise<void> {
    const turn = this.preparing.then(async () => {
      const prepared = await this.prepare(batch);
      // Started inside the turn, so the next batch's redelivery check already sees it in flight.
      const insert: Promise<unknown> = this.write(prepared).then(
        () => null,
        (error: unknown) => error ?? new Error('insert failed'),
      );
      this.inserting.add(insert);
      void insert.then(() => this.inserting.delete(insert));
      return { ...prepared, insert };
    });
    this.preparing = turn.catch(() => undefined);
    const { outcomes, toPark, insert } = await turn;
    const insertError = await insert;
    if (insertError !== null) throw insertError;
    this.metrics.recorded(outcomes);
    if (toPark.length > 0) this.metrics.waitingForRental(toPark.length);
  }

  /**
   * Re-examines up to `limit` parked events after position `afterSeq`; answers the last position
   * looked at when there may be more, null when there are none. A parked event whose outcome row
   * exists already (a crash after the write, before the mark) is only marked resolved.
   */
  async reviewParked(limit: number, afterSeq = 0): Promise<number | null> {
    const open = await this.parking.open(limit, afterSeq);
    if (open.length === 0) return null;
    const written = await this.outcomes.existingSeqs(open.map((p) => p.seq));
    if (written.size > 0) await this.parking.resolve(open.filter((p) => written.has(p.seq)));
    const pending = open.filter((p) => !written.has(p.seq));
    if (pending.length > 0) await this.process(pending.map((p) => ({ seq: p.seq, subject: p.subject, data: p.data, receivedAtMs: p.receivedAtMs, redelivered: false, parked: true })));
    return open.length < limit ? null : open[open.length - 1]!.seq;
  }

  /** Outcomes and newly parked events together; parked events resolved here only once their rows are in. */
  private async write(prepared: Prepared): Promise<void> {
    await Promise.all([
      prepared.outcomes.length > 0 ? this.outcomes.insert(prepared.outcomes) : undefined,
      prepared.toPark.length > 0 ? this.parking.park(prepared.toPark) : undefined,
    ]);
    if (prepared.resolved.length > 0) await this.parking.resolve(prepared.resolved);
  }

  /**
   * Steps 1–3: the outcomes to write and the events to park. One pass per step over index-aligned
   * arrays: this runs for every event, and per-event intermediate objects are what the garbage
   * collector spends its time on.
   */
  private async prepare(batch: readonly IncomingUsage[]): Promise<Prepared> {
    const ceiling = (this.highestSeqTaken ??= await this.outcomes.highestSeq());
    const copyOf = earlierCopies(batch);
    let lookUp: number[] | null = null;
    let highest = ceiling;
    for (let i = 0; i < batch.length; i++) {
      const m = batch[i]!;
      if (m.seq > highest) highest = m.seq;
      // A parked event is known to be unwritten: reviewParked read it without an outcome row.
      if ((m.redelivered || m.seq <= ceiling) && !m.parked && !(copyOf && copyOf[i]! >= 0)) (lookUp ??= []).push(m.seq);
    }
    this.highestSeqTaken = highest;
    if (lookUp !== null && this.inserting.size > 0) await Promise.all(this.inserting);
    const written = lookUp !== null ? await this.writtenOrParked(lookUp) : NONE_WRITTEN;
    if (written.size > 0) this.metrics.redeliveredAlreadyWritten(written.size);

    // null: already written before (a crash, a broker's second delivery), or a second copy in this batch.
    const results = new Array<EnvelopeResult | null>(batch.length);
    const claims: Array<{ key: string; seq: number }> = [];
    const claimedBy: number[] = [];
    for (let i = 0; i < batch.length; i++) {
      const m = batch[i]!;
      if (written.has(m.seq) || (copyOf && copyOf[i]! >= 0)) {
        results[i] = null;
        continue;
      }
      const result = checkEnvelope(m.data, m.subject, m.receivedAtMs, DEFAULT_CHECK_LIMITS);
      results[i] = result;
      if (result.ok) claims.push({ key: `${result.event.source}|${result.event.id}`, seq: m.seq });
      else if (!UNIDENTIFIED.has(result.reason)) claims.push({ key: `${result.source}|${result.id}`, seq: m.seq });
      else continue;
      claimedBy.push(i);
    }

    // Earlier batches may still be writing: their claims are in the store already, so a resend here
    // is still found a duplicate of them (and a store that rebuilds lost claims puts theirs back).
    const holders = claims.length > 0 ? await this.dedup.claim(claims) : [];
    const firstSeqs = new Array<number | undefined>(batch.length);
    for (let c = 0; c < claimedBy.length; c++) firstSeqs[claimedBy[c]!] = holders[c];

    const outcomes: UsageOutcome[] = [];
    const rejections: Rejection[] = [];
    const toPark: ParkedUsage[] = [];
    for (let i = 0; i < batch.length; i++) {
      const result = results[i];
      if (result === null || result === undefined) continue;
      const m = batch[i]!;
      const firstSeq = firstSeqs[i];
      if (firstSeq !== undefined && firstSeq !== m.seq) {
        outcomes.push({
          kind: 'duplicate',
          seq: m.seq,
          subject: m.subject,
          receivedAtMs: m.receivedAtMs,
          firstSeq,
          source: result.ok ? result.event.source : result.source!,
          id: result.ok ? result.event.id : result.id!,
          rentalId: result.ok ? result.event.rentalId : '',
        });
        continue;
      }
      if (!result.ok) {
        rejections.push({
          kind: 'rejected',
          seq: m.seq,
          subject: m.subject,
          receivedAtMs: m.receivedAtMs,
          reason: result.reason,
          detail: result.detail,
          source: result.source,
          id: result.id,
          rentalId: null,
          raw: m.data,
        });
        continue;
      }
      const event = result.event;
      const rental = this.rentals.get(event.rentalId);
      if (!rental) {
        if (this.clock.nowMs() - m.receivedAtMs < this.options.unknownRentalGraceMs) {
          if (!m.parked) toPark.push({ seq: m.seq, subject: m.subject, data: m.data, receivedAtMs: m.receivedAtMs, rentalId: event.rentalId });
          continue;
        }
        rejections.push({
          kind: 'rejected',
          seq: m.seq,
          subject: m.subject,
          receivedAtMs: m.receivedAtMs,
          reason: 'unknown_rental',
          detail: `no rental ${event.rentalId} is known ${Math.round(this.options.unknownRentalGraceMs / 1000)} s after receipt`,
          source: event.source,
          id: event.id,
          rentalId: event.rentalId,
          raw: m.data,
        });
        continue;
      }
      const mismatch = checkAgainstRental(event, rental);
      if (mismatch) {
        rejections.push({
          kind: 'rejected',
          seq: m.seq,
          subject: m.subject,
          receivedAtMs: m.receivedAtMs,
          reason: mismatch.reason,
          detail: mismatch.detail,
          source: event.source,
          id: event.id,
          rentalId: event.rentalId,
          raw: m.data,
        });
        continue;
      }
      outcomes.push({ kind: 'accepted', seq: m.seq, subject: m.subject, receivedAtMs: m.receivedAtMs, event, customerId: rental.customerId });
    }

    if (rejections.length > 0) {
      await this.deadLetters.publish(rejections);
      for (const r of rejections) outcomes.push(r);
    }
    return { outcomes, toPark, resolved: resolvedParked(batch, outcomes) };
  }

  /** Sequences with an outcome row, or parked: either way their message was taken in already. */
  private async writtenOrParked(seqs: readonly number[]): Promise<ReadonlySet<number>> {
    const [written, parked] = await Promise.all([this.outcomes.existingSeqs(seqs), this.parking.parkedSeqs(seqs)]);
    for (const seq of parked) written.add(seq);
    return written;
  }
}

interface Prepared {
  outcomes: UsageOutcome[];
  /** Events to park: their rental is not known yet. */
  toPark: ParkedUsage[];
  /** Parked events re-examined in this batch whose outcome is among `outcomes`. */
  resolved: ParkedUsage[];
}

/**
 * For each message, the index of an earlier copy of its sequence in the same batch, or -1; null when
 * the batch is strictly ascending, as it nearly always is (see the class comment on why a broker may
 * send one sequence twice).
 */
function earlierCopies(batch: readonly IncomingUsage[]): number[] | null {
  let ascending = true;
  for (let i = 1; i < batch.length && ascending; i++) ascending = batch[i]!.seq > batch[i - 1]!.seq;
  if (ascending) return null;
  const firstIndex = new Map<number, number>();
  return batch.map((m, i) => {
    const earlier = firstIndex.get(m.seq);
    if (earlier !== undefined) return earlier;
    firstIndex.set(m.seq, i);
    return -1;
  });
}

/** The parked events of the batch that have an outcome now. */
function resolvedParked(batch: readonly IncomingUsage[], outcomes: readonly UsageOutcome[]): ParkedUsage[] {
  const parked = new Map<number, IncomingUsage>();
  for (const m of batch) if (m.parked) parked.set(m.seq, m);
  if (parked.size === 0) return [];
  const resolved: ParkedUsage[] = [];
  for (const o of outcomes) {
    const m = parked.get(o.seq);
    if (m) resolved.push({ seq: m.seq, subject: m.subject, data: m.data, receivedAtMs: m.receivedAtMs, rentalId: (o.kind === 'accepted' ? o.event.rentalId : o.rentalId) ?? '' });
  }
  return resolved;
}
