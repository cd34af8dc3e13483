import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { RedisClient } from '@hourglass/redis';
import type { Registry } from 'prom-client';
import type { Clock } from '@hourglass/contracts';
import { LeasedJob, redisLeasedJobDeps } from '@hourglass/kernel';
import { CLOCK, METRICS_REGISTRY, REDIS } from '@hourglass/platform';
import type { RatingJobConfig } from '../rating-job.config';
import { RatingJobService } from '../rating-job.service';

export const RATING_JOB_CONFIG = Symbol('RatingJobConfig');

/**
 * A tick bounded by eventsPerTickMax ends in seconds; one still running after this has hung (a stuck
 * query), and stops renewing the lease so that another replica takes the job over.
 */
const TICK_MS_MAX = 10 * 60_000;

/**
 * The transport side of the rating job: the kernel's leased job, so that one replica rates at a time
 * (lease `rating-job`, fenced). Ticks never overlap, and shutdown waits for the tick in hand so its
 * writes finish before the clients close, then releases the lease for another replica.
 */
@Injectable()
export class RatingScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RatingJob');
  private job: LeasedJob | null = null;

  constructor(
    @Inject(RATING_JOB_CONFIG) private readonly config: RatingJobConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly rating: RatingJobService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.intervalMs === 0) {
      this.logger.log('rating job is off (HOURGLASS_RATING_INTERVAL_MS=0)');
      return;
    }
    this.job = new LeasedJob(
      { name: 'rating-job', leaseMs: this.config.leaseMs, intervalMs: this.config.intervalMs, tickMsMax: TICK_MS_MAX },
      redisLeasedJobDeps(this.redis, this.registry, this.clock, (error) => this.logger.error(`rating tick failed, the next tick retries it: ${(error as Error).message}`)),
      (fence) => this.rating.runTick(fence),
    );
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job?.stop();
  }
}
