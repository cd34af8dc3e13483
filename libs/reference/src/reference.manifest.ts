import { defineModule } from '@hourglass/kernel';

/** Rentals, customers and price books as versioned facts, received on ref.v1.* or through the API. */
export const REFERENCE_MANIFEST = defineModule({
  name: 'reference',
  migrations: [2],
  streams: ['REF'],
  configSection: null,
  metrics: [],
});
