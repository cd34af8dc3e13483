import { defineModule } from '@hourglass/kernel';

/** Outgoing events over HTTP: endpoints, signed deliveries with retries, the delivery log, replay. */
export const WEBHOOKS_MANIFEST = defineModule({
  name: 'webhooks',
  migrations: [12],
  streams: ['BILLING'],
  configSection: 'webhooks',
  metrics: [],
});
