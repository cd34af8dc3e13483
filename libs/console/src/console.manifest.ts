import { defineModule } from '@hourglass/kernel';

/** The browser console at /console/: static files only; it reads everything through the public /v1 API. */
export const CONSOLE_MANIFEST = defineModule({
  name: 'console',
  migrations: [],
  streams: [],
  configSection: 'console',
  metrics: [],
});
