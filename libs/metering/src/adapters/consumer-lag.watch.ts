import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection } from 'nats';
import type { HourglassConfig } from '@hourglass/config';
import type { Clock } from '@hourglass/contracts';
import { STREAMS } from '@hourglass/nats';
import { CLOCK, CONFIG, NATS } from '@hourglass/platform';
import { nextLagState, type LagReading, type LagState } from '../domain/lag-state';

const INTERVAL_MS = 10_000;
const THRESHOLDS = { behindAt: 10_000, caughtUpBelow: 1_000 };

/** Logs when the usage consumer starts falling behind and when it has caught up (see nextLagState). */
@Injectable()
export class ConsumerLagWatch implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('UsageConsumer');
  private timer: NodeJS.Timeout | null = null;
  private state: LagState = 'caught_up';
  private previous: LagReading | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: HourglassConfig,
    @Inject(NATS) private readonly nats: NatsConnection,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.check().catch(() => undefined), INTERVAL_MS);
    this.timer.unref();
  }

  beforeApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private async check(): Promise<void> {
    const jsm = await this.nats.jetstreamManager();
    const info = await jsm.consumers.info(STREAMS.usage.name, this.config.metering.consumer.durableName);
    const reading = { atMs: this.clock.nowMs(), pending: info.num_pending + info.num_ack_pending };
    const transition = nextLagState(this.state, this.previous, reading, THRESHOLDS);
    this.state = transition.state;
    this.previous = reading;
    if (transition.line === null) return;
    if (transition.state === 'behind') this.logger.warn(transition.line);
    else this.logger.log(transition.line);
  }
}
