import { checkAgainstRental, checkEnvelope, DEFAULT_CHECK_LIMITS, type EnvelopeResult } from './domain';
import type {
  Clock,
  DeadLetterSink,
  DedupStore,
  IncomingUsage,
  MeteringMetrics,
  Rejection,
  RentalLookup,
  UsageOutcome,
  UsageOutcomeRepository,
} from './ports';

export type UsageDisposition = { kind: 'ack' } | { kind: 'retry'; delayMs: number };

export interface MeteringOptions {
  unknownRentalGraceMs: number;
  pendingRetryMs: number;
}

/** Reasons checked before the (source, id) pair can be trusted: such events cannot be duplicates. */
const UNIDENTIFIED = new Set(['malformed_json', 'schema_violation']);

/** Shared by every acked message of every batch; nothing mutates a disposition. */
const ACK: UsageDisposition = Object.freeze({ kind: 'ack' as const });
const NONE_WRITTEN: ReadonlySet<number> = new Set<number>();

/**
 * Turns a batch of USAGE messages into outcomes: accepted, duplicate or rejected with one reason.
 * Order of the durable steps, and why:
 *   1. skip redelivered sequences that already have a row (written before a crash, never acked);
 *   2. claim (source, id) in the dedup store with the sequence;
 *   3. publish rejections to the DLQ (idempotent by sequence);
 *   4. insert all outcomes in one write;
 *   5. the caller acks.
 * A process killed between any two steps redoes the batch from 1 and ends with the same rows.
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

  async process(batch: readonly IncomingUsage[]): Promise<UsageDisposition[]> {
    const turn = this.preparing.then(async () => {
      const prepared = await this.prepare(batch);
      // Started inside the turn, so the next batch's redelivery check already sees it in flight.
      const write = prepared.outcomes.length > 0 ? this.outcomes.insert(prepared.outcomes) : Promise.resolve();
      const insert: Promise<unknown> = write.then(
        () => null,
        (error: unknown) => error ?? new Error('insert failed'),
      );
      this.inserting.add(insert);
      void insert.then(() => this.inserting.delete(insert));
      return { ...prepared, insert };
    });
    this.preparing = turn.catch(() => undefined);
    const { outcomes, dispositions, waiting, insert } = await turn;
    const insertError = await insert;
    if (insertError !== null) throw insertError;
    this.metrics.recorded(outcomes);
    if (waiting > 0) this.metrics.waitingForRental(waiting);
    return dispositions;
  }

  /**
   * Steps 1–3: the outcomes to write and what to tell the broker about each message. One pass per
   * step over index-aligned arrays: this runs for every event, and per-event intermediate objects
   * are what the garbage collector spends its time on.
   */
  private async prepare(batch: readonly IncomingUsage[]): Promise<{ outcomes: UsageOutcome[]; dispositions: UsageDisposition[]; waiting: number }> {
    const dispositions: UsageDisposition[] = new Array<UsageDisposition>(batch.length).fill(ACK);
    const ceiling = (this.highestSeqTaken ??= await this.outcomes.highestSeq());
    const copyOf = earlierCopies(batch);
    let lookUp: number[] | null = null;
    let highest = ceiling;
    for (let i = 0; i < batch.length; i++) {
      const m = batch[i]!;
      if (m.seq > highest) highest = m.seq;
      if ((m.redelivered || m.seq <= ceiling) && !(copyOf && copyOf[i]! >= 0)) (lookUp ??= []).push(m.seq);
    }
    this.highestSeqTaken = highest;
    if (lookUp !== null && this.inserting.size > 0) await Promise.all(this.inserting);
    const written = lookUp !== null ? await this.outcomes.existingSeqs(lookUp) : NONE_WRITTEN;
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
    let waiting = 0;
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
        const waitedMs = this.clock.nowMs() - m.receivedAtMs;
        if (waitedMs < this.options.unknownRentalGraceMs) {
          dispositions[i] = { kind: 'retry', delayMs: Math.min(this.options.pendingRetryMs, this.options.unknownRentalGraceMs - waitedMs + 50) };
          waiting++;
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
    // A second copy in the batch is answered as its first copy is: the broker acks and naks by
    // sequence, so an ack for the copy of a message put back for a retry would drop the message.
    if (copyOf) for (let i = 0; i < batch.length; i++) if (copyOf[i]! >= 0) dispositions[i] = dispositions[copyOf[i]!]!;
    return { outcomes, dispositions, waiting };
  }
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
