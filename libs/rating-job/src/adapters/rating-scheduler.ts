import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { RatingJobConfig } from '../rating-job.config';
import { RatingJobService } from '../rating-job.service';

export const RATING_JOB_CONFIG = Symbol('RatingJobConfig');

/**
 * The transport side of the rating job: a timer. Ticks never overlap (the next is scheduled when
 * one ends), and shutdown waits for the tick in hand so its writes finish before the clients close.
 */
@Injectable()
export class RatingScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('RatingJob');
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private current: Promise<void> | null = null;

  constructor(
    @Inject(RATING_JOB_CONFIG) private readonly config: RatingJobConfig,
    private readonly job: RatingJobService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.intervalMs === 0) {
      this.logger.log('rating job is off (HOURGLASS_RATING_INTERVAL_MS=0)');
      return;
    }
    this.running = true;
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.current = this.job
        .runTick()
        .then(() => undefined)
        .catch((error: unknown) => this.logger.error(`rating tick failed, the next tick retries it: ${(error as Error).message}`))
        .finally(() => {
          this.current = null;
          this.schedule(this.config.intervalMs);
        });
    }, delayMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.current;
    if (this.config.intervalMs > 0) await this.job.release().catch(() => undefined);
  }
}
