import { defineModule } from '@hourglass/kernel';

/** Disputes: lifecycle over payments' dispute_facts, evidence, loss facts and their reversals for the ledger; owns migrations 16 and 21. */
export const DISPUTES_MANIFEST = defineModule({
  name: 'disputes',
  migrations: [16, 22],
  streams: [],
  configSection: 'disputes',
  metrics: ['hourglass_disputes_chargeback_rate', 'hourglass_disputes_response_due', 'hourglass_disputes_open'],
});
