import { Inject, Injectable } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import { queryRows } from '@hourglass/clickhouse';
import type { HourglassConfig } from '@hourglass/config';
import { REJECTION_REASONS } from '@hourglass/contracts';
import { STREAMS } from '@hourglass/nats';
import { CLICKHOUSE, CONFIG, NATS } from '@hourglass/platform';
import { REPLAYED_REASON } from '../domain/replay';
import { ClickHouseParkedUsageStore } from './clickhouse-parked-usage.store';
import { HISTORY_BUCKETS, toHistory, type HistoryPoint, type HistoryQuery } from '../domain/ingest-history';

export interface StreamStatus {
  stream: string;
  messages: number;
  bytes: number;
  firstSeq: number;
  lastSeq: number;
  consumer: string | null;
  /** Not yet delivered to the consumer. */
  pending: number;
  /** Delivered, not yet acked: in a batch being written. */
  ackPending: number;
  /** Acked and parked until their rental is known (USAGE only; see 026-usage-parked.ts). */
  parked: number;
  /** Messages without an outcome yet: pending + ackPending + parked. */
  lag: number;
}

export interface IngestStatus {
  accepted: number;
  duplicate: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  /** Rejections accepted later by a usage replay; counted in accepted, no longer in rejected. */
  replayed: number;
  lag: number;
  streams: StreamStatus[];
}

@Injectable()
export class StatusService {
  constructor(
    @Inject(CONFIG) private readonly config: HourglassConfig,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(NATS) private readonly nats: NatsConnection,
    private readonly parking: ClickHouseParkedUsageStore,
  ) {}

  async status(): Promise<IngestStatus> {
    const rows = await queryRows<{ outcome: string; reason: string; n: string }>(
      this.clickhouse,
      `SELECT outcome, reason, count() AS n FROM \`${this.config.clickhouse.database}\`.usage_outcomes GROUP BY outcome, reason`,
    );
    const rejectedByReason: Record<string, number> = Object.fromEntries(REJECTION_REASONS.map((r) => [r, 0]));
    let accepted = 0;
    let duplicate = 0;
    let replayed = 0;
    for (const row of rows) {
      const n = Number(row.n);
      if (row.outcome === 'accepted' && row.reason === REPLAYED_REASON) replayed += n;
      if (row.outcome === 'accepted') accepted += n;
      else if (row.outcome === 'duplicate') duplicate += n;
      else rejectedByReason[row.reason] = (rejectedByReason[row.reason] ?? 0) + n;
    }
    // A replayed rejection keeps its rejected row and gains an accepted one: it counts once, as accepted,
    // so accepted + duplicate + rejected stays the number of messages taken in. Only unknown_rental is replayed.
    rejectedByReason.unknown_rental = Math.max(0, (rejectedByReason.unknown_rental ?? 0) - replayed);
    const streams = await this.streams(await this.parking.openCount());
    const usage = streams.find((s) => s.stream === STREAMS.usage.name);
    return {
      accepted,
      duplicate,
      rejected: Object.values(rejectedByReason).reduce((a, b) => a + b, 0),
      rejectedByReason,
      replayed,
      lag: usage?.lag ?? 0,
      streams,
    };
  }

  /** Outcomes per bucket of receipt time in [from, to): what the console draws as ingest over time. */
  async history(query: HistoryQuery): Promise<HistoryPoint[]> {
    const rows = await queryRows<{ start_ms: string; outcome: string; reason: string; n: string }>(
      this.clickhouse,
      `SELECT intDiv(toUnixTimestamp64Milli(received_at), {size:Int64}) * {size:Int64} AS start_ms, outcome, reason, count() AS n
       FROM \`${this.config.clickhouse.database}\`.usage_outcomes
       WHERE received_at >= fromUnixTimestamp64Milli({fromMs:Int64}, 'UTC') AND received_at < fromUnixTimestamp64Milli({toMs:Int64}, 'UTC')
       GROUP BY start_ms, outcome, reason`,
      { size: HISTORY_BUCKETS[query.bucket], fromMs: query.fromMs, toMs: query.toMs },
    );
    return toHistory(rows.map((r) => ({ startMs: Number(r.start_ms), outcome: r.outcome, reason: r.reason, count: Number(r.n) })));
  }

  private async streams(parkedUsage: number): Promise<StreamStatus[]> {
    const jsm = await this.nats.jetstreamManager();
    const consumers: Record<string, string | null> = {
      [STREAMS.usage.name]: this.config.metering.consumer.durableName,
      [STREAMS.reference.name]: 'reference',
      [STREAMS.usageDlq.name]: null,
      [STREAMS.billing.name]: null,
    };
    const out: StreamStatus[] = [];
    for (const [stream, consumer] of Object.entries(consumers)) {
      const info = await jsm.streams.info(stream).catch(() => null);
      if (!info) continue;
      const c = consumer ? await jsm.consumers.info(stream, consumer).catch(() => null) : null;
      const pending = c?.num_pending ?? 0;
      const ackPending = c?.num_ack_pending ?? 0;
      const parked = stream === STREAMS.usage.name ? parkedUsage : 0;
      out.push({
        stream,
        messages: info.state.messages,
        bytes: info.state.bytes,
        firstSeq: info.state.first_seq,
        lastSeq: info.state.last_seq,
        consumer: c ? consumer : null,
        pending,
        ackPending,
        parked,
        lag: pending + ackPending + parked,
      });
    }
    return out;
  }
}
