import { randomUUID } from 'node:crypto';
import type { IdGenerator } from '@hourglass/contracts';

/** Random v4 UUIDs: the production generator (token ID_GENERATOR in the platform module). */
export const randomIds: IdGenerator = { newId: () => randomUUID() };

/** `prefix-1`, `prefix-2`, …: readable ids for tests that assert on them. */
export function sequentialIds(prefix = 'id'): IdGenerator {
  let next = 0;
  return { newId: () => `${prefix}-${++next}` };
}

/**
 * UUID-shaped (version 4 layout) ids from a seeded PRNG (mulberry32): the same seed gives the same
 * sequence on every run, for tests that need realistic ids without randomness.
 */
export function seededIds(seed: number): IdGenerator {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
  let state = seed >>> 0;
  const word = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return {
    newId() {
      const hex = [word(), word(), word(), word()].map((w) => w.toString(16).padStart(8, '0')).join('');
      const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
  };
}
