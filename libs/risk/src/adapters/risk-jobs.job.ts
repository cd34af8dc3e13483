import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { RedisClient } from '@hourglass/redis';
import type { Registry } from 'prom-client';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { LeasedJob, redisLeasedJobDeps } from '@hourglass/kernel';
import { CLOCK, CONFIG, METRICS_REGISTRY, REDIS } from '@hourglass/platform';
import { FraudSignalsService } from '../fraud-signals.service';
import { ScreeningService } from '../screening.service';
import { SanctionsListsService } from '../sanctions-lists.service';
import { fetchConfiguredLists } from './list-fetcher';

/**
 * The risk module's leased jobs, one replica each at a time:
 * - `screening-sweep` (HOURGLASS_SCREENING_SWEEP_MS): screens new and changed parties, and everyone
 *   after a list refresh; a sweep is bounded (ScreeningService's partiesMax) and the next goes on;
 * - `sanctions-refresh` (when a list URL is configured, every HOURGLASS_SANCTIONS_REFRESH_HOURS):
 *   fetches the published files and loads them (the same files again are the same version);
 * - `risk-signals` (HOURGLASS_RISK_SIGNALS_INTERVAL_MS): evaluates the fraud rules over the window
 *   ending at the last whole hour.
 */
@Injectable()
export class RiskJobs implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Risk');
  private readonly jobs: LeasedJob[] = [];

  constructor(
    @Inject(CONFIG) private readonly config: HourglassConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REDIS) private readonly redis: RedisClient,
    @Inject(METRICS_REGISTRY) private readonly registry: Registry,
    private readonly screening: ScreeningService,
    private readonly lists: SanctionsListsService,
    private readonly signals: FraudSignalsService,
  ) {}

  onApplicationBootstrap(): void {
    const deps = (name: string) =>
      redisLeasedJobDeps(this.redis, this.registry, this.clock, (error) => this.logger.warn(`${name} failed, the next tick retries: ${(error as Error).message}`));
    const { sanctions, signals } = this.config.risk;
    if (sanctions.sweepIntervalMs > 0) {
      this.jobs.push(
        new LeasedJob({ name: 'screening-sweep', leaseMs: Math.max(30_000, 3 * sanctions.sweepIntervalMs), intervalMs: sanctions.sweepIntervalMs, tickMsMax: 600_000 }, deps('screening sweep'), async (fence) => {
          const result = await this.screening.sweep(() => fence.assertHeld());
          if (result.screened > 0) this.logger.log(`screened ${result.screened} of ${result.parties} parties: ${result.blocked} blocked, ${result.review} to review`);
        }),
      );
    }
    const urls = sanctions.urls;
    if (urls.ofacSdn || urls.eu) {
      this.jobs.push(
        new LeasedJob({ name: 'sanctions-refresh', leaseMs: sanctions.refreshMs + 600_000, intervalMs: sanctions.refreshMs, tickMsMax: 600_000 }, deps('sanctions refresh'), async () => {
          const loaded = await this.lists.load(await fetchConfiguredLists(urls));
          this.logger.log(`sanctions lists: ${loaded.map((l) => `${l.list} ${l.version} ${l.status} (${l.entries} entries)`).join(', ')}`);
        }),
      );
    }
    if (signals.intervalMs > 0) {
      this.jobs.push(
        new LeasedJob({ name: 'risk-signals', leaseMs: Math.max(60_000, 3 * signals.intervalMs), intervalMs: signals.intervalMs, tickMsMax: 600_000 }, deps('risk signals'), async () => {
          const result = await this.signals.tick();
          if (result) this.logger.log(`risk signals ${result.window.from}..${result.window.to}: ${JSON.stringify(result.fired)}`);
        }),
      );
    }
    for (const job of this.jobs) job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.jobs.map((j) => j.stop()));
  }
}
