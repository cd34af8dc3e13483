import { defineModule } from '@hourglass/kernel';

/** Tokens, roles, rate limits, the audit log (audit_log) and the SQL sandbox, in every app that serves /v1. */
export const ACCESS_MANIFEST = defineModule({
  name: 'access',
  migrations: [8],
  streams: [],
  configSection: 'access',
  metrics: [],
});
