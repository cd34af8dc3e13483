import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { RedisClient } from '@hourglass/redis';
import type { Registry } from 'prom-client';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { LeasedJob, redisLeasedJobDeps } from '@hourglass/kernel';
import { CLOCK, CONFIG, METRICS_REGISTRY, REDIS } from '@hourglass/platform';
import { PayoutRunService } from './payout-run.service';
import { KycService } from './kyc/kyc.service';
import { scheduledRunKey } from './batches/schedule';

const CHECK_EVERY_MS = 60_000;

/**
 * Runs payouts on their schedule (HOURGLASS_PAYOUT_SCHEDULE weekly or monthly; off by default) as
 * the kernel's leased job: every replica checks, the one holding the fenced lease runs. A run of a
 * key that already has its batch is a no-op, so a check repeated after a crash pays nothing twice.
 * The same tick releases due reserves (they are released by the run) and checks customer spend.
 */
@Injectable()
export class PayoutsSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('PayoutsSchedule');
  private job: LeasedJob | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: HourglassConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly payouts: PayoutRunService,
    private readonly kyc: KycService,
  ) {}

  onApplicationBootstrap(): void {
    const schedule = this.config.payouts.schedule;
    if (schedule === 'off') return;
    this.job = new LeasedJob(
      { name: 'payouts-schedule', leaseMs: 3 * CHECK_EVERY_MS, intervalMs: CHECK_EVERY_MS, tickMsMax: 3_600_000 },
      redisLeasedJobDeps(this.redis, this.registry, this.clock, (error) => this.logger.warn(`payout schedule check failed, the next one retries: ${(error as Error).message}`)),
      async () => {
        const key = scheduledRunKey(schedule, this.clock.nowMs(), this.config.billing.delayMs);
        if (!key) return;
        const { batch, created } = await this.payouts.run(key);
        if (created) this.logger.log(`payout batch ${batch.batchId}: ${batch.items.length} items`);
        if (/^\d{4}-\d{2}$/.test(key)) await this.kyc.checkCustomerSpend(key);
      },
    );
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job?.stop();
  }
}
