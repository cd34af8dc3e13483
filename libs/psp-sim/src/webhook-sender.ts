import { createHmac } from 'node:crypto';
import type { Clock } from '@hourglass/contracts';

/** How the simulator misbehaves, as real processors do: every knob bounded and off by default. */
export interface DeliveryOptions {
  /** Extra copies of every webhook (processors deliver at least once). */
  duplicates: number;
  /** Wait before each delivery. */
  delayMs: number;
  /** Hold webhooks until `flush()`, then deliver them newest first. */
  reorder: boolean;
  /** Retries of a delivery answered with non-2xx or not answered, as processors retry. */
  retriesMax: number;
}

export const DEFAULT_DELIVERY: DeliveryOptions = { duplicates: 0, delayMs: 0, reorder: false, retriesMax: 3 };

export interface Delivery {
  provider: 'stripe' | 'adyen';
  body: string;
  headers: Record<string, string>;
  status: number | null;
}

export interface WebhookTargets {
  stripeUrl: string | null;
  adyenUrl: string | null;
  stripeSecret: string;
}

/** Stripe's scheme: `t=<unix s>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export function stripeSignatureHeader(body: string, secret: string, timestampS: number): string {
  const v1 = createHmac('sha256', secret).update(`${timestampS}.${body}`, 'utf8').digest('hex');
  return `t=${timestampS},v1=${v1}`;
}

/** Sends webhooks to Hourglass with the configured duplicates, delays, reordering and retries. */
export class WebhookSender {
  options: DeliveryOptions = { ...DEFAULT_DELIVERY };
  readonly deliveries: Delivery[] = [];
  private held: Array<() => Promise<void>> = [];
  private inFlight = new Set<Promise<void>>();

  constructor(
    public targets: WebhookTargets,
    private readonly clock: Clock,
  ) {}

  send(provider: 'stripe' | 'adyen', body: string): void {
    const copies = 1 + Math.max(0, Math.min(10, this.options.duplicates));
    for (let i = 0; i < copies; i += 1) {
      const job = () => this.deliver(provider, body);
      if (this.options.reorder) this.held.push(job);
      else this.track(job());
    }
  }

  /** Releases held webhooks, newest first: the worst order for a consumer that assumes arrival order. */
  flush(): void {
    const jobs = this.held.reverse();
    this.held = [];
    for (const job of jobs) this.track(job());
  }

  /** Resolves when every delivery started so far has finished (answered or given up). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async deliver(provider: 'stripe' | 'adyen', body: string): Promise<void> {
    if (this.options.delayMs > 0) await new Promise((r) => setTimeout(r, this.options.delayMs));
    const url = provider === 'stripe' ? this.targets.stripeUrl : this.targets.adyenUrl;
    if (!url) return;
    for (let attempt = 0; attempt <= this.options.retriesMax; attempt += 1) {
      // Signed at send time, as Stripe does: a retry carries a fresh timestamp.
      const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': `psp-sim/${provider}` };
      if (provider === 'stripe') headers['stripe-signature'] = stripeSignatureHeader(body, this.targets.stripeSecret, Math.floor(this.clock.nowMs() / 1000));
      const delivery: Delivery = { provider, body, headers, status: null };
      this.deliveries.push(delivery);
      try {
        const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
        delivery.status = response.status;
        await response.text();
        if (response.ok) return;
      } catch {
        // Not answered: retried like a non-2xx.
      }
      await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
    }
  }
}
