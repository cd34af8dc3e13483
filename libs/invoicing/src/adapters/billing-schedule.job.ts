import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { RedisClient } from '@hourglass/redis';
import type { Registry } from 'prom-client';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { LeasedJob, redisLeasedJobDeps } from '@hourglass/kernel';
import { CLOCK, CONFIG, METRICS_REGISTRY, REDIS } from '@hourglass/platform';
import { BillingRunService } from '../billing-run.service';
import { periodDue } from '../domain/period-due';

const CHECK_EVERY_MS = 60_000;

/**
 * Closes last month automatically, `HOURGLASS_BILLING_DELAY_HOURS` into the new month so that late
 * agents have reported. Off unless HOURGLASS_BILLING_SCHEDULE=monthly: an operator who bills by hand
 * must not find a period closed before their usage was in. Every replica runs the schedule as a
 * leased job, so one of them checks at a time; the run itself takes the fenced billing lock, and a
 * run that is already complete is a no-op.
 */
@Injectable()
export class BillingSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BillingSchedule');
  private job: LeasedJob | null = null;
  private lastClosed: string | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: HourglassConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly billing: BillingRunService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.billing.schedule !== 'monthly') return;
    this.job = new LeasedJob(
      // A closing run can take minutes on a large month; past an hour the check is handed over.
      { name: 'billing-schedule', leaseMs: 3 * CHECK_EVERY_MS, intervalMs: CHECK_EVERY_MS, tickMsMax: 3_600_000 },
      redisLeasedJobDeps(this.redis, this.registry, this.clock, (error) => this.logger.warn(`schedule check failed, the next one retries: ${(error as Error).message}`)),
      () => this.tick(),
    );
    this.job.start();
  }

  private async tick(): Promise<void> {
    const period = periodDue(this.clock.nowMs(), this.config.billing.delayMs);
    if (!period || period === this.lastClosed) return;
    try {
      const result = await this.billing.run(period);
      this.lastClosed = period;
      if (!result.alreadyCompleted) this.logger.log(`closed ${period}: ${result.invoices} invoices`);
    } catch (error) {
      this.logger.warn(`could not close ${period} yet: ${(error as Error).message}`);
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job?.stop();
  }
}
