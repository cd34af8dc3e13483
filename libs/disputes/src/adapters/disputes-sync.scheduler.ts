import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { HourglassConfig } from '@hourglass/config';
import { RepeatingTask } from '@hourglass/kernel';
import { CONFIG } from '@hourglass/platform';
import { DisputesService } from '../disputes.service';

/**
 * The tick of `serve`: a disputes sync every HOURGLASS_DISPUTES_SYNC_INTERVAL_MS after the previous one
 * ended (never overlapping). Every write of a sync is keyed by the dispute, so two replicas ticking at
 * once write the same rows; the ledger's own tick posts the loss facts.
 */
@Injectable()
export class DisputesSyncScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DisputesSync');
  private readonly task: RepeatingTask;

  constructor(@Inject(CONFIG) config: HourglassConfig, disputes: DisputesService) {
    this.task = new RepeatingTask(
      config.disputes.syncIntervalMs,
      () => disputes.sync(),
      (error) => this.logger.error(`disputes sync failed, the next one retries it: ${error.message}`),
    );
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
