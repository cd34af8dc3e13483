import { checkAgainstRental, checkEnvelope, DEFAULT_CHECK_LIMITS } from './domain';
import type {
  Clock,
  DeadLetterSink,
  DedupStore,
  IncomingUsage,
  MeteringMetrics,
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
 * batch at a time, in call order, so claims keep the stream's order; a batch is parsed and checked
 * while the previous one is written, and claims only after that write (see the claim). A batch that
 * holds redelivered messages waits for the writes in flight before step 1: a message redelivered
 * (ack_wait ran out) while its first delivery is still being written must find that row, or it would
 * be written twice.
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

  async process(batch: readonly IncomingUsage[]): Promise<UsageDisposition[]> {
    const turn = this.preparing.then(async () => {
      const prepared = await this.prepare(batch);
      // Started inside the turn, so the next batch's redelivery check already sees it in flight.
      const insert: Promise<unknown> = this.outcomes.insert(prepared.outcomes).then(
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

  /** Steps 1–3: the outcomes to write and what to tell the broker about each message. */
  private async prepare(batch: readonly IncomingUsage[]): Promise<{ outcomes: UsageOutcome[]; dispositions: UsageDisposition[]; waiting: number }> {
    const dispositions: UsageDisposition[] = batch.map(() => ({ kind: 'ack' }));
    const redelivered = batch.filter((m) => m.redelivered).map((m) => m.seq);
    if (redelivered.length > 0 && this.inserting.size > 0) await Promise.all(this.inserting);
    const written = redelivered.length > 0 ? await this.outcomes.existingSeqs(redelivered) : new Set<number>();
    if (written.size > 0) this.metrics.redeliveredAlreadyWritten(written.size);

    const checked = batch
      .map((message, index) => ({ message, index, result: checkEnvelope(message.data, message.subject, message.receivedAtMs, DEFAULT_CHECK_LIMITS) }))
      .filter(({ message }) => !written.has(message.seq));

    const identified = checked.filter(({ result }) => result.ok || !UNIDENTIFIED.has(result.reason));
    // Claim only once every batch claimed before is written: a claim that finds Redis emptied rebuilds
    // the claims from ClickHouse, which must then hold them all, or a resend of an event still being
    // written would find its pair free and be billed twice.
    if (this.inserting.size > 0) await Promise.all(this.inserting);
    const holders = await this.dedup.claim(
      identified.map(({ message, result }) => ({
        key: result.ok ? `${result.event.source}|${result.event.id}` : `${result.source}|${result.id}`,
        seq: message.seq,
      })),
    );
    const firstSeqBySeq = new Map(identified.map(({ message }, i) => [message.seq, holders[i]!]));

    const outcomes: UsageOutcome[] = [];
    let waiting = 0;
    for (const { message, index, result } of checked) {
      const base = { seq: message.seq, subject: message.subject, receivedAtMs: message.receivedAtMs };
      const firstSeq = firstSeqBySeq.get(message.seq);
      if (firstSeq !== undefined && firstSeq !== message.seq) {
        const source = result.ok ? result.event.source : result.source!;
        const id = result.ok ? result.event.id : result.id!;
        const rentalId = result.ok ? result.event.rentalId : '';
        outcomes.push({ kind: 'duplicate', ...base, firstSeq, source, id, rentalId });
        continue;
      }
      if (!result.ok) {
        outcomes.push({
          kind: 'rejected',
          ...base,
          reason: result.reason,
          detail: result.detail,
          source: result.source,
          id: result.id,
          rentalId: null,
          raw: message.data,
        });
        continue;
      }
      const event = result.event;
      const rental = this.rentals.get(event.rentalId);
      if (!rental) {
        const waitedMs = this.clock.nowMs() - message.receivedAtMs;
        if (waitedMs < this.options.unknownRentalGraceMs) {
          dispositions[index] = { kind: 'retry', delayMs: Math.min(this.options.pendingRetryMs, this.options.unknownRentalGraceMs - waitedMs + 50) };
          waiting++;
          continue;
        }
        outcomes.push({
          kind: 'rejected',
          ...base,
          reason: 'unknown_rental',
          detail: `no rental ${event.rentalId} is known ${Math.round(this.options.unknownRentalGraceMs / 1000)} s after receipt`,
          source: event.source,
          id: event.id,
          rentalId: event.rentalId,
          raw: message.data,
        });
        continue;
      }
      const mismatch = checkAgainstRental(event, rental);
      if (mismatch) {
        outcomes.push({ kind: 'rejected', ...base, ...mismatch, source: event.source, id: event.id, rentalId: event.rentalId, raw: message.data });
        continue;
      }
      outcomes.push({ kind: 'accepted', ...base, event, customerId: rental.customerId });
    }

    const rejections = outcomes.filter((o): o is Extract<UsageOutcome, { kind: 'rejected' }> => o.kind === 'rejected');
    if (rejections.length > 0) await this.deadLetters.publish(rejections);
    return { outcomes, dispositions, waiting };
  }
}
