import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { RedisClient } from '@hourglass/redis';
import type { NatsConnection } from 'nats';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { BatchConsumer, ensureDurableConsumer, provisionStreams, STREAMS } from '@hourglass/nats';
import { sinceProcessStartMs, startupPhase, startupPhases } from '@hourglass/kernel';
import { IngestMetrics } from '@hourglass/observability';
import { CLICKHOUSE, CLOCK, CONFIG, NATS } from '@hourglass/platform';
import { recoverDedupClaims } from './adapters/dedup-recovery';
import { streamSeqOffset } from './adapters/stream-incarnation';
import { ClickHouseParkedUsageStore } from './adapters/clickhouse-parked-usage.store';
import { MeteringService } from './metering.service';

/** The Redis connection of the dedup claims, namespaced by this store's instance id. */
export const DEDUP_REDIS = Symbol('DedupRedis');

/** The transport side of metering: pulls USAGE batches and hands them to MeteringService. */
@Injectable()
export class UsageConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('UsageConsumer');
  private consumer: BatchConsumer | null = null;
  private lagTimer: NodeJS.Timeout | null = null;
  /** Added to every USAGE sequence (see stream-incarnation.ts); null until read, and again after a reprovision. */
  private seqOffset: number | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: HourglassConfig,
    @Inject(NATS) private readonly nats: NatsConnection,
    @Inject(DEDUP_REDIS) private readonly redis: RedisClient,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    private readonly metering: MeteringService,
    private readonly parking: ClickHouseParkedUsageStore,
    private readonly metrics: IngestMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * The durable consumer with every limit explicit; run at start (the platform's NATS connection has
   * provisioned the streams already) and, streams included, when the broker lost them.
   */
  private async provision(streams = true): Promise<void> {
    const jsm = await this.nats.jetstreamManager();
    if (streams) await provisionStreams(jsm, this.config.nats.streamReplicas);
    const c = this.config.metering.consumer;
    await ensureDurableConsumer(jsm, {
      stream: STREAMS.usage.name,
      durableName: c.durableName,
      ackWaitMs: c.ackWaitMs,
      maxDeliver: c.maxDeliver,
      maxAckPending: c.maxAckPending,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Independent: the claims are rebuilt (if Redis lost them) while the durable consumer is checked.
    // Nothing is fetched before both are done.
    await Promise.all([
      startupPhase('dedup-recovery', () =>
        recoverDedupClaims(this.redis, this.clickhouse, this.config.clickhouse.database, this.config.metering.dedupTtlSeconds, this.clock, (line) =>
          this.logger.log(line),
        ),
      ),
      startupPhase('consumer', () => this.provision(false)),
      startupPhase('stream-incarnation', () => this.offset()),
    ]);
    const c = this.config.metering.consumer;
    this.consumer = new BatchConsumer(
      this.nats.jetstream(),
      {
        stream: STREAMS.usage.name,
        durableName: c.durableName,
        batchSizeMax: c.batchSizeMax,
        handlersInFlightMax: c.batchesInFlightMax,
        fetchExpiresMs: c.fetchExpiresMs,
        reprovision: async () => {
          await this.provision();
          // A stream created anew numbers from 1 again: its offset is read before the next batch.
          this.seqOffset = null;
        },
        onError: (error) => {
          this.metrics.consumerErrors.inc();
          this.logger.error(`usage batch failed, it will be redelivered: ${(error as Error).message}`);
        },
      },
      async (batch) => {
        const stop = this.metrics.batchSeconds.startTimer();
        this.metrics.batchSize.observe(batch.length);
        const redelivered = batch.filter((m) => m.redelivered).length;
        if (redelivered > 0) this.metrics.redeliveries.inc(redelivered);
        const offset = await this.offset();
        await this.metering.process(
          batch.map((m) => ({ seq: offset + m.seq, subject: m.subject, data: m.data, receivedAtMs: m.storedAtMs, redelivered: m.redelivered })),
        );
        stop();
        // Every message is acked: each has its outcome row now, or is parked for its rental.
        return [];
      },
    );
    this.consumer.start();
    // One line bench/ingest reads: where the time from process start to the first fetch went.
    this.logger.log(`start-up ${JSON.stringify({ firstFetchMs: Math.round(sinceProcessStartMs()), phasesMs: startupPhases() })}`);
    this.lagTimer = setInterval(() => void this.observeLag(), 5_000);
    this.lagTimer.unref();
  }

  private async offset(): Promise<number> {
    if (this.seqOffset !== null) return this.seqOffset;
    const jsm = await this.nats.jetstreamManager();
    const offset = await streamSeqOffset(jsm, this.clickhouse, this.redis, this.config.clickhouse.database, STREAMS.usage.name, this.clock, (line) => this.logger.warn(line));
    this.seqOffset = offset;
    return offset;
  }

  private async observeLag(): Promise<void> {
    try {
      const jsm = await this.nats.jetstreamManager();
      const info = await jsm.consumers.info(STREAMS.usage.name, this.config.metering.consumer.durableName);
      this.metrics.consumerLag.set({ stream: STREAMS.usage.name, consumer: info.name }, info.num_pending + info.num_ack_pending);
      this.metrics.parkedEvents.set(await this.parking.openCount());
    } catch {
      // Lag is best effort; the next tick tries again.
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.lagTimer) clearInterval(this.lagTimer);
    await this.consumer?.stop();
    await this.redis.quit().catch(() => undefined);
  }
}
