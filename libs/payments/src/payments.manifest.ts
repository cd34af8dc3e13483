import { defineModule } from '@hourglass/kernel';

/** PSP webhooks, payment, dispute and credit facts; reads invoicing's tables, owns migration 9. */
export const PAYMENTS_MANIFEST = defineModule({
  name: 'payments',
  migrations: [9],
  streams: [],
  configSection: 'payments',
  metrics: ['hourglass_psp_webhooks_total'],
});
