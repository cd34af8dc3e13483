import type { ClickHouseClient } from '@clickhouse/client';
import { chDateTime, insertRows, queryRows } from '@hourglass/clickhouse';
import type { Clock } from '@hourglass/contracts';
import { REPLAYED_REASON, type RejectedUsage, type ReplayRequest } from '../domain';
import type { UsageOutcome } from '../ports';
import type { ReplayRecord, ReplayStore } from '../rejections-replay.service';
import { OUTCOME_COLUMNS, toRow } from './mapping';

const encoder = new TextEncoder();
const TIME_COLUMNS = new Set(['interval_start', 'interval_end', 'event_time', 'received_at']);

export class ClickHouseReplayStore implements ReplayStore {
  constructor(
    private readonly client: ClickHouseClient,
    private readonly database: string,
    private readonly clock: Clock,
  ) {}

  private get db(): string {
    return `\`${this.database}\``;
  }

  async candidates(request: ReplayRequest, limit: number): Promise<RejectedUsage[]> {
    const filters = [
      "r.outcome = 'rejected'",
      'r.reason = {reason:String}',
      ...(request.sinceMs === null ? [] : ["r.received_at >= fromUnixTimestamp64Milli({sinceMs:Int64}, 'UTC')"]),
      ...(request.rentalId === null ? [] : ['r.rental_id = {rentalId:String}']),
      `r.stream_seq NOT IN (SELECT stream_seq FROM ${this.db}.usage_outcomes WHERE outcome = 'accepted' AND reason = {replayed:String})`,
    ];
    const rows = await queryRows<{ stream_seq: string; subject: string; raw: string; received_ms: string }>(
      this.client,
      `SELECT r.stream_seq AS stream_seq, r.subject AS subject, r.raw AS raw, toUnixTimestamp64Milli(r.received_at) AS received_ms
       FROM ${this.db}.usage_outcomes AS r
       WHERE ${filters.join(' AND ')}
       ORDER BY r.stream_seq LIMIT {limit:UInt32}`,
      { reason: request.reason, sinceMs: request.sinceMs ?? 0, rentalId: request.rentalId ?? '', replayed: REPLAYED_REASON, limit },
    );
    return rows.map((r) => ({ seq: Number(r.stream_seq), subject: r.subject, raw: encoder.encode(r.raw), receivedAtMs: Number(r.received_ms) }));
  }

  async replayedSeqs(seqs: readonly number[]): Promise<Set<number>> {
    const rows = await queryRows<{ stream_seq: string }>(
      this.client,
      `SELECT stream_seq FROM ${this.db}.usage_outcomes WHERE outcome = 'accepted' AND stream_seq IN {seqs:Array(UInt64)}`,
      { seqs },
    );
    return new Set(rows.map((r) => Number(r.stream_seq)));
  }

  async insertReplayed(outcome: Extract<UsageOutcome, { kind: 'accepted' }>, replayId: string): Promise<void> {
    const values = toRow(outcome);
    const row: Record<string, unknown> = {};
    OUTCOME_COLUMNS.forEach((name, i) => {
      const v = values[i];
      row[name] = TIME_COLUMNS.has(name) && typeof v === 'number' ? chDateTime(v) : v;
    });
    row.reason = REPLAYED_REASON;
    row.detail = `replay ${replayId}`;
    // recorded_at is left to the table's default (ClickHouse's clock), as on ingest: billing runs
    // compare it with their pinned cut-off, read from the same clock, to find late usage.
    // The token names the sequence only: a replay racing this one writes the same row, dropped here.
    await insertRows(this.client, `${this.db}.usage_outcomes`, [row], `usage-replay:${outcome.seq}`);
  }

  async record(r: ReplayRecord): Promise<void> {
    await insertRows(
      this.client,
      `${this.db}.usage_replays`,
      [
        {
          replay_id: r.replayId,
          phase: r.phase,
          requested_by: r.requestedBy,
          requested_at: chDateTime(r.requestedAtMs),
          reason: r.request.reason,
          since: r.request.sinceMs === null ? null : chDateTime(r.request.sinceMs),
          rental_filter: r.request.rentalId ?? '',
          candidate_seqs: r.candidateSeqs,
          accepted_seqs: r.acceptedSeqs,
          still_rejected_seqs: r.stillRejectedSeqs,
          recorded_at: chDateTime(this.clock.nowMs()),
        },
      ],
      `usage-replay-record:${r.replayId}:${r.phase}`,
    );
  }

  /** The recorded replays, newest first (GET /v1/rejections/replays). */
  async list(limit: number): Promise<ReplayRecord[]> {
    const rows = await queryRows<{
      replay_id: string;
      phase: 'started' | 'finished';
      requested_by: string;
      requested_ms: string;
      reason: string;
      since_ms: string | null;
      rental_filter: string;
      candidate_seqs: string[];
      accepted_seqs: string[];
      still_rejected_seqs: string[];
    }>(
      this.client,
      `SELECT replay_id, phase, requested_by, toUnixTimestamp64Milli(requested_at) AS requested_ms, reason,
              if(isNull(since), NULL, toUnixTimestamp64Milli(assumeNotNull(since))) AS since_ms, rental_filter,
              candidate_seqs, accepted_seqs, still_rejected_seqs
       FROM ${this.db}.usage_replays ORDER BY requested_at DESC, replay_id, phase LIMIT {limit:UInt32}`,
      { limit },
    );
    return rows.map((r) => ({
      replayId: r.replay_id,
      phase: r.phase,
      requestedBy: r.requested_by,
      requestedAtMs: Number(r.requested_ms),
      request: { reason: r.reason as ReplayRequest['reason'], sinceMs: r.since_ms === null ? null : Number(r.since_ms), rentalId: r.rental_filter || null },
      candidateSeqs: r.candidate_seqs.map(Number),
      acceptedSeqs: r.accepted_seqs.map(Number),
      stillRejectedSeqs: r.still_rejected_seqs.map(Number),
    }));
  }
}
