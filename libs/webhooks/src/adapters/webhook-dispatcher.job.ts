import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { AckPolicy, DeliverPolicy, nanos, type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';
import type { HourglassConfig } from '@hourglass/config';
import { EVENTS_SUBJECT_PREFIX, type Clock } from '@hourglass/contracts';
import { STREAMS } from '@hourglass/nats';
import { CLOCK, CONFIG, NATS } from '@hourglass/platform';
import { wants, type WebhookEndpoint } from '../domain';
import type { HttpPoster, WebhookStore } from '../ports';
import { attemptDelivery } from '../webhook-delivery';
import { WEBHOOK_HTTP, WEBHOOK_STORE } from '../webhooks.tokens';

interface Running {
  endpoint: WebhookEndpoint;
  messages: ConsumerMessages;
  done: Promise<void>;
}

/**
 * Delivers outgoing events to each enabled endpoint from a JetStream durable consumer of its own
 * (`webhook_<endpointId>` on BILLING, from the endpoint's creation on). Replicas share the durable,
 * so each event goes out from one of them; a failed POST is nak'ed with the retry schedule's delay
 * and JetStream brings it back then, so a retry survives a restart. Ack after the attempt is logged:
 * a crash in between sends it again, and the receiver drops the copy by its event id.
 */
@Injectable()
export class WebhookDispatcherJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private readonly running = new Map<string, Running>();
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    @Inject(CONFIG) private readonly config: HourglassConfig,
    @Inject(NATS) private readonly nats: NatsConnection,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(WEBHOOK_STORE) private readonly store: WebhookStore,
    @Inject(WEBHOOK_HTTP) private readonly http: HttpPoster,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduleRefresh();
    this.timer = setInterval(() => this.scheduleRefresh(), this.config.webhooks.refreshMs);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.refreshing;
    await Promise.all([...this.running.keys()].map((id) => this.stop(id)));
  }

  private scheduleRefresh(): void {
    this.refreshing = this.refreshing
      .then(() => this.refresh())
      .catch((error: Error) => this.logger.warn(`could not refresh webhook endpoints, the next refresh retries: ${error.message}`));
  }

  /** Starts endpoints that are new or changed, stops those disabled. */
  private async refresh(): Promise<void> {
    if (this.stopped) return;
    const endpoints = new Map((await this.store.endpoints()).filter((e) => e.enabled).map((e) => [e.endpointId, e]));
    for (const [id, running] of this.running) {
      const current = endpoints.get(id);
      if (!current || current.updatedAtMs !== running.endpoint.updatedAtMs) await this.stop(id);
    }
    for (const endpoint of endpoints.values()) {
      if (!this.running.has(endpoint.endpointId) && !this.stopped) await this.start(endpoint);
    }
  }

  private async start(endpoint: WebhookEndpoint): Promise<void> {
    const durable = `webhook_${endpoint.endpointId}`;
    const jsm = await this.nats.jetstreamManager();
    try {
      await jsm.consumers.info(STREAMS.billing.name, durable);
    } catch (error) {
      if (!/consumer not found/i.test(String((error as Error).message))) throw error;
      await jsm.consumers.add(STREAMS.billing.name, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.StartTime,
        opt_start_time: new Date(endpoint.createdAtMs).toISOString(),
        filter_subject: `${EVENTS_SUBJECT_PREFIX}>`,
        ack_wait: nanos(this.config.webhooks.timeoutMs + 30_000),
        max_deliver: -1,
        max_ack_pending: 1_000,
      });
    }
    const consumer = await this.nats.jetstream().consumers.get(STREAMS.billing.name, durable);
    const messages = await consumer.consume({ max_messages: 100 });
    const done = (async () => {
      for await (const m of messages) await this.handle(endpoint, m);
    })().catch((error: Error) => this.logger.warn(`webhook endpoint ${endpoint.endpointId} stopped: ${error.message}`));
    this.running.set(endpoint.endpointId, { endpoint, messages, done });
    this.logger.log(`delivering events to webhook endpoint ${endpoint.endpointId} (${endpoint.url})`);
  }

  private async stop(endpointId: string): Promise<void> {
    const running = this.running.get(endpointId);
    if (!running) return;
    this.running.delete(endpointId);
    await running.messages.close().catch(() => undefined);
    await running.done;
  }

  private async handle(endpoint: WebhookEndpoint, m: JsMsg): Promise<void> {
    const type = m.subject.slice(EVENTS_SUBJECT_PREFIX.length);
    if (!wants(endpoint, type)) {
      m.ack();
      return;
    }
    const body = m.string();
    const id = m.headers?.get('Nats-Msg-Id') || (JSON.parse(body) as { id?: string }).id || `seq-${m.seq}`;
    const { attempt, retryInMs } = await attemptDelivery(endpoint, { id, type, body }, m.info.deliveryCount, {
      http: this.http,
      clock: this.clock,
      retry: this.config.webhooks.retry,
      timeoutMs: this.config.webhooks.timeoutMs,
    });
    try {
      await this.store.recordAttempts([attempt]);
    } catch (error) {
      // Not logged, not settled: try the whole attempt again soon rather than lose its record.
      this.logger.warn(`could not log a webhook delivery, retrying it: ${(error as Error).message}`);
      m.nak(5_000);
      return;
    }
    if (attempt.outcome === 'delivered') m.ack();
    else if (retryInMs === null) {
      this.logger.warn(`gave up on ${id} for webhook endpoint ${endpoint.endpointId} after ${attempt.attempt} attempts: ${attempt.error}`);
      m.term();
    } else m.nak(retryInMs);
  }
}
