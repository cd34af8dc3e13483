/** When a failed delivery is tried again: doubling from `baseMs`, at most `capMs`, `maxAttempts` in all. */
export interface RetryPolicy {
  baseMs: number;
  capMs: number;
  maxAttempts: number;
}

/** Stripe retries for three days; ten attempts doubling from 30 s spread over about eight hours. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 30_000, capMs: 3_600_000, maxAttempts: 10 };

/** The pause after failed attempt `attempt` (1-based), or null when it was the last one. */
export function retryDelayMs(attempt: number, policy: RetryPolicy): number | null {
  if (attempt >= policy.maxAttempts) return null;
  return Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
}
