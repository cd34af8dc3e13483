import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { HourglassConfig } from '@hourglass/config';
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
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private current: Promise<void> | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: HourglassConfig,
    private readonly disputes: DisputesService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.disputes.syncIntervalMs === 0) return;
    this.running = true;
    this.schedule(this.config.disputes.syncIntervalMs);
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.current = this.disputes
        .sync()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error(`disputes sync failed, the next one retries it: ${(error as Error).message}`))
        .finally(() => {
          this.current = null;
          this.schedule(this.config.disputes.syncIntervalMs);
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
