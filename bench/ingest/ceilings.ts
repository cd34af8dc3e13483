import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import { migrate } from '@hourglass/clickhouse';
import type { HourglassConfig } from '@hourglass/config';
import { ClickHouseUsageOutcomeRepository } from '@hourglass/metering';
import { MeteringService } from '@hourglass/metering';
import type { DedupStore, IncomingUsage, RentalLookup, UsageOutcome, UsageOutcomeRepository } from '@hourglass/metering';
import { BatchConsumer, ensureDurableConsumer, STREAMS } from '@hourglass/nats';
import { clock } from './pipeline';
import { systemClock } from '@hourglass/kernel';

/**
 * JetStream alone: the same backlog through a second durable consumer and the same BatchConsumer,
 * with a handler that does nothing but say "ack". What the transport costs, fetch to ack.
 */
export async function jetStreamCeiling(nats: NatsConnection, config: HourglassConfig, total: number, progress: (line: string) => void): Promise<number> {
  const durableName = 'bench-ceiling';
  const c = config.metering.consumer;
  await ensureDurableConsumer(await nats.jetstreamManager(), {
    stream: STREAMS.usage.name,
    durableName,
    ackWaitMs: c.ackWaitMs,
    maxDeliver: c.maxDeliver,
    maxAckPending: c.maxAckPending,
  });
  let received = 0;
  let startedMs = 0;
  let lastMs = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const consumer = new BatchConsumer(
    nats.jetstream(),
    {
      stream: STREAMS.usage.name,
      durableName,
      batchSizeMax: c.batchSizeMax,
      fetchExpiresMs: c.fetchExpiresMs,
      onError: (error) => progress(`jetstream ceiling: ${(error as Error).message}`),
    },
    async (batch) => {
      received += batch.length;
      lastMs = performance.now();
      if (received >= total) done();
      return batch.map(() => ({ kind: 'ack' as const }));
    },
  );
  startedMs = performance.now();
  consumer.start();
  await finished;
  await consumer.stop();
  return (received / (lastMs - startedMs)) * 1000;
}

class MemoryDedupStore implements DedupStore {
  private readonly holders = new Map<string, number>();
  async claim(items: ReadonlyArray<{ key: string; seq: number }>): Promise<number[]> {
    return items.map(({ key, seq }) => {
      const holder = this.holders.get(key);
      if (holder !== undefined) return holder;
      this.holders.set(key, seq);
      return seq;
    });
  }
}

/** Times only the repository's inserts; the outcomes are built, untimed, by the real MeteringService. */
class TimedRepository implements UsageOutcomeRepository {
  insertMs = 0;
  rows = 0;
  constructor(private readonly real: UsageOutcomeRepository) {}
  async existingSeqs(): Promise<Set<number>> {
    return new Set();
  }
  async highestSeq(): Promise<number> {
    return 0;
  }
  async insert(outcomes: readonly UsageOutcome[]): Promise<void> {
    const t0 = performance.now();
    await this.real.insert(outcomes);
    this.insertMs += performance.now() - t0;
    this.rows += outcomes.length;
  }
}

/**
 * chDB alone: the same rows, in batches of the pipeline's size, through the same repository
 * (row mapping, serialisation, insert) into a database of their own. The stream is read with an
 * ordered consumer and the outcomes are computed by MeteringService with in-memory ports; only the
 * inserts are timed.
 */
export async function insertCeiling(
  clickhouse: ClickHouseClient,
  nats: NatsConnection,
  config: HourglassConfig,
  rentals: RentalLookup,
  total: number,
  progress: (line: string) => void,
): Promise<number> {
  const database = `${config.clickhouse.database}_insert_ceiling`;
  await migrate(clickhouse, { database, cluster: null, dedupWindow: 10_000 }, systemClock);
  const repository = new TimedRepository(new ClickHouseUsageOutcomeRepository(clickhouse, database));
  const metering = new MeteringService(
    repository,
    new MemoryDedupStore(),
    rentals,
    { publish: async () => undefined },
    { recorded: () => undefined, redeliveredAlreadyWritten: () => undefined, waitingForRental: () => undefined },
    // Reading happens long after publishing: no rental is waited for, every unknown one is rejected.
    clock,
    { unknownRentalGraceMs: 0, pendingRetryMs: 0 },
  );
  const reader = await nats.jetstream().consumers.get(STREAMS.usage.name);
  let read = 0;
  while (read < total) {
    const batch: IncomingUsage[] = [];
    const iter = await reader.fetch({ max_messages: Math.min(config.metering.consumer.batchSizeMax, total - read), expires: 5_000 });
    for await (const m of iter) {
      batch.push({ seq: m.seq, subject: m.subject, data: m.data, receivedAtMs: Math.floor(m.info.timestampNanos / 1_000_000), redelivered: false });
    }
    if (batch.length === 0) throw new Error(`insert ceiling: the stream ran dry after ${read} of ${total} messages`);
    read += batch.length;
    await metering.process(batch);
    if (read % 200_000 < batch.length) progress(`insert ceiling: ${read} rows read, ${repository.rows} inserted`);
  }
  await clickhouse.command({ query: `DROP DATABASE IF EXISTS \`${database}\` SYNC` });
  return (repository.rows / repository.insertMs) * 1000;
}
