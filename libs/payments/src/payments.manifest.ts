import { defineModule } from '@hourglass/kernel';

/** PSP webhooks, payment, dispute and credit facts; reads invoicing's tables, owns migrations 9 and 22. */
export const PAYMENTS_MANIFEST = defineModule({
  name: 'payments',
  migrations: [9, 23],
  streams: [],
  configSection: 'payments',
  metrics: ['hourglass_psp_webhooks_total'],
});
