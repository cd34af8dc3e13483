import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { ClickHouseClient } from '@clickhouse/client';
import type { NatsConnection } from 'nats';
import type { RedisClient } from '@hourglass/redis';
import type { Registry } from 'prom-client';
import type { HourglassConfig } from '@hourglass/config';
import { EVENTS_SUBJECT_PREFIX, type Clock, type OutboxMessage } from '@hourglass/contracts';
import {
  ClickHouseOutboxRepository,
  DEFAULT_RELAY_OPTIONS,
  LeasedJob,
  NatsMessagePublisher,
  OutboxRelay,
  redisLeasedJobDeps,
} from '@hourglass/kernel';
import { CLICKHOUSE, CLOCK, CONFIG, METRICS_REGISTRY, NATS, REDIS } from './tokens';

/**
 * One line per business event an operator cares about (an invoice finalized, paid or voided, a
 * dispute opened, a payout paid…), from the CloudEvent itself; reference documents say nothing.
 */
export function describeOutgoingEvent(message: OutboxMessage): string | null {
  if (!message.subject.startsWith(EVENTS_SUBJECT_PREFIX)) return null;
  try {
    const event = JSON.parse(message.payload) as { type?: string; subject?: string; data?: Record<string, unknown> };
    const data = event.data ?? {};
    const figures = [data.number, data.customerId ?? data.operatorId, data.total ?? data.amount, data.currency].filter((v) => typeof v === 'string' && v.length > 0);
    return `${message.subject.slice(EVENTS_SUBJECT_PREFIX.length)}: ${event.subject ?? message.id}${figures.length > 0 ? ` (${figures.join(' ')})` : ''}`;
  } catch {
    return null;
  }
}

/** How soon a fact written to the outbox is on NATS, at most (plus one tick's work). */
const RELAY_INTERVAL_MS = 500;

/**
 * Every app runs the outbox relay as a leased job: whichever replica holds `outbox-relay` publishes
 * what reference data, billing runs and (later) other modules wrote to the outbox.
 */
@Injectable()
export class OutboxRelayJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private job: LeasedJob | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: HourglassConfig,
    @Inject(CLICKHOUSE) private readonly clickhouse: ClickHouseClient,
    @Inject(NATS) private readonly nats: NatsConnection,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
  ) {}

  onApplicationBootstrap(): void {
    const relay = new OutboxRelay(
      new ClickHouseOutboxRepository(this.clickhouse, this.config.clickhouse.database, this.clock),
      new NatsMessagePublisher(this.nats.jetstream()),
      DEFAULT_RELAY_OPTIONS,
      (batch) => {
        for (const message of batch) {
          const line = describeOutgoingEvent(message);
          if (line) this.logger.log(line);
        }
      },
    );
    this.job = new LeasedJob(
      { name: DEFAULT_RELAY_OPTIONS.name, leaseMs: 10_000, intervalMs: RELAY_INTERVAL_MS, tickMsMax: 60_000 },
      redisLeasedJobDeps(this.redis, this.registry, this.clock, (error) => this.logger.warn(`outbox relay tick failed, the next tick retries: ${(error as Error).message}`)),
      (fence) => relay.tick(fence),
    );
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job?.stop();
  }
}
