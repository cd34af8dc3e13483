import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { HourglassConfig } from '@hourglass/config';
import { CONFIG } from '@hourglass/platform';
import { PaymentFactsService } from '../payment-facts.service';
import { WebhookIntakeService } from '../webhook-intake.service';

/** Bounded work per tick: a backlog of stored-but-unprocessed webhooks drains over several ticks. */
const ENTRIES_PER_TICK_MAX = 200;

/**
 * Applies webhooks that were stored but never processed (the process died between the two steps,
 * or ClickHouse refused the facts' insert), and re-settles overpayment credits that a credit note
 * or a void changed after the money came. Applying is idempotent, so two replicas doing it at once
 * write the same facts.
 */
@Injectable()
export class PspInboxRetryJob implements OnModuleInit, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly logger = new Logger('PspInboxRetry');

  constructor(
    @Inject(CONFIG) private readonly config: HourglassConfig,
    private readonly intake: WebhookIntakeService,
    private readonly facts: PaymentFactsService,
  ) {}

  onModuleInit(): void {
    const everyMs = this.config.payments.inboxRetryMs;
    if (everyMs <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.intake
        .retryUnprocessed(ENTRIES_PER_TICK_MAX)
        .then(async (n) => {
          if (n > 0) this.logger.log(`applied ${n} stored webhooks that had not been processed`);
          const settled = await this.facts.settleChangedCredits(ENTRIES_PER_TICK_MAX);
          if (settled > 0) this.logger.log(`re-settled the overpayment credit of ${settled} invoices`);
        })
        .catch((error: Error) => this.logger.warn(`inbox retry failed, will try again: ${error.message}`))
        .finally(() => {
          this.running = null;
        });
    }, everyMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
