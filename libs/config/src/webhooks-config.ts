import * as path from 'node:path';
import type { Env, IntFrom } from './access-config';

/** Outgoing events over HTTP (CONTRACTS.md §12): how deliveries are retried and secrets kept. */
export interface WebhooksConfig {
  retry: { baseMs: number; capMs: number; maxAttempts: number };
  /** One POST waits at most this long for an answer. */
  timeoutMs: number;
  /** Seals endpoint secrets at rest; null: a key generated once in `keyFile`. Replicas must share it. */
  sealKey: string | null;
  keyFile: string;
  /** How often each process looks for endpoints created or changed elsewhere. */
  refreshMs: number;
}

export function webhooksFrom(env: Env, dataDir: string, intFrom: IntFrom): WebhooksConfig {
  return {
    retry: {
      baseMs: intFrom(env, 'HOURGLASS_WEBHOOK_RETRY_BASE_MS', 30_000, 10),
      capMs: intFrom(env, 'HOURGLASS_WEBHOOK_RETRY_CAP_MS', 3_600_000, 10),
      maxAttempts: intFrom(env, 'HOURGLASS_WEBHOOK_MAX_ATTEMPTS', 10, 1),
    },
    timeoutMs: intFrom(env, 'HOURGLASS_WEBHOOK_TIMEOUT_MS', 10_000, 100),
    sealKey: env.HOURGLASS_WEBHOOK_KEY || null,
    keyFile: path.join(dataDir, 'webhook.key'),
    refreshMs: intFrom(env, 'HOURGLASS_WEBHOOK_REFRESH_MS', 5_000, 50),
  };
}
