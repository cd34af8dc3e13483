import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { RedisClient } from '@hourglass/redis';
import type { Registry } from 'prom-client';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { LeasedJob, redisLeasedJobDeps } from '@hourglass/kernel';
import { CLOCK, CONFIG, METRICS_REGISTRY, REDIS } from '@hourglass/platform';
import { runIsDue, scheduledPeriods } from './domain/schedule';
import { ReconciliationService } from './reconciliation.service';

const CHECK_EVERY_MS_MAX = 60_000;
/** A run of a million settlement lines takes about a minute; past this the lease moves on. */
const TICK_MS_MAX = 30 * 60_000;

/**
 * Reconciles the previous and the running period every HOURGLASS_RECON_INTERVAL_MS (default one
 * hour; 0 turns it off) as the kernel's leased job: every replica checks each minute, the one holding
 * the fenced lease runs once the interval has passed since its last run (the first one interval after
 * it started, so a restart loop does not rerun reconciliation at every boot). A run is idempotent
 * (ids derived from what matches and breaks are about), so two replicas racing across a lease
 * hand-over write the same rows and announce each break once.
 */
@Injectable()
export class ReconciliationSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ReconciliationSchedule');
  private job: LeasedJob | null = null;
  private lastRunMs = 0;

  constructor(
    @Inject(CONFIG) private readonly config: HourglassConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly recon: ReconciliationService,
  ) {}

  onApplicationBootstrap(): void {
    const intervalMs = this.config.reconciliation.runIntervalMs;
    if (intervalMs === 0) return;
    this.lastRunMs = this.clock.nowMs();
    const checkMs = Math.min(CHECK_EVERY_MS_MAX, intervalMs);
    this.job = new LeasedJob(
      { name: 'reconciliation-schedule', leaseMs: 3 * checkMs, intervalMs: checkMs, tickMsMax: TICK_MS_MAX },
      redisLeasedJobDeps(this.redis, this.registry, this.clock, (error) => this.logger.warn(`scheduled reconciliation failed, the next check retries: ${(error as Error).message}`)),
      async () => {
        const nowMs = this.clock.nowMs();
        if (!runIsDue(this.lastRunMs, nowMs, intervalMs)) return;
        for (const period of scheduledPeriods(nowMs)) {
          const r = await this.recon.run(period);
          this.logger.log(`reconciled ${period}: ${r.opened} breaks opened, ${r.autoResolved} resolved`);
        }
        this.lastRunMs = nowMs;
      },
    );
    this.job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job?.stop();
  }
}
