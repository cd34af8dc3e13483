import type { INestApplication } from '@nestjs/common';
import type { Clock } from '@hourglass/contracts';
import { DunningJob } from '@hourglass/dunning';
import { systemClock } from '@hourglass/kernel';
import { pspSimApiBases, startPspSim, type PspSim } from '@hourglass/psp-sim';
import type { ApiClient } from '../api-client';

const STRIPE_SECRET = 'whsec_demo';
const ADYEN_KEY = '44782DEF547AAA06C910C43932B1EB0C71FC68D9D0C057550C48EC2ACF6BA056';

/** The wall clock, moved forward on demand: the demo shows days of dunning in a second. */
export class DemoClock implements Clock {
  private offsetMs = 0;
  nowMs(): number {
    return systemClock.nowMs() + this.offsetMs;
  }
  advanceTo(ms: number): void {
    this.offsetMs += Math.max(0, ms - this.nowMs());
  }
}

/** A local PSP simulator for the demo, and the settings that point Hourglass at it. */
export async function startDemoPsp(clock: Clock): Promise<{ sim: PspSim; env: Record<string, string> }> {
  const sim = await startPspSim({ clock, stripeWebhookSecret: STRIPE_SECRET, adyenHmacKey: ADYEN_KEY });
  return {
    sim,
    env: {
      HOURGLASS_STRIPE_WEBHOOK_SECRETS: STRIPE_SECRET,
      HOURGLASS_STRIPE_API_KEY: 'sk_test_demo',
      HOURGLASS_ADYEN_HMAC_KEYS: ADYEN_KEY,
      HOURGLASS_ADYEN_API_KEY: 'adyen_demo_key',
      ...pspSimApiBases(sim.url),
      HOURGLASS_ADYEN_MERCHANT_ACCOUNT: 'HourglassDemo',
      // The demo ticks dunning itself, so the summary is the same on every run.
      HOURGLASS_DUNNING_INTERVAL_MS: '0',
    },
  };
}

export interface DemoDunning {
  invoiceId: string;
  customerId: string;
  amount: string;
  currency: string;
  declinedAt: string;
  retriedAt: string | null;
  state: string;
  attempt: number;
}

interface QueueItem {
  invoiceId: string;
  customerId: string;
  amountDue: string;
  currency: string;
  failedAt: string;
  nextAttemptAt: string | null;
  state: string;
  attempt: number;
}

/**
 * One dunning recovery: the processor declines the first collection of `invoiceId`, dunning schedules
 * its first retry (days later, at another hour), the clock moves there, the retry is paid.
 */
export async function demoDunningRecovery(server: { app: INestApplication; url: string }, api: ApiClient, sim: PspSim, clock: DemoClock, invoiceId: string): Promise<DemoDunning> {
  sim.sender.targets.stripeUrl = `${server.url}/v1/psp/stripe/webhooks`;
  sim.sender.targets.adyenUrl = `${server.url}/v1/psp/adyen/webhooks`;
  const job = server.app.get(DunningJob, { strict: false });
  const item = async () => (await api.request<{ items: QueueItem[] }>('GET', `/v1/dunning?limit=1000`)).items.find((i) => i.invoiceId === invoiceId);
  sim.stripe.declineNext = 1;
  sim.adyen.declineNext = 1;
  await api.request('POST', '/v1/payments/collect', { invoiceId });
  await sim.sender.idle();
  await job.runOnce();
  const started = await item();
  if (!started?.nextAttemptAt) throw new Error(`dunning did not start for ${invoiceId}: ${JSON.stringify(started)}`);
  clock.advanceTo(Date.parse(started.nextAttemptAt) + 1_000);
  await job.runOnce();
  await sim.sender.idle();
  await job.runOnce();
  const ended = (await item())!;
  return {
    invoiceId,
    customerId: ended.customerId,
    amount: ended.amountDue,
    currency: ended.currency,
    declinedAt: started.failedAt,
    retriedAt: started.nextAttemptAt,
    state: ended.state,
    attempt: ended.attempt,
  };
}
