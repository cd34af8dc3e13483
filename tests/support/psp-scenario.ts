import type { Clock } from '@hourglass/contracts';
import { pspSimApiBases, startPspSim, type PspSim } from '@hourglass/psp-sim';
import { startHarness, type Harness } from './harness';

/** The secrets the simulator signs with and Hourglass verifies with, in every PSP scenario. */
export const STRIPE_WEBHOOK_SECRET = 'whsec_scenario';
export const ADYEN_HMAC_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';

/** Runs at the real rate from a fixed instant, and jumps forward when told: days of dunning in seconds. */
export function steppedClock(at: string): Clock & { advanceTo(iso: string): void } {
  const t0 = performance.now();
  let offsetMs = Date.parse(at);
  const nowMs = () => offsetMs + Math.floor(performance.now() - t0);
  return {
    nowMs,
    advanceTo(iso: string) {
      const target = Date.parse(iso);
      if (target > nowMs()) offsetMs += target - nowMs();
    },
  };
}

export interface PspScenario {
  h: Harness;
  sim: PspSim;
  /** Every webhook sent so far delivered (or given up on). */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A whole Hourglass wired to the PSP simulator: the adapters call it (Stripe's SDK and Adyen's API
 * bases point there), it signs and sends its webhooks to Hourglass, both on the same clock. The inbox
 * retry job is off so that every effect in a test comes from a delivery it made; `env` adds to or
 * overrides the defaults (e.g. the dunning or loss policy).
 */
export async function startPspScenario(clock: Clock, env: Record<string, string> = {}, delivery: { duplicates?: number } = { duplicates: 1 }): Promise<PspScenario> {
  const sim = await startPspSim({ clock, stripeWebhookSecret: STRIPE_WEBHOOK_SECRET, adyenHmacKey: ADYEN_HMAC_KEY, delivery });
  const h = await startHarness(
    {
      HOURGLASS_STRIPE_WEBHOOK_SECRETS: STRIPE_WEBHOOK_SECRET,
      HOURGLASS_STRIPE_API_KEY: 'sk_test_scenario',
      HOURGLASS_ADYEN_HMAC_KEYS: ADYEN_HMAC_KEY,
      HOURGLASS_ADYEN_API_KEY: 'adyen_test_key',
      ...pspSimApiBases(sim.url),
      HOURGLASS_ADYEN_MERCHANT_ACCOUNT: 'HourglassTest',
      HOURGLASS_PSP_INBOX_RETRY_MS: '0',
      ...env,
    },
    undefined,
    { clock },
  );
  sim.sender.targets.stripeUrl = `${h.server.url}/v1/psp/stripe/webhooks`;
  sim.sender.targets.adyenUrl = `${h.server.url}/v1/psp/adyen/webhooks`;
  return {
    h,
    sim,
    settle: () => sim.sender.idle(),
    async close() {
      await sim.close();
      await h.close();
    },
  };
}

/** Messages of a stream as JetStream keeps them: a publish dropped as a duplicate is not among them. */
export async function streamMessages(h: Harness, stream: string, subjectPrefix: string): Promise<Array<{ subject: string; msgId: string; body: Record<string, unknown> }>> {
  const jsm = await h.nc.jetstreamManager();
  const info = await jsm.streams.info(stream);
  const out: Array<{ subject: string; msgId: string; body: Record<string, unknown> }> = [];
  for (let seq = info.state.first_seq; info.state.messages > 0 && seq <= info.state.last_seq; seq += 1) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (m.subject.startsWith(subjectPrefix)) out.push({ subject: m.subject, msgId: m.header.get('Nats-Msg-Id'), body: m.json<Record<string, unknown>>() });
  }
  return out;
}

/** One webhook as the simulator meant it, however many times it was delivered. */
export interface SentWebhook {
  provider: 'stripe' | 'adyen';
  /** The inbox's dedup key: Stripe's event id; Adyen's `pspReference:eventCode:success`. */
  key: string;
  type: string;
  /** Stripe's event object, or Adyen's notification item. */
  object: Record<string, unknown>;
}

/** The distinct webhooks the simulator sent, and how many deliveries it made of them. */
export function sentWebhooks(sim: PspSim): { distinct: SentWebhook[]; deliveries: number } {
  const byKey = new Map<string, SentWebhook>();
  for (const d of sim.sender.deliveries) {
    const body = JSON.parse(d.body) as Record<string, unknown>;
    if (d.provider === 'stripe') {
      const e = body as { id: string; type: string; data: { object: Record<string, unknown> } };
      byKey.set(`stripe:${e.id}`, { provider: 'stripe', key: e.id, type: e.type, object: e.data.object });
    } else {
      for (const { NotificationRequestItem: item } of body.notificationItems as Array<{ NotificationRequestItem: Record<string, unknown> }>) {
        const key = `${String(item.pspReference)}:${String(item.eventCode)}:${String(item.success)}`;
        byKey.set(`adyen:${key}`, { provider: 'adyen', key, type: String(item.eventCode), object: item });
      }
    }
  }
  return { distinct: [...byKey.values()], deliveries: sim.sender.deliveries.length };
}
