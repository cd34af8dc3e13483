import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { HourglassConfig } from '@hourglass/config';
import { RepeatingTask } from '@hourglass/kernel';
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
  private readonly task: RepeatingTask;

  constructor(@Inject(CONFIG) config: HourglassConfig, job: LedgerPostingJob) {
    this.task = new RepeatingTask(
      config.ledger.syncIntervalMs,
      () => job.sync(),
      (error) => this.logger.error(`ledger sync failed, the next one retries it: ${error.message}`),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
