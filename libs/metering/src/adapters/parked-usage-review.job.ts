import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { RedisClient } from '@hourglass/redis';
import type { Registry } from 'prom-client';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { LeasedJob, redisLeasedJobDeps } from '@hourglass/kernel';
import { CLOCK, CONFIG, METRICS_REGISTRY, REDIS } from '@hourglass/platform';
import { MeteringService } from '../metering.service';

/** Events looked at per pass; a tick takes passes until it has looked at every parked event once. */
const REVIEW_BATCH = 5_000;

/**
 * Looks at parked events again every `parkedReviewMs`: accepted once their rental is known, rejected
 * as unknown_rental once the grace is over. One replica at a time (lease `usage-parked-review`): two
 * replicas resolving one event would both write its outcome.
 */
@Injectable()
export class ParkedUsageReviewJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ParkedUsage');
  private job: LeasedJob | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: HourglassConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly metering: MeteringService,
  ) {}

  onApplicationBootstrap(): void {
    const intervalMs = this.config.metering.parkedReviewMs;
    this.job = new LeasedJob(
      // A short lease: after a replica is killed, parked events wait for it to run out before another
      // replica looks at them (a stop releases it at once). Heartbeats renew it during a long tick.
      { name: 'usage-parked-review', leaseMs: Math.max(10_000, 3 * intervalMs), intervalMs, tickMsMax: 5 * 60_000 },
      redisLeasedJobDeps(this.redis, this.registry, this.clock, (error) => this.logger.error(`review of parked usage failed, the next tick retries it: ${(error as Error).message}`)),
      async (fence) => {
        let after: number | null = 0;
        while (after !== null) {
          await fence.assertHeld();
          after = await this.metering.reviewParked(REVIEW_BATCH, after);
        }
      },
    );
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job?.stop();
  }
}
