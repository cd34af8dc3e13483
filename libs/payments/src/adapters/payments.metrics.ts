import { Counter, type Registry } from 'prom-client';

/** What arrives at the webhook endpoints, by provider and outcome. */
export class PaymentsMetrics {
  readonly webhooks: Counter<'provider' | 'outcome'>;

  constructor(registry: Registry) {
    this.webhooks = new Counter({
      name: 'hourglass_psp_webhooks_total',
      help: 'PSP webhook deliveries by provider and outcome: stored (new), duplicate (a replay, no effect), deferred (stored, applying failed: the inbox retry applies it), invalid_signature (refused, nothing stored)',
      labelNames: ['provider', 'outcome'],
      registers: [registry],
    });
  }
}
