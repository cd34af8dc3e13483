import type { JetStreamClient } from 'nats';
import type { RedisClient } from '@hourglass/redis';
import type { CreditAlert } from '../domain';
import type { AlertSink } from '../ports';

export const ALERTS_SUBJECT = 'billing.v1.alerts';
/** Markers outlive any month they can be about; a month's alerts are never re-sent. */
const MARKER_TTL_SECONDS = 400 * 86_400;

export function alertKey(a: Pick<CreditAlert, 'customerId' | 'period' | 'threshold'>): string {
  return `alert:${a.customerId}:${a.period}:${a.threshold}`;
}

/**
 * Once per (customer, period, threshold). Order: look for the Redis marker, publish with the key
 * as Nats-Msg-Id, then SET NX the marker. A process that dies after the publish and before the
 * marker publishes again on the retry, and the BILLING stream's duplicate window (1 h) drops the
 * copy; marking first instead would lose the alert for good in the same crash.
 */
export class NatsAlertSink implements AlertSink {
  constructor(
    private readonly js: JetStreamClient,
    private readonly redis: RedisClient,
  ) {}

  async publishOnce(alerts: readonly CreditAlert[]): Promise<CreditAlert[]> {
    const sent: CreditAlert[] = [];
    for (const alert of alerts) {
      const key = alertKey(alert);
      if ((await this.redis.exists(key)) === 1) continue;
      const ack = await this.js.publish(ALERTS_SUBJECT, JSON.stringify(alert), { msgID: key });
      await this.redis.set(key, alert.at, 'EX', MARKER_TTL_SECONDS, 'NX');
      if (!ack.duplicate) sent.push(alert);
    }
    return sent;
  }
}
