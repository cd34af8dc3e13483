import { defineModule } from '@hourglass/kernel';

/** The double-entry ledger: ledger_entries, posted from other modules' facts on a tick. */
export const LEDGER_MANIFEST = defineModule({
  name: 'ledger',
  migrations: [11],
  streams: [],
  configSection: 'ledger',
  metrics: ['hourglass_ledger_syncs_total', 'hourglass_ledger_sync_seconds', 'hourglass_ledger_transactions_posted_total'],
});
