import { assertValidKey, fingerprintOf, replayOf, type IdempotentRequest } from '../domain';
import type { LifecycleContext } from './lifecycle-context';

export function idempotentRequest(key: string | undefined, operation: string, target: string, body: unknown): IdempotentRequest | null {
  if (key === undefined) return null;
  assertValidKey(key);
  return { key, operation, fingerprint: fingerprintOf(operation, target, body) };
}

/**
 * Runs `work` once per Idempotency-Key. The key is recorded `pending` before the work and `completed`
 * with the answer after it. A retry of a completed key gets the stored answer; a retry of a pending
 * one (the first attempt died, or is still running) runs the work again, which is safe because the
 * work derives its ids from the key and finds what the first attempt wrote.
 */
export async function idempotent<T>(ctx: LifecycleContext, request: IdempotentRequest | null, work: () => Promise<T>): Promise<T> {
  if (request === null) return work();
  const known = await ctx.idempotency.find(request.key);
  if (known) {
    const found = replayOf(known, request);
    if (found.kind === 'replay') return found.response as T;
  }
  const createdAtMs = known?.createdAtMs ?? ctx.clock.nowMs();
  if (!known) await ctx.idempotency.save({ ...request, state: 'pending', response: null, createdAtMs });
  const result = await work();
  await ctx.idempotency.save({ ...request, state: 'completed', response: JSON.stringify(result), createdAtMs });
  return result;
}
