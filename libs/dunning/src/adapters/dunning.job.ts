import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { RedisClient } from '@hourglass/redis';
import type { Registry } from 'prom-client';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { LeasedJob, redisLeasedJobDeps, type JobOutcome } from '@hourglass/kernel';
import { CLOCK, CONFIG, METRICS_REGISTRY, REDIS } from '@hourglass/platform';
import { DunningService } from '../dunning.service';

export const DUNNING_JOB = 'dunning';

/**
 * The dunning tick as a leased job: every replica runs the schedule, the holder of the `dunning` lease
 * (fenced, in Redis) does the work, so two replicas never retry the same invoice. Off when
 * HOURGLASS_DUNNING_INTERVAL_MS is 0; `runOnce()` runs a tick now (tests, the demo).
 */
@Injectable()
export class DunningJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Dunning');
  private readonly job: LeasedJob;

  constructor(
    @Inject(CONFIG) private readonly config: HourglassConfig,
    @Inject(CLOCK) clock: Clock,
    @Inject(REDIS) redis: RedisClient,
    @Inject(METRICS_REGISTRY) registry: Registry,
    service: DunningService,
  ) {
    const intervalMs = config.dunning.intervalMs || 60_000;
    this.job = new LeasedJob(
      // A tick is bounded (500 new cases, 100 retries); past five minutes it is handed over.
      { name: DUNNING_JOB, leaseMs: Math.max(30_000, 3 * intervalMs), intervalMs, tickMsMax: 300_000 },
      redisLeasedJobDeps(redis, registry, clock, (error) => this.logger.warn(`dunning tick failed, the next tick retries: ${(error as Error).message}`)),
      (fence) => service.tick(fence),
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.dunning.intervalMs > 0) this.job.start();
  }

  runOnce(): Promise<JobOutcome> {
    return this.job.runOnce();
  }

  /** Waits for the tick in hand and gives the lease up, so another replica takes over at once. */
  stop(): Promise<void> {
    return this.job.stop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }
}
