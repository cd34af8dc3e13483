import { defineModule } from '@hourglass/kernel';

/** GET /v1/usage: reads usage_outcomes, rentals, price books and rated_usage; owns no table, stream or metric. */
export const USAGE_MANIFEST = defineModule({
  name: 'usage',
  migrations: [],
  streams: [],
  configSection: null,
  metrics: [],
});
