import type { Clock, IdGenerator, Rental } from '@hourglass/contracts';
import { recheck, type RejectedUsage, type ReplayRequest } from './domain';
import type { UsageOutcome } from './ports';

type Accepted = Extract<UsageOutcome, { kind: 'accepted' }>;

/** One replay run as recorded in usage_replays. */
export interface ReplayRecord {
  replayId: string;
  phase: 'started' | 'finished';
  requestedBy: string;
  requestedAtMs: number;
  request: ReplayRequest;
  candidateSeqs: number[];
  acceptedSeqs: number[];
  stillRejectedSeqs: number[];
}

export interface ReplayStore {
  /**
   * Rejected rows with this reason (and filter) that have no accepted row yet, in stream order. The
   * accepted row of an earlier replay is what makes a row no candidate any more.
   */
  candidates(request: ReplayRequest, limit: number): Promise<RejectedUsage[]>;
  /**
   * Writes the accepted row under the rejected row's stream sequence, with reason `replayed`, in an
   * insert whose deduplication token names that sequence: two replays that race write one row.
   */
  insertReplayed(outcome: Accepted, replayId: string): Promise<void>;
  /** Which of these sequences already have an accepted row (written by a replay that raced this one). */
  replayedSeqs(seqs: readonly number[]): Promise<Set<number>>;
  record(record: ReplayRecord): Promise<void>;
}

export interface ReplayResult {
  replayId: string;
  reason: string;
  candidates: number;
  accepted: number[];
  alreadyReplayed: number[];
  stillRejected: Array<{ seq: number; reason: string; detail: string }>;
}

/** At most this many rejections per run; the caller runs again for the rest (each run is recorded). */
export const REPLAY_BATCH_LIMIT = 10_000;

/**
 * Re-checks rejected usage whose cause may be fixed now, and accepts each valid one exactly once:
 *   1. find the candidates (rejected, no accepted row) and record the run as started;
 *   2. re-check each with every ingest check, against the rentals known now;
 *   3. write each accepted row under its own sequence (deduplicated by that sequence);
 *   4. record the run as finished.
 * A run killed anywhere redoes nothing twice: a sequence with an accepted row is no candidate for the
 * next run, and a write that raced another run's is dropped by ClickHouse's insert deduplication.
 * The Redis dedup claim of the event's (source, id) stays with the original sequence, so a resend of
 * the event stays a duplicate, whether or not it was replayed.
 */
export class RejectionsReplayService {
  constructor(
    private readonly store: ReplayStore,
    private readonly rentals: (rentalId: string) => Rental | undefined,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
  ) {}

  async replay(request: ReplayRequest, requestedBy: string): Promise<ReplayResult> {
    const replayId = `rpl_${this.ids.newId()}`;
    const requestedAtMs = this.clock.nowMs();
    const candidates = await this.store.candidates(request, REPLAY_BATCH_LIMIT);
    const base = { replayId, requestedBy, requestedAtMs, request };
    await this.store.record({ ...base, phase: 'started', candidateSeqs: candidates.map((c) => c.seq), acceptedSeqs: [], stillRejectedSeqs: [] });

    const valid: Accepted[] = [];
    const stillRejected: ReplayResult['stillRejected'] = [];
    for (const row of candidates) {
      const result = recheck(row, this.rentals);
      if (!result.ok) {
        stillRejected.push({ seq: row.seq, reason: result.reason, detail: result.detail });
        continue;
      }
      valid.push({ kind: 'accepted', seq: row.seq, subject: row.subject, receivedAtMs: row.receivedAtMs, event: result.event, customerId: result.customerId });
    }
    // A run that raced this one may have written some since step 1; those are not counted twice.
    const raced = valid.length > 0 ? await this.store.replayedSeqs(valid.map((v) => v.seq)) : new Set<number>();
    const accepted: number[] = [];
    for (const outcome of valid) {
      if (raced.has(outcome.seq)) continue;
      await this.store.insertReplayed(outcome, replayId);
      accepted.push(outcome.seq);
    }
    await this.store.record({
      ...base,
      phase: 'finished',
      candidateSeqs: candidates.map((c) => c.seq),
      acceptedSeqs: accepted,
      stillRejectedSeqs: stillRejected.map((s) => s.seq),
    });
    return { replayId, reason: request.reason, candidates: candidates.length, accepted, alreadyReplayed: [...raced].sort((a, b) => a - b), stillRejected };
  }
}
