import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { CLOCK, CONFIG } from '@hourglass/platform';
import { BillingRunService } from '../billing-run.service';
import { periodDue } from '../domain/period-due';

const CHECK_EVERY_MS = 60_000;

/**
 * Closes last month automatically, `HOURGLASS_BILLING_DELAY_HOURS` into the new month so that late
 * agents have reported. Off unless HOURGLASS_BILLING_SCHEDULE=monthly: an operator who bills by hand
 * must not find a period closed before their usage was in. A run that is already complete is a no-op,
 * so every replica may run the schedule; the billing lock serialises them.
 */
@Injectable()
export class BillingSchedule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('BillingSchedule');
  private timer: NodeJS.Timeout | null = null;
  private lastClosed: string | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: HourglassConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly billing: BillingRunService,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.billing.schedule !== 'monthly') return;
    this.timer = setInterval(() => void this.tick(), CHECK_EVERY_MS);
    this.timer.unref();
    void this.tick();
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

  beforeApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
