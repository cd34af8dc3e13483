import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { HourglassConfig } from '@hourglass/config';
import { CONFIG } from '@hourglass/platform';
import { LedgerPostingJob } from '../ledger-posting.job';

/**
 * The tick that keeps the ledger caught up with invoicing in `serve`: a sync every
 * HOURGLASS_LEDGER_SYNC_INTERVAL_MS after the previous one ended (never overlapping). Billing runs and
 * lifecycle actions are posted within one interval; POST /v1/ledger/sync posts at once.
 */
@Injectable()
export class LedgerSyncScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('LedgerSync');
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private current: Promise<void> | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: HourglassConfig,
    private readonly job: LedgerPostingJob,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.ledger.syncIntervalMs === 0) return;
    this.running = true;
    this.schedule(this.config.ledger.syncIntervalMs);
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.current = this.job
        .sync()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error(`ledger sync failed, the next one retries it: ${(error as Error).message}`))
        .finally(() => {
          this.current = null;
          this.schedule(this.config.ledger.syncIntervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
  }
}
